/**
 * Every construct renders the same stack with our resource classes (src/terraform) as with the
 * prebuilt provider bindings. The same construct code runs twice, each time in a fresh module
 * registry: once as shipped, once with src/terraform/aws, -azurerm, -google and -external
 * standing for the bindings' classes of the same names. Both runs declare the same stacks
 * (providers and buckets from the bindings, as a user declares them), and each stack must
 * synthesize to the same JSON.
 */
import type * as Cdktf from 'cdktf';
import type * as Library from '../../src';

type Flavour = 'ours' | 'bindings';

/**
 * Each of our modules and, for the bindings run, the binding module of each class it exports;
 * `module#Name` where the binding names the class otherwise.
 */
const SWAPS: Record<string, Record<string, string>> = {
  '../../src/terraform/aws': {
    DataAwsCallerIdentity: '@cdktf/provider-aws/lib/data-aws-caller-identity',
    DataAwsPartition: '@cdktf/provider-aws/lib/data-aws-partition',
    IamPolicy: '@cdktf/provider-aws/lib/iam-policy',
    IamRole: '@cdktf/provider-aws/lib/iam-role',
    IamRolePolicyAttachment: '@cdktf/provider-aws/lib/iam-role-policy-attachment',
  },
  '../../src/terraform/azurerm': {
    DataAzurermClientConfig: '@cdktf/provider-azurerm/lib/data-azurerm-client-config',
    RoleAssignment: '@cdktf/provider-azurerm/lib/role-assignment',
  },
  '../../src/terraform/azuread': {
    AzureadServicePrincipal: '@cdktf/provider-azuread/lib/service-principal#ServicePrincipal',
  },
  '../../src/terraform/google': {
    ProjectIamCustomRole: '@cdktf/provider-google/lib/project-iam-custom-role',
    StorageBucketIamMember: '@cdktf/provider-google/lib/storage-bucket-iam-member',
  },
  '../../src/terraform/external': {
    DataExternal: '@cdktf/provider-external/lib/data-external',
    ExternalProvider: '@cdktf/provider-external/lib/provider',
  },
};

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const PRINCIPAL = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const ACCOUNT_ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/audit/providers/Microsoft.Storage/storageAccounts/auditstore';

interface Loaded {
  readonly cdktf: typeof Cdktf;
  readonly lib: typeof Library;
  /** A binding module, from the same registry as the library. */
  readonly binding: <T>(module: string) => T;
}

