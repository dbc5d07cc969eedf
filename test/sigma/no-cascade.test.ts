/**
 * The wiring that keeps a plan from cascading, on the real constructs: what consumes the
 * integration's credentials (the AWS role's trust policy, the Azure service principal, the GCP
 * bucket binding) reads them from the credentials data source, and that read refers, through the
 * locate read, to nothing but the identity resource's id, which changes only when the integration
 * is replaced. A change of a policy, a timeout or the credential variables updates other resources
 * (removal, settings) in place, and a data source that referred to one of them would be read
 * during apply, with everything built from it "known after apply". The end-to-end proof with a
 * real Terraform is test/e2e/ownership.e2e.test.ts.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { AwsAuditLogIntegration, AzureAuditLogIntegration, AzureServicePrincipal, GcsAuditLogIntegration } from '../../src';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON, read field by field
type Json = any;

/** The resources and data sources an expression of the block refers to, as `type.name` (data sources as `data.type.name`). */
function referencesOf(block: unknown): string[] {
  const text = JSON.stringify(block);
  const found = new Set<string>();
  for (const match of text.matchAll(/\b(data\.[a-z_]+\.[A-Za-z0-9_]+|(?:aws|azurerm|azuread|google|terraform)_[a-z_]+\.[A-Za-z0-9_]+)/g)) found.add(match[1]);
  return [...found].sort();
}

function role(address: string): string {
  return /_(Claim|Identity|Locate|Owner|Removal|Settings|Credentials|Destination)_[0-9A-F]{8}$/.exec(address)?.[1] ?? address;
}

const CASES: Array<{ name: string; build: (stack: TerraformStack) => void; consumer: (json: Json) => unknown }> = [
  {
    name: 'AWS: the role trust policy',
    build: (stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-east-1' });
      new AwsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'my-audit-logs', prefix: 'sigma' });
    },
    consumer: (json) => Object.values(json.resource.aws_iam_role)[0] as Json,
  },
  {
    name: 'Azure: the service principal (client_id forces a new one) and its role assignment',
    build: (stack) => {
      new AzurermProvider(stack, 'azurerm', { features: [{}] });
      new AzureadProvider(stack, 'azuread', {});
      new AzureAuditLogIntegration(stack, 'AuditLogs', {
        storageAccountName: 'auditstore',
        resourceGroupName: 'audit',
        containerName: 'audit-logs',
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        servicePrincipal: AzureServicePrincipal.create(),
      });
    },
    consumer: (json) => Object.values(json.resource.azuread_service_principal)[0] as Json,
  },
  {
    name: 'GCP: the bucket IAM member (member forces a new one)',
    build: (stack) => {
      new GoogleProvider(stack, 'google', { project: 'audit-project' });
      new GcsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'my-audit-logs', project: 'audit-project' });
    },
    consumer: (json) => Object.values(json.resource.google_storage_bucket_iam_member)[0] as Json,
  },
];

describe.each(CASES)('$name', ({ build, consumer }) => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  build(stack);
  const json: Json = JSON.parse(Testing.synth(stack));
  const external: Record<string, Json> = json.data.external;
  const managed: Record<string, Json> = json.resource.terraform_data;
  const named = (wanted: string) => Object.entries({ ...external, ...managed }).find(([key]) => role(key) === wanted)!;

  test('reads what it is built from in the credentials read, and nothing else of the integration', () => {
    const refs = referencesOf(consumer(json)).filter((ref) => ref.startsWith('data.external.') || ref.startsWith('terraform_data.'));
    expect(refs.map((ref) => role(ref.split('.').pop()!))).toEqual(['Credentials']);
  });

  test('the credentials read refers, with no depends_on, to the locate read alone; locate to the identity alone', () => {
    const [, credentials] = named('Credentials');
    const [, locate] = named('Locate');
    expect(credentials.depends_on).toBeUndefined();
    expect(locate.depends_on).toBeUndefined();
    // Besides the data sources the role ARN is computed from (aws_partition, aws_caller_identity), which change nothing.
    const ours = (query: unknown) => referencesOf(query).filter((ref) => !/^data\.(aws|azurerm|google)_/.test(ref)).map((ref) => role(ref.split('.').pop()!));
    expect(ours(credentials.query)).toEqual(['Locate']);
    expect(ours(locate.query)).toEqual(['Identity']);
  });

  test('the identity changes only by replacement: it ignores changes of its input', () => {
    const [, identity] = named('Identity');
    expect(identity.lifecycle).toEqual({ ignore_changes: ['input'] });
  });
});
