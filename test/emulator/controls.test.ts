import { errorCodes, paths } from '../../src/client/contract';
import { EmulatorError, RunningEmulator, isLoopbackHost, startEmulator } from '../../src/emulator';
import { accessToken, awsBody, call, eventually, expectError, gcpBody, tokenRequest } from './helpers';

describe('emulator controls, e-mails and errors', () => {
  let emulator: RunningEmulator;
  let token: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 9, provisioningDelayMs: 20, log: (line) => logLines.push(line) });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    logLines.length = 0;
  });

  test('every error body is {code, message, requestId} (+ field on 400), with the request id also in a header', async () => {
    const replies = [
      await call(emulator.url, 'GET', paths.whoami),
      await call(emulator.url, 'GET', paths.integration('missing'), { token }),
      await call(emulator.url, 'POST', paths.integrations, { token, json: { name: '' } }),
      await call(emulator.url, 'GET', '/v2/nothing-here', { token }),
      await call(emulator.url, 'PUT', paths.integrations, { token }),
    ];
    expect(replies.map((r) => r.status)).toEqual([401, 404, 400, 404, 405]);
    for (const reply of replies) {
      const keys = Object.keys(reply.body).sort();
      expect(keys).toEqual(reply.status === 400 ? ['code', 'field', 'message', 'requestId'] : ['code', 'message', 'requestId']);
      expect(reply.headers.get('x-request-id')).toBe(reply.body.requestId);
    }
    expect(replies[4].body.code).toBe(errorCodes.methodNotAllowed);
    expect(replies[4].headers.get('allow')).toBe('POST, GET');
    expect(new Set(replies.map((r) => r.body.requestId)).size).toBe(replies.length);
  });

  test('outbox: e-mails for integration created, ready, destination updated and deleted, to the creator, without credentials', async () => {
    const created = await call(emulator.url, 'POST', paths.integrations, { token, json: awsBody('mailed') });
    const id = created.body.integrationId;
    const ready = await eventually(async () => {
      const reply = await call(emulator.url, 'GET', paths.integration(id), { token });
      return reply.body.status === 'ready' ? reply.body : undefined;
    });
    await call(emulator.url, 'PATCH', paths.integration(id), { token, json: { destination: 's3://my-audit-logs/moved/' } });
    await call(emulator.url, 'DELETE', paths.integration(id), { token });
    const outbox = emulator.outbox();
    expect(outbox.map((e) => e.kind)).toEqual(['integration_created', 'integration_ready', 'destination_updated', 'integration_deleted']);
    for (const email of outbox) {
      expect(email).toMatchObject({ to: 'admin@example.com', integrationId: id, integrationName: 'mailed' });
      expect(email.subject).toContain('mailed');
      const text = `${email.subject} ${email.body}`;
      expect(text).not.toContain(ready.credentials.externalId);
      expect(text).not.toContain(ready.credentials.iamUserArn);
      expect(text).not.toContain('admin-secret');
    }
    expect(outbox[2].body).toContain('s3://my-audit-logs/moved/');
    const overHttp = await call(emulator.url, 'GET', '/__emulator/outbox');
    expect(overHttp.body.entries).toEqual(outbox);
  });

  test('outbox: the ready e-mail is sent after the provisioning delay even if nobody reads the integration', async () => {
    await call(emulator.url, 'POST', paths.integrations, { token, json: gcpBody('unread') });
    await eventually(async () => ((await call(emulator.url, 'GET', '/__emulator/outbox')).body.entries.length === 2 ? true : undefined));
    expect(emulator.outbox().map((e) => e.kind)).toEqual(['integration_created', 'integration_ready']);
  });

  test('state: a deep copy of integrations, exports, token counts, requests, config and faults', async () => {
    const id = (await call(emulator.url, 'POST', paths.integrations, { token, json: gcpBody('s1') })).body.integrationId;
    await call(emulator.url, 'POST', paths.scheduledExports, { token, json: { name: 'n', integrationId: id, schedule: '0 2 * * *' } });
    const state = emulator.state();
    expect(state.integrations.map((i) => i.name)).toEqual(['s1']);
    expect(state.scheduledExports.map((e) => e.integrationId)).toEqual([id]);
    expect(state.tokens.active).toBeGreaterThanOrEqual(1);
    expect(state.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST ${paths.integrations} 202`,
      `POST ${paths.scheduledExports} 201`,
    ]);
    expect(state.config).toEqual({ provisioningDelayMs: 20, tokenLifetimeSeconds: 3600, failProvisioning: [] });
    (state.integrations[0] as { name: string }).name = 'mutated';
    expect(emulator.state().integrations[0].name).toBe('s1');
    const overHttp = (await call(emulator.url, 'GET', '/__emulator/state')).body;
    expect(overHttp.integrations[0].integrationId).toBe(id);
    expect(overHttp.organizationId).toBe(state.organizationId);
  });

  test('reset: back to an empty state with faults and configuration cleared; issued tokens keep working', async () => {
    await call(emulator.url, 'POST', paths.integrations, { token, json: gcpBody('r1') });
    emulator.injectFaults({ kind: 'error', path: '/v2/audit-logs' });
    emulator.configure({ provisioningDelayMs: 5000, failProvisioning: ['x'] });
    expect((await call(emulator.url, 'POST', '/__emulator/reset')).status).toBe(204);
    const state = emulator.state();
    expect(state.integrations).toEqual([]);
    expect(state.requests).toEqual([]);
    expect(state.faults).toEqual([]);
    expect(state.config).toEqual({ provisioningDelayMs: 20, tokenLifetimeSeconds: 3600, failProvisioning: [] });
    expect(emulator.outbox()).toEqual([]);
    expect((await call(emulator.url, 'GET', paths.integrations, { token })).status).toBe(200);
  });

  test('requests: the API requests served, not the controls', async () => {
    await call(emulator.url, 'GET', paths.whoami, { token });
    await call(emulator.url, 'GET', '/__emulator/state');
    await call(emulator.url, 'GET', `${paths.integrations}?limit=5`, { token });
    const expected = [
      { method: 'GET', path: paths.whoami, status: 200 },
      { method: 'GET', path: paths.integrations, status: 200 },
    ];
    expect(emulator.requests()).toEqual(expected);
    expect((await call(emulator.url, 'GET', '/__emulator/requests')).body.entries).toEqual(expected);
  });

  test('config over HTTP: POST /__emulator/config changes the settings; bad values get 400 naming the setting', async () => {
    const reply = await call(emulator.url, 'POST', '/__emulator/config', { json: { provisioningDelayMs: 0, failProvisioning: ['doomed'] } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ provisioningDelayMs: 0, tokenLifetimeSeconds: 3600, failProvisioning: ['doomed'] });
    const id = (await call(emulator.url, 'POST', paths.integrations, { token, json: gcpBody('Doomed') })).body.integrationId;
    const failed = await eventually(async () => {
      const r = await call(emulator.url, 'GET', paths.integration(id), { token });
      return r.body.status === 'pending' ? undefined : r.body;
    });
    expect(failed.status).toBe('failed');
    expectError(await call(emulator.url, 'POST', '/__emulator/config', { json: { provisioningDelayMs: -1 } }), 400, errorCodes.invalidRequest, 'provisioningDelayMs');
    expectError(await call(emulator.url, 'POST', '/__emulator/config', { json: { tokenLifetime: 5 } }), 400, errorCodes.invalidRequest, 'tokenLifetime');
  });

  test('expire-tokens over HTTP: issued access tokens then get 401', async () => {
    const own = await accessToken(emulator);
    expect((await call(emulator.url, 'POST', '/__emulator/expire-tokens')).status).toBe(204);
    expectError(await call(emulator.url, 'GET', paths.whoami, { token: own }), 401, errorCodes.unauthorized);
    token = await accessToken(emulator);
  });

  test('log: one line per request with method, path and status, never a secret or token', async () => {
    const granted = await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'admin-secret' });
    await call(emulator.url, 'GET', `${paths.whoami}?x=1`, { token: granted.body.access_token });
    expect(logLines).toHaveLength(2);
    expect(logLines[0]).toMatch(/^POST \/v2\/auth\/token 200 \d+ms$/);
    expect(logLines[1]).toMatch(/^GET \/v2\/whoami 200 \d+ms$/);
    const all = logLines.join('\n');
    for (const secret of ['admin-secret', granted.body.access_token, granted.body.refresh_token]) expect(all).not.toContain(secret);
  });
});

describe('emulator binding', () => {
  test('binds loopback only: a host that is not loopback is refused', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      await expect(startEmulator({ host })).rejects.toMatchObject({ code: 'emulator_host_not_loopback', field: 'host' });
    }
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toBeInstanceOf(EmulatorError);
  });

  test('binds loopback only: the default listens on 127.0.0.1', async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emulator.close();
    }
  });

  test('loopback hosts are recognised', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '128.0.0.1', '127.0.0.256', '::', 'localhost.example.com']) expect(isLoopbackHost(host)).toBe(false);
  });

  test('bad options are refused with the option named', async () => {
    await expect(startEmulator({ port: 70000 })).rejects.toMatchObject({ code: 'emulator_option_invalid', field: 'port' });
    await expect(startEmulator({ provisioningDelayMs: -5 })).rejects.toMatchObject({ field: 'provisioningDelayMs' });
    await expect(startEmulator({ clients: [] })).rejects.toMatchObject({ field: 'clients' });
    const noSecret = startEmulator({ clients: [{ clientId: 'a', clientSecret: '', accountType: 'Admin' }] });
    await expect(noSecret).rejects.toMatchObject({ field: 'clients[0].clientSecret' });
  });

  test('a port in use is reported as such', async () => {
    const first = await startEmulator();
    try {
      const port = Number(new URL(first.url).port);
      await expect(startEmulator({ port })).rejects.toThrow(/in use/);
    } finally {
      await first.close();
    }
  });

  test('close() resolves with a request still waiting on injected latency', async () => {
    const emulator = await startEmulator();
    const token = await accessToken(emulator);
    emulator.injectFaults({ kind: 'latency', latencyMs: 10_000 });
    const pending = call(emulator.url, 'GET', paths.whoami, { token }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await emulator.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toBe('aborted');
  });
});
