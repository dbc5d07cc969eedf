/** Baseline of examples/gcp: the same resources, declared directly. */
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { addHandler, gcsIntegration } from './direct';

export function declare(app: App, _size: number, handlerBundle: string): void {
  const stack = new TerraformStack(app, 'gcp-audit-logs');
  new GoogleProvider(stack, 'google', { project: 'my-gcp-project', region: 'us-central1' });
  const bucket = new StorageBucket(stack, 'AuditLogBucket', {
    name: 'my-gcp-project-sigma-audit-logs',
    location: 'US-CENTRAL1',
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'enforced',
    versioning: { enabled: true },
    lifecycleRule: [
      { condition: { age: 400 }, action: { type: 'Delete' } },
      { condition: { daysSinceNoncurrentTime: 30 }, action: { type: 'Delete' } },
    ],
  });

  const handler = addHandler(stack, handlerBundle);
  const auditLogs = gcsIntegration(stack, 'AuditLogs', handler, bucket.name, 'sigma', 'my-gcp-project', 'https://api.sigmacomputing.com');
  const sigma = auditLogs.sigma;
  new TerraformOutput(stack, 'sigma_integration_name', {
    value: sigma.name,
    description: 'Name of the storage integration in Sigma; scheduled audit-log exports select it by this name',
  });
  new TerraformOutput(stack, 'sigma_integration_id', { value: sigma.result('integration_id') });
  new TerraformOutput(stack, 'sigma_integration_status', { value: sigma.result('status') });
  new TerraformOutput(stack, 'destination', { value: auditLogs.destination });
  new TerraformOutput(stack, 'gcp_service_account', {
    value: sigma.result('gcp_service_account'),
    description: "The service account Sigma's exporter writes as (bound to the custom role on the bucket)",
  });
  new TerraformOutput(stack, 'custom_role', { value: auditLogs.customRole.name });
  new TerraformOutput(stack, 'bucket_name', { value: bucket.name });
}
