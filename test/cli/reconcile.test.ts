/**
 * `sigma-audit-logs reconcile <stack dir>` on stacks synthesized by cdktf, against the emulator
 * over loopback. Values the stack's JSON cannot give come from a stand-in `terraform` here; the
 * real Terraform is exercised in reconcile-terraform.test.ts.
 */
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsAuditLogIntegration, SigmaAuditLogStorageIntegration, StorageCloud } from '../../src';
import type { CliEnvironment } from '../../src/cli/program';
import type { Integration } from '../../src/client/contract';
import { ADMIN, FAST, Sigma, cli, createReady, expectNoSecretPrinted, removeTempDirs, startSigma, tempDir } from './helpers';
import { FakeTerraform, SynthesizedStack, fakeTerraform, resourcesOf, stateJson, synthStack } from './stack';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/sigma-audit-literal';
const ACCOUNT = '210987654321';

let sigma: Sigma;
let terraform: FakeTerraform;

beforeAll(async () => {
  sigma = await startSigma();
  terraform = fakeTerraform();
});

afterAll(async () => {
  await sigma?.close();
  removeTempDirs();
});

beforeEach(() => {
  sigma.emulator.reset();
  terraform.setState(undefined);
  terraform.setFailure(undefined);
});

/** What a user's shell would hold; SIGMA_API_URL sends the calls through the recording proxy. */
function env(extra: Record<string, string | undefined> = {}): CliEnvironment {
  return { PATH: process.env.PATH, ...ADMIN, ...FAST, SIGMA_API_URL: sigma.proxy.url, TERRAFORM_BINARY: terraform.binary, ...extra };
}

function integrationsInSigma(): Integration[] {
  return sigma.emulator.state().integrations;
}

/** API calls that change something, made since `from`. */
function changesSince(from: number): string[] {
  return sigma.emulator
    .requests()
    .slice(from)
    .filter((r) => r.method !== 'GET' && r.path.startsWith('/v2/audit-logs'))
    .map((r) => `${r.method} ${r.path}`);
}

/** A stack with a gcp and an aws integration, every value literal. */
function literalStack(): SynthesizedStack {
  return synthStack((stack) => {
    new SigmaAuditLogStorageIntegration(stack, 'Gcp', {
      cloud: StorageCloud.GCP,
      destination: 'gcs://acme-audit/gcp',
      integrationName: 'audit_gcp',
      apiUrl: sigma.emulator.url,
      credentialsTimeoutSeconds: 30,
    });
    new SigmaAuditLogStorageIntegration(stack, 'Aws', {
      cloud: StorageCloud.AWS,
      destination: 's3://acme-audit/aws/',
      roleArn: ROLE_ARN,
      integrationName: 'audit_aws',
      apiUrl: sigma.emulator.url,
      credentialsTimeoutSeconds: 30,
    });
  });
}

/** An AwsAuditLogIntegration: its role ARN is built from data sources, so it is an expression in the stack. */
function expressionStack(): { stack: SynthesizedStack; roleName: string } {
  let roleName = '';
  const stack = synthStack((s) => {
    new AwsProvider(s, 'aws', { region: 'us-east-1' });
    const integration = new AwsAuditLogIntegration(s, 'AuditLogs', {
      bucketName: 'acme-audit',
      prefix: 'sigma',
      integrationName: 'audit_expr',
      apiUrl: sigma.emulator.url,
      credentialsTimeoutSeconds: 30,
    });
    roleName = integration.roleName;
  });
  return { stack, roleName };
}

/** The state an earlier `cdktf deploy` of expressionStack() would have left, with this role ARN. */
function deployedState(stack: SynthesizedStack, roleArn: string): string {
  const { identity, settings } = resourcesOf(stack, 'AuditLogs');
  return stateJson({
    [`terraform_data.${identity[0]}`]: { id: 'a1', input: { ...identity[1].input, roleArn }, triggers_replace: { ...identity[1].triggers_replace, roleArn } },
    [`terraform_data.${settings[0]}`]: { id: 'b2', input: null, triggers_replace: { ...settings[1].triggers_replace, identity: 'a1' } },
  });
}

