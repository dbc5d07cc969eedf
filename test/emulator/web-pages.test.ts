/**
 * A web page open in the developer's browser must not drive or read the emulator: neither through
 * DNS rebinding (a name of the page's site that now resolves to loopback: the Host header names
 * it) nor through a cross-site request (the Origin header names the page). Real HTTP over loopback
 * with the headers a browser would send.
 */
import { errorCodes, paths } from '../../src/client/contract';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { accessToken, awsBody, call, eventually, expectError, rawCall } from './helpers';

const FORM = 'application/x-www-form-urlencoded';
const ADMIN_GRANT = 'grant_type=client_credentials&client_id=admin&client_secret=admin-secret';

describe('emulator: requests of web pages are refused', () => {
  let emulator: RunningEmulator;
  let port: string;
  let token: string;
  let externalId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 21, provisioningDelayMs: 10 });
    port = new URL(emulator.url).port;
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    emulator.reset();
    token = await accessToken(emulator);
    const id = (await call(emulator.url, 'POST', paths.integrations, { token, json: awsBody('kept') })).body.integrationId;
    externalId = await eventually(async () => {
      const reply = await call(emulator.url, 'GET', paths.integration(id), { token });
      return reply.body.status === 'ready' ? (reply.body.credentials.externalId as string) : undefined;
    });
  });

  /** Every control, with a body that would change something if it were served. */
  const controls: ReadonlyArray<[string, string, string]> = [
    ['POST', '/__emulator/reset', ''],
    ['POST', '/__emulator/faults', '{"kind": "error"}'],
    ['POST', '/__emulator/config', '{"failProvisioning": ["kept"], "provisioningDelayMs": 99}'],
    ['POST', '/__emulator/expire-tokens', ''],
    ['DELETE', '/__emulator/faults', ''],
    ['GET', '/__emulator/state', ''],
    ['GET', '/__emulator/outbox', ''],
    ['GET', '/__emulator/requests', ''],
  ];

  /** Nothing changed: the integration, its token, no fault, the initial configuration. */
  async function expectUntouched(): Promise<void> {
    const state = emulator.state();
    expect(state.integrations.map((i) => i.name)).toEqual(['kept']);
    expect(state.faults).toEqual([]);
    expect(state.config).toEqual({ provisioningDelayMs: 10, tokenLifetimeSeconds: 3600, failProvisioning: [] });
    expect((await call(emulator.url, 'GET', paths.whoami, { token })).status).toBe(200);
  }

  test('a control request addressed to another host name (DNS rebinding) gets 421 and neither changes nor reveals anything', async () => {
    for (const host of [`rebind.attacker.example:${port}`, 'rebind.attacker.example', `127.0.0.1.attacker.example:${port}`, `localhost.attacker.example:${port}`]) {
      for (const [method, path, body] of controls) {
        const reply = await rawCall(emulator.url, method, path, { host, 'content-type': 'text/plain' }, body);
        expectError(reply, 421, 'misdirected_request');
        expect(reply.body.message).toContain(`"${host}"`);
        expect(JSON.stringify(reply.body)).not.toContain(externalId);
      }
    }
    await expectUntouched();
  });

  test('an API request addressed to another host name gets 421: no token is issued and no credentials are read', async () => {
    const host = `rebind.attacker.example:${port}`;
    const issued = emulator.state().tokens.issued;
    const grant = await rawCall(emulator.url, 'POST', paths.token, { host, 'content-type': FORM }, ADMIN_GRANT);
    expectError(grant, 421, 'misdirected_request');
    expect(emulator.state().tokens.issued).toBe(issued);
    const list = await rawCall(emulator.url, 'GET', paths.integrations, { host, authorization: `Bearer ${token}` });
    expectError(list, 421, 'misdirected_request');
    expect(JSON.stringify(list.body)).not.toContain(externalId);
    const created = await rawCall(emulator.url, 'POST', paths.integrations, { host, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify(awsBody('injected')));
    expectError(created, 421, 'misdirected_request');
    await expectUntouched();
  });

  test('a request from a page of another origin gets 403 on the controls and the API, and changes nothing', async () => {
    const host = `127.0.0.1:${port}`;
    const otherPort = String(Number(port) === 65535 ? 65534 : Number(port) + 1);
    const origins = [
      'https://attacker.example',
      `http://rebind.attacker.example:${port}`,
      // Sandboxed frames and file:// pages.
      'null',
      // Another application's page on this machine is another origin too.
      `http://localhost:${otherPort}`,
      `http://127.0.0.1:${otherPort}`,
      // The emulator serves plain http only.
      `https://127.0.0.1:${port}`,
    ];
    for (const origin of origins) {
      for (const [method, path, body] of controls) {
        const reply = await rawCall(emulator.url, method, path, { host, origin, 'content-type': 'text/plain' }, body);
        expectError(reply, 403, errorCodes.forbidden);
        expect(reply.body.message).toContain(`"${origin}"`);
        expect(JSON.stringify(reply.body)).not.toContain(externalId);
      }
      // A form post is a request a page may send to any site without asking.
      expectError(await rawCall(emulator.url, 'POST', paths.token, { host, origin, 'content-type': FORM }, ADMIN_GRANT), 403, errorCodes.forbidden);
      expectError(await rawCall(emulator.url, 'GET', paths.integrations, { host, origin, authorization: `Bearer ${token}` }), 403, errorCodes.forbidden);
    }
    await expectUntouched();
  });

  test("the emulator's own names are accepted as Host (127.0.0.1, localhost, [::1]), with any port, for a local port forward", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, 'localhost', '127.0.0.1:18080']) {
      expect({ host, status: (await rawCall(emulator.url, 'GET', '/__emulator/outbox', { host })).status }).toEqual({ host, status: 200 });
      const grant = await rawCall(emulator.url, 'POST', paths.token, { host, 'content-type': FORM }, ADMIN_GRANT);
      expect({ host, status: grant.status }).toEqual({ host, status: 200 });
    }
  });

  test("a page of the emulator's own origin (e.g. its state opened in the browser) may call it", async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      const reply = await rawCall(emulator.url, 'POST', '/__emulator/faults', { host: `127.0.0.1:${port}`, origin, 'content-type': 'application/json' }, '{"kind": "latency", "latencyMs": 1}');
      expect({ origin, status: reply.status }).toEqual({ origin, status: 204 });
    }
    expect(emulator.state().faults).toHaveLength(3);
  });

  test('an emulator bound to ::1 answers at its own URL', async () => {
    const ipv6 = await startEmulator({ host: '::1' });
    try {
      expect(ipv6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await call(ipv6.url, 'GET', '/__emulator/outbox')).status).toBe(200);
      const origin = ipv6.url;
      expect((await rawCall(ipv6.url, 'POST', '/__emulator/reset', { host: new URL(ipv6.url).host, origin })).status).toBe(204);
    } finally {
      await ipv6.close();
    }
  });

  test('refused requests are logged with their status, like any other', async () => {
    const lines: string[] = [];
    const logged = await startEmulator({ log: (line) => lines.push(line) });
    try {
      await rawCall(logged.url, 'POST', '/__emulator/reset', { host: 'rebind.attacker.example' });
      await rawCall(logged.url, 'POST', '/__emulator/reset', { host: new URL(logged.url).host, origin: 'https://attacker.example' });
      expect(lines.map((line) => line.replace(/ \d+ms$/, ''))).toEqual(['POST /__emulator/reset 421', 'POST /__emulator/reset 403']);
    } finally {
      await logged.close();
    }
  });
});
