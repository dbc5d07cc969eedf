import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsAuditLogIntegration, SigmaApiUrl } from 'cdktf-sigma-audit-logs';
import { Construct } from 'constructs';

// Names to change when copying this example.
const REGION = 'us-east-1';
/** Globally unique: 3-63 lower-case letters, digits and hyphens. */
const BUCKET = 'my-company-sigma-audit-logs';
const PREFIX = 'sigma/audit-logs';

/** An S3 bucket and the Sigma audit-log storage integration writing into it. */
export class AwsAuditLogsExampleStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // Credentials come from the environment (profile, SSO or the pipeline's role), never from code.
    new AwsProvider(this, 'aws', { region: REGION });

    const bucket = new S3Bucket(this, 'AuditLogBucket', { bucket: BUCKET });
    new S3BucketPublicAccessBlock(this, 'AuditLogBucketPublicAccessBlock', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // SSE-S3. For SSE-KMS, use aws:kms with your key and pass its ARN as `kmsKeyArn` below.
    new S3BucketServerSideEncryptionConfigurationA(this, 'AuditLogBucketEncryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    // Optional: keeps overwritten or deleted audit-log files recoverable.
    new S3BucketVersioningA(this, 'AuditLogBucketVersioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    const auditLogs = new AwsAuditLogIntegration(this, 'AuditLogs', {
      bucketName: bucket.bucket,
      prefix: PREFIX,
      // The API of the cloud and region your Sigma organization runs in.
      apiUrl: SigmaApiUrl.AWS_US,
    });

    new TerraformOutput(this, 'sigma_integration_name', {
      value: auditLogs.integration.integrationName,
      description: 'Name of the storage integration in Sigma; scheduled audit-log exports select it by this name',
    });
    new TerraformOutput(this, 'sigma_integration_id', { value: auditLogs.integration.integrationId });
    new TerraformOutput(this, 'sigma_integration_status', { value: auditLogs.integration.status });
    new TerraformOutput(this, 'destination', { value: auditLogs.destination });
    new TerraformOutput(this, 'aws_iam_user_arn', {
      value: auditLogs.integration.awsIamUserArn,
      description: "The IAM user Sigma's exporter runs as (the principal the role trusts)",
    });
    new TerraformOutput(this, 'aws_external_id', {
      value: auditLogs.integration.awsExternalId,
      description: 'The external id the role requires when Sigma assumes it',
    });
    new TerraformOutput(this, 'role_arn', { value: auditLogs.roleArn, description: 'The role Sigma assumes to write to the bucket' });
    new TerraformOutput(this, 'bucket_name', { value: bucket.bucket });
  }
}

if (require.main === module) {
  const app = new App();
  new AwsAuditLogsExampleStack(app, 'aws-audit-logs');
  app.synth();
}
