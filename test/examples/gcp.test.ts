import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { Testing } from 'cdktf';
// cdktf's jest matchers (registered in test/setup.ts): their types.
import type {} from 'cdktf/lib/testing/adapters/jest';
import { GcpAuditLogsExampleStack } from '../../examples/gcp/main';
import { stableHandlerPaths } from './stable';

describe('examples/gcp', () => {
  test('synthesizes to the committed snapshot', () => {
    const synth = Testing.synth(new GcpAuditLogsExampleStack(Testing.app(), 'gcp-audit-logs'), true);
    expect(synth).toHaveResourceWithProperties(StorageBucket, { uniform_bucket_level_access: true, public_access_prevention: 'enforced' });
    expect(synth).toHaveResourceWithProperties(ProjectIamCustomRole, {
      permissions: ['storage.objects.create', 'storage.objects.delete', 'storage.objects.list', 'storage.buckets.get'],
    });
    const json = JSON.parse(stableHandlerPaths(synth));
    expect(Object.keys(json.output).sort()).toEqual([
      'bucket_name',
      'custom_role',
      'destination',
      'gcp_service_account',
      'sigma_integration_id',
      'sigma_integration_name',
      'sigma_integration_status',
    ]);
    expect(json).toMatchSnapshot();
  });

  test('the bucket keeps overwritten files as versions and deletes audit logs after the retention period', () => {
    const synth = Testing.synth(new GcpAuditLogsExampleStack(Testing.app(), 'gcp-audit-logs'));
    expect(synth).toHaveResourceWithProperties(StorageBucket, {
      versioning: { enabled: true },
      lifecycle_rule: [
        { condition: { age: 400 }, action: { type: 'Delete' } },
        { condition: { days_since_noncurrent_time: 30 }, action: { type: 'Delete' } },
      ],
    });
  });

  test('Sigma credentials in the environment never reach the synthesized stack', () => {
    const saved = process.env.SIGMA_CLIENT_SECRET;
    process.env.SIGMA_CLIENT_SECRET = 'example-client-secret-9c1e';
    try {
      expect(Testing.synth(new GcpAuditLogsExampleStack(Testing.app(), 'gcp-audit-logs'))).not.toContain('example-client-secret-9c1e');
    } finally {
      if (saved === undefined) delete process.env.SIGMA_CLIENT_SECRET;
      else process.env.SIGMA_CLIENT_SECRET = saved;
    }
  });
});
