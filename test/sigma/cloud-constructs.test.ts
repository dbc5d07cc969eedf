/**
 * The three cloud constructs follow one pattern: the same public surface where the clouds agree,
 * every shared Sigma option forwarded to the integration, the destination built by the
 * destination module (computed parts included), and each prop validated once, by the construct
 * it was written on.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsAuditLogIntegration,
  AzureAuditLogIntegration,
  GcsAuditLogIntegration,
  IntegrationRemovalPolicy,
  LinkedExportsOnDelete,
  LinkedExportsOnDestinationChange,
  SigmaAuditLogStorageIntegration,
  SigmaCredentials,
  SigmaIntegrationOptions,
  StorageCloud,
} from '../../src';
import { integrationProps } from '../../src/sigma/cloud-props';
import { synthErrors } from '../support/synth';

type CloudConstruct = AwsAuditLogIntegration | AzureAuditLogIntegration | GcsAuditLogIntegration;

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Each cloud construct with valid props of its own, and how to give it a bucket or container Terraform creates. */
const CLOUDS: Array<{
  readonly name: string;
  readonly create: (scope: Construct, id: string, options: SigmaIntegrationOptions) => CloudConstruct;
  readonly createWithBad: (scope: Construct, id: string) => { construct: CloudConstruct; prop: string; value: string };
  readonly createComputed: (stack: TerraformStack) => { construct: CloudConstruct; destination: RegExp };
}> = [
  {
    name: 'AwsAuditLogIntegration',
    create: (scope, id, options) => new AwsAuditLogIntegration(scope, id, { ...options, bucketName: 'my-audit-logs', prefix: 'sigma' }),
    createWithBad: (scope, id) => ({
      construct: new AwsAuditLogIntegration(scope, id, { bucketName: 'My_Bucket', prefix: 'sigma' }),
      prop: 'bucketName',
      value: 'My_Bucket',
    }),
    createComputed: (stack) => ({
      construct: new AwsAuditLogIntegration(stack, 'Computed', { bucketName: new S3Bucket(stack, 'Bucket', {}).bucket, prefix: 'sigma/' }),
      destination: /^s3:\/\/\$\{aws_s3_bucket\.Bucket\.bucket\}\/sigma\/$/,
    }),
  },
  {
    name: 'AzureAuditLogIntegration',
    create: (scope, id, options) =>
      new AzureAuditLogIntegration(scope, id, { ...options, storageAccountName: 'auditstore', resourceGroupName: 'audit', containerName: 'audit-logs', tenantId: TENANT }),
    createWithBad: (scope, id) => ({
      construct: new AzureAuditLogIntegration(scope, id, { storageAccountName: 'auditstore', resourceGroupName: 'audit', containerName: 'Audit--Logs', tenantId: TENANT }),
      prop: 'containerName',
      value: 'Audit--Logs',
    }),
    createComputed: (stack) => ({
      construct: new AzureAuditLogIntegration(stack, 'Computed', {
        storageAccountName: 'auditstore',
        resourceGroupName: 'audit',
        containerName: new StorageContainer(stack, 'Container', { name: 'audit-logs' }).name,
        folder: 'sigma',
        tenantId: TENANT,
      }),
      destination: /^azure:\/\/auditstore\.blob\.core\.windows\.net\/\$\{azurerm_storage_container\.Container\.name\}\/sigma\/$/,
    }),
  },
  {
    name: 'GcsAuditLogIntegration',
    create: (scope, id, options) => new GcsAuditLogIntegration(scope, id, { ...options, bucketName: 'my-audit-logs', project: 'audit-project' }),
    createWithBad: (scope, id) => ({
      construct: new GcsAuditLogIntegration(scope, id, { bucketName: 'goog-logs', project: 'audit-project' }),
      prop: 'bucketName',
      value: 'goog-logs',
    }),
    createComputed: (stack) => ({
      construct: new GcsAuditLogIntegration(stack, 'Computed', {
        bucketName: new StorageBucket(stack, 'Bucket', { name: 'my-audit-logs', location: 'US' }).name,
        folder: 'sigma',
        project: 'audit-project',
      }),
      destination: /^gcs:\/\/\$\{google_storage_bucket\.Bucket\.name\}\/sigma\/$/,
    }),
  },
];

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'prod');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new GoogleProvider(stack, 'google', { project: 'audit-project' });
  return stack;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON, read field by field
