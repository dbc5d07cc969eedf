import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PgBackend, TerraformStack, Testing } from 'cdktf';
import { AwsAuditLogIntegration, SigmaAuditLogStorageIntegration, StorageCloud } from '../../src';

interface Synthesized {
  readonly terraform?: { required_version?: string; required_providers?: Record<string, unknown>; backend?: Record<string, unknown> };
}

function addIntegration(stack: TerraformStack, id: string): void {
  new SigmaAuditLogStorageIntegration(stack, id, {
    cloud: StorageCloud.GCP,
    destination: `gcs://acme-audit/${id.toLowerCase()}/`,
  });
}

function synth(stack: TerraformStack): Synthesized {
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

describe('the Terraform version a stack declares', () => {
  test('a stack with integrations requires Terraform 1.4 or later (terraform_data), next to its providers and backend', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    new PgBackend(stack, { connStr: 'postgres://terraform@db.internal/terraform' });
    addIntegration(stack, 'First');
    addIntegration(stack, 'Second');
    new AwsAuditLogIntegration(stack, 'Aws', { bucketName: 'acme-audit' });
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });

    const tf = synth(stack).terraform;
    expect(tf?.required_version).toBe('>= 1.4.0');
    expect(Object.keys(tf?.required_providers ?? {})).toEqual(expect.arrayContaining(['aws', 'external']));
    expect(tf?.backend).toEqual({ pg: { conn_str: 'postgres://terraform@db.internal/terraform' } });
  });

  test('HCL output stays valid: no version there, since cdktf renders terraform-block attributes as `0 = "<name>"`', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    addIntegration(stack, 'Audit');
    const hcl = String(Testing.synthHcl(stack));
    expect(hcl).toContain('resource "terraform_data"');
    expect(hcl).not.toContain('required_version');
  });

  test('a stack without the constructs declares no version', () => {
    const app = Testing.app();
    const withIntegration = new TerraformStack(app, 'with');
    addIntegration(withIntegration, 'Audit');
    const without = new TerraformStack(app, 'without');
    expect(synth(withIntegration).terraform?.required_version).toBe('>= 1.4.0');
    expect(synth(without).terraform?.required_version).toBeUndefined();
  });

  test.each([
    ['before', '>= 1.9.0'],
    ['after', '>= 1.9.0'],
    ['before', '>= 1.4.0, < 2.0.0'],
    ['after', '~> 1.6'],
  ])("the user's own constraint, set with stack.addOverride %s the constructs, is kept as written (%s)", (when, constraint) => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    if (when === 'before') stack.addOverride('terraform.required_version', constraint);
    addIntegration(stack, 'Audit');
    if (when === 'after') stack.addOverride('terraform.required_version', constraint);

    const tf = synth(stack).terraform;
    expect(tf?.required_version).toBe(constraint);
    // The override replaces one key, not the block the constructs and providers fill.
    expect(Object.keys(tf?.required_providers ?? {})).toContain('external');
  });
});
