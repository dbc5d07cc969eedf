/**
 * The baseline of the synth benchmarks: the Terraform resources the package's constructs declare,
 * written by hand with the prebuilt provider bindings, `DataResource` and `TerraformAsset`, and
 * nothing else (no validation, no destination parsing). Construct ids and scopes mirror the
 * constructs', so that a baseline stack synthesizes to the same JSON as the stack built with the
 * package; the benchmark checks that it does before it compares costs, and
 * test/terraform/hand-twins.test.ts in every test run.
 */
import { createHash } from 'node:crypto';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { DataExternal } from '@cdktf/provider-external/lib/data-external';
import { ExternalProvider } from '@cdktf/provider-external/lib/provider';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { AnyMap, AssetType, DataResource, Fn, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

export const API_URL = 'https://aws-api.sigmacomputing.com';

/** What the handler needs to know of one integration (the JSON in its spec variable). */
interface Spec {
  readonly name: string;
  readonly cloud: 'aws' | 'azure' | 'gcp';
  readonly destination: string;
  readonly apiUrl: string;
  readonly roleArn: string;
  readonly tenantId: string;
  readonly linkedExportsOnDestinationChange: 'pause';
  readonly linkedExportsOnDelete: 'pause';
  readonly credentialsTimeoutSeconds: number;
}

/** The handler file in the stack and the command that runs it. */
export interface Handler {
  readonly command: string;
  readonly program: string[];
}

/** Adds the handler asset and the `external` provider to a stack (once per stack). */
export function addHandler(stack: TerraformStack, handlerBundle: string): Handler {
  const asset = new TerraformAsset(stack, 'SigmaAuditLogsHandler', { path: handlerBundle, type: AssetType.FILE });
  new ExternalProvider(stack, 'SigmaAuditLogsExternalProvider');
  // terraform_data needs Terraform 1.4; the package's resources declare it once per stack.
  stack.addOverride('terraform.required_version', '>= 1.4.0');
  return { command: `node "${asset.path}"`, program: ['node', asset.path] };
}

/** `audit_logs_<path>_<hash>`: the name the package gives an integration by default. */
export function integrationNameFor(path: string): string {
  const readable = path
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((part) => part.length > 0)
    .join('_');
  return `${`audit_logs_${readable}`.slice(0, 54).replace(/_+$/, '')}_${sha8(path)}`;
}

function sha8(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

export interface SigmaResources {
  readonly identity: DataResource;
  readonly settings: DataResource;
  readonly credentials: DataExternal;
  readonly destinationCheck: DataExternal;
  readonly name: string;
  result(key: string): string;
}

/** The five `terraform_data` resources and the three `external` data sources of one integration. */
export function sigmaIntegration(
  scope: Construct,
  handler: Handler,
  cloud: Spec['cloud'],
  destination: string,
  identityOf: { roleArn?: string; tenantId?: string },
  apiUrl: string = API_URL,
): SigmaResources {
  const node = new Construct(scope, 'Integration');
  const spec: Spec = {
    name: integrationNameFor(node.node.path),
    cloud,
    destination,
    apiUrl,
    roleArn: identityOf.roleArn ?? '',
    tenantId: identityOf.tenantId ?? '',
    linkedExportsOnDestinationChange: 'pause',
    linkedExportsOnDelete: 'pause',
    credentialsTimeoutSeconds: 900,
  };
  const keys = { name: spec.name, cloud, apiUrl, roleArn: spec.roleArn, tenantId: spec.tenantId };
  const identityQuery = { ...keys, linkedExportsOnDelete: 'pause' };
  const claim = new DataResource(node, 'Claim', {
    triggersReplace: keys,
    input: { claimedAt: '${timestamp()}' },
    lifecycle: { ignoreChanges: ['input'] },
  });
  const identity = new DataResource(node, 'Identity', {
    dependsOn: [claim],
    triggersReplace: keys,
    input: { ...identityQuery, createdAt: '${timestamp()}' },
    lifecycle: { ignoreChanges: ['input'] },
    provisioners: [
      {
        type: 'local-exec',
        command: `${handler.command} apply`,
        environment: {
          SIGMA_AUDIT_LOGS_SPEC: Fn.jsonencode(spec),
          SIGMA_AUDIT_LOGS_CLAIMED_AT: claim.output.lookup('claimedAt'),
          SIGMA_AUDIT_LOGS_PLANNED_AT: '${plantimestamp()}',
        },
      },
    ],
  });
  const locate = new DataExternal(node, 'Locate', {
    program: [...handler.program, 'locate'],
    query: { ...identityQuery, identity: identity.id },
  });
  const located = { integrationId: locate.result.lookup('integration_id'), organizationId: locate.result.lookup('organization_id') };
  const result = `data.external.${locate.friendlyUniqueId}.result`;
  const owner = new DataResource(node, 'Owner', {
    triggersReplace: { identity: identity.id },
    input: located,
    lifecycle: {
      ignoreChanges: ['input'],
      postcondition: [
        {
          condition: `\${self.input.organizationId == ${result}.organization_id}`,
          errorMessage:
            `(organization_changed) Sigma integration '${spec.name}' (\${self.input.integrationId}) lives in organization ` +
            `\${self.input.organizationId}, but the credentials now declared reach organization \${${result}.organization_id}. ` +
            'An integration cannot move between organizations in place, and this stack will not leave it behind unmanaged. ' +
            'To move it, change integrationName (or apiUrl) together with the credentials: one deploy then deletes it in ' +
            'the old organization (with the credentials the last deploy used, which must still be set) and creates it in ' +
            'the new one. To keep it where it is, declare the credentials of its organization again.',
        },
        {
          condition: `\${self.input.integrationId == ${result}.integration_id}`,
          errorMessage:
            `(integration_missing) Sigma no longer has integration '${spec.name}' (\${self.input.integrationId}), which this ` +
            `stack created or adopted: it was deleted outside Terraform\${${result}.integration_id == "" ? "" : ", and the name is now held by integration \${${result}.integration_id}, which this stack does not own and leaves untouched"}. ` +
            'To create it again, run `npx sigma-audit-logs reconcile <stack dir>` in the stack\'s directory.',
        },
      ],
    },
  });
  const owned = { integrationId: new AnyMap(owner, 'input').lookup('integrationId') as string };
  new DataResource(node, 'Removal', {
    triggersReplace: { integrationId: owned.integrationId },
    input: { ...identityQuery, integrationId: owned.integrationId },
    provisioners: [
      {
        type: 'local-exec',
        when: 'destroy',
        command: `${handler.command} delete`,
        environment: { SIGMA_AUDIT_LOGS_SPEC: '${jsonencode(self.input)}', SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE: 'pause' },
      },
    ],
  });
  const settings = new DataResource(node, 'Settings', {
    dependsOn: [identity],
    triggersReplace: { identity: identity.id, destination, linkedExportsOnDestinationChange: 'pause' },
    input: { sigma_audit_logs_integration: spec },
    provisioners: [
      {
        type: 'local-exec',
        command: `${handler.command} apply`,
        environment: {
          SIGMA_AUDIT_LOGS_SPEC: Fn.jsonencode({ ...spec, ...owned }),
          SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: `\${lookup(terraform_data.${identity.friendlyUniqueId}.output, "createdAt", "")}`,
          SIGMA_AUDIT_LOGS_PLANNED_AT: '${plantimestamp()}',
        },
      },
    ],
  });
  const credentials = new DataExternal(node, 'Credentials', {
    program: [...handler.program, 'credentials'],
    query: { ...identityQuery, credentialsTimeoutSeconds: '900', integrationId: located.integrationId },
  });
  const destinationCheck = new DataExternal(node, 'Destination', {
    program: [...handler.program, 'read'],
    query: {
      name: spec.name,
      cloud,
      destination,
      apiUrl,
      roleArn: spec.roleArn,
      tenantId: spec.tenantId,
      linkedExportsOnDestinationChange: 'pause',
      linkedExportsOnDelete: 'pause',
      credentialsTimeoutSeconds: '900',
      integrationId: located.integrationId,
      settings: settings.id,
    },
  });
  return { identity, settings, credentials, destinationCheck, name: spec.name, result: (key) => credentials.result.lookup(key) };
}

export interface AwsResources {
  readonly sigma: SigmaResources;
  readonly role: IamRole;
  readonly roleArn: string;
  readonly destination: string;
}

/**
 * S3: partition and account, the integration, the access policy (with the bucket's KMS key when
 * given), the role and its attachment.
 */
export function awsIntegration(scope: Construct, id: string, handler: Handler, bucket: string, prefix: string, kmsKeyArn?: string): AwsResources {
  const root = new Construct(scope, id);
  const roleName = `sigma-audit-logs-${sha8(root.node.path)}`;
  const partition = new DataAwsPartition(root, 'Partition', {});
  const caller = new DataAwsCallerIdentity(root, 'CallerIdentity', {});
  const roleArn = `arn:${partition.partition}:iam::${caller.accountId}:role/${roleName}`;
  const destination = `s3://${bucket}/${prefix}/`;
  const sigma = sigmaIntegration(root, handler, 'aws', destination, { roleArn });
  const bucketArn = `arn:${partition.partition}:s3:::${bucket}`;
  const policy = new IamPolicy(root, 'AccessPolicy', {
    name: roleName,
    path: '/',
    description: "Lets Sigma's audit-log export list and write its S3 destination folder",
    policy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'GetBucketLocation', Effect: 'Allow', Action: ['s3:GetBucketLocation'], Resource: [bucketArn] },
        {
          Sid: 'ListDestination',
          Effect: 'Allow',
          Action: ['s3:ListBucket'],
          Resource: [bucketArn],
          Condition: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
        },
        { Sid: 'WriteDestination', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: [`${bucketArn}/${prefix}/*`] },
        ...(kmsKeyArn === undefined ? [] : [{ Sid: 'UseBucketKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: [kmsKeyArn] }]),
      ],
    }),
  });
  const role = new IamRole(root, 'Role', {
    name: roleName,
    path: '/',
    description: `Assumed by Sigma to export its audit log (integration ${sigma.name})`,
    assumeRolePolicy: Fn.jsonencode({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SigmaAuditLogExport',
          Effect: 'Allow',
          Principal: { AWS: sigma.result('aws_iam_user_arn') },
          Action: ['sts:AssumeRole'],
          Condition: { StringEquals: { 'sts:ExternalId': sigma.result('aws_external_id') } },
        },
      ],
    }),
  });
  new IamRolePolicyAttachment(root, 'AccessPolicyAttachment', { role: role.name, policyArn: policy.arn });
  return { sigma, role, roleArn, destination };
}