/** One stack per scenario, declared with the modules of one registry. */
const SCENARIOS: Record<string, (stack: Cdktf.TerraformStack, loaded: Loaded) => void> = {
  'AWS, defaults': (stack, { lib, binding }) => {
    const { AwsProvider } = binding<typeof import('@cdktf/provider-aws/lib/provider')>('@cdktf/provider-aws/lib/provider');
    const { S3Bucket } = binding<typeof import('@cdktf/provider-aws/lib/s3-bucket')>('@cdktf/provider-aws/lib/s3-bucket');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const bucket = new S3Bucket(stack, 'Bucket', { bucket: 'my-audit-logs' });
    new lib.AwsAuditLogIntegration(stack, 'AuditLogs', { bucketName: bucket.bucket });
  },
  'AWS, every prop': (stack, { lib, binding }) => {
    const { AwsProvider } = binding<typeof import('@cdktf/provider-aws/lib/provider')>('@cdktf/provider-aws/lib/provider');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new lib.AwsAuditLogIntegration(stack, 'AuditLogs', {
      bucketName: 'my-audit-logs',
      prefix: 'sigma/audit-logs/',
      roleName: 'sigma-audit-logs-writer',
      rolePath: '/sigma/',
      permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      integrationName: 'audit-logs-eu',
      apiUrl: lib.SigmaApiUrl.AWS_EUROPE,
      removalPolicy: lib.IntegrationRemovalPolicy.RETAIN,
    });
  },
  'AWS, disabled': (stack, { lib, binding }) => {
    const { AwsProvider } = binding<typeof import('@cdktf/provider-aws/lib/provider')>('@cdktf/provider-aws/lib/provider');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new lib.AwsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'my-audit-logs', enabled: false });
  },
  'Azure, by account name, before consent': (stack, { lib, binding }) => {
    const { AzurermProvider } = binding<typeof import('@cdktf/provider-azurerm/lib/provider')>('@cdktf/provider-azurerm/lib/provider');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new lib.AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountName: 'auditstore',
      resourceGroupName: 'audit',
      containerName: 'audit-logs',
      folder: 'sigma',
      tenantId: TENANT,
    });
  },
  'Azure, by account name, with servicePrincipalObjectId': (stack, { lib, binding }) => {
    const { AzurermProvider } = binding<typeof import('@cdktf/provider-azurerm/lib/provider')>('@cdktf/provider-azurerm/lib/provider');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new lib.AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountName: 'auditstore',
      resourceGroupName: 'audit',
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipalObjectId: PRINCIPAL,
    });
  },
  'Azure, by account id, with servicePrincipalObjectId': (stack, { lib, binding }) => {
    const { AzurermProvider } = binding<typeof import('@cdktf/provider-azurerm/lib/provider')>('@cdktf/provider-azurerm/lib/provider');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new lib.AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountId: ACCOUNT_ID,
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipalObjectId: PRINCIPAL,
    });
  },
  'Azure, servicePrincipal: create()': (stack, { lib, binding }) => {
    const { AzurermProvider } = binding<typeof import('@cdktf/provider-azurerm/lib/provider')>('@cdktf/provider-azurerm/lib/provider');
    const { AzureadProvider } = binding<typeof import('@cdktf/provider-azuread/lib/provider')>('@cdktf/provider-azuread/lib/provider');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new AzureadProvider(stack, 'azuread', {});
    new lib.AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountName: 'auditstore',
      resourceGroupName: 'audit',
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipal: lib.AzureServicePrincipal.create(),
    });
  },
  'Azure, servicePrincipal: create(), disabled': (stack, { lib, binding }) => {
    const { AzurermProvider } = binding<typeof import('@cdktf/provider-azurerm/lib/provider')>('@cdktf/provider-azurerm/lib/provider');
    const { AzureadProvider } = binding<typeof import('@cdktf/provider-azuread/lib/provider')>('@cdktf/provider-azuread/lib/provider');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new AzureadProvider(stack, 'azuread', {});
    new lib.AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountId: ACCOUNT_ID,
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipal: lib.AzureServicePrincipal.create(),
      enabled: false,
    });
  },
  'Azure, disabled': (stack, { lib, binding }) => {
    const { AzurermProvider } = binding<typeof import('@cdktf/provider-azurerm/lib/provider')>('@cdktf/provider-azurerm/lib/provider');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new lib.AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountName: 'auditstore',
      resourceGroupName: 'audit',
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipalObjectId: PRINCIPAL,
      enabled: false,
    });
  },
  'GCP, default role id': (stack, { lib, binding }) => {
    const { GoogleProvider } = binding<typeof import('@cdktf/provider-google/lib/provider')>('@cdktf/provider-google/lib/provider');
    const { StorageBucket } = binding<typeof import('@cdktf/provider-google/lib/storage-bucket')>('@cdktf/provider-google/lib/storage-bucket');
    new GoogleProvider(stack, 'google', { project: 'audit-project' });
    const bucket = new StorageBucket(stack, 'Bucket', { name: 'audit-bucket', location: 'EU' });
    new lib.GcsAuditLogIntegration(stack, 'AuditLogs', { bucketName: bucket.name, project: 'audit-project', folder: 'sigma' });
  },
  'GCP, custom role id': (stack, { lib, binding }) => {
    const { GoogleProvider } = binding<typeof import('@cdktf/provider-google/lib/provider')>('@cdktf/provider-google/lib/provider');
    new GoogleProvider(stack, 'google', { project: 'audit-project' });
    new lib.GcsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'audit-bucket', project: 'audit-project', customRoleId: 'sigmaAuditLogWriter' });
  },
  'GCP, disabled': (stack, { lib, binding }) => {
    const { GoogleProvider } = binding<typeof import('@cdktf/provider-google/lib/provider')>('@cdktf/provider-google/lib/provider');
    new GoogleProvider(stack, 'google', { project: 'audit-project' });
    new lib.GcsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'audit-bucket', project: 'audit-project', enabled: false });
  },
  'Sigma only': (stack, { lib }) => {
    new lib.SigmaAuditLogStorageIntegration(stack, 'AuditLogs', {
      cloud: lib.StorageCloud.AWS,
      destination: 's3://my-audit-logs/sigma',
      roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs',
    });
  },
  'Sigma only, disabled, beside an external provider the user declared': (stack, { lib, binding }) => {
    const { ExternalProvider } = binding<typeof import('@cdktf/provider-external/lib/provider')>('@cdktf/provider-external/lib/provider');
    new ExternalProvider(stack, 'external');
    new lib.SigmaAuditLogStorageIntegration(stack, 'AuditLogs', {
      cloud: lib.StorageCloud.GCP,
      destination: 'gcs://audit-bucket/sigma/',
      enabled: false,
    });
  },
  'every cloud in one stack, one external provider': (stack, { lib, binding }) => {
    const { AwsProvider } = binding<typeof import('@cdktf/provider-aws/lib/provider')>('@cdktf/provider-aws/lib/provider');
    const { AzurermProvider } = binding<typeof import('@cdktf/provider-azurerm/lib/provider')>('@cdktf/provider-azurerm/lib/provider');
    const { GoogleProvider } = binding<typeof import('@cdktf/provider-google/lib/provider')>('@cdktf/provider-google/lib/provider');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new GoogleProvider(stack, 'google', { project: 'audit-project' });
    new lib.AwsAuditLogIntegration(stack, 'Aws', { bucketName: 'my-audit-logs' });
    new lib.AzureAuditLogIntegration(stack, 'Azure', { storageAccountId: ACCOUNT_ID, containerName: 'audit-logs', tenantId: TENANT, servicePrincipalObjectId: PRINCIPAL });
    new lib.GcsAuditLogIntegration(stack, 'Gcp', { bucketName: 'audit-bucket', project: 'audit-project' });
  },
};

