/**
 * Changes made behind Terraform's back: the plan fails and names the repair command; one
 * `reconcile --auto-approve` repairs Sigma and what depends on the credentials (the trust policy
 * the stack renders from them, in an output and as the input of a resource standing in for the
 * AWS role), and the plan is clean again.
 */
import type { Integration } from '../../src/client/contract';
import { StorageCloud } from '../../src/destination/cloud';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, flattened, succeeded } from './harness';
import { IntegrationDef, outputNames } from './stacks';
import { Toolchain, toolchains } from './toolchain';

const NAME = 'e2e_drift';
const DESTINATION = 's3://acme-audit/sigma/drift/';
const OUT = outputNames('Audit');
const audit: IntegrationDef = { id: 'Audit', integrationName: NAME, cloud: StorageCloud.AWS, destination: DESTINATION, roleStandIn: true };

// Once per engine the lane has: Terraform 1.5.7, a newer Terraform found on PATH, OpenTofu.
describe.each(toolchains())('with $engine $terraformVersion', (tools: Toolchain) => {
  let sigma: SigmaDouble;
  let ws: StackWorkspace;

  beforeAll(async () => {
    sigma = await SigmaDouble.start();
    ws = new StackWorkspace(sigma, 'drift', { toolchain: tools });
    ws.synth([audit]);
    await ws.init();
    await ws.apply();
  });

  afterAll(async () => {
    await sigma?.close();
    ws?.remove();
  });

  /** What the role's trust policy would hold for these credentials (the stack's stand-in for the role). */
  function trustFor(integration: Integration): { principal: string; externalId: string } {
    const { iamUserArn, externalId } = integration.credentials as { iamUserArn: string; externalId: string };
    return { principal: iamUserArn, externalId };
  }

  function trustIn(outputs: Record<string, string>): { principal: string; externalId: string } {
    return trustOf(outputs[OUT.trustPolicy]);
  }

  type Trust = { principal: string; externalId: string };

  function trustOf(policyJson: string): Trust {
    const [statement] = (JSON.parse(policyJson) as { Statement: Array<{ Principal: { AWS: string }; Condition: { StringEquals: Record<string, string> } }> }).Statement;
    return { principal: statement.Principal.AWS, externalId: statement.Condition.StringEquals['sts:ExternalId'] };
  }

  /** The trust policy the role's stand-in holds in the state: what the AWS role would have been given. */
  async function trustOfRoleInState(): Promise<Trust> {
    const shown = JSON.parse(succeeded(await ws.terraform(['show', '-json', '-no-color'])).stdout) as {
      values: { root_module: { resources: Array<{ address: string; values: { input: { assumeRolePolicy: string } } }> } };
    };
    const role = shown.values.root_module.resources.find((resource) => resource.address === 'terraform_data.Audit_Role');
    if (role === undefined) throw new Error('no terraform_data.Audit_Role in the state');
    return trustOf(role.values.input.assumeRolePolicy);
  }

  describe('an integration changed outside Terraform', () => {
    test('deleted through the API: the plan fails naming reconcile; one reconcile recreates it and updates the trust policy to its new credentials', async () => {
      const original = sigma.integration(NAME);
      await sigma.client.deleteIntegration(original.integrationId, false);

      const failed = await ws.plan();
      expect(failed.exitCode).toBe(1);
      const message = flattened(failed.result.stderr + failed.result.stdout);
      expect(message).toContain(`no audit-log storage integration named '${NAME}'`);
      expect(message).toContain(`npx sigma-audit-logs reconcile ${ws.stackDir}`);

      const repair = succeeded(await ws.reconcile());
      expect(repair.stdout).toContain(`  ${NAME}: missing in Sigma\n`);
      expect(repair.stdout).toMatch(/# terraform_data\.Audit_Settings_[0-9A-F]{8} will be replaced, as requested/);
      const recreated = sigma.integration(NAME);
      expect(recreated).toMatchObject({ status: 'ready', destination: DESTINATION });
      expect(recreated.integrationId).not.toBe(original.integrationId);
      expect(trustFor(recreated)).not.toEqual(trustFor(original));

      // The same run read the new credentials and rendered the trust policy from them: no other apply.
      const outputs = await ws.outputs();
      expect(outputs[OUT.integrationId]).toBe(recreated.integrationId);
      expect(trustIn(outputs)).toEqual(trustFor(recreated));
      // The role's input too: what AWS would trust is the recreated integration's identity.
      expect(await trustOfRoleInState()).toEqual(trustFor(recreated));
      expect(repair.stdout).toMatch(/# terraform_data\.Audit_Role will be updated in-place/);
      expect((await ws.plan()).exitCode).toBe(0);
      expect(sigma.integrationsNamed(NAME)).toHaveLength(1);
    });

    test('destination changed through the API: the plan fails naming both destinations and reconcile; one reconcile sets it back', async () => {
      const integration = sigma.integration(NAME);
      await sigma.client.updateIntegrationDestination(integration.integrationId, 's3://elsewhere/audit/', false);

      const failed = await ws.plan();
      expect(failed.exitCode).toBe(1);
      const message = flattened(failed.result.stderr + failed.result.stdout);
      expect(message).toContain('s3://elsewhere/audit/');
      expect(message).toContain(DESTINATION);
      expect(message).toContain(`npx sigma-audit-logs reconcile ${ws.stackDir}`);

      const repair = succeeded(await ws.reconcile());
      expect(repair.stdout).toContain(`  ${NAME}: destination is s3://elsewhere/audit/ in Sigma, ${DESTINATION} declared\n`);
      expect(sigma.integration(NAME)).toMatchObject({ integrationId: integration.integrationId, destination: DESTINATION });
      // Same integration, same credentials: the trust policy stays as it was.
      expect(trustIn(await ws.outputs())).toEqual(trustFor(integration));
      expect(await trustOfRoleInState()).toEqual(trustFor(integration));
      expect((await ws.plan()).exitCode).toBe(0);
    });

    test('no client secret or token in any output, log, plan, state or synthesized file', () => {
      expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
    });
  });
});
