import { errorCodes, paths } from '../../src/client/contract';
import { EmulatorError, RunningEmulator, startEmulator } from '../../src/emulator';
import { accessToken, call, expectError, gcpBody } from './helpers';

describe('emulator faults', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 5, provisioningDelayMs: 10 });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const whoami = () => call(emulator.url, 'GET', paths.whoami, { token });

  test('faults: rate_limit answers 429 rate_limited with Retry-After', async () => {
    emulator.injectFaults({ kind: 'rate_limit', retryAfterSeconds: 3, count: 1 });
    const reply = await whoami();
    expectError(reply, 429, errorCodes.rateLimited);
    expect(reply.headers.get('retry-after')).toBe('3');
    expect((await whoami()).status).toBe(200);
  });

  test('faults: rate_limit defaults to Retry-After 1 and accepts 0', async () => {
    emulator.injectFaults({ kind: 'rate_limit', count: 1 }, { kind: 'rate_limit', retryAfterSeconds: 0, count: 1 });
    expect((await whoami()).headers.get('retry-after')).toBe('1');
    expect((await whoami()).headers.get('retry-after')).toBe('0');
  });

  test('faults: error answers 503 by default, or the status given, with an error body', async () => {
    emulator.injectFaults({ kind: 'error', count: 1 });
    expectError(await whoami(), 503, errorCodes.unavailable);
    emulator.injectFaults({ kind: 'error', status: 500, count: 1 });
    expectError(await whoami(), 500, errorCodes.internal);
    emulator.injectFaults({ kind: 'error', status: 502, count: 1 }, { kind: 'error', status: 504, count: 1 });
    expect((await whoami()).status).toBe(502);
    expect((await whoami()).status).toBe(504);
    expect((await whoami()).status).toBe(200);
  });

  test('faults: latency delays the response, which is then served normally', async () => {
    emulator.injectFaults({ kind: 'latency', latencyMs: 150, count: 1 });
    const started = Date.now();
    const reply = await whoami();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.status).toBe(200);
  });

  test('faults: drop closes the connection without a response', async () => {
    emulator.injectFaults({ kind: 'drop', count: 1 });
    await expect(whoami()).rejects.toThrow();
    expect((await whoami()).status).toBe(200);
    expect(emulator.requests().map((r) => r.status)).toEqual([0, 200]);
  });

  test('faults: count applies to the next N matching requests only', async () => {
    emulator.injectFaults({ kind: 'error', count: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await whoami()).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect(emulator.state().faults).toEqual([]);
  });

  test('faults: a rule without share or count applies until cleared', async () => {
    emulator.injectFaults({ kind: 'error' });
    expect((await whoami()).status).toBe(503);
    expect((await whoami()).status).toBe(503);
    emulator.clearFaults();
    expect((await whoami()).status).toBe(200);
  });

  test('faults: share answers about that share of matching requests, the same ones for the same seed', async () => {
    const pattern = async (target: RunningEmulator) => {
      const t = await accessToken(target);
      target.injectFaults({ kind: 'error', share: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await call(target.url, 'GET', paths.whoami, { token: t })).status);
      return out;
    };
    const first = await pattern(emulator);
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    const twin = await startEmulator({ seed: 5 });
    try {
      expect(await pattern(twin)).toEqual(first);
    } finally {
      await twin.close();
    }
  });

  test('faults: share 0 never fires and share 1 always does', async () => {
    emulator.injectFaults({ kind: 'error', share: 0 });
    expect((await whoami()).status).toBe(200);
    emulator.clearFaults();
    emulator.injectFaults({ kind: 'error', share: 1, count: 2 });
    expect([(await whoami()).status, (await whoami()).status, (await whoami()).status]).toEqual([503, 503, 200]);
  });

  test('faults: by path prefix and method', async () => {
    emulator.injectFaults({ kind: 'error', path: paths.integrations, method: 'post' });
    expect((await whoami()).status).toBe(200);
    expect((await call(emulator.url, 'GET', paths.integrations, { token })).status).toBe(200);
    expect((await call(emulator.url, 'POST', paths.integrations, { token, json: gcpBody('x') })).status).toBe(503);
    expect(emulator.state().integrations).toHaveLength(0);
  });

  test('faults: the default path covers every /v2/ path, the token endpoint included', async () => {
    emulator.injectFaults({ kind: 'rate_limit', count: 1 });
    const reply = await call(emulator.url, 'POST', paths.token, {
      raw: { body: 'grant_type=client_credentials&client_id=admin&client_secret=admin-secret', contentType: 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(429);
  });

  test('faults: never apply to the /__emulator/ controls', async () => {
    emulator.injectFaults({ kind: 'error', path: '/' });
    expect((await call(emulator.url, 'GET', '/__emulator/state')).status).toBe(200);
    expect((await call(emulator.url, 'DELETE', '/__emulator/faults')).status).toBe(204);
    expect((await whoami()).status).toBe(200);
    expect(() => emulator.injectFaults({ kind: 'error', path: '/__emulator/state' })).toThrow(EmulatorError);
  });

  test('faults: invalid rules are refused with the field named', () => {
    const bad: Array<[unknown, string]> = [
      [{ kind: 'boom' }, 'fault.kind'],
      [{ kind: 'error', status: 404 }, 'fault.status'],
      [{ kind: 'rate_limit', retryAfterSeconds: -1 }, 'fault.retryAfterSeconds'],
      [{ kind: 'latency' }, 'fault.latencyMs'],
      [{ kind: 'error', share: 1.5 }, 'fault.share'],
      [{ kind: 'error', count: 0 }, 'fault.count'],
      [{ kind: 'error', path: 'v2' }, 'fault.path'],
    ];
    for (const [rule, field] of bad) {
      let caught: unknown;
      try {
        emulator.injectFaults(rule as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EmulatorError);
      expect(caught).toMatchObject({ code: 'emulator_fault_invalid', field });
    }
    expect(emulator.state().faults).toEqual([]);
  });

  test('faults over HTTP: POST /__emulator/faults takes a rule or an array, DELETE clears them, bad rules get 400', async () => {
    expect((await call(emulator.url, 'POST', '/__emulator/faults', { json: { kind: 'error', status: 500, count: 1 } })).status).toBe(204);
    expect((await whoami()).status).toBe(500);
    const many = [
      { kind: 'error', count: 1 },
      { kind: 'rate_limit', retryAfterSeconds: 2 },
    ];
    expect((await call(emulator.url, 'POST', '/__emulator/faults', { json: many })).status).toBe(204);
    expect((await whoami()).status).toBe(503);
    expect((await whoami()).status).toBe(429);
    expect((await call(emulator.url, 'DELETE', '/__emulator/faults')).status).toBe(204);
    expect((await whoami()).status).toBe(200);
    const bad = await call(emulator.url, 'POST', '/__emulator/faults', { json: [{ kind: 'error' }, { kind: 'latency', latencyMs: -5 }] });
    expectError(bad, 400, errorCodes.invalidRequest, 'faults[1].latencyMs');
    expect(emulator.state().faults).toEqual([]);
  });
});