/** Each scenario's synthesized JSON, and which classes the constructs used. */
interface Run {
  readonly synthesized: Record<string, string>;
  /** Whether the AWS construct's role, the Azure construct's client config, role assignment and service principal, the GCP construct's resources and the Sigma construct's data source are the bindings' classes. */
  readonly bindingInstances: boolean[];
}

function run(flavour: Flavour): Run {
  let result: Run | undefined;
  jest.isolateModules(() => {
    for (const [module, classes] of Object.entries(SWAPS)) {
      if (flavour === 'bindings') {
        jest.doMock(module, () =>
          Object.fromEntries(
            Object.entries(classes).map(([name, from]) => {
              const [bindingModule, bindingName = name] = from.split('#');
              // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded in this run's registry
              return [name, require(bindingModule)[bindingName]];
            }),
          ),
        );
      } else {
        jest.dontMock(module);
      }
    }
    /* eslint-disable @typescript-eslint/no-require-imports -- a fresh registry per run: the library, cdktf and the bindings load together */
    const loaded: Loaded = {
      cdktf: require('cdktf'),
      lib: require('../../src'),
      binding: <T>(module: string): T => require(module) as T,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const synthesized: Record<string, string> = {};
    for (const [name, declare] of Object.entries(SCENARIOS)) {
      const stack = new loaded.cdktf.TerraformStack(loaded.cdktf.Testing.app(), 'stack');
      declare(stack, loaded);
      synthesized[name] = loaded.cdktf.Testing.synth(stack, true);
    }
    result = { synthesized, bindingInstances: bindingInstances(loaded) };
  });
  if (result === undefined) throw new Error('isolateModules did not run');
  return result;
}

/** Which of the constructs' resources are instances of the bindings' classes. */
function bindingInstances({ cdktf, lib, binding }: Loaded): boolean[] {
  const stack = new cdktf.TerraformStack(cdktf.Testing.app(), 'probe');
  const aws = new lib.AwsAuditLogIntegration(stack, 'Aws', { bucketName: 'my-audit-logs' });
  const azure = new lib.AzureAuditLogIntegration(stack, 'Azure', {
    storageAccountName: 'auditstore',
    resourceGroupName: 'audit',
    containerName: 'audit-logs',
    tenantId: TENANT,
    servicePrincipalObjectId: PRINCIPAL,
  });
  const azureCreated = new lib.AzureAuditLogIntegration(stack, 'AzureCreated', {
    storageAccountId: ACCOUNT_ID,
    containerName: 'audit-logs',
    tenantId: TENANT,
    servicePrincipal: lib.AzureServicePrincipal.create(),
  });
  const gcp = new lib.GcsAuditLogIntegration(stack, 'Gcp', { bucketName: 'audit-bucket', project: 'audit-project' });
  const pairs: Array<[unknown, string, string]> = [
    [aws.role, '@cdktf/provider-aws/lib/iam-role', 'IamRole'],
    [aws.policy, '@cdktf/provider-aws/lib/iam-policy', 'IamPolicy'],
    [aws.policyAttachment, '@cdktf/provider-aws/lib/iam-role-policy-attachment', 'IamRolePolicyAttachment'],
    [aws.partition, '@cdktf/provider-aws/lib/data-aws-partition', 'DataAwsPartition'],
    [aws.callerIdentity, '@cdktf/provider-aws/lib/data-aws-caller-identity', 'DataAwsCallerIdentity'],
    [azure.roleAssignment, '@cdktf/provider-azurerm/lib/role-assignment', 'RoleAssignment'],
    [azure.clientConfig, '@cdktf/provider-azurerm/lib/data-azurerm-client-config', 'DataAzurermClientConfig'],
    [azureCreated.servicePrincipal, '@cdktf/provider-azuread/lib/service-principal', 'ServicePrincipal'],
    [gcp.customRole, '@cdktf/provider-google/lib/project-iam-custom-role', 'ProjectIamCustomRole'],
    [gcp.bucketBinding, '@cdktf/provider-google/lib/storage-bucket-iam-member', 'StorageBucketIamMember'],
    [aws.integration.credentials, '@cdktf/provider-external/lib/data-external', 'DataExternal'],
    [aws.integration.destinationCheck, '@cdktf/provider-external/lib/data-external', 'DataExternal'],
  ];
  return pairs.map(([instance, module, name]) => instance instanceof binding<Record<string, new (...args: never[]) => unknown>>(module)[name]);
}

describe('the constructs render the same stacks with our resource classes as with the prebuilt bindings', () => {
  let ours: Run;
  let bindings: Run;

  beforeAll(() => {
    ours = run('ours');
    bindings = run('bindings');
  });

  test('the shipped constructs use none of the bindings, and the bindings run uses nothing but the bindings', () => {
    expect(ours.bindingInstances).toEqual(ours.bindingInstances.map(() => false));
    expect(bindings.bindingInstances).toEqual(bindings.bindingInstances.map(() => true));
  });

  test.each(Object.keys(SCENARIOS))('%s', (name) => {
    expect(ours.synthesized[name]).toBe(bindings.synthesized[name]);
  });
});
