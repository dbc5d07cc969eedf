/**
 * The plan of a destination change, as `cdktf diff` shows it to a reviewer: the settings
 * resource is replaced (`-/+`, 1 to add, 1 to destroy), yet the integration keeps its id and
 * credentials, and the plan says so: the credential outputs and the AWS trust policy rendered
 * from them show no change, only the destination output is known after apply. The README quotes
 * this plan; the lines it quotes are checked against the real one here.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { StorageCloud } from '../../src/destination/cloud';
import { ROOT, SigmaDouble, StackWorkspace, plannedActions, succeeded } from './harness';
import { IntegrationDef, outputNames } from './stacks';

const NAME = 'e2e_destination_plan';
const OUT = outputNames('Audit');

function audit(destination: string): IntegrationDef {
  return { id: 'Audit', integrationName: NAME, cloud: StorageCloud.AWS, destination };
}

interface PlanJson {
  readonly output_changes: Record<string, { actions: string[]; after_unknown: unknown }>;
  readonly resource_changes: Array<{ address: string; mode: string; change: { actions: string[] } }>;
}

/** The lines of the README's plan excerpt (the `text` block after its marker comment), `...` lines left out. */
function quotedPlan(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const marker = '<!-- plan of a destination change: test/e2e/destination-change-plan.e2e.test.ts -->';
  const start = readme.indexOf(marker);
  expect(start).toBeGreaterThan(-1);
  const block = /```text\n([\s\S]*?)```/.exec(readme.slice(start))![1];
  return block.split('\n').filter((line) => line.trim() !== '' && line.trim() !== '...');
}

let sigma: SigmaDouble;
let ws: StackWorkspace;
let planText: string;
let planJson: PlanJson;
let actions: Record<string, string[]>;

beforeAll(async () => {
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, 'destination-plan');
  ws.synth([audit('s3://acme-audit/sigma/first/')]);
  await ws.init();
  await ws.apply();
  ws.synth([audit('s3://acme-audit/sigma/second/')]);
  const plan = await ws.plan();
  expect(plan.exitCode).toBe(2);
  planText = plan.result.stdout;
  planJson = plan.json as unknown as PlanJson;
  actions = plannedActions(plan);
});

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

describe('the plan of a destination change', () => {
  test('replaces the settings resource only: -/+, 1 to add, 1 to destroy', () => {
    expect(actions).toEqual({ 'Audit/Identity': ['no-op'], 'Audit/Settings': ['delete', 'create'] });
    expect(planText).toMatch(/# terraform_data\.Audit_Settings_[0-9A-F]{8} must be replaced/);
    expect(planText).toMatch(/~ destination += "s3:\/\/acme-audit\/sigma\/first\/" -> "s3:\/\/acme-audit\/sigma\/second\/"/);
    expect(planText).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
  });

  test('keeps the id, the credentials and the trust policy built from them known: no change to those outputs', () => {
    for (const name of [OUT.integrationId, OUT.status, OUT.awsIamUserArn, OUT.awsExternalId, OUT.trustPolicy]) {
      expect({ name, actions: planJson.output_changes[name].actions, unknown: planJson.output_changes[name].after_unknown }).toEqual({
        name,
        actions: ['no-op'],
        unknown: false,
      });
    }
    expect(planJson.output_changes[OUT.destination]).toMatchObject({ actions: ['update'], after_unknown: true });
    expect(planText).toMatch(/# data\.external\.Audit_Destination_[0-9A-F]{8}\[0\]? will be read during apply|# data\.external\.Audit_Destination_[0-9A-F]{8} will be read during apply/);
    expect(planText).not.toMatch(/data\.external\.Audit_Credentials_[0-9A-F]{8} will be read during apply/);
  });

  test('is the plan the README quotes', () => {
    const missing = quotedPlan().filter((line) => !planText.includes(line.trimEnd()));
    expect(missing).toEqual([]);
  });

  test('applied, it updates the integration in place: same id and credentials, as planned', async () => {
    const before = sigma.integration(NAME);
    succeeded(await ws.apply());
    const after = sigma.integration(NAME);
    expect(after).toMatchObject({ integrationId: before.integrationId, credentials: before.credentials, destination: 's3://acme-audit/sigma/second/' });
    expect((await ws.outputs())[OUT.destination]).toBe('s3://acme-audit/sigma/second/');
    expect((await ws.plan()).exitCode).toBe(0);
  });
});

// The plan as it is, for the docs that quote it.
afterAll(() => {
  if (process.env.SIGMA_E2E_PRINT_PLAN === '1') console.log(planText);
});
