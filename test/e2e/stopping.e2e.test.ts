/**
 * Stopping with the real Terraform: a SIGINT sent to Terraform alone (as a pipeline's cancel
 * does) while its apply waits for a pending integration ends the run promptly and leaves no
 * handler process behind; the next apply converges. Two SIGINTs during a plan whose reads hang
 * make Terraform exit, and leave no handler behind either. And a plan that finds an integration still
 * pending fails at once, saying so, instead of waiting the whole credentials timeout.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageCloud } from '../../src/destination/cloud';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, eventually, flattened, succeeded } from './harness';
import { IntegrationDef, ROLE_ARN } from './stacks';

/** How long the emulator keeps a new integration pending in these tests. */
const PROVISIONING_MS = 8_000;

let sigma: SigmaDouble;
const workspaces: StackWorkspace[] = [];

beforeAll(async () => {
  sigma = await SigmaDouble.start({ provisioningDelayMs: PROVISIONING_MS });
});

afterAll(async () => {
  await sigma?.close();
  workspaces.forEach((ws) => ws.remove());
});

function workspace(name: string, integrations: IntegrationDef[]): StackWorkspace {
  const ws = new StackWorkspace(sigma, name);
  workspaces.push(ws);
  ws.synth(integrations);
  return ws;
}

/** Pids of the handler processes running in this directory (Terraform runs them in the stack directory). */
function handlersIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // ended, not yet collected
      if (readlinkSync(`/proc/${entry}/cwd`) === dir && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('handler.js')) {
        found.push(Number(entry));
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

test('SIGINT to Terraform alone while its apply waits for a pending integration: Terraform and the handler stop promptly, none is left polling Sigma, and the next apply converges', async () => {
  const def: IntegrationDef = { id: 'Audit', integrationName: 'e2e_stop_apply', cloud: StorageCloud.AWS, destination: 's3://acme-audit/stop/' };
  const ws = workspace('stop', [def]);
  await ws.init();

  const apply = ws.start(ws.terraformBinary, ['apply', '-auto-approve', '-input=false', '-no-color']);
  // The handler has created the integration and polls it while Sigma provisions it.
  await eventually('the integration to be created', () => (sigma.integrationsNamed(def.integrationName).length === 1 ? true : undefined));
  await eventually('a handler to run', () => (handlersIn(ws.stackDir).length > 0 ? true : undefined));
  await sleep(300);

  const sent = Date.now();
  process.kill(apply.pid, 'SIGINT');
  const stopped = await apply.done;
  expect(Date.now() - sent).toBeLessThan(15_000);
  expect(stopped.code).not.toBe(0);
  // Terraform 1.5 kills the `/bin/sh` of the local-exec and exits; the handler under it is orphaned.
  expect(flattened(stopped.stdout + stopped.stderr)).toContain('Interrupt received');
  // The handler notices within a fraction of a second that the Terraform that started it is gone.
  await eventually('no handler to be left', () => (handlersIn(ws.stackDir).length === 0 ? true : undefined), 2_000);
  const requests = sigma.emulator.requests().length;
  await sleep(1_000);
  expect(sigma.emulator.requests().length).toBe(requests);
  expect(sigma.integration(def.integrationName).status).toBe('pending');

  // The next apply finds the same integration, waits until it is ready, and the plan after it is clean.
  const [pending] = sigma.integrationsNamed(def.integrationName);
  succeeded(await ws.apply());
  expect(sigma.integration(def.integrationName)).toMatchObject({ integrationId: pending.integrationId, status: 'ready' });
  expect((await ws.plan()).exitCode).toBe(0);
  expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
});

test("two SIGINTs to Terraform alone while its plan's data sources wait on a Sigma call that hangs: Terraform exits, and no handler is left behind", async () => {
  const def: IntegrationDef = { id: 'Audit', integrationName: 'e2e_stop_plan_read', cloud: StorageCloud.GCP, destination: 'gcs://acme-audit/stop-plan/' };
  const ws = workspace('stop-plan', [def]);
  await ws.init();
  sigma.emulator.configure({ provisioningDelayMs: 150 });
  try {
    await ws.apply();
  } finally {
    sigma.emulator.configure({ provisioningDelayMs: PROVISIONING_MS });
  }
  // Every Sigma call now takes a minute: the data sources' handlers hang in their first call.
  sigma.emulator.injectFaults({ kind: 'latency', latencyMs: 60_000 });
  try {
    const plan = ws.start(ws.terraformBinary, ['plan', '-input=false', '-no-color']);
    await eventually('a handler to run', () => (handlersIn(ws.stackDir).length > 0 ? true : undefined));
    await sleep(500);
    // The first interrupt lets the reads in progress end (Terraform 1.5 does not stop a data
    // source); the second makes Terraform exit at once, as a user or a pipeline's cancel does.
    const sent = Date.now();
    process.kill(plan.pid, 'SIGINT');
    await sleep(1_000);
    process.kill(plan.pid, 'SIGINT');
    const stopped = await plan.done;
    expect(Date.now() - sent).toBeLessThan(15_000);
    expect(stopped.code).not.toBe(0);
    // The handlers notice that the Terraform (and its provider) that started them are gone.
    await eventually('no handler to be left', () => (handlersIn(ws.stackDir).length === 0 ? true : undefined), 2_000);
  } finally {
    sigma.emulator.clearFaults();
  }
  expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
});

test('a plan that finds the integration pending fails at once, saying it is pending and that the apply which creates it waits for it', async () => {
  const def: IntegrationDef = { id: 'Audit', integrationName: 'e2e_stop_plan', cloud: StorageCloud.AWS, destination: 's3://acme-audit/pending/' };
  const ws = workspace('pending', [def]);
  await ws.init();
  await ws.apply();
  // Recreated by hand in the portal: the same name, role and destination, pending for a while.
  await sigma.client.deleteIntegration(sigma.integration(def.integrationName).integrationId, false);
  sigma.emulator.configure({ provisioningDelayMs: 120_000 });
  try {
    const recreated = await sigma.client.createIntegration({ name: def.integrationName, cloud: 'aws', destination: def.destination, roleArn: ROLE_ARN });
    const started = Date.now();
    const plan = await ws.plan();
    // The stack's credentialsTimeoutSeconds is 60: the plan must not have waited for it.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(plan.exitCode).toBe(1);
    const message = flattened(plan.result.stderr);
    expect(message).toContain(`Sigma integration '${def.integrationName}' (${recreated.integrationId}) is pending`);
    expect(message).toContain('A plan does not wait for it; the apply that creates the integration waits for it');
  } finally {
    sigma.emulator.configure({ provisioningDelayMs: PROVISIONING_MS });
  }
  expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
});