export interface AzureResources {
  readonly sigma: SigmaResources;
  readonly destination: string;
  readonly containerResourceId: string;
  readonly roleAssignment: RoleAssignment;
  readonly servicePrincipal?: ServicePrincipal;
}

/**
 * Blob Storage: the integration and the container's role assignment, for the given principal or
 * for the service principal created from the app's client id (`principalId: 'create'`).
 */
export function azureIntegration(
  scope: Construct,
  id: string,
  handler: Handler,
  props: { accountId: string; accountName: string; container: string; folder: string; tenantId: string; principalId: string | 'create'; apiUrl?: string },
): AzureResources {
  const root = new Construct(scope, id);
  const destination = ['azure://', props.accountName, '.blob.core.windows.net/', props.container, '/', props.folder, '/'].join('');
  const sigma = sigmaIntegration(root, handler, 'azure', destination, { tenantId: props.tenantId }, props.apiUrl);
  const containerResourceId = `${props.accountId}/blobServices/default/containers/${props.container}`;
  const servicePrincipal =
    props.principalId === 'create'
      ? new ServicePrincipal(root, 'ServicePrincipal', {
          clientId: sigma.result('azure_app_client_id'),
          useExisting: false,
          lifecycle: { ignoreChanges: ['use_existing'] },
        })
      : undefined;
  const roleAssignment = new RoleAssignment(root, 'ContainerRoleAssignment', {
    scope: containerResourceId,
    roleDefinitionName: 'Storage Blob Data Contributor',
    principalId: servicePrincipal?.objectId ?? props.principalId,
    principalType: 'ServicePrincipal',
    description: `Sigma audit-log exports of integration ${sigma.name} write here`,
  });
  return { sigma, destination, containerResourceId, roleAssignment, servicePrincipal };
}

