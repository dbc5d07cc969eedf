/**
 * One integration through its life, with the real Terraform: first deploy with `cdktf deploy`,
 * a second plan that changes nothing, destination changes (in place, linked exports paused or
 * repointed), name and cloud changes (a new integration), and `cdktf destroy`. Runs once per
 * engine the lane has (the built Terraform 1.5.7, a newer Terraform found on PATH, OpenTofu).
 */
import { trustPolicyDocument } from '../../src/aws/policies';
import { StorageCloud } from '../../src/destination/cloud';
import { LinkedExportsOnDestinationChange } from '../../src/sigma/options';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, plannedActions, succeeded } from './harness';
import { IntegrationDef, ROLE_ARN, TENANT_ID, outputNames } from './stacks';
import { Toolchain, toolchains } from './toolchain';

const NAME = 'e2e_lifecycle';
const OUT = outputNames('Audit');

function audit(overrides: Partial<IntegrationDef> = {}): IntegrationDef {
  return { id: 'Audit', integrationName: NAME, cloud: StorageCloud.AWS, destination: 's3://acme-audit/sigma/first/', ...overrides };
}

describe.each(toolchains())('with $engine $terraformVersion', (tools: Toolchain) => {
  let sigma: SigmaDouble;
  let ws: StackWorkspace;

  beforeAll(async () => {
    sigma = await SigmaDouble.start();
    ws = new StackWorkspace(sigma, 'lifecycle', { toolchain: tools });
  });

  afterAll(async () => {
    await sigma?.close();
    ws?.remove();
  });

  describe('an AWS integration through its life', () => {
    test('`cdktf deploy` from nothing creates a ready integration; outputs carry its credentials and the trust policy', async () => {
      const deployed = succeeded(await ws.cdktf('deploy', [audit()]));
      // The handler's progress reaches the user through Terraform.
      expect(deployed.stdout).toContain(`Creating Sigma integration '${NAME}'`);
      // The Terraform of this run wrote the state.
      expect((JSON.parse(ws.stateText()) as { terraform_version: string }).terraform_version).toBe(tools.terraformVersion);

      const integration = sigma.integration(NAME);
      expect(integration).toMatchObject({ cloud: 'aws', status: 'ready', destination: 's3://acme-audit/sigma/first/', roleArn: ROLE_ARN });
      const credentials = integration.credentials as { iamUserArn: string; externalId: string };

      const outputs = await ws.outputs();
      expect(outputs[OUT.integrationId]).toBe(integration.integrationId);
      expect(outputs[OUT.status]).toBe('ready');
      expect(outputs[OUT.awsIamUserArn]).toBe(credentials.iamUserArn);
      expect(outputs[OUT.awsExternalId]).toBe(credentials.externalId);
      expect(JSON.parse(outputs[OUT.trustPolicy])).toEqual(trustPolicyDocument(credentials));
    });

    test('a second plan changes nothing', async () => {
      const plan = await ws.plan();
      expect(plan.exitCode).toBe(0);
    });

    test('a new destination replaces only the settings resource: same integration, linked export paused', async () => {
      const before = sigma.integration(NAME);
      const nightly = await sigma.createExport(before.integrationId, 'nightly');
      expect(nightly.status).toBe('active');

      ws.synth([audit({ destination: 's3://acme-audit/sigma/second/' })]);
      const plan = await ws.plan();
      expect(plan.exitCode).toBe(2);
      expect(plannedActions(plan)).toEqual({ 'Audit/Identity': ['no-op'], 'Audit/Settings': ['delete', 'create'] });

      const applied = await ws.applyPlan(plan);
      expect(applied.stdout).toContain('Changing the destination');
      const after = sigma.integration(NAME);
      expect(after.integrationId).toBe(before.integrationId);
      expect(after.credentials).toEqual(before.credentials);
      expect(after.destination).toBe('s3://acme-audit/sigma/second/');
      expect(sigma.exportById(nightly.exportId)).toMatchObject({ status: 'paused', pausedReason: 'integration_destination_changed' });

      const outputs = await ws.outputs();
      expect(outputs[OUT.integrationId]).toBe(before.integrationId);
      expect(outputs[OUT.destination]).toBe('s3://acme-audit/sigma/second/');
      expect((await ws.plan()).exitCode).toBe(0);
    });

    test('with linkedExportsOnDestinationChange=update, a new destination repoints the linked export instead', async () => {
      const before = sigma.integration(NAME);
      const hourly = await sigma.createExport(before.integrationId, 'hourly');

      ws.synth([audit({ destination: 's3://acme-audit/sigma/third/', linkedExportsOnDestinationChange: LinkedExportsOnDestinationChange.UPDATE })]);
      await ws.apply();

      const after = sigma.integration(NAME);
      expect(after.integrationId).toBe(before.integrationId);
      expect(after.destination).toBe('s3://acme-audit/sigma/third/');
      expect(sigma.exportById(hourly.exportId)).toMatchObject({ status: 'active', pausedReason: null, destination: 's3://acme-audit/sigma/third/' });
      expect((await ws.plan()).exitCode).toBe(0);
    });

    test('a new name deletes the old integration (its linked export paused) and creates a new one', async () => {
      const old = sigma.integration(NAME);
      const weekly = await sigma.createExport(old.integrationId, 'weekly');
      const renamed = `${NAME}_renamed`;

      ws.synth([audit({ integrationName: renamed, destination: 's3://acme-audit/sigma/third/' })]);
      const plan = await ws.plan();
      const replaced = ['delete', 'create'];
      expect(plannedActions(plan)).toEqual({
        'Audit/Claim': replaced,
        'Audit/Identity': replaced,
        'Audit/Owner': replaced,
        'Audit/Removal': replaced,
        'Audit/Settings': replaced,
      });
      await ws.applyPlan(plan);

      expect(sigma.integrationsNamed(NAME)).toEqual([]);
      expect(sigma.exportById(weekly.exportId)).toMatchObject({ status: 'paused', pausedReason: 'integration_deleted' });
      const created = sigma.integration(renamed);
      expect(created.integrationId).not.toBe(old.integrationId);
      expect(created.status).toBe('ready');
      expect(created.credentials).not.toEqual(old.credentials);

      const outputs = await ws.outputs();
      expect(outputs[OUT.integrationId]).toBe(created.integrationId);
      expect(JSON.parse(outputs[OUT.trustPolicy])).toEqual(trustPolicyDocument(created.credentials as { iamUserArn: string; externalId: string }));
      expect((await ws.plan()).exitCode).toBe(0);
    });

    test('a new cloud (AWS to GCP, same name) deletes the AWS integration and creates a GCP one', async () => {
      const renamed = `${NAME}_renamed`;
      const old = sigma.integration(renamed);

      ws.synth([audit({ integrationName: renamed, cloud: StorageCloud.GCP, destination: 'gcs://acme-audit/sigma/' })]);
      await ws.apply();

      const created = sigma.integration(renamed);
      expect(created.integrationId).not.toBe(old.integrationId);
      expect(created).toMatchObject({ cloud: 'gcp', status: 'ready', destination: 'gcs://acme-audit/sigma/' });
      expect(sigma.emulator.state().integrations.map((i) => i.integrationId)).not.toContain(old.integrationId);

      const outputs = await ws.outputs();
      expect(outputs[OUT.integrationId]).toBe(created.integrationId);
      expect(outputs[OUT.gcpServiceAccount]).toBe((created.credentials as { serviceAccount: string }).serviceAccount);
      expect((await ws.plan()).exitCode).toBe(0);
    });

    test('`cdktf destroy` deletes the integration and pauses its linked export', async () => {
      const renamed = `${NAME}_renamed`;
      const integration = sigma.integration(renamed);
      const daily = await sigma.createExport(integration.integrationId, 'daily');

      succeeded(await ws.cdktf('destroy', [audit({ integrationName: renamed, cloud: StorageCloud.GCP, destination: 'gcs://acme-audit/sigma/' })]));

      expect(sigma.emulator.state().integrations).toEqual([]);
      expect(sigma.exportById(daily.exportId)).toMatchObject({ status: 'paused', pausedReason: 'integration_deleted' });
    });

    test('no client secret or token in any output, log, plan, state or synthesized file', () => {
      expect(sigma.issuedTokenCount).toBeGreaterThan(0);
      expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
    });
  });

  describe('an Azure integration', () => {
    let azure: StackWorkspace;
    const name = 'e2e_azure';
    const out = outputNames('Blob');
    const blob: IntegrationDef = {
      id: 'Blob',
      integrationName: name,
      cloud: StorageCloud.AZURE,
      destination: 'azure://acmeaudit.blob.core.windows.net/audit-logs/sigma',
    };

    beforeAll(() => {
      azure = new StackWorkspace(sigma, 'azure', { toolchain: tools });
    });
    afterAll(() => azure?.remove());

    test('deploys with the tenant id; outputs carry the consent URL, the app name and the app client id', async () => {
      azure.synth([blob]);
      await azure.init();
      await azure.apply();

      const integration = sigma.integration(name);
      expect(integration).toMatchObject({
        cloud: 'azure',
        status: 'ready',
        tenantId: TENANT_ID,
        destination: 'azure://acmeaudit.blob.core.windows.net/audit-logs/sigma/',
      });
      const credentials = integration.credentials as { consentUrl: string; multiTenantAppName: string };
      const outputs = await azure.outputs();
      expect(outputs[out.azureConsentUrl]).toBe(credentials.consentUrl);
      expect(outputs[out.azureMultiTenantAppName]).toBe(credentials.multiTenantAppName);
      expect(outputs[out.azureAppClientId]).toBe(new URL(credentials.consentUrl).searchParams.get('client_id'));
      expect((await azure.plan()).exitCode).toBe(0);

      await azure.destroy();
      expect(sigma.integrationsNamed(name)).toEqual([]);
    });
  });
});
