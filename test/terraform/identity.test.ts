/**
 * The library declares the few cloud resources its constructs create with classes of its own
 * (src/terraform), so that it depends on no provider binding. Each class must render exactly what
 * the prebuilt binding of the same resource renders: the same stack, declared once with our
 * classes and once with the bindings (same ids, same config, references between the resources,
 * meta-arguments, provider aliases), synthesizes to the same JSON and the same HCL, and cdktf's
 * provider-presence check treats both alike.
 */
import { DataAwsCallerIdentity as BindingDataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition as BindingDataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamPolicy as BindingIamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole as BindingIamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment as BindingIamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ServicePrincipal as BindingServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { DataAzurermClientConfig as BindingDataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment as BindingRoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { DataExternal as BindingDataExternal } from '@cdktf/provider-external/lib/data-external';
import { ExternalProvider as BindingExternalProvider } from '@cdktf/provider-external/lib/provider';
import { ProjectIamCustomRole as BindingProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember as BindingStorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import {
  Fn,
  TerraformDataSource,
  TerraformIterator,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
} from 'cdktf';
import { Construct } from 'constructs';
import {
  AzureadServicePrincipal,
  AzureadServicePrincipalConfig,
  DataAwsCallerIdentity,
  DataAwsPartition,
  DataAzurermClientConfig,
  DataExternal,
  DataExternalConfig,
  IamPolicy,
  IamPolicyConfig,
  IamRole,
  IamRoleConfig,
  IamRolePolicyAttachment,
  IamRolePolicyAttachmentConfig,
  ProjectIamCustomRole,
  ProjectIamCustomRoleConfig,
  RoleAssignment,
  RoleAssignmentConfig,
  StorageBucketIamMember,
  StorageBucketIamMemberConfig,
} from '../../src';
import { ExternalProvider, ExternalProviderConfig } from '../../src/terraform/external';
import { synthErrors } from '../support/synth';

type Meta = ConstructorParameters<typeof DataAwsPartition>[2];
type Ctor<Config, Instance> = new (scope: Construct, id: string, config: Config) => Instance;

/** One set of resource classes: ours, or the prebuilt bindings', used through our configs. */
interface Kit {
  readonly IamRole: Ctor<IamRoleConfig, TerraformResource & { arn: string; id: string; name: string; uniqueId: string }>;
  readonly IamPolicy: Ctor<IamPolicyConfig, TerraformResource & { arn: string; id: string; name: string; policyId: string }>;
  readonly IamRolePolicyAttachment: Ctor<IamRolePolicyAttachmentConfig, TerraformResource & { id: string }>;
  readonly DataAwsPartition: Ctor<Meta, TerraformDataSource & { partition: string; dnsSuffix: string; id: string }>;
  readonly DataAwsCallerIdentity: Ctor<Meta, TerraformDataSource & { accountId: string; arn: string; userId: string; id: string }>;
  readonly RoleAssignment: Ctor<RoleAssignmentConfig, TerraformResource & { id: string; name: string }>;
  readonly DataAzurermClientConfig: Ctor<
    Meta,
    TerraformDataSource & { clientId: string; objectId: string; subscriptionId: string; tenantId: string; id: string }
  >;
  readonly AzureadServicePrincipal: Ctor<AzureadServicePrincipalConfig, TerraformResource & { objectId: string; id: string; clientId: string }>;
  readonly ProjectIamCustomRole: Ctor<ProjectIamCustomRoleConfig, TerraformResource & { id: string; name: string }>;
  readonly StorageBucketIamMember: Ctor<StorageBucketIamMemberConfig, TerraformResource & { id: string; etag: string }>;
  readonly DataExternal: Ctor<DataExternalConfig, TerraformDataSource & { id: string; result: { lookup(key: string): string } }>;
  readonly ExternalProvider: Ctor<ExternalProviderConfig, TerraformProvider>;
}

const OURS: Kit = {
  IamRole,
  IamPolicy,
  IamRolePolicyAttachment,
  DataAwsPartition,
  DataAwsCallerIdentity,
  RoleAssignment,
  DataAzurermClientConfig,
  AzureadServicePrincipal,
  ProjectIamCustomRole,
  StorageBucketIamMember,
  DataExternal,
  ExternalProvider,
};

const BINDINGS: Kit = {
  IamRole: BindingIamRole,
  IamPolicy: BindingIamPolicy,
  IamRolePolicyAttachment: BindingIamRolePolicyAttachment,
  DataAwsPartition: BindingDataAwsPartition,
  DataAwsCallerIdentity: BindingDataAwsCallerIdentity,
  RoleAssignment: BindingRoleAssignment,
  DataAzurermClientConfig: BindingDataAzurermClientConfig,
  AzureadServicePrincipal: BindingServicePrincipal,
  ProjectIamCustomRole: BindingProjectIamCustomRole,
  StorageBucketIamMember: BindingStorageBucketIamMember,
  DataExternal: BindingDataExternal,
  ExternalProvider: BindingExternalProvider,
};

type Declare = (stack: TerraformStack, kit: Kit) => void;

function stackWith(kit: Kit, declare: Declare): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  declare(stack, kit);
  return stack;
}

/** Both renderings of a stack (JSON with validations, and HCL), declared with one kit. */
function renderings(kit: Kit, declare: Declare): { json: string; hcl: string } {
  return {
    json: Testing.synth(stackWith(kit, declare), true),
    hcl: Testing.synthHcl(stackWith(kit, declare), true) as string,
  };
}

function expectSameAsBindings(declare: Declare): void {
  const ours = renderings(OURS, declare);
  const bindings = renderings(BINDINGS, declare);
  expect(ours.json).toBe(bindings.json);
  expect(ours.hcl).toBe(bindings.hcl);
}

const declareAws: Declare = (stack, kit) => {
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const eu = new AwsProvider(stack, 'eu', { region: 'eu-west-1', alias: 'eu' });
  const partition = new kit.DataAwsPartition(stack, 'Partition', {});
  const partitionEu = new kit.DataAwsPartition(stack, 'PartitionEu', { provider: eu, count: 0 });
  const caller = new kit.DataAwsCallerIdentity(stack, 'Caller', { dependsOn: [partitionEu] });
  const policy = new kit.IamPolicy(stack, 'Policy', {
    name: 'sigma-audit-logs-1a2b3c4d',
    path: '/sigma/',
    description: "Lets Sigma's audit-log export list and write its S3 destination folder",
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:${partition.partition}:s3:::bucket/*` }],
    }),
  });
  const boundary = new kit.IamPolicy(stack, 'Boundary', { policy: '{}', provider: eu });
  const role = new kit.IamRole(stack, 'Role', {
    name: 'sigma-audit-logs-1a2b3c4d',
    path: '/sigma/',
    description: 'Assumed by Sigma to export its audit log',
    assumeRolePolicy: Fn.jsonencode({ Statement: [{ Principal: { AWS: `arn:aws:iam::${caller.accountId}:root` } }] }),
    permissionsBoundary: boundary.arn,
    lifecycle: { createBeforeDestroy: true, ignoreChanges: ['description'] },
  });
  new kit.IamRole(stack, 'Minimal', { assumeRolePolicy: '{}', count: 2, provider: eu });
  const attachment = new kit.IamRolePolicyAttachment(stack, 'Attachment', {
    role: role.name,
    policyArn: policy.arn,
    dependsOn: [role, policy],
  });
  const names = TerraformIterator.fromList(['reader', 'writer']);
  new kit.IamRolePolicyAttachment(stack, 'PerName', { forEach: names, role: names.value, policyArn: policy.arn });
  const outputs: Record<string, string> = {
    role_arn: role.arn,
    role_id: role.id,
    role_unique_id: role.uniqueId,
    policy_arn: policy.arn,
    policy_id: policy.id,
    policy_name: policy.name,
    policy_policy_id: policy.policyId,
    attachment_id: attachment.id,
    partition: partition.partition,
    dns_suffix: partition.dnsSuffix,
    partition_id: partition.id,
    account_id: caller.accountId,
    caller_arn: caller.arn,
    caller_user_id: caller.userId,
    caller_id: caller.id,
  };
  for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
};

const declareAzure: Declare = (stack, kit) => {
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const other = new AzurermProvider(stack, 'other', { features: [{}], alias: 'other', subscriptionId: '11111111-2222-3333-4444-555555555555' });
  const client = new kit.DataAzurermClientConfig(stack, 'Client', {});
  const otherClient = new kit.DataAzurermClientConfig(stack, 'OtherClient', { provider: other, count: 1 });
  const principal = new TerraformVariable(stack, 'principal', { type: 'string' });
  const assignment = new kit.RoleAssignment(stack, 'ContainerRoleAssignment', {
    scope: `/subscriptions/${client.subscriptionId}/resourceGroups/audit/providers/Microsoft.Storage/storageAccounts/auditstore/blobServices/default/containers/logs`,
    roleDefinitionName: 'Storage Blob Data Contributor',
    principalId: principal.stringValue,
    principalType: 'ServicePrincipal',
    description: 'Sigma audit-log exports write here',
    lifecycle: { preventDestroy: true },
  });
  new kit.RoleAssignment(stack, 'ById', {
    provider: other,
    count: 0,
    dependsOn: [assignment, otherClient],
    scope: '/subscriptions/11111111-2222-3333-4444-555555555555',
    roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    principalId: client.objectId,
  });
  const outputs: Record<string, string> = {
    assignment_id: assignment.id,
    assignment_name: assignment.name,
    client_id: client.clientId,
    object_id: client.objectId,
    subscription_id: client.subscriptionId,
    tenant_id: client.tenantId,
    client_config_id: client.id,
  };
  for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
};

const declareAzuread: Declare = (stack, kit) => {
  new AzureadProvider(stack, 'azuread', {});
  const other = new AzureadProvider(stack, 'other', { alias: 'other', tenantId: '11111111-2222-3333-4444-555555555555' });
  const clientId = new TerraformVariable(stack, 'app_client_id', { type: 'string' });
  const principal = new kit.AzureadServicePrincipal(stack, 'ServicePrincipal', {
    clientId: clientId.stringValue,
    useExisting: true,
    lifecycle: { preventDestroy: true },
  });
  new kit.AzureadServicePrincipal(stack, 'Minimal', { clientId: '00000003-0000-0000-c000-000000000000' });
  new kit.AzureadServicePrincipal(stack, 'Counted', {
    provider: other,
    count: 0,
    dependsOn: [principal],
    clientId: principal.clientId,
    useExisting: false,
  });
  const outputs: Record<string, string> = {
    object_id: principal.objectId,
    id: principal.id,
    client_id: principal.clientId,
  };
  for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
};

const declareGoogle: Declare = (stack, kit) => {
  new GoogleProvider(stack, 'google', { project: 'audit-project' });
  const eu = new GoogleProvider(stack, 'eu', { project: 'audit-project-eu', alias: 'eu' });
  const bucket = new StorageBucket(stack, 'Bucket', { name: 'audit-logs', location: 'EU' });
  const role = new kit.ProjectIamCustomRole(stack, 'CustomRole', {
    project: 'audit-project',
    roleId: 'sigmaAuditLogWriter',
    title: 'Sigma audit-log export writer',
    description: "Lets Sigma's audit-log exporter write to its GCS destination",
    permissions: ['storage.objects.create', 'storage.objects.delete', 'storage.objects.list', 'storage.buckets.get'],
    lifecycle: { ignoreChanges: ['title'] },
  });
  new kit.ProjectIamCustomRole(stack, 'Minimal', { provider: eu, count: 0, roleId: 'minimal', title: 'Minimal', permissions: [] });
  const binding = new kit.StorageBucketIamMember(stack, 'BucketBinding', {
    bucket: bucket.name,
    role: role.name,
    member: 'serviceAccount:exporter@sigma.iam.gserviceaccount.com',
    dependsOn: [role],
  });
  new kit.StorageBucketIamMember(stack, 'Counted', { provider: eu, count: 3, bucket: 'audit-logs', role: role.id, member: 'allUsers' });
  const outputs: Record<string, string> = { role_id: role.id, role_name: role.name, binding_id: binding.id, binding_etag: binding.etag };
  for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
};

const declareExternal: Declare = (stack, kit) => {
  new kit.ExternalProvider(stack, 'SigmaAuditLogsExternalProvider', {});
  const local = new kit.ExternalProvider(stack, 'Local', { alias: 'local' });
  const first = new kit.DataExternal(stack, 'Credentials', {
    program: ['node', 'handler.js', 'read'],
    query: { name: 'audit-logs', cloud: 'aws', credentialsTimeoutSeconds: '600' },
  });
  const second = new kit.DataExternal(stack, 'Counted', {
    provider: local,
    count: 0,
    dependsOn: [first],
    program: ['node', 'handler.js', first.result.lookup('integration_id')],
    workingDir: '/srv',
    lifecycle: { postcondition: [{ condition: 'true', errorMessage: 'never' }] },
  });
  new kit.DataExternal(stack, 'ProgramOnly', { program: ['true'] });
  const outputs: Record<string, string> = {
    integration_id: first.result.lookup('integration_id'),
    external_id: first.id,
    counted: second.result.lookup('status'),
  };
  for (const [name, value] of Object.entries(outputs)) new TerraformOutput(stack, name, { value });
};

describe('our resource classes render what the prebuilt bindings render', () => {
  test('aws_iam_role, aws_iam_policy, aws_iam_role_policy_attachment, aws_partition and aws_caller_identity', () => {
    expectSameAsBindings(declareAws);
  });

  test('azurerm_role_assignment and azurerm_client_config', () => {
    expectSameAsBindings(declareAzure);
  });

  test('azuread_service_principal', () => {
    expectSameAsBindings(declareAzuread);
  });

  test('google_project_iam_custom_role and google_storage_bucket_iam_member', () => {
    expectSameAsBindings(declareGoogle);
  });

  test('the external data source and the external provider, with its required_providers entry', () => {
    expectSameAsBindings(declareExternal);
    const json = JSON.parse(Testing.synth(stackWith(OURS, declareExternal)));
    expect(json.terraform.required_providers.external).toEqual({ source: 'external', version: '2.3.5' });
  });

  test.each([
    ['aws', (stack: TerraformStack, kit: Kit) => new kit.IamRole(stack, 'Role', { assumeRolePolicy: '{}' })],
    ['azurerm', (stack: TerraformStack, kit: Kit) => new kit.DataAzurermClientConfig(stack, 'Client', {})],
    ['azuread', (stack: TerraformStack, kit: Kit) => new kit.AzureadServicePrincipal(stack, 'Principal', { clientId: '00000003-0000-0000-c000-000000000000' })],
    ['google', (stack: TerraformStack, kit: Kit) => new kit.StorageBucketIamMember(stack, 'Binding', { bucket: 'b', role: 'r', member: 'allUsers' })],
    ['external', (stack: TerraformStack, kit: Kit) => new kit.DataExternal(stack, 'Read', { program: ['true'] })],
  ])('a stack without the %s provider fails synth as it does with the bindings', (provider, declare) => {
    const ours = synthErrors(stackWith(OURS, declare));
    expect(ours).toContain(`for the following providers: ${provider}`);
    expect(ours).toBe(synthErrors(stackWith(BINDINGS, declare)));
  });

  test('our classes declare the provider the bindings declare, so a provider from the bindings satisfies them', () => {
    const stack = stackWith(OURS, (scope, kit) => {
      new BindingExternalProvider(scope, 'external');
      new kit.DataExternal(scope, 'Read', { program: ['true'] });
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