export interface GcsResources {
  readonly sigma: SigmaResources;
  readonly destination: string;
  readonly customRole: ProjectIamCustomRole;
}

/** GCS: the integration, the role id's suffix, the custom role and the bucket binding. */
export function gcsIntegration(
  scope: Construct,
  id: string,
  handler: Handler,
  bucket: string,
  folder: string,
  project: string,
  apiUrl?: string,
): GcsResources {
  const root = new Construct(scope, id);
  const destination = `gcs://${bucket}/${folder}/`;
  const sigma = sigmaIntegration(root, handler, 'gcp', destination, {}, apiUrl);
  const suffix = new DataResource(root, 'RoleIdSuffix', { lifecycle: { ignoreChanges: ['input'] } });
  suffix.addOverride('input', Fn.substr(Fn.replace(Fn.uuid(), '-', ''), 0, 8));
  const path = root.node.path;
  const readable = path
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((part) => part.length > 0)
    .join('_');
  const prefix = `${`sigma_audit_logs_${readable}`.slice(0, 46).replace(/_+$/, '')}_${sha8(path)}`;
  const customRole = new ProjectIamCustomRole(root, 'CustomRole', {
    project,
    roleId: `${prefix}_${suffix.getStringAttribute('output')}`,
    title: 'Sigma audit-log export writer',
    description: `Lets Sigma's audit-log exporter (integration ${sigma.name}) write to its GCS destination`,
    permissions: ['storage.objects.create', 'storage.objects.delete', 'storage.objects.list', 'storage.buckets.get'],
  });
  new StorageBucketIamMember(root, 'BucketBinding', {
    bucket,
    role: customRole.name,
    member: `serviceAccount:${sigma.result('gcp_service_account')}`,
  });
  return { sigma, destination, customRole };
}
