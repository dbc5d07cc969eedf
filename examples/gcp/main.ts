import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { GcsAuditLogIntegration, SigmaApiUrl } from 'cdktf-sigma-audit-logs';
import { Construct } from 'constructs';

// Names to change when copying this example.
const PROJECT = 'my-gcp-project';
const REGION = 'us-central1';
/** Globally unique: 3-63 lower-case letters, digits, hyphens and underscores. */
const BUCKET = 'my-gcp-project-sigma-audit-logs';
const FOLDER = 'sigma';
/** How long audit-log files are kept; older ones are deleted (choose per your retention policy). */
const RETENTION_DAYS = 400;
/** How long an overwritten or deleted file stays recoverable as a noncurrent version. */
const NONCURRENT_VERSION_DAYS = 30;

/** A GCS bucket and the Sigma audit-log storage integration writing into it. */
export class GcpAuditLogsExampleStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // Credentials come from the environment (Application Default Credentials, or the
    // pipeline's workload identity), never from code.
    new GoogleProvider(this, 'google', { project: PROJECT, region: REGION });

    const bucket = new StorageBucket(this, 'AuditLogBucket', {
      name: BUCKET,
      location: REGION.toUpperCase(),
      // Access is granted by IAM only (no object ACLs), and never to the public.
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      // Overwritten or deleted audit-log files stay recoverable for NONCURRENT_VERSION_DAYS.
      versioning: { enabled: true },
      lifecycleRule: [
        { condition: { age: RETENTION_DAYS }, action: { type: 'Delete' } },
        { condition: { daysSinceNoncurrentTime: NONCURRENT_VERSION_DAYS }, action: { type: 'Delete' } },
      ],
    });

    const auditLogs = new GcsAuditLogIntegration(this, 'AuditLogs', {
      bucketName: bucket.name,
      folder: FOLDER,
      project: PROJECT,
      // The API of the cloud and region your Sigma organization runs in.
      apiUrl: SigmaApiUrl.GCP,
    });

    new TerraformOutput(this, 'sigma_integration_name', {
      value: auditLogs.integration.integrationName,
      description: 'Name of the storage integration in Sigma; scheduled audit-log exports select it by this name',
    });
    new TerraformOutput(this, 'sigma_integration_id', { value: auditLogs.integration.integrationId });
    new TerraformOutput(this, 'sigma_integration_status', { value: auditLogs.integration.status });
    new TerraformOutput(this, 'destination', { value: auditLogs.destination });
    new TerraformOutput(this, 'gcp_service_account', {
      value: auditLogs.serviceAccount,
      description: "The service account Sigma's exporter writes as (bound to the custom role on the bucket)",
    });
    new TerraformOutput(this, 'custom_role', { value: auditLogs.customRole.name });
    new TerraformOutput(this, 'bucket_name', { value: bucket.name });
  }
}

if (require.main === module) {
  const app = new App();
  new GcpAuditLogsExampleStack(app, 'gcp-audit-logs');
  app.synth();
}
