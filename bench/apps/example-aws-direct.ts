/** Baseline of examples/aws: the same resources, declared directly. */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { addHandler, awsIntegration } from './direct';

export function declare(app: App, _size: number, handlerBundle: string): void {
  const stack = new TerraformStack(app, 'aws-audit-logs');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const key = new KmsKey(stack, 'AuditLogKey', {
    description: 'Encrypts the Sigma audit logs in s3://my-company-sigma-audit-logs',
    enableKeyRotation: true,
    deletionWindowInDays: 30,
  });
  new KmsAlias(stack, 'AuditLogKeyAlias', { name: 'alias/my-company-sigma-audit-logs', targetKeyId: key.keyId });
  const bucket = new S3Bucket(stack, 'AuditLogBucket', { bucket: 'my-company-sigma-audit-logs' });
  new S3BucketPublicAccessBlock(stack, 'AuditLogBucketPublicAccessBlock', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(stack, 'AuditLogBucketOwnership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  new S3BucketServerSideEncryptionConfigurationA(stack, 'AuditLogBucketEncryption', {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
  });
  const versioning = new S3BucketVersioningA(stack, 'AuditLogBucketVersioning', {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketLifecycleConfiguration(stack, 'AuditLogBucketRetention', {
    bucket: bucket.id,
    dependsOn: [versioning],
    rule: [
      {
        id: 'audit-log-retention',
        status: 'Enabled',
        filter: [{}],
        expiration: [{ days: 400 }],
        noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });
  const tlsOnly = new DataAwsIamPolicyDocument(stack, 'AuditLogBucketTlsOnly', {
    statement: [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: [bucket.arn, `${bucket.arn}/*`],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ],
  });
  new S3BucketPolicy(stack, 'AuditLogBucketPolicy', { bucket: bucket.id, policy: tlsOnly.json });

  const handler = addHandler(stack, handlerBundle);
  const auditLogs = awsIntegration(stack, 'AuditLogs', handler, bucket.bucket, 'sigma/audit-logs', key.arn);
  const sigma = auditLogs.sigma;
  new TerraformOutput(stack, 'sigma_integration_name', {
    value: sigma.name,
    description: 'Name of the storage integration in Sigma; scheduled audit-log exports select it by this name',
  });
  new TerraformOutput(stack, 'sigma_integration_id', { value: sigma.result('integration_id') });
  new TerraformOutput(stack, 'sigma_integration_status', { value: sigma.result('status') });
  new TerraformOutput(stack, 'destination', { value: auditLogs.destination });
  new TerraformOutput(stack, 'aws_iam_user_arn', {
    value: sigma.result('aws_iam_user_arn'),
    description: "The IAM user Sigma's exporter runs as (the principal the role trusts)",
  });
  new TerraformOutput(stack, 'aws_external_id', {
    value: sigma.result('aws_external_id'),
    description: 'The external id the role requires when Sigma assumes it',
  });
  new TerraformOutput(stack, 'role_arn', { value: auditLogs.roleArn, description: 'The role Sigma assumes to write to the bucket' });
  new TerraformOutput(stack, 'bucket_name', { value: bucket.bucket });
  new TerraformOutput(stack, 'kms_key_arn', { value: key.arn, description: 'The key that encrypts the audit logs' });
}
