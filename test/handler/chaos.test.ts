/**
 * The handler under a faulty API: 30% of requests answered 429 (Retry-After 0), 503 or with the
 * connection dropped. Every apply/read/delete cycle must converge, with at most a bounded number
 * of reruns of the process (what a user or pipeline does after a failed deploy), and leave no
 * duplicate and no orphan behind.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import type { IntegrationSpec } from '../../src/handler/spec';
import { RunResult, awsSpec, azureSpec, buildHandler, capturedOutput, gcpSpec, queryOf, removalOf, runHandler } from './harness';

const ADMIN_SECRET = 'chaos-secret-K2m9Pq7Xv';
const CYCLES = 20;
const MAX_RUNS = 8;

let bundle: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  [bundle, emulator] = await Promise.all([
    buildHandler(),
    startEmulator({
      seed: 7,
      provisioningDelayMs: 100,
      clients: [{ clientId: 'admin', clientSecret: ADMIN_SECRET, accountType: 'Admin' }],
    }),
  ]);
});

afterAll(async () => {
  await emulator?.close();
  if (bundle) rmSync(path.dirname(bundle), { recursive: true, force: true });
});

const ENV = {
  SIGMA_CLIENT_ID: 'admin',
  SIGMA_CLIENT_SECRET: ADMIN_SECRET,
  SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '20',
  SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '2',
};

/** Runs the operation until it exits 0, at most MAX_RUNS times; returns the successful run and the count. */
async function untilSuccess(run: (attempt: number) => Promise<RunResult>): Promise<{ result: RunResult; runs: number }> {
  let last: RunResult | undefined;
  for (let runs = 1; runs <= MAX_RUNS; runs++) {
    last = await run(runs);
    if (last.code === 0) return { result: last, runs };
    // Only transient failures are acceptable here: a spec or auth error would be a bug.
    expect(last.code).toBe(1);
  }
  throw new Error(`did not converge in ${MAX_RUNS} runs; last stderr: ${last?.stderr}`);
}

function specFor(cycle: number, apiUrl: string): IntegrationSpec {
  const name = `chaos_${cycle}`;
  const policy = { linkedExportsOnDelete: cycle % 2 === 0 ? 'pause' : 'delete' } as const;
  switch (cycle % 3) {
    case 0:
      return awsSpec(apiUrl, name, policy);
    case 1:
      return azureSpec(apiUrl, name, policy);
    default:
      return gcpSpec(apiUrl, name, policy);
  }
}

it(`converges through ${CYCLES} apply/read/delete cycles with 30% of requests faulted`, async () => {
  // Rules are tried in order, the first that fires wins: 0.1 + 0.9 × 0.111 + 0.8 × 0.125 = 0.3.
  emulator.injectFaults(
    { kind: 'rate_limit', retryAfterSeconds: 0, share: 0.1 },
    { kind: 'error', status: 503, share: 0.1 / 0.9 },
    { kind: 'drop', share: 0.125 },
  );
  const env = { ...ENV, SIGMA_API_URL: emulator.url };
  let reruns = 0;

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const spec = specFor(cycle, 'https://aws-api.sigmacomputing.com');
    const named = () => emulator.state().integrations.filter((i) => i.name === spec.name);

    // As Terraform runs it: the claim is recorded once, just after the first plan; a failed create
    // step is run again by the next deploy, whose plan comes after the claim.
    const claimedAt = new Date().toISOString();
    const applied = await untilSuccess((attempt) => {
      const plannedAt = attempt === 1 ? new Date(Date.parse(claimedAt) - 1000).toISOString() : new Date().toISOString();
      return runHandler(bundle, ['apply'], {
        env: { ...env, SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec), SIGMA_AUDIT_LOGS_CLAIMED_AT: claimedAt, SIGMA_AUDIT_LOGS_PLANNED_AT: plannedAt },
      });
    });
    expect(named()).toHaveLength(1);
    expect(named()[0].status).toBe('ready');
    const owned = { ...spec, integrationId: named()[0].integrationId };

    const read = await untilSuccess(() => runHandler(bundle, ['read'], { env, stdin: queryOf(owned) }));
    const output = JSON.parse(read.result.stdout);
    expect(output.integration_id).toBe(named()[0].integrationId);
    expect(output.cloud).toBe(spec.cloud);
    expect(output.status).toBe('ready');

    const deleted = await untilSuccess(() =>
      runHandler(bundle, ['delete'], { env: { ...env, SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(removalOf(owned)) } }),
    );
    expect(named()).toHaveLength(0);
    reruns += applied.runs + read.runs + deleted.runs - 3;
  }

  // The faults did fire, and were absorbed.
  expect(emulator.requests().filter((r) => r.status === 429 || r.status === 503 || r.status === 0).length).toBeGreaterThan(20);
  emulator.clearFaults();
  expect(emulator.state().integrations).toEqual([]);
  expect(capturedOutput.join('\n')).not.toContain(ADMIN_SECRET);
  // Most runs succeed on the first try: the client's own retries absorb the faults.
  expect(reruns).toBeLessThan(CYCLES);
}, 120_000);