function blockOf(stack: TerraformStack, element: Construct & { friendlyUniqueId: string; terraformResourceType: string }): any {
  const json = JSON.parse(Testing.synth(stack));
  return (json.resource[element.terraformResourceType] ?? json.data[element.terraformResourceType])[element.friendlyUniqueId];
}

const OPTIONS: Required<Omit<SigmaIntegrationOptions, 'enabled'>> = {
  integrationName: 'audit_logs_everywhere',
  apiUrl: 'https://api.eu.aws.sigmacomputing.com',
  linkedExportsOnDestinationChange: LinkedExportsOnDestinationChange.UPDATE,
  linkedExportsOnDelete: LinkedExportsOnDelete.DELETE,
  removalPolicy: IntegrationRemovalPolicy.RETAIN,
  credentialsTimeoutSeconds: 1800,
  credentials: SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET'),
  adoptIntegrationId: '3f2b6c1e-8a4d-4e0f-9c7b-5d1e2f3a4b5c',
};

describe.each(CLOUDS)('$name', ({ create, createWithBad, createComputed }) => {
  test('shows its integration, the integration name, whether it is enabled and the destination', () => {
    const stack = newStack();
    const construct = create(stack, 'AuditLogs', { integrationName: 'audit_logs_prod' });
    expect(construct.integration).toBeInstanceOf(SigmaAuditLogStorageIntegration);
    expect(construct.integrationName).toBe('audit_logs_prod');
    expect(construct.enabled).toBe(true);
    expect(blockOf(stack, construct.integration.settings).triggers_replace.destination).toBe(construct.destination);
    expect(create(stack, 'Off', { enabled: false }).enabled).toBe(false);
  });

  test('hands every shared option to its integration', () => {
    const stack = newStack();
    const construct = create(stack, 'AuditLogs', OPTIONS);
    const settings = blockOf(stack, construct.integration.settings);
    const spec = settings.input.sigma_audit_logs_integration;
    expect(spec).toMatchObject({
      name: OPTIONS.integrationName,
      apiUrl: OPTIONS.apiUrl,
      linkedExportsOnDestinationChange: 'update',
      linkedExportsOnDelete: 'delete',
      credentialsTimeoutSeconds: 1800,
      clientIdVariable: 'SIGMA_STAGING_CLIENT_ID',
      clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET',
    });
    // Retained: no destroy-time step.
    const identity = blockOf(stack, construct.integration.identity);
    expect(identity.provisioner.map((p: { 'local-exec': { when?: string } }) => p['local-exec'].when)).toEqual([undefined]);
    const disabled = create(stack, 'Off', { enabled: false });
    expect(blockOf(stack, disabled.integration.identity).count).toBe(0);
  });

  test('builds the destination around a bucket or container that Terraform creates', () => {
    const stack = newStack();
    const { construct, destination } = createComputed(stack);
    expect(blockOf(stack, construct.integration.settings).triggers_replace.destination).toMatch(destination);
  });

  test('reports an invalid part of the destination once, under the prop the user wrote', () => {
    const stack = newStack();
    const { prop, value } = createWithBad(stack, 'Bad');
    const lines = synthErrors(stack)
      .split('\n')
      .filter((line) => line.includes(value));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`prod/Bad: ${prop} "${value}" is invalid`);
  });
});

describe('integrationProps', () => {
  test('forwards every shared option as given, one added later included, and takes the cloud props from the cloud construct', () => {
    const options = { ...OPTIONS, enabled: false, someLaterOption: { name: 'x' }, roleArn: 'arn:aws:iam::123456789012:role/ignored' };
    const props = integrationProps(options, { cloud: StorageCloud.GCP, destination: 'gcs://my-audit-logs/' });
    expect(props).toMatchObject({ ...OPTIONS, enabled: false, someLaterOption: { name: 'x' }, cloud: 'gcp', destination: 'gcs://my-audit-logs/' });
    expect(props.roleArn).toBeUndefined();
    expect(props.tenantId).toBeUndefined();
  });
});
