/**
 * The settings step right after its own create, with the real Terraform: the first deploy's
 * settings run makes no call (the create step of the same apply has just done its work), and
 * every later settings run, after a destination change or a `-replace` of settings, still does.
 * Counted in the emulator's request log, with integrations ready at once so that no status poll
 * blurs the figures.
 */
import { StorageCloud } from '../../src/destination/cloud';
import { SigmaDouble, StackWorkspace, plannedActions, succeeded } from './harness';
import { IntegrationDef } from './stacks';

const NAME = 'e2e_settings_after_create';
const SKIPPED = `was set up with this destination by the create step of this apply; nothing to do.`;

function audit(destination: string): IntegrationDef {
  return { id: 'Audit', integrationName: NAME, cloud: StorageCloud.GCP, destination };
}

let sigma: SigmaDouble;
let ws: StackWorkspace;

beforeAll(async () => {
  sigma = await SigmaDouble.start({ provisioningDelayMs: 0 });
  ws = new StackWorkspace(sigma, 'settings_after_create');
});

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

/** The API calls served since `from`, by method and path (an integration's id as `{id}`), counted. */
function callsSince(from: number): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const request of sigma.emulator.requests().slice(from)) {
    const key = `${request.method} ${request.path.replace(/storage-integrations\/[^/]+/, 'storage-integrations/{id}')}`;
    calls[key] = (calls[key] ?? 0) + 1;
  }
  return calls;
}

test("a first deploy makes the create step's calls and the three reads', and none for the settings step", async () => {
  ws.synth([audit('gcs://acme-audit/settings/first/')]);
  await ws.init();
  const from = sigma.emulator.requests().length;
  const applied = await ws.apply();
  expect(applied.stdout).toContain(`Creating Sigma integration '${NAME}'`);
  expect(applied.stdout).toContain(`Integration '${NAME}' (${sigma.integration(NAME).integrationId}) ${SKIPPED}`);
  // Before, 15 calls in 5 handler runs: the settings step added a token, whoami and a GET by id.
  expect(callsSince(from)).toEqual({
    // create (token, whoami, the look-up by name, the create, a GET after it), locate (token, whoami,
    // the look-up by name), the credentials and destination reads (a token and a GET by id each)
    'POST /v2/auth/token': 4,
    'GET /v2/whoami': 2,
    'GET /v2/audit-logs/storage-integrations': 2,
    'POST /v2/audit-logs/storage-integrations': 1,
    'GET /v2/audit-logs/storage-integrations/{id}': 3,
  });
  expect(sigma.integration(NAME)).toMatchObject({ status: 'ready', destination: 'gcs://acme-audit/settings/first/' });
  expect((await ws.plan()).exitCode).toBe(0);
});

test('a later destination change runs the settings step, which changes the destination', async () => {
  const before = sigma.integration(NAME);
  ws.synth([audit('gcs://acme-audit/settings/second/')]);
  const plan = await ws.plan();
  expect(plannedActions(plan)).toEqual({ 'Audit/Identity': ['no-op'], 'Audit/Settings': ['delete', 'create'] });
  const from = sigma.emulator.requests().length;
  const applied = await ws.applyPlan(plan);
  expect(applied.stdout).toContain('Changing the destination');
  expect(applied.stdout).not.toContain(SKIPPED);
  expect(callsSince(from)['PATCH /v2/audit-logs/storage-integrations/{id}']).toBe(1);
  expect(sigma.integration(NAME)).toMatchObject({ integrationId: before.integrationId, destination: 'gcs://acme-audit/settings/second/' });
  expect((await ws.plan()).exitCode).toBe(0);
});

test('reconcile of a drifted destination (a -replace of settings) runs the settings step, which repairs it', async () => {
  const integration = sigma.integration(NAME);
  await sigma.client.updateIntegrationDestination(integration.integrationId, 'gcs://acme-audit/settings/elsewhere/', false, NAME);
  const reconciled = succeeded(await ws.reconcile());
  expect(reconciled.stdout).toMatch(/terraform apply -replace=terraform_data\.Audit_Settings_/);
  expect(reconciled.stdout).toContain('Changing the destination');
  expect(reconciled.stdout).not.toContain(SKIPPED);
  expect(sigma.integration(NAME)).toMatchObject({ integrationId: integration.integrationId, destination: 'gcs://acme-audit/settings/second/' });
  expect((await ws.plan()).exitCode).toBe(0);
});