describe('literal values', () => {
  test('creates every declared integration, waits until ready, and a second run changes nothing', async () => {
    const stack = literalStack();
    const first = await cli(['reconcile', stack.dir], env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Reconciling the 2 Sigma integrations declared in ${path.join(stack.dir, 'cdk.tf.json')}.`);
    // In the order of cdk.tf.json, where cdktf sorts resources by id.
    expect(first.stdout).toContain('[1/2] prod/Aws\n');
    expect(first.stdout).toContain('[2/2] prod/Gcp\n');
    // The handler's own progress lines, indented under the heading.
    expect(first.stdout).toContain("  Creating Sigma integration 'audit_gcp' (gcp, gcs://acme-audit/gcp/).");
    expect(first.stdout).toContain('  => audit_gcp: created\n');
    expect(first.stdout).toContain('  => audit_aws: created\n');
    expect(first.stdout).toContain('Summary: 2 created, 0 updated, 0 unchanged, 0 skipped (disabled), 0 failed.');
    expect(integrationsInSigma().map((i) => [i.name, i.cloud, i.destination, i.roleArn, i.status])).toEqual([
      ['audit_aws', 'aws', 's3://acme-audit/aws/', ROLE_ARN, 'ready'],
      ['audit_gcp', 'gcp', 'gcs://acme-audit/gcp/', undefined, 'ready'],
    ]);

    const from = sigma.emulator.requests().length;
    const second = await cli(['reconcile', stack.dir], env());
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('  => audit_gcp: unchanged (already as declared)\n');
    expect(second.stdout).toContain('Summary: 0 created, 0 updated, 2 unchanged, 0 skipped (disabled), 0 failed.');
    expect(changesSince(from)).toEqual([]);
    // Every value was literal: Terraform was never asked.
    expect(terraform.calls()).toEqual([]);
  });

  test('an integration deleted behind Terraform\'s back is created again; a changed destination is set back', async () => {
    const stack = literalStack();
    expect((await cli(['reconcile', stack.dir], env())).code).toBe(0);
    const [aws, gcp] = integrationsInSigma();
    await sigma.admin.deleteIntegration(gcp.integrationId, false);
    await sigma.admin.updateIntegrationDestination(aws.integrationId, 's3://acme-audit/elsewhere/', false);

    const result = await cli(['reconcile', stack.dir], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  => audit_gcp: created\n');
    expect(result.stdout).toContain('from s3://acme-audit/elsewhere/ to s3://acme-audit/aws/');
    expect(result.stdout).toContain('  => audit_aws: updated\n');
    const after = integrationsInSigma();
    expect(after.map((i) => [i.name, i.destination, i.status])).toEqual([
      ['audit_aws', 's3://acme-audit/aws/', 'ready'],
      ['audit_gcp', 'gcs://acme-audit/gcp/', 'ready'],
    ]);
    expect(after.find((i) => i.name === 'audit_gcp')?.integrationId).not.toBe(gcp.integrationId);
    expect(after.find((i) => i.name === 'audit_aws')?.integrationId).toBe(aws.integrationId);
  });

  test('the path of cdk.tf.json itself is accepted', async () => {
    const stack = literalStack();
    const result = await cli(['reconcile', path.join(stack.dir, 'cdk.tf.json')], env());
    expect(result.code).toBe(0);
    expect(integrationsInSigma()).toHaveLength(2);
  });
});

describe('disabled integrations', () => {
  test('are skipped, saying so; the others are reconciled', async () => {
    const stack = synthStack((s) => {
      new SigmaAuditLogStorageIntegration(s, 'On', { cloud: StorageCloud.GCP, destination: 'gcs://acme-audit/on', integrationName: 'audit_on', apiUrl: sigma.emulator.url });
      new SigmaAuditLogStorageIntegration(s, 'Off', {
        cloud: StorageCloud.GCP,
        destination: 'gcs://acme-audit/off',
        integrationName: 'audit_off',
        apiUrl: sigma.emulator.url,
        enabled: false,
      });
    });
    const result = await cli(['reconcile', stack.dir], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[1/2] prod/Off\n  => skipped: declared with enabled: false (count = 0)');
    expect(result.stdout).toContain('Summary: 1 created, 0 updated, 0 unchanged, 1 skipped (disabled), 0 failed.');
    expect(integrationsInSigma().map((i) => i.name)).toEqual(['audit_on']);
  });

  test('a stack whose integrations are all disabled needs no credentials', async () => {
    const stack = synthStack((s) => {
      new SigmaAuditLogStorageIntegration(s, 'Off', { cloud: StorageCloud.GCP, destination: 'gcs://acme-audit/off', integrationName: 'audit_off', enabled: false });
    });
    const result = await cli(['reconcile', stack.dir], env({ SIGMA_CLIENT_ID: undefined, SIGMA_CLIENT_SECRET: undefined }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 skipped (disabled)');
  });
});

describe('values that are Terraform expressions', () => {
  test('without a Terraform state: a clear error naming the value and what to do; nothing is created', async () => {
    const { stack } = expressionStack();
    const result = await cli(['reconcile', stack.dir], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: prod/AuditLogs/Integration: roleArn is the Terraform expression `"arn:${data.aws_partition.');
    expect(result.stderr).toContain('which cdk.tf.json alone cannot give, and it could not be resolved from the Terraform state');
    expect(result.stderr).toContain(`the stack in ${stack.dir} has no Terraform state yet (it was never deployed from here)`);
    expect(result.stderr).toContain('run `cdktf deploy` once');
    expect(result.stderr).toContain("or declare the value literally in the construct (for example roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs')");
    expect(result.stdout).toContain('  => audit_expr: failed (spec_value_unresolved)');
    expect(result.stderr).toContain('error: 1 of 1 integration could not be reconciled: audit_expr (spec_value_unresolved)');
    expect(integrationsInSigma()).toEqual([]);
    // `terraform show -json` ran in the stack directory, without the Sigma client secret.
    expect(terraform.calls()).toEqual([{ args: ['show', '-json', '-no-color'], cwd: stack.dir, sawClientSecret: false }]);
  });

  test('with the applied value in the Terraform state: resolved from it, then applied; a rerun changes nothing', async () => {
    const { stack, roleName } = expressionStack();
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
    terraform.setState(deployedState(stack, roleArn));
    const { identity } = resourcesOf(stack, 'AuditLogs');

    const result = await cli(['reconcile', stack.dir], env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`  roleArn = ${roleArn} (from the Terraform state: terraform_data.${identity[0]}.input)\n`);
    expect(result.stdout).toContain('  => audit_expr: created\n');
    expect(integrationsInSigma().map((i) => [i.name, i.roleArn, i.destination, i.status])).toEqual([
      ['audit_expr', roleArn, 's3://acme-audit/sigma/', 'ready'],
    ]);

    const from = sigma.emulator.requests().length;
    expect((await cli(['reconcile', stack.dir], env())).stdout).toContain('  => audit_expr: unchanged');
    expect(changesSince(from)).toEqual([]);
  });

  test('a state value the current code no longer produces (role renamed since the last deploy) is refused', async () => {
    const { stack } = expressionStack();
    terraform.setState(deployedState(stack, `arn:aws:iam::${ACCOUNT}:role/renamed-since`));
    const result = await cli(['reconcile', stack.dir], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the Terraform state holds "arn:aws:iam::${ACCOUNT}:role/renamed-since"`);
    expect(result.stderr).toContain('which the current configuration no longer produces: the stack was changed since its last deploy');
    expect(integrationsInSigma()).toEqual([]);
  });

  test('a state without this integration: says it was never deployed', async () => {
    const { stack } = expressionStack();
    terraform.setState(stateJson({ 'terraform_data.unrelated': { id: 'x', input: { a: 'b' } } }));
    const result = await cli(['reconcile', stack.dir], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the Terraform state has no applied value for it \(it has no terraform_data\.AuditLogs_Integration_Identity_[0-9A-F]+: the integration was never deployed from here\)/);
  });

  test('Terraform failing (stack never initialized here): its error line and what it means', async () => {
    const { stack } = expressionStack();
    terraform.setFailure(
      '╷\n│ Error: Backend initialization required, please run "terraform init"\n│\n│ Reason: Initial configuration of the requested backend "local"\n╵\n',
    );
    const result = await cli(['reconcile', stack.dir], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '`terraform show -json` in ' + stack.dir + ' exited with 1: Error: Backend initialization required, please run "terraform init"',
    );
    expect(result.stderr).toContain('was not initialized by `terraform init`');
  });

  test('no Terraform to run: says to install it or set TERRAFORM_BINARY', async () => {
    const { stack } = expressionStack();
    const emptyPath = tempDir('sigma-cli-empty-path-');
    const onPath = await cli(['reconcile', stack.dir], env({ TERRAFORM_BINARY: undefined, PATH: emptyPath }));
    expect(onPath.code).toBe(2);
    expect(onPath.stderr).toContain('Terraform could not be run (`terraform` is not on PATH); install it, or set TERRAFORM_BINARY to its path');

    const missing = path.join(emptyPath, 'terraform-1.5.7');
    const configured = await cli(['reconcile', stack.dir], env({ TERRAFORM_BINARY: missing }));
    expect(configured.code).toBe(2);
    expect(configured.stderr).toContain(`TERRAFORM_BINARY is \`${missing}\`, which could not be run (ENOENT)`);
  });
});

describe('failures', () => {
  test('one integration failing does not stop the others; the exit code is the failure\'s (3: not the declared identity)', async () => {
    // `audit_aws` exists already with another role: it is not the integration this stack declares.
    await createReady(sigma.admin, { name: 'audit_aws', cloud: 'aws', destination: 's3://acme-audit/aws/', roleArn: 'arn:aws:iam::123456789012:role/other' });
    const stack = literalStack();
    const result = await cli(['reconcile', stack.dir], env());
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('  => audit_gcp: created\n');
    expect(result.stdout).toContain('  => audit_aws: failed (identity_mismatch)\n');
    expect(result.stdout).toContain('Summary: 1 created, 0 updated, 0 unchanged, 0 skipped (disabled), 1 failed.');
    expect(result.stderr).toContain("error: prod/Aws: Sigma integration 'audit_aws'");
    expect(result.stderr).toContain('error: 1 of 2 integrations could not be reconciled: audit_aws (identity_mismatch)');
    expect(integrationsInSigma().map((i) => i.name).sort()).toEqual(['audit_aws', 'audit_gcp']);
  });

  test.each([
    ['both missing', { SIGMA_CLIENT_ID: undefined, SIGMA_CLIENT_SECRET: undefined }, 'SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET are not set'],
    ['id empty', { SIGMA_CLIENT_ID: ' ' }, 'SIGMA_CLIENT_ID is not set'],
  ])('credentials %s: exit 4 naming the environment variables, before anything is done', async (_label, overrides, message) => {
    const stack = literalStack();
    const from = sigma.emulator.requests().length;
    const result = await cli(['reconcile', stack.dir], env(overrides));
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(sigma.emulator.requests().length).toBe(from);
  });

  test('a missing stack directory, or cdktf\'s output directory instead of a stack: exit 2 saying what to give', async () => {
    const stack = literalStack();
    const missing = await cli(['reconcile', path.join(stack.outdir, 'nope')], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`The stack directory \`${path.join(stack.outdir, 'nope')}\` does not exist`);
    expect(missing.stderr).toContain('for example `sigma-audit-logs reconcile cdktf.out/stacks/prod`');

    const outdir = await cli(['reconcile', stack.outdir], env());
    expect(outdir.code).toBe(2);
    expect(outdir.stderr).toContain(`it is cdktf's output directory, whose stacks are \`${stack.dir}\``);
  });
});

describe('secrets', () => {
  test('no output above holds a client secret or an issued token', () => {
    expectNoSecretPrinted(sigma.proxy);
  });
});
