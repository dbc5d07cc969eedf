/**
 * The Sigma client against the emulator over loopback: tokens, retries, the deadline, and the
 * errors a user gets. Every client goes through a recording proxy, so the last test can prove
 * that no secret and no issued token ever reached an error text or a callback payload.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BadCredentialsError,
  GaveUpError,
  InvalidFieldError,
  MIN_ATTEMPT_MS,
  NameTakenError,
  NotAdminError,
  NotFoundError,
  ForbiddenError,
  CloudChangeRequiresReplacementError,
  RequestEvent,
  RetryEvent,
  SigmaClient,
  SigmaClientOptions,
} from '../../src/client';
import { startEmulator } from '../../src/emulator';
import type { RunningEmulator } from '../../src/emulator';
import { RecordingProxy, failureRecorder, startRecordingProxy } from './loopback';
import { HTTP_LIBRARY } from './http-library';

const SECRETS = ['admin-secret', 'viewer-secret', 'wrong-secret-5d1c'];
const ROLE_ARN = 'arn:aws:iam::123456789012:role/sigma-audit-logs';

let emulator: RunningEmulator;
let proxy: RecordingProxy;
const clients: SigmaClient[] = [];
/** Text of every error and callback payload seen in this file. */
const observed: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ provisioningDelayMs: 20, seed: 7 });
  proxy = await startRecordingProxy(emulator.url);
});

afterEach(() => {
  emulator.clearFaults();
  emulator.reset();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy.close();
  await emulator.close();
});

function client(overrides: Partial<SigmaClientOptions> = {}): SigmaClient {
  const created = new SigmaClient({ httpLibrary: HTTP_LIBRARY,
    baseUrl: proxy.url,
    clientId: 'admin',
    clientSecret: 'admin-secret',
    backoffBaseMs: 5,
    backoffMaxMs: 50,
    onRetry: (e: RetryEvent) => observed.push(JSON.stringify(e)),
    onRequest: (e: RequestEvent) => observed.push(JSON.stringify(e)),
    ...overrides,
  });
  clients.push(created);
  return created;
}

const failure = failureRecorder(observed);

