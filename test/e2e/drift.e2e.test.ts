/**
 * Changes made behind Terraform's back: the plan fails and names the repair command; after the
 * repair and an apply the plan is clean again.
 */
import { StorageCloud } from '../../src/destination/cloud';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, flattened, succeeded } from './harness';
import { IntegrationDef, outputNames } from './stacks';

const NAME = 'e2e_drift';
const DESTINATION = 's3://acme-audit/sigma/drift/';
const OUT = outputNames('Audit');
const audit: IntegrationDef = { id: 'Audit', integrationName: NAME, cloud: StorageCloud.AWS, destination: DESTINATION };

let sigma: SigmaDouble;
let ws: StackWorkspace;

beforeAll(async () => {
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, 'drift');
  ws.synth([audit]);
  await ws.init();
  await ws.apply();
});

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

describe('an integration changed outside Terraform', () => {
  test('deleted through the API: the plan fails naming the repair; repair and apply restore a clean plan', async () => {
    const original = sigma.integration(NAME);
    await sigma.client.deleteIntegration(original.integrationId, false);

    const failed = await ws.plan();
    expect(failed.exitCode).toBe(1);
    const message = flattened(failed.result.stderr + failed.result.stdout);
    expect(message).toContain(`no audit-log storage integration named '${NAME}'`);
    expect(message).toContain(`npx sigma-audit-logs reconcile ${ws.stackDir}`);

    const repair = await ws.repair();
    succeeded(repair.result);
    const recreated = sigma.integration(NAME);
    expect(recreated).toMatchObject({ status: 'ready', destination: DESTINATION });
    expect(recreated.integrationId).not.toBe(original.integrationId);

    // The new integration's id and credentials reach the outputs (and a trust policy) with one apply.
    await ws.apply();
    expect((await ws.outputs())[OUT.integrationId]).toBe(recreated.integrationId);
    expect((await ws.plan()).exitCode).toBe(0);
    expect(sigma.integrationsNamed(NAME)).toHaveLength(1);
  });

  test('destination changed through the API: the plan fails naming both destinations and the repair', async () => {
    const integration = sigma.integration(NAME);
    await sigma.client.updateIntegrationDestination(integration.integrationId, 's3://elsewhere/audit/', false);

    const failed = await ws.plan();
    expect(failed.exitCode).toBe(1);
    const message = flattened(failed.result.stderr + failed.result.stdout);
    expect(message).toContain('s3://elsewhere/audit/');
    expect(message).toContain(DESTINATION);
    expect(message).toContain(`npx sigma-audit-logs reconcile ${ws.stackDir}`);

    succeeded((await ws.repair()).result);
    expect(sigma.integration(NAME)).toMatchObject({ integrationId: integration.integrationId, destination: DESTINATION });
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('no client secret or token in any output, log, plan, state or synthesized file', () => {
    expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
  });
});
