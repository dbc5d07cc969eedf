/**
 * `sigma-audit-logs reconcile` with the real Terraform: it finds the integrations in the state of
 * a deployed stack (whatever Terraform computed their values from), asks Sigma which drifted,
 * and replaces only their resources (settings; identity too for a deleted one) with
 * `terraform apply -replace`, after Terraform's own approval unless `--auto-approve`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { StorageCloud } from '../../src/destination/cloud';
import { SETTINGS_MARKER_KEY } from '../../src/handler/spec';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, flattened, succeeded } from './harness';
import { IntegrationDef, ROLE_ARN, outputNames } from './stacks';
import { Toolchain, toolchains } from './toolchain';

/** Its destination's bucket is another resource's output: an expression in cdk.tf.json. */
const computed: IntegrationDef = {
  id: 'Audit',
  integrationName: 'e2e_reconcile_gcp',
  cloud: StorageCloud.GCP,
  destination: 'gcs://acme-e2e-audit/sigma',
  computedDestination: true,
};
/** With a resource that depends on its credentials (a stand-in for the AWS role). */
const other: IntegrationDef = { id: 'Other', integrationName: 'e2e_reconcile_aws', cloud: StorageCloud.AWS, destination: 's3://acme-e2e-audit/other/', roleStandIn: true };

