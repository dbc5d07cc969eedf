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
      'kms_key_arn',
      'role_arn',
      'sigma_integration_id',
      'sigma_integration_name',
      'sigma_integration_status',
    ]);
    // The integration writes into the bucket the stack creates.
    expect(json.output.destination.value).toBe('s3://${aws_s3_bucket.AuditLogBucket.bucket}/sigma/audit-logs/');
    expect(json).toMatchSnapshot();
  });

  test('the bucket is secure as copied: its own rotated KMS key (which the role may use), TLS only, no ACLs, versions, retention', () => {
    const json = JSON.parse(Testing.synth(new AwsAuditLogsExampleStack(Testing.app(), 'aws-audit-logs')));
    const r = json.resource;
    expect(r.aws_kms_key.AuditLogKey.enable_key_rotation).toBe(true);
    expect(r.aws_s3_bucket_server_side_encryption_configuration.AuditLogBucketEncryption.rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: '${aws_kms_key.AuditLogKey.arn}',
    });
    // The role's access policy names that key (kmsKeyArn), so Sigma can write encrypted objects.
    const [accessPolicy] = Object.values<{ policy: string }>(r.aws_iam_policy);
    expect(accessPolicy.policy).toContain('"Action" = ["kms:GenerateDataKey", "kms:Decrypt"], "Resource" = [aws_kms_key.AuditLogKey.arn]');
    expect(r.aws_s3_bucket_ownership_controls.AuditLogBucketOwnership.rule.object_ownership).toBe('BucketOwnerEnforced');
    expect(r.aws_s3_bucket_policy.AuditLogBucketPolicy.policy).toBe('${data.aws_iam_policy_document.AuditLogBucketTlsOnly.json}');
    expect(json.data.aws_iam_policy_document.AuditLogBucketTlsOnly.statement[0]).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(r.aws_s3_bucket_versioning.AuditLogBucketVersioning.versioning_configuration.status).toBe('Enabled');
    expect(r.aws_s3_bucket_lifecycle_configuration.AuditLogBucketRetention.rule[0]).toMatchObject({
      status: 'Enabled',
      expiration: [{ days: 400 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
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
