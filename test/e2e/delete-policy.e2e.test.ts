/**
 * The policy for linked scheduled exports that a removal applies is the one the deploy that
 * removes the integration declares, even when that same deploy changes it: Terraform runs the
 * destroy-time step from the current configuration, not from what the last deploy stored.
 */
import type { ScheduledExport } from '../../src/client/contract';
import { StorageCloud } from '../../src/destination/cloud';
import { LinkedExportsOnDelete } from '../../src/sigma/options';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, flattened, plannedActions } from './harness';
import { IntegrationDef } from './stacks';

function integration(id: string, linkedExportsOnDelete: LinkedExportsOnDelete): IntegrationDef {
  const name = `e2e_${id.toLowerCase()}`;
  return { id, integrationName: name, cloud: StorageCloud.AWS, destination: `s3://acme-audit/${name}/`, linkedExportsOnDelete };
}

/** Deployed keeping its exports (PAUSE), removed with DELETE declared in the removing deploy. */
const toDelete = integration('ToDelete', LinkedExportsOnDelete.PAUSE);
/** Deployed deleting its exports (DELETE), removed with PAUSE declared in the removing deploy. */
const toPause = integration('ToPause', LinkedExportsOnDelete.DELETE);
/** Its policy changes while it stays: the change is reviewable in the plan, then applies at destroy. */
const changed = integration('Changed', LinkedExportsOnDelete.PAUSE);

let sigma: SigmaDouble;
let ws: StackWorkspace;
const linkedExports = new Map<string, ScheduledExport>();

beforeAll(async () => {
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, 'delete-policy');
  ws.synth([toDelete, toPause, changed]);
  await ws.init();
  await ws.apply();
  for (const def of [toDelete, toPause, changed]) {
    linkedExports.set(def.id, await sigma.createExport(sigma.integration(def.integrationName).integrationId, `${def.id} nightly`));
  }
});

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

describe('the linked-exports policy a removal applies', () => {
  test('`enabled: false` with a policy change in the same deploy applies the newly declared policy', async () => {
    ws.synth([
      { ...toDelete, linkedExportsOnDelete: LinkedExportsOnDelete.DELETE, enabled: false },
      { ...toPause, linkedExportsOnDelete: LinkedExportsOnDelete.PAUSE, enabled: false },
      changed,
    ]);
    const plan = await ws.plan();
    expect(plannedActions(plan)).toEqual({
      'ToDelete/Claim[0]': ['delete'],
      'ToDelete/Identity[0]': ['delete'],
      'ToDelete/Owner[0]': ['delete'],
      'ToDelete/Removal[0]': ['delete'],
      'ToDelete/Settings[0]': ['delete'],
      'ToPause/Claim[0]': ['delete'],
      'ToPause/Identity[0]': ['delete'],
      'ToPause/Owner[0]': ['delete'],
      'ToPause/Removal[0]': ['delete'],
      'ToPause/Settings[0]': ['delete'],
      'Changed/Identity': ['no-op'],
      'Changed/Settings': ['no-op'],
    });
    const applied = await ws.applyPlan(plan);

    expect(sigma.integrationsNamed(toDelete.integrationName)).toEqual([]);
    expect(sigma.integrationsNamed(toPause.integrationName)).toEqual([]);
    expect(sigma.exportById(linkedExports.get('ToDelete')!.exportId)).toBeUndefined();
    expect(sigma.exportById(linkedExports.get('ToPause')!.exportId)).toMatchObject({ status: 'paused', pausedReason: 'integration_deleted' });
    // The delete step says which policy it applied and where it came from.
    const output = flattened(applied.stdout);
    expect(output).toMatch(/Deleted integration 'e2e_todelete' .* were deleted \(linkedExportsOnDelete delete, as the configuration being deployed declares it; the last deploy stored pause\)/);
    expect(output).toMatch(/Deleted integration 'e2e_topause' .* were paused \(linkedExportsOnDelete pause, as the configuration being deployed declares it; the last deploy stored delete\)/);
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('a policy change alone shows in the plan as an in-place update, plans clean after, and applies at destroy', async () => {
    const toDeleteNow = { ...changed, linkedExportsOnDelete: LinkedExportsOnDelete.DELETE };
    ws.synth([toDeleteNow]);
    const plan = await ws.plan();
    // Removal's input and the Settings marker (which holds the whole spec) record it; nothing is replaced.
    expect(plannedActions(plan)).toEqual({ 'Changed/Identity': ['no-op'], 'Changed/Removal': ['update'], 'Changed/Settings': ['update'] });
    expect(flattened(plan.result.stdout)).toMatch(/linkedExportsOnDelete\s*=\s*"pause" -> "delete"/);
    await ws.applyPlan(plan);
    expect(sigma.integration(changed.integrationName).status).toBe('ready');
    expect((await ws.plan()).exitCode).toBe(0);

    await ws.destroy();
    expect(sigma.integrationsNamed(changed.integrationName)).toEqual([]);
    expect(sigma.exportById(linkedExports.get('Changed')!.exportId)).toBeUndefined();
  });

  test('no client secret or token in any output, log, plan, state or synthesized file', () => {
    expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
  });
});
