/**
 * Failures during `terraform apply`: a Sigma API that rate-limits, fails and drops connections,
 * and a Terraform killed in the middle of creating the integration. Applying again converges to
 * one ready integration, never two.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageCloud } from '../../src/destination/cloud';
import { HANDLER_MAX_ATTEMPTS } from '../../src/handler/environment';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, eventually, flattened } from './harness';
import { IntegrationDef } from './stacks';

const MAX_APPLIES = 6;

function integration(name: string): IntegrationDef {
  return { id: 'Audit', integrationName: name, cloud: StorageCloud.AWS, destination: `s3://acme-audit/${name}/` };
}

let sigma: SigmaDouble;
const workspaces: StackWorkspace[] = [];

beforeAll(async () => {
  // Seeded: the share of faulted requests is drawn the same way on every run.
  sigma = await SigmaDouble.start({ seed: 20240607 });
});

afterAll(async () => {
  await sigma?.close();
  for (const ws of workspaces) ws.remove();
});

async function workspace(stackName: string, def: IntegrationDef): Promise<StackWorkspace> {
  const ws = new StackWorkspace(sigma, stackName);
  workspaces.push(ws);
  ws.synth([def]);
  await ws.init();
  return ws;
}

describe('faults during apply', () => {
  test('429s, 503s and dropped connections on a share of requests: retried through, (re)applying converges to one integration', async () => {
    const name = 'e2e_faults';
    const ws = await workspace('faults', integration(name));
    const firstRequest = sigma.emulator.requests().length;
    sigma.emulator.injectFaults(
      { kind: 'rate_limit', share: 0.25, retryAfterSeconds: 0 },
      { kind: 'error', status: 503, share: 0.25 },
      { kind: 'drop', share: 0.25 },
    );

    const outcomes: Array<number | null> = [];
    let output = '';
    for (let attempt = 0; attempt < MAX_APPLIES && outcomes.at(-1) !== 0; attempt++) {
      const result = await ws.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
      outcomes.push(result.code);
      output += result.stdout + result.stderr;
    }
    sigma.emulator.clearFaults();

    expect(outcomes.at(-1)).toBe(0);
    // The faults really happened, and the handler retried through them.
    const statuses = sigma.emulator.requests().slice(firstRequest).map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining([429, 503, 0]));
    expect(output).toMatch(/Retrying (GET|POST|PATCH|DELETE) \S+ in \d+ ms/);

    expect(sigma.integration(name).status).toBe('ready');
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('a status check that fails every retry fails the apply; the next apply converges on the same integration', async () => {
    const name = 'e2e_gave_up';
    const ws = await workspace('gave-up', integration(name));
    // Every attempt of the first status check after the create.
    sigma.emulator.injectFaults({
      kind: 'error',
      status: 503,
      method: 'GET',
      path: '/v2/audit-logs/storage-integrations/',
      count: HANDLER_MAX_ATTEMPTS,
    });

    const failed = await ws.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(failed.code).toBe(1);
    expect(flattened(failed.stdout + failed.stderr)).toMatch(new RegExp(`Error \\(gave_up\\): GET \\S+: gave up after ${HANDLER_MAX_ATTEMPTS} attempts`));
    const created = sigma.integration(name);

    // Terraform replaces the tainted identity resource: its create step recognises the integration
    // of the failed apply as its own (the claim predates the new plan; Terraform's timestamps have
    // whole seconds, so a retry within the second of the first plan would not be told apart).
    await nextSecond();
    await ws.apply();
    const integrations = sigma.integrationsNamed(name);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({ integrationId: created.integrationId, status: 'ready', credentials: expect.anything() });
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('Terraform killed while the integration is being provisioned: the next apply picks it up', async () => {
    const name = 'e2e_killed';
    const ws = await workspace('killed', integration(name));
    // Long enough to kill Terraform while the handler waits for the credentials.
    sigma.emulator.configure({ provisioningDelayMs: 3000 });
    let pendingId: string;
    try {
      const apply = ws.start(ws.terraformBinary, ['apply', '-auto-approve', '-input=false', '-no-color']);
      const pending = await eventually(`integration '${name}' to be created`, () => sigma.integrationsNamed(name)[0]);
      expect(pending.status).toBe('pending');
      pendingId = pending.integrationId;
      apply.kill('SIGKILL');
      const killed = await apply.done;
      expect(killed.signal).toBe('SIGKILL');
    } finally {
      sigma.emulator.configure({ provisioningDelayMs: 150 });
    }

    await nextSecond();
    await ws.apply();
    const integrations = sigma.integrationsNamed(name);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]).toMatchObject({ integrationId: pendingId, status: 'ready' });
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('an apply run again within the second of the first plan stops with name_held, changing nothing; a later one converges', async () => {
    const name = 'e2e_same_second';
    const ws = await workspace('same-second', integration(name));
    sigma.emulator.injectFaults({ kind: 'error', status: 503, method: 'GET', path: '/v2/audit-logs/storage-integrations/', count: HANDLER_MAX_ATTEMPTS });
    const started = Date.now();
    expect((await ws.terraform(['apply', '-auto-approve', '-input=false', '-no-color'])).code).toBe(1);
    const created = sigma.integration(name);
    const again = await ws.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    if (Math.floor(Date.now() / 1000) === Math.floor(started / 1000)) {
      expect(again.code).toBe(1);
      expect(flattened(again.stdout + again.stderr)).toContain(`adoptIntegrationId: '${created.integrationId}'`);
    }
    await nextSecond();
    await ws.apply();
    expect(sigma.integrationsNamed(name)).toEqual([expect.objectContaining({ integrationId: created.integrationId, status: 'ready' })]);
  });

  test('no client secret or token in any output, log, plan, state or synthesized file', () => {
    for (const ws of workspaces) expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
  });
});

/** Waits until the clock's next whole second: Terraform's timestamp() and plantimestamp() have whole seconds. */
async function nextSecond(): Promise<void> {
  await sleep(1000 - (Date.now() % 1000) + 50);
}