/** API requests the emulator received since `from` for this method and path. */
function served(method: string, path: string, from = 0) {
  return emulator
    .requests()
    .slice(from)
    .filter((r) => r.method === method && r.path === path);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

function awsRequest(name: string) {
  return { name, cloud: 'aws' as const, destination: 's3://acme-audit-logs/sigma/', roleArn: ROLE_ARN };
}

describe('tokens', () => {
  test('a token is requested once and reused across calls, concurrent ones included', async () => {
    const c = client();
    await Promise.all([c.whoami(), c.whoami(), c.listIntegrations()]);
    await c.whoami();
    expect(served('POST', '/v2/auth/token')).toHaveLength(1);
  });

  test('after the emulator expires every token, the next call succeeds after exactly one token refresh', async () => {
    const c = client();
    await c.whoami();
    const mark = emulator.requests().length;
    emulator.expireTokens();

    await expect(c.whoami()).resolves.toMatchObject({ accountType: 'Admin' });

    expect(served('POST', '/v2/auth/token', mark)).toHaveLength(1);
    expect(served('GET', '/v2/whoami', mark).map((r) => r.status)).toEqual([401, 200]);
  });

  test('a token close to expiry is renewed before use, so no call meets a 401', async () => {
    emulator.configure({ tokenLifetimeSeconds: 1 });
    const c = client();
    await c.whoami();
    await sleep(950); // past 90% of the 1 s lifetime
    await c.whoami();
    expect(served('POST', '/v2/auth/token')).toHaveLength(2);
    expect(served('GET', '/v2/whoami').map((r) => r.status)).toEqual([200, 200]);
  });

  test('refused credentials give BadCredentialsError naming the client id and the env vars, without retrying', async () => {
    const c = client({ clientSecret: 'wrong-secret-5d1c' });
    const error = await failure(c.whoami());
    expect(error).toBeInstanceOf(BadCredentialsError);
    expect(error.code).toBe('bad_credentials');
    expect(error.message).toContain('`admin`');
    expect(error.message).toContain('SIGMA_CLIENT_ID');
    expect(error.message).toContain('SIGMA_CLIENT_SECRET');
    expect(served('POST', '/v2/auth/token')).toHaveLength(1);
    expect(served('GET', '/v2/whoami')).toHaveLength(0);
  });
});

describe('account type', () => {
  test('requireAdmin returns the member of Admin credentials', async () => {
    await expect(client().requireAdmin()).resolves.toMatchObject({ accountType: 'Admin', email: 'admin@example.com' });
  });

  test('requireAdmin refuses a Viewer with NotAdminError naming the account type found', async () => {
    const error = await failure(client({ clientId: 'viewer', clientSecret: 'viewer-secret' }).requireAdmin());
    expect(error).toBeInstanceOf(NotAdminError);
    expect((error as NotAdminError).accountType).toBe('Viewer');
    expect(error.message).toContain('`Viewer`');
    expect(error.message).toContain('`Admin`');
  });
});

describe('retries', () => {
  test('a 429 with Retry-After: 1 is retried after waiting at least that second', async () => {
    const retries: RetryEvent[] = [];
    const c = client({ onRetry: (e) => retries.push(e) });
    await c.whoami(); // token cached, so only the call below is timed
    emulator.injectFaults({ kind: 'rate_limit', path: '/v2/whoami', retryAfterSeconds: 1, count: 1 });

    const { ms } = await timed(() => c.whoami());

    expect(ms).toBeGreaterThanOrEqual(990);
    expect(ms).toBeLessThan(3000);
    expect(retries).toEqual([expect.objectContaining({ path: '/v2/whoami', attempt: 1, delayMs: 1000 })]);
    expect(retries[0].reason).toContain('429');
    observed.push(JSON.stringify(retries));
  });

  test('a Retry-After longer than what is left of the deadline gives up at once, saying so', async () => {
    const c = client({ deadlineMs: 1500 });
    await c.whoami();
    const mark = emulator.requests().length;
    emulator.injectFaults({ kind: 'rate_limit', path: '/v2/whoami', retryAfterSeconds: 5 });

    const started = performance.now();
    const error = await failure(c.whoami());

    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(GaveUpError);
    expect(error.message).toContain('Retry-After');
    expect(error.message).toContain('1500 ms');
    expect(served('GET', '/v2/whoami', mark)).toHaveLength(1);
  });

  test('503s are retried until the call succeeds; onRequest sees every exchange', async () => {
    const retries: RetryEvent[] = [];
    const exchanges: RequestEvent[] = [];
    const c = client({ onRetry: (e) => retries.push(e), onRequest: (e) => exchanges.push(e) });
    await c.whoami();
    const mark = emulator.requests().length;
    emulator.injectFaults({ kind: 'error', status: 503, path: '/v2/whoami', count: 2 });

    await expect(c.whoami()).resolves.toMatchObject({ accountType: 'Admin' });

    expect(served('GET', '/v2/whoami', mark).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(retries.map((r) => r.reason)).toEqual(['503 Service Unavailable', '503 Service Unavailable']);
    expect(exchanges.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /v2/auth/token 200',
      'GET /v2/whoami 200',
      'GET /v2/whoami 503',
      'GET /v2/whoami 503',
      'GET /v2/whoami 200',
    ]);
    observed.push(JSON.stringify(retries), JSON.stringify(exchanges));
  });

  test('a dropped connection is retried', async () => {
    const retries: RetryEvent[] = [];
    const c = client({ onRetry: (e) => retries.push(e) });
    await c.whoami();
    const mark = emulator.requests().length;
    emulator.injectFaults({ kind: 'drop', path: '/v2/whoami', count: 1 });

    await expect(c.whoami()).resolves.toMatchObject({ accountType: 'Admin' });

    expect(served('GET', '/v2/whoami', mark).map((r) => r.status)).toEqual([0, 200]);
    expect(retries).toHaveLength(1);
    expect(retries[0].reason).toContain('connection dropped');
  });

  test('a slow response is abandoned after requestTimeoutMs and retried', async () => {
    const retries: RetryEvent[] = [];
    const c = client({ requestTimeoutMs: 200, onRetry: (e) => retries.push(e) });
    await c.whoami();
    emulator.injectFaults({ kind: 'latency', path: '/v2/whoami', latencyMs: 3000, count: 1 });

    const { ms } = await timed(() => c.whoami());

    // Far less than the 3 s the slow answer would have taken.
    expect(ms).toBeLessThan(1500);
    expect(retries.map((r) => r.reason)).toEqual(['timed out after 200 ms']);
  });

  test('maxAttempts bounds the requests of one call', async () => {
    const c = client({ maxAttempts: 3 });
    await c.whoami();
    const mark = emulator.requests().length;
    emulator.injectFaults({ kind: 'error', status: 500, path: '/v2/whoami' });

    const error = (await failure(c.whoami())) as GaveUpError;

    expect(error).toBeInstanceOf(GaveUpError);
    expect(error.code).toBe('gave_up');
    expect(error.attempts).toBe(3);
    expect(error.lastReason).toBe('500 Internal Server Error');
    expect(error.message).toContain('GET /v2/whoami');
    expect(served('GET', '/v2/whoami', mark)).toHaveLength(3);
  });

  test('the deadline holds when every request fails: no attempt starts with less than the minimum left, and the call gives up saying why', async () => {
    const exchanges: RequestEvent[] = [];
    const c = client({ deadlineMs: 1500, maxAttempts: 1000, backoffBaseMs: 20, backoffMaxMs: 200, onRequest: (e) => exchanges.push(e) });
    emulator.injectFaults({ kind: 'error', status: 503 }); // every /v2/ path, token endpoint included

    const error = (await failure(c.whoami())) as GaveUpError;

    expect(error).toBeInstanceOf(GaveUpError);
    // The deadline, not the 1000 attempts, ended the call ...
    expect(error.attempts).toBeGreaterThan(2);
    expect(error.attempts).toBeLessThan(1000);
    expect(error.stopReason).toContain("the call's deadline of 1500 ms");
    // ... and no attempt was started too late to complete, so the last failure is the server's.
    expect(exchanges.length).toBe(error.attempts);
    expect(exchanges.map((e) => e.budgetLeftMs).filter((left) => !(left >= MIN_ATTEMPT_MS))).toEqual([]);
    expect(error.lastReason).toBe('503 Service Unavailable');
    observed.push(JSON.stringify(exchanges));
  });

  test('the deadline also cuts a request that hangs', async () => {
    const c = client({ deadlineMs: 1500 });
    await c.whoami();
    emulator.injectFaults({ kind: 'latency', path: '/v2/whoami', latencyMs: 2500 });

    const started = performance.now();
    const error = (await failure(c.whoami())) as GaveUpError;

    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(GaveUpError);
    expect(error.lastReason).toMatch(/^timed out after \d+ ms$/);
    expect(error.message).toContain('deadline');
  });

  describe('final answers are not retried', () => {
    test('400: invalid field', async () => {
      const c = client();
      const error = (await failure(c.createIntegration({ ...awsRequest('bad_destination'), destination: 'https://acme/logs' }))) as InvalidFieldError;
      expect(error).toBeInstanceOf(InvalidFieldError);
      expect(error.field).toBe('destination');
      expect(error.message).toContain('https://acme/logs');
      expect(served('POST', '/v2/audit-logs/storage-integrations')).toHaveLength(1);
    });

    test('403: forbidden', async () => {
      const c = client({ clientId: 'viewer', clientSecret: 'viewer-secret' });
      const error = await failure(c.listIntegrations());
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.code).toBe('forbidden');
      expect(served('GET', '/v2/audit-logs/storage-integrations')).toHaveLength(1);
    });

    test('404: not found, naming the resource and id', async () => {
      const c = client();
      const id = '00000000-0000-4000-8000-000000000000';
      const error = (await failure(c.getIntegration(id))) as NotFoundError;
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.id).toBe(id);
      expect(error.message).toContain(`storage integration \`${id}\``);
      expect(served('GET', `/v2/audit-logs/storage-integrations/${id}`)).toHaveLength(1);
    });

    test('409: a taken name, compared without regard to case', async () => {
      const c = client();
      await c.createIntegration(awsRequest('audit_logs_prod'));
      const error = (await failure(c.createIntegration(awsRequest('AUDIT_LOGS_PROD')))) as NameTakenError;
      expect(error).toBeInstanceOf(NameTakenError);
      expect(error.code).toBe('name_taken');
      expect(error.message).toContain('`AUDIT_LOGS_PROD`');
      expect(served('POST', '/v2/audit-logs/storage-integrations')).toHaveLength(2);
    });

    test('409: a destination in another cloud', async () => {
      const c = client();
      const created = await c.createIntegration(awsRequest('moving'));
      const error = (await failure(
        c.updateIntegrationDestination(created.integrationId, 'gcs://acme-audit-logs/sigma/', false),
      )) as CloudChangeRequiresReplacementError;
      expect(error).toBeInstanceOf(CloudChangeRequiresReplacementError);
      expect(error.code).toBe('cloud_change_requires_replacement');
      expect(error.message).toContain(created.integrationId);
      expect(served('PATCH', `/v2/audit-logs/storage-integrations/${created.integrationId}`)).toHaveLength(1);
    });
  });
});

