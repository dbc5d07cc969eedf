/**
 * Other writers of the same integration while `apply` runs (another stack or pipeline that
 * declares the same name, someone in Sigma): an apply reports ready only at the destination it
 * declared, and one whose change was overwritten meanwhile fails with exit 3 saying so. The
 * handler runs as Terraform runs it; a proxy in front of the emulator decides when its reads go
 * through, or changes the integration just before one does.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SigmaClient } from '../../src/client';
import { paths } from '../../src/client/contract';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import type { IntegrationSpec } from '../../src/handler/spec';
import { RecordingProxy, RunResult, buildHandler, capturedOutput, gcpSpec, runHandler, startRecordingProxy } from './harness';

const ADMIN_SECRET = 'concurrent-secret-5Vb8Nq2Wz';
const ENV = {
  SIGMA_CLIENT_ID: 'admin',
  SIGMA_CLIENT_SECRET: ADMIN_SECRET,
  SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '25',
  SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '5',
};
const SPEC_API_URL = 'https://aws-api.sigmacomputing.com';
/** Longest a held read waits for the other writers before it is let through anyway. */
const HOLD_LIMIT_MS = 30_000;

let bundle: string;
let emulator: RunningEmulator;
let proxy: RecordingProxy;
let admin: SigmaClient;
/** What the proxy does before passing a request on; the tests set it. */
let beforeForward: ((method: string, path: string) => Promise<void>) | undefined;

beforeAll(async () => {
  [bundle, emulator] = await Promise.all([
    buildHandler(),
    startEmulator({
      seed: 11,
      provisioningDelayMs: 100,
      clients: [{ clientId: 'admin', clientSecret: ADMIN_SECRET, accountType: 'Admin' }],
    }),
  ]);
  proxy = await startRecordingProxy(emulator.url, (method, requestPath) => beforeForward?.(method, requestPath) ?? Promise.resolve());
  admin = new SigmaClient({ baseUrl: emulator.url, clientId: 'admin', clientSecret: ADMIN_SECRET, backoffBaseMs: 5 });
});

afterEach(() => {
  beforeForward = undefined;
});

afterAll(async () => {
  await admin?.close();
  await proxy?.close();
  await emulator?.close();
  if (bundle) rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function apply(spec: IntegrationSpec): Promise<RunResult> {
  return runHandler(bundle, ['apply'], { env: { ...ENV, SIGMA_API_URL: proxy.url, SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec) } });
}

function integrationsNamed(name: string) {
  return emulator.state().integrations.filter((i) => i.name.toLowerCase() === name.toLowerCase());
}

/** A read of one integration by id (how apply checks status and the final state), not a list or a write. */
function isReadById(method: string, requestPath: string): boolean {
  return method === 'GET' && requestPath.startsWith(`${paths.integrations}/`);
}

/** Creates and destination updates the emulator has served so far. */
function servedWrites(): number {
  return emulator
    .requests()
    .filter(
      (r) =>
        r.status < 300 &&
        ((r.method === 'POST' && r.path === paths.integrations) || (r.method === 'PATCH' && r.path.startsWith(`${paths.integrations}/`))),
    ).length;
}

/** Lines of an apply's output that report the integration ready. */
function readyLines(result: RunResult): string[] {
  return result.stdout.split('\n').filter((line) => / is ready: /.test(line));
}

describe('apply with other writers of the same integration', () => {
  test('of four concurrent create steps of one name (four stacks), one creates it; the others change nothing and exit 1 naming it', async () => {
    const name = 'contested';
    const specs = [1, 2, 3, 4].map((n) => gcpSpec(SPEC_API_URL, name, { destination: `gcs://acme-audit/contested-${n}/` }));
    // The first look-up by name goes through; the others wait until a create is served, so that
    // their steps find the name held (the race to the create itself ends in a 409, the same refusal).
    let lookups = 0;
    beforeForward = async (method, requestPath) => {
      if (!(method === 'GET' && requestPath === paths.integrations) || ++lookups === 1) return;
      const deadline = Date.now() + HOLD_LIMIT_MS;
      while (servedWrites() < 1 && Date.now() < deadline) await sleep(10);
    };
    const mark = emulator.requests().length;

    const results = await Promise.all(specs.map((spec) => apply(spec)));

    const [live] = integrationsNamed(name);
    expect(integrationsNamed(name)).toHaveLength(1);
    const writes = emulator
      .requests()
      .slice(mark)
      .filter((r) => r.status < 300 && r.method !== 'GET' && r.path.startsWith(paths.integrations));
    expect(writes.map((r) => r.method)).toEqual(['POST']);
    const winners = results.filter((result) => result.code === 0);
    expect(winners).toHaveLength(1);
    expect(readyLines(winners[0])).toEqual([expect.stringContaining(`gcp, ${live.destination}.`)]);
    for (const result of results.filter((r) => r.code !== 0)) {
      if (result.code !== 1) throw new Error(`expected exit 1, got ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
      expect(readyLines(result)).toEqual([]);
      expect(result.stderr).toContain(`Error (name_held): Sigma already has an integration named 'contested' (${live.integrationId}`);
    }
  });

  test('an apply whose destination is changed between its update and its final read exits 3, and a rerun restores it', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'overtaken');
    expect((await apply(spec)).code).toBe(0);
    const [before] = integrationsNamed('overtaken');
    const declared = { ...spec, destination: 'gcs://acme-audit/overtaken-declared/' };
    const otherWriters = 'gcs://acme-audit/overtaken-other-writer/';
    // Right after the apply's update, another writer sets its own destination.
    let updated = false;
    let overtaken = false;
    beforeForward = async (method, requestPath) => {
      if (method === 'PATCH') updated = true;
      else if (updated && !overtaken && isReadById(method, requestPath)) {
        overtaken = true;
        await admin.updateIntegrationDestination(before.integrationId, otherWriters, false);
      }
    };

    // The settings step: it acts on the id this stack owns.
    const result = await apply({ ...declared, integrationId: before.integrationId });

    expect(overtaken).toBe(true);
    if (result.code !== 3) throw new Error(`expected exit 3, got ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    expect(result.stdout).toContain(`Changing the destination of integration 'overtaken' (${before.integrationId})`);
    expect(readyLines(result)).toEqual([]);
    expect(result.stderr).toContain(`has destination ${otherWriters}, but this deploy just set ${declared.destination}`);
    expect(integrationsNamed('overtaken')[0].destination).toBe(otherWriters);

    // Once the other writer is gone, running the deploy again (the remedy the message gives) sets it back.
    beforeForward = undefined;
    const rerun = await apply({ ...declared, integrationId: before.integrationId });
    expect(rerun.code).toBe(0);
    expect(readyLines(rerun)).toEqual([expect.stringContaining(`gcp, ${declared.destination}.`)]);
    expect(integrationsNamed('overtaken')).toEqual([expect.objectContaining({ integrationId: before.integrationId, destination: declared.destination })]);
  });

  test('never prints the client secret or a token', () => {
    expect(proxy.tokens.size).toBeGreaterThan(0);
    const all = capturedOutput.join('\n');
    for (const secret of [ADMIN_SECRET, ...proxy.tokens]) expect(all).not.toContain(secret);
  });
});
