/**
 * The stack of test/go/synth_test.go, in TypeScript: scripts/go-test.sh synthesizes it into
 * CDKTF_OUTDIR and the Go test compares its own synth with it.
 */
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import {
  GcsAuditLogIntegration,
  LinkedExportsOnDelete,
  SigmaApiUrl,
  SigmaAuditLogStorageIntegration,
  StorageCloud,
} from 'cdktf-sigma-audit-logs';

export const STACK_ID = 'go-audit-logs';

export function declareReferenceStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, STACK_ID);
  new GoogleProvider(stack, 'google', { project: 'my-gcp-project', region: 'us-central1' });

  const gcs = new GcsAuditLogIntegration(stack, 'AuditLogs', {
    bucketName: 'my-company-sigma-audit-logs',
    folder: 'sigma',
    project: 'my-gcp-project',
    apiUrl: SigmaApiUrl.GCP,
  });
  // The Sigma side alone, for a role managed elsewhere.
  const sigma = new SigmaAuditLogStorageIntegration(stack, 'ExistingRole', {
    cloud: StorageCloud.AWS,
    destination: 's3://my-company-archive/sigma/',
    roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs',
    apiUrl: SigmaApiUrl.AWS_EUROPE,
    linkedExportsOnDelete: LinkedExportsOnDelete.DELETE,
  });

  new TerraformOutput(stack, 'gcp_service_account', { value: gcs.serviceAccount });
  new TerraformOutput(stack, 'custom_role', { value: gcs.customRole.name });
  new TerraformOutput(stack, 'aws_external_id', { value: sigma.awsExternalId });
  new TerraformOutput(stack, 'integration_name', { value: sigma.integrationName });
  return stack;
}

if (require.main === module) {
  const app = new App();
  declareReferenceStack(app);
  app.synth();
}