describe('integrations and exports', () => {
  test('create, wait until ready, find by name in any case, update, export, delete', async () => {
    const c = client();
    const created = await c.createIntegration(awsRequest('Audit_Logs_Main'));
    expect(created.status).toBe('pending');
    expect(created.credentials).toBeNull();

    let ready = created;
    for (let i = 0; i < 100 && ready.status !== 'ready'; i++) {
      await sleep(10);
      ready = await c.getIntegration(created.integrationId);
    }
    expect(ready.status).toBe('ready');
    expect(ready.credentials).toMatchObject({ externalId: expect.any(String) });

    await expect(c.findIntegrationByName('audit_logs_main')).resolves.toMatchObject({ integrationId: created.integrationId });
    await expect(c.findIntegrationByName('absent')).resolves.toBeUndefined();

    const exported = await c.createScheduledExport({ name: 'nightly', integrationId: created.integrationId, schedule: '0 2 * * *' });
    expect(await c.getScheduledExport(exported.exportId)).toMatchObject({ status: 'active', destination: 's3://acme-audit-logs/sigma/' });

    const updated = await c.updateIntegrationDestination(created.integrationId, 's3://acme-audit-logs/archive', true);
    expect(updated.destination).toBe('s3://acme-audit-logs/archive/');
    expect(updated.credentials).toEqual(ready.credentials);
    expect(await c.listLinkedExports(created.integrationId)).toEqual([
      expect.objectContaining({ exportId: exported.exportId, destination: 's3://acme-audit-logs/archive/', status: 'active' }),
    ]);

    await c.deleteIntegration(created.integrationId, false);
    expect(await c.listScheduledExports(created.integrationId)).toEqual([
      expect.objectContaining({ exportId: exported.exportId, status: 'paused', pausedReason: 'integration_deleted' }),
    ]);
    await expect(c.getIntegration(created.integrationId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(c.deleteIntegration(created.integrationId, false)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('listIntegrations follows every page', async () => {
    const c = client();
    const names = Array.from({ length: 105 }, (_, i) => `paged_${String(i).padStart(3, '0')}`);
    for (const name of names) {
      await c.createIntegration(awsRequest(name));
    }
    const listed = await c.listIntegrations();
    expect(listed.map((i) => i.name).sort()).toEqual(names);
    expect(served('GET', '/v2/audit-logs/storage-integrations').length).toBeGreaterThanOrEqual(2);
    // The last one is on the second page, so finding it proves the search pages too.
    await expect(c.findIntegrationByName('PAGED_104')).resolves.toMatchObject({ name: 'paged_104' });
  });
});

test('no error text, stack or callback payload of this file contains a secret or an issued token', () => {
  // Enough material to make the check meaningful: errors and callbacks of most tests above.
  expect(observed.length).toBeGreaterThan(50);
  expect(proxy.issuedTokens.size).toBeGreaterThan(4);
  const leaks = observed.filter((text) => [...SECRETS, ...proxy.issuedTokens].some((secret) => text.includes(secret)));
  expect(leaks).toEqual([]);
});
