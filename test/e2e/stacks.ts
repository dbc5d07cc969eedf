/**
 * The small stacks the end-to-end tests deploy: Sigma integrations declared with
 * SigmaAuditLogStorageIntegration, plus outputs that show what Terraform read back (id, status,
 * destination, credentials) and, for AWS, the trust policy a role would receive. Used in process
 * by the tests and, through ./app.ts, by `cdktf deploy`.
 */
import { App, Fn, LocalBackend, PgBackend, TerraformOutput, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { trustPolicyDocument } from '../../src/aws/policies';
import { StorageCloud } from '../../src/destination/cloud';
import {
  IntegrationRemovalPolicy,
  LinkedExportsOnDelete,
  LinkedExportsOnDestinationChange,
  SigmaApiUrl,
} from '../../src/sigma/options';
import { SigmaCredentials } from '../../src/sigma/credentials';
import { SigmaAuditLogStorageIntegration } from '../../src/sigma/storage-integration';
import { TerraformData } from '../../src/terraform/terraform-data';

/** The role ARN of the AWS integrations: Sigma only stores it, no AWS account is involved. */
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/sigma-audit-logs-e2e';
/** The tenant of the Azure integrations, likewise only stored. */
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Names the JSON file with the StackDef that ./app.ts synthesizes (for the cdktf CLI). */
export const STACK_FILE_ENV = 'SIGMA_E2E_STACK_FILE';

export interface IntegrationDef {
  /** Construct id, also the prefix of the integration's outputs. */
  readonly id: string;
  readonly integrationName: string;
  /** AWS (with ROLE_ARN), Azure (with TENANT_ID) or GCP. */
  readonly cloud: StorageCloud;
  readonly destination: string;
  readonly linkedExportsOnDestinationChange?: LinkedExportsOnDestinationChange;
  readonly linkedExportsOnDelete?: LinkedExportsOnDelete;
  readonly removalPolicy?: IntegrationRemovalPolicy;
  readonly enabled?: boolean;
  /** The Sigma API URL of the integration's organization; default SigmaApiUrl.AWS_US (reached through SIGMA_API_URL). */
  readonly apiUrl?: string;
  /** The environment variables of its organization's credentials (and API URL override); default SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET. */
  readonly credentials?: { readonly clientIdVariable: string; readonly clientSecretVariable: string; readonly apiUrlVariable?: string };
  /** Default 60. */
  readonly credentialsTimeoutSeconds?: number;
  readonly adoptIntegrationId?: string;
  /**
   * Stand-in consumers: one `terraform_data` per output whose `triggers_replace` holds that output,
   * as a service principal's `client_id` or a bucket binding's member force a new resource.
   */
  readonly consumers?: boolean;
  /**
   * The bucket (or account) of the destination comes from a `terraform_data` resource: the
   * destination is then a Terraform expression, as with a bucket created in the same stack.
   */
  readonly computedDestination?: boolean;
  /**
   * AWS: a resource that stands in for the IAM role, its input the trust policy rendered from the
   * integration's credentials (what the role's assume_role_policy receives): named `<id>_Role`.
   */
  readonly roleStandIn?: boolean;
  /**
   * The destination's bucket (or account) is this input variable of the stack, without default:
   * every plan and apply needs its value (-var, -var-file or TF_VAR_<name>).
   */
  readonly bucketVariable?: string;
}

/** Terraform's `pg` backend: the state in a PostgreSQL database instead of a file. */
export interface PgBackendDef {
  /** `postgres://user@host:port/database?sslmode=disable` (no password: trust authentication). */
  readonly connStr: string;
  /** One schema per stack state. */
  readonly schemaName: string;
}

export interface StackDef {
  readonly stackName: string;
  /** Absolute path of the local state file (cdktf's default would be relative to the process's cwd). */
  readonly stateFile: string;
  /** When set, the state lives there and `stateFile` is unused. */
  readonly pgBackend?: PgBackendDef;
  readonly integrations: readonly IntegrationDef[];
}

/**
 * The outputs of an integration that keep their value while the integration is kept: its id,
 * status and the credentials of its cloud (with the AWS trust policy built from them); not the
 * live destination.
 */
export function identityOutputNames(id: string, cloud: StorageCloud): string[] {
  const names = outputNames(id);
  const byCloud = {
    [StorageCloud.AWS]: [names.awsIamUserArn, names.awsExternalId, names.trustPolicy],
    [StorageCloud.AZURE]: [names.azureConsentUrl, names.azureMultiTenantAppName, names.azureAppClientId],
    [StorageCloud.GCP]: [names.gcpServiceAccount],
  }[cloud];
  return [names.integrationId, names.status, ...byCloud];
}

/** Names of an integration's outputs. */
export function outputNames(id: string) {
  return {
    integrationId: `${id}_integration_id`,
    status: `${id}_status`,
    destination: `${id}_destination`,
    awsIamUserArn: `${id}_aws_iam_user_arn`,
    awsExternalId: `${id}_aws_external_id`,
    trustPolicy: `${id}_trust_policy`,
    gcpServiceAccount: `${id}_gcp_service_account`,
    azureConsentUrl: `${id}_azure_consent_url`,
    azureMultiTenantAppName: `${id}_azure_multi_tenant_app_name`,
    azureAppClientId: `${id}_azure_app_client_id`,
  };
}

/**
 * Synthesizes the stack into `outdir` (default: CDKTF_OUTDIR, as set by the cdktf CLI); the stack
 * folder is `<outdir>/stacks/<stackName>`.
 */
export function synthStack(def: StackDef, outdir?: string): void {
  const app = new App(outdir === undefined ? {} : { outdir });
  const stack = new TerraformStack(app, def.stackName);
  if (def.pgBackend) {
    new PgBackend(stack, { connStr: def.pgBackend.connStr, schemaName: def.pgBackend.schemaName });
  } else {
    new LocalBackend(stack, { path: def.stateFile });
  }
  for (const integration of def.integrations) {
    const construct = new SigmaAuditLogStorageIntegration(stack, integration.id, {
      integrationName: integration.integrationName,
      cloud: integration.cloud,
      destination: integration.computedDestination
        ? computed(stack, integration)
        : integration.bucketVariable !== undefined
          ? fromVariable(stack, integration, integration.bucketVariable)
          : integration.destination,
      roleArn: integration.cloud === StorageCloud.AWS ? ROLE_ARN : undefined,
      tenantId: integration.cloud === StorageCloud.AZURE ? TENANT_ID : undefined,
      // By default the production URL: the tests reach the emulator through SIGMA_API_URL, as a user would.
      apiUrl: integration.apiUrl ?? SigmaApiUrl.AWS_US,
      credentials:
        integration.credentials === undefined
          ? undefined
          : SigmaCredentials.fromEnvironment(
              integration.credentials.clientIdVariable,
              integration.credentials.clientSecretVariable,
              integration.credentials.apiUrlVariable,
            ),
      adoptIntegrationId: integration.adoptIntegrationId,
      linkedExportsOnDestinationChange: integration.linkedExportsOnDestinationChange,
      linkedExportsOnDelete: integration.linkedExportsOnDelete,
      removalPolicy: integration.removalPolicy,
      enabled: integration.enabled,
      credentialsTimeoutSeconds: integration.credentialsTimeoutSeconds ?? 60,
    });
    const names = outputNames(integration.id);
    if (integration.consumers) {
      for (const [key, value] of Object.entries(consumedOutputs(construct))) {
        new TerraformData(stack, `${integration.id}_Consumer_${key}`, { triggersReplace: { value } });
      }
    }
    new TerraformOutput(stack, names.integrationId, { value: construct.integrationId });
    new TerraformOutput(stack, names.status, { value: construct.status });
    new TerraformOutput(stack, names.destination, { value: construct.liveDestination });
    if (integration.cloud === StorageCloud.AWS) {
      new TerraformOutput(stack, names.awsIamUserArn, { value: construct.awsIamUserArn });
      new TerraformOutput(stack, names.awsExternalId, { value: construct.awsExternalId });
      // What AwsAuditLogIntegration gives the role: rendered by Terraform from the credentials it read.
      const trustPolicy = Fn.jsonencode(trustPolicyDocument({ iamUserArn: construct.awsIamUserArn, externalId: construct.awsExternalId }));
      new TerraformOutput(stack, names.trustPolicy, { value: trustPolicy });
      if (integration.roleStandIn) new TerraformData(stack, `${integration.id}_Role`, { input: { assumeRolePolicy: trustPolicy } });
    } else if (integration.cloud === StorageCloud.AZURE) {
      new TerraformOutput(stack, names.azureConsentUrl, { value: construct.azureConsentUrl });
      new TerraformOutput(stack, names.azureMultiTenantAppName, { value: construct.azureMultiTenantAppName });
      new TerraformOutput(stack, names.azureAppClientId, { value: construct.azureAppClientId });
    } else {
      new TerraformOutput(stack, names.gcpServiceAccount, { value: construct.gcpServiceAccount });
    }
  }
  app.synth();
}

/** The destination with its bucket (or account) taken from an input variable of the stack. */
function fromVariable(stack: TerraformStack, integration: IntegrationDef, name: string): string {
  const [, scheme, , rest] = /^(\w+):\/\/([^/]+)(.*)$/.exec(integration.destination)!;
  const bucket = new TerraformVariable(stack, name, { type: 'string', description: 'the bucket the audit logs go to' });
  return `${scheme}://${bucket.stringValue}${rest}`;
}

/** The outputs a consumer may be built from: whatever keeps its value while the integration is kept. */
export function consumedOutputs(construct: SigmaAuditLogStorageIntegration): Record<string, string> {
  return {
    integration_id: construct.integrationId,
    status: construct.status,
    aws_iam_user_arn: construct.awsIamUserArn,
    aws_external_id: construct.awsExternalId,
    azure_consent_url: construct.azureConsentUrl,
    azure_multi_tenant_app_name: construct.azureMultiTenantAppName,
    azure_app_client_id: construct.azureAppClientId,
    gcp_service_account: construct.gcpServiceAccount,
  };
}

/** The destination with its bucket (or account) read from a resource's output. */
function computed(stack: TerraformStack, integration: IntegrationDef): string {
  const [, scheme, bucket, rest] = /^(\w+):\/\/([^/]+)(.*)$/.exec(integration.destination)!;
  const source = new TerraformData(stack, `${integration.id}_Bucket`, { input: { name: bucket } });
  return `${scheme}://${Token.asString(source.output.lookup('name'))}${rest}`;
}
