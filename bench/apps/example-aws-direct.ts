/** Baseline of examples/aws: the same resources, declared directly. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { addHandler, awsIntegration } from './direct';

export function declare(app: App, _size: number, handlerBundle: string): void {
  const stack = new TerraformStack(app, 'aws-audit-logs');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const bucket = new S3Bucket(stack, 'AuditLogBucket', { bucket: 'my-company-sigma-audit-logs' });
  new S3BucketPublicAccessBlock(stack, 'AuditLogBucketPublicAccessBlock', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketServerSideEncryptionConfigurationA(stack, 'AuditLogBucketEncryption', {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  new S3BucketVersioningA(stack, 'AuditLogBucketVersioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });

  const handler = addHandler(stack, handlerBundle);
  const auditLogs = awsIntegration(stack, 'AuditLogs', handler, bucket.bucket, 'sigma/audit-logs');
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
}
