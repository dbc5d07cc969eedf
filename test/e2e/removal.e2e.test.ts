/**
 * Removing integrations: `enabled: false` deletes one while its construct is still in code, and
 * `terraform destroy` deletes per policy (linked exports paused or deleted) or, with removal
 * policy retain, leaves it in Sigma.
 */
import type { ScheduledExport } from '../../src/client/contract';
import { StorageCloud } from '../../src/destination/cloud';
import { IntegrationRemovalPolicy, LinkedExportsOnDelete } from '../../src/sigma/options';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, plannedActions } from './harness';
import { IntegrationDef } from './stacks';

function integration(id: string, overrides: Partial<IntegrationDef> = {}): IntegrationDef {
  const name = `e2e_${id.toLowerCase()}`;
  return { id, integrationName: name, cloud: StorageCloud.AWS, destination: `s3://acme-audit/${name}/`, ...overrides };
}

const kept = integration('Kept', { removalPolicy: IntegrationRemovalPolicy.RETAIN });
const purged = integration('Purged', { linkedExportsOnDelete: LinkedExportsOnDelete.DELETE });
const disabled = integration('Disabled');

let sigma: SigmaDouble;
let ws: StackWorkspace;
const linkedExports = new Map<string, ScheduledExport>();

beforeAll(async () => {
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, 'removal');
  ws.synth([kept, purged, disabled]);
  await ws.init();
  await ws.apply();
  for (const def of [kept, purged, disabled]) {
    linkedExports.set(def.id, await sigma.createExport(sigma.integration(def.integrationName).integrationId, `${def.id} nightly`));
  }
});

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

describe('removing integrations', () => {
  test('`enabled: false` deletes the integration while the construct stays in code; the others are untouched', async () => {
    const before = sigma.emulator.state().integrations;

    ws.synth([kept, purged, { ...disabled, enabled: false }]);
    const plan = await ws.plan();
    // count = 0: Terraform moves the instance to index [0] and deletes it, running its destroy-time step.
    expect(plannedActions(plan)).toEqual({
      'Kept/Identity': ['no-op'],
      'Kept/Settings': ['no-op'],
      'Purged/Identity': ['no-op'],
      'Purged/Settings': ['no-op'],
      'Disabled/Claim[0]': ['delete'],
      'Disabled/Identity[0]': ['delete'],
      'Disabled/Owner[0]': ['delete'],
      'Disabled/Removal[0]': ['delete'],
      'Disabled/Settings[0]': ['delete'],
    });
    await ws.applyPlan(plan);

    expect(sigma.integrationsNamed(disabled.integrationName)).toEqual([]);
    expect(sigma.exportById(linkedExports.get('Disabled')!.exportId)).toMatchObject({ status: 'paused', pausedReason: 'integration_deleted' });
    expect(sigma.emulator.state().integrations).toEqual(before.filter((i) => i.name !== disabled.integrationName));
    expect((await ws.plan()).exitCode).toBe(0);

    // After that deploy, the construct can go: no resource left to change (only its outputs go).
    ws.synth([kept, purged]);
    const removed = await ws.plan();
    expect(plannedActions(removed)).toEqual({
      'Kept/Identity': ['no-op'],
      'Kept/Settings': ['no-op'],
      'Purged/Identity': ['no-op'],
      'Purged/Settings': ['no-op'],
    });
    await ws.applyPlan(removed);
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('destroy deletes per policy: linked exports deleted with the integration, or all left in Sigma with retain', async () => {
    const keptBefore = sigma.integration(kept.integrationName);

    await ws.destroy();

    expect(sigma.integrationsNamed(purged.integrationName)).toEqual([]);
    expect(sigma.exportById(linkedExports.get('Purged')!.exportId)).toBeUndefined();
    expect(sigma.integration(kept.integrationName)).toEqual(keptBefore);
    expect(sigma.exportById(linkedExports.get('Kept')!.exportId)).toMatchObject({ status: 'active' });
  });

  test('no client secret or token in any output, log, plan, state or synthesized file', () => {
    expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
  });
});
