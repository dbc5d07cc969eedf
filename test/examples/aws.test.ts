import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { Testing } from 'cdktf';
// Types of cdktf's jest matchers (set up at run time by test/setup.ts).
import { AwsAuditLogsExampleStack } from '../../examples/aws/main';
import { stableHandlerPaths } from './stable';

describe('examples/aws', () => {
  test('synthesizes to the committed snapshot', () => {
    const synth = Testing.synth(new AwsAuditLogsExampleStack(Testing.app(), 'aws-audit-logs'), true);
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synth).toHaveResource(IamRole);
    expect(synth).toHaveResource(IamPolicy);
    const json = JSON.parse(stableHandlerPaths(synth));
    expect(Object.keys(json.output).sort()).toEqual([
      'aws_external_id',
      'aws_iam_user_arn',
      'bucket_name',
      'destination',
      'role_arn',
      'sigma_integration_id',
      'sigma_integration_name',
      'sigma_integration_status',
    ]);
    // The integration writes into the bucket the stack creates.
    expect(json.output.destination.value).toBe('s3://${aws_s3_bucket.AuditLogBucket.bucket}/sigma/audit-logs/');
    expect(json).toMatchSnapshot();
  });

  test('Sigma credentials in the environment never reach the synthesized stack', () => {
    const saved = process.env.SIGMA_CLIENT_SECRET;
    process.env.SIGMA_CLIENT_SECRET = 'example-client-secret-4b7d';
    try {
      expect(Testing.synth(new AwsAuditLogsExampleStack(Testing.app(), 'aws-audit-logs'))).not.toContain('example-client-secret-4b7d');
    } finally {
      if (saved === undefined) delete process.env.SIGMA_CLIENT_SECRET;
      else process.env.SIGMA_CLIENT_SECRET = saved;
    }
  });
});