// Once per engine the lane has: Terraform 1.5.7, a newer Terraform found on PATH, OpenTofu.
describe.each(toolchains())('with $engine $terraformVersion', (tools: Toolchain) => {
  let sigma: SigmaDouble;
  let ws: StackWorkspace;

  beforeAll(async () => {
    sigma = await SigmaDouble.start();
    ws = new StackWorkspace(sigma, 'reconcile', { toolchain: tools });
    ws.synth([computed, other]);
    await ws.init();
    await ws.apply();
  });

  afterAll(async () => {
    await sigma?.close();
    ws?.remove();
  });

  /** The state's serial: it grows with every apply that changes the state. */
  function serial(): number {
    return (JSON.parse(ws.stateText()) as { serial: number }).serial;
  }

  test('nothing drifted: says so, exits 0, and runs no apply', async () => {
    const before = serial();
    const result = succeeded(await ws.reconcile());
    expect(result.stdout).toBe(
      `Checking the 2 Sigma integrations of the Terraform state in ${ws.stackDir}:\n` +
        '  e2e_reconcile_gcp: as declared\n  e2e_reconcile_aws: as declared\nNothing drifted: nothing to repair.\n',
    );
    expect(serial()).toBe(before);
  });

  test('a deleted integration whose destination Terraform computes: only its identity and settings are replaced, and the plan is clean', async () => {
    const deleted = sigma.integration(computed.integrationName);
    const untouched = sigma.integration(other.integrationName);
    await sigma.client.deleteIntegration(deleted.integrationId, false);

    const result = succeeded(await ws.reconcile());
    expect(result.stdout).toContain('  e2e_reconcile_gcp: missing in Sigma\n  e2e_reconcile_aws: as declared\n');
    expect(result.stdout.match(/will be replaced, as requested/g)).toHaveLength(2);
    expect(result.stdout).toMatch(/# terraform_data\.Audit_Identity_[0-9A-F]{8} will be replaced, as requested/);
    expect(result.stdout).toMatch(/# terraform_data\.Audit_Settings_[0-9A-F]{8} will be replaced, as requested/);
    // With identity, the record of its id and the removal step of the old one (which finds nothing to delete).
    expect(result.stdout).toMatch(/# terraform_data\.Audit_Owner_[0-9A-F]{8} must be replaced/);
    expect(result.stdout).toMatch(/# terraform_data\.Audit_Removal_[0-9A-F]{8} must be replaced/);
    expect(result.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 4 destroyed.');

    const recreated = sigma.integration(computed.integrationName);
    expect(recreated).toMatchObject({ destination: 'gcs://acme-e2e-audit/sigma/', status: 'ready' });
    expect(recreated.integrationId).not.toBe(deleted.integrationId);
    expect(sigma.integration(other.integrationName)).toEqual(untouched);
    expect((await ws.outputs())[outputNames('Audit').gcpServiceAccount]).toBe((recreated.credentials as { serviceAccount: string }).serviceAccount);
    const clean = await ws.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect(clean.code).toBe(0);
  });

  test("without --auto-approve Terraform shows its plan and asks: 'no' changes nothing, 'yes' repairs", async () => {
    const drifted = sigma.integration(other.integrationName);
    await sigma.client.updateIntegrationDestination(drifted.integrationId, 's3://elsewhere/audit/', false);
    const before = serial();

    const declined = await ws.reconcile([], 'no\n');
    expect(declined.code).toBe(1);
    expect(declined.stdout).toMatch(/# terraform_data\.Other_Settings_[0-9A-F]{8} will be replaced, as requested/);
    expect(declined.stdout).toContain('Do you want to perform these actions?');
    expect(declined.stdout + declined.stderr).toContain('Apply cancelled.');
    expect(sigma.integration(other.integrationName).destination).toBe('s3://elsewhere/audit/');
    expect(serial()).toBe(before);

    succeeded(await ws.reconcile([], 'yes\n'));
    expect(sigma.integration(other.integrationName)).toMatchObject({ integrationId: drifted.integrationId, destination: other.destination });
    expect((await ws.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  });

  test('one deleted, and its neighbour deleted with its name taken by an integration still pending: the first is repaired in one apply targeted around the other, which is reported; exit 3', async () => {
    const deleted = sigma.integration(computed.integrationName);
    await sigma.client.deleteIntegration(deleted.integrationId, false);
    await sigma.client.deleteIntegration(sigma.integration(other.integrationName).integrationId, false);
    // Pending for two minutes; what the apply creates afterwards is ready at once.
    sigma.emulator.configure({ provisioningDelayMs: 120_000 });
    const taker = await sigma.client.createIntegration({ name: other.integrationName, cloud: 'aws', destination: other.destination, roleArn: ROLE_ARN });
    sigma.emulator.configure({ provisioningDelayMs: 150 });
    const started = Date.now();
    const result = await ws.reconcile();
    // Nothing is waited for (the stack's credentialsTimeoutSeconds is 60).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('  e2e_reconcile_gcp: missing in Sigma\n  e2e_reconcile_aws: not repaired: deleted in Sigma, and another integration holds its name\n');
    expect(result.stdout).toMatch(/# terraform_data\.Audit_Identity_[0-9A-F]{8} will be replaced, as requested/);
    // Neither its resources nor the role built from its credentials are in the apply: their plan would read it.
    expect(result.stdout).not.toMatch(/terraform_data\.Other_/);
    expect(result.stdout).toMatch(/-target=terraform_data\.Audit_Identity_[0-9A-F]{8}/);
    expect(result.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 4 destroyed.');
    expect(flattened(result.stderr)).toContain(`The name is now held by integration ${taker.integrationId}, which this stack does not own`);
    expect(sigma.integration(computed.integrationName)).toMatchObject({ status: 'ready', destination: 'gcs://acme-e2e-audit/sigma/' });
    // The other integration, which this stack does not own, is left as it is.
    expect(sigma.integration(other.integrationName).integrationId).toBe(taker.integrationId);
  });

  test('no client secret or token in any output, log, plan, state or synthesized file', () => {
    expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
  });

  describe('a stack with an input variable', () => {
    const def: IntegrationDef = {
      id: 'Vars',
      integrationName: 'e2e_reconcile_vars',
      cloud: StorageCloud.AWS,
      destination: 's3://bucket-from-variable/vars/',
      bucketVariable: 'audit_bucket',
    };
    let vars: StackWorkspace;

    afterAll(() => vars?.remove());

    test('reconcile --auto-approve asks Terraform for nothing: without the value it fails naming the variable; with --var it repairs', async () => {
      vars = new StackWorkspace(sigma, 'vars', { toolchain: tools });
      vars.synth([def]);
      vars.environment = { TF_VAR_audit_bucket: 'acme-e2e-vars' };
      await vars.init();
      await vars.apply();
      const original = sigma.integration(def.integrationName);
      expect(original.destination).toBe('s3://acme-e2e-vars/vars/');
      await sigma.client.deleteIntegration(original.integrationId, false);

      // A pipeline that gives the deploy its variables through the environment, but not reconcile.
      vars.environment = {};
      const without = await vars.reconcile();
      expect(without.code).toBe(1);
      expect(flattened(without.stdout + without.stderr)).toContain('No value for required variable');
      expect(sigma.integrationsNamed(def.integrationName)).toEqual([]);

      const repaired = succeeded(await vars.reconcile(['--auto-approve', '--var', 'audit_bucket=acme-e2e-vars', '--lock-timeout', '30s', '--parallelism', '2']));
      // reconcile's own line names the variable, not its value (Terraform's plan shows where it is used).
      const line = repaired.stdout.split('\n').find((l) => l.startsWith('Replacing the resources of the drifted integrations: terraform apply'));
      expect(line).toContain('-var audit_bucket=… -lock-timeout=30s -parallelism=2 -auto-approve -input=false');
      expect(line).not.toContain('acme-e2e-vars');
      expect(sigma.integration(def.integrationName)).toMatchObject({ status: 'ready', destination: 's3://acme-e2e-vars/vars/' });
      vars.environment = { TF_VAR_audit_bucket: 'acme-e2e-vars' };
      expect((await vars.plan()).exitCode).toBe(0);
    });
  });

  describe('a stack deployed before the Settings resources carried the marker', () => {
    let old: StackWorkspace;

    afterAll(() => old?.remove());

    /** The stack as an older version synthesized it: Settings without `input`. */
    function withoutMarker(): void {
      const file = path.join(old.stackDir, 'cdk.tf.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as { resource: { terraform_data: Record<string, { input?: Record<string, unknown> }> } };
      for (const resource of Object.values(json.resource.terraform_data)) {
        if (resource.input?.[SETTINGS_MARKER_KEY] !== undefined) delete resource.input;
      }
      writeFileSync(file, JSON.stringify(json));
    }

    test('deleted: the plan stops on it; reconcile names the apply that creates it again and records the marker and its id', async () => {
      const def: IntegrationDef = { id: 'Legacy', integrationName: 'e2e_reconcile_legacy', cloud: StorageCloud.AWS, destination: 's3://acme-e2e-audit/legacy/' };
      old = new StackWorkspace(sigma, 'legacy', { toolchain: tools });
      old.synth([def]);
      withoutMarker();
      await old.init();
      await old.apply();
      await sigma.client.deleteIntegration(sigma.integration(def.integrationName).integrationId, false);

      const refused = await old.reconcile();
      expect(refused.code).toBe(2);
      expect(flattened(refused.stderr)).toContain(`The Terraform state of ${old.stackDir} holds no Sigma integration to check`);

      old.synth([def]);
      // The credentials are read while planning (identity does not change): the deletion stops the plan.
      const upgrade = await old.plan();
      expect(upgrade.exitCode).toBe(1);
      expect(flattened(upgrade.result.stderr)).toContain(`npx sigma-audit-logs reconcile ${old.stackDir}`);
      const named = flattened((await old.reconcile()).stderr);
      const replace = /`terraform (apply -replace=terraform_data\.Legacy_Identity_[0-9A-F]{8} -replace=terraform_data\.Legacy_Settings_[0-9A-F]{8})`/.exec(named);
      expect(replace).not.toBeNull();
      // What the message says: creates the integration again, and records the marker and its id.
      succeeded(await old.terraform([...replace![1].split(' '), '-auto-approve', '-input=false', '-no-color']));
      expect(sigma.integration(def.integrationName).status).toBe('ready');
      expect(succeeded(await old.reconcile()).stdout).toContain('  e2e_reconcile_legacy: as declared\n');
      expect((await old.plan()).exitCode).toBe(0);
    });

    test('no client secret or token in any of its outputs, logs, plans or state', () => {
      expect(artifactsWithSecrets(old.artifacts(), sigma.secrets())).toEqual([]);
    });
  });
});
