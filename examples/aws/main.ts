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
import { AwsAuditLogIntegration, SigmaApiUrl } from 'cdktf-sigma-audit-logs';
import { Construct } from 'constructs';

// Names to change when copying this example.
const REGION = 'us-east-1';
/** Globally unique: 3-63 lower-case letters, digits and hyphens. */
const BUCKET = 'my-company-sigma-audit-logs';
const PREFIX = 'sigma/audit-logs';
/** How long audit-log files are kept; older ones are deleted (choose per your retention policy). */
const RETENTION_DAYS = 400;
/** How long an overwritten or deleted file stays recoverable as a noncurrent version. */
const NONCURRENT_VERSION_DAYS = 30;

/** An S3 bucket and the Sigma audit-log storage integration writing into it. */
export class AwsAuditLogsExampleStack extends TerraformStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // Credentials come from the environment (profile, SSO or the pipeline's role), never from code.
    new AwsProvider(this, 'aws', { region: REGION });

    // A key of your own for the audit logs: its use is logged in CloudTrail and revocable. It
    // keeps AWS's default key policy, under which the account's IAM policies grant its use: the
    // role Sigma assumes gets kms:GenerateDataKey and kms:Decrypt on this key only (kmsKeyArn).
    const key = new KmsKey(this, 'AuditLogKey', {
      description: `Encrypts the Sigma audit logs in s3://${BUCKET}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'AuditLogKeyAlias', { name: `alias/${BUCKET}`, targetKeyId: key.keyId });

    const bucket = new S3Bucket(this, 'AuditLogBucket', { bucket: BUCKET });
    new S3BucketPublicAccessBlock(this, 'AuditLogBucketPublicAccessBlock', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // No object ACLs: the bucket owns every object and access is by policy only.
    new S3BucketOwnershipControls(this, 'AuditLogBucketOwnership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    // SSE-KMS with the key above by default; the role Sigma assumes may use that key only.
    new S3BucketServerSideEncryptionConfigurationA(this, 'AuditLogBucketEncryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    });
    // Overwritten or deleted audit-log files stay recoverable for NONCURRENT_VERSION_DAYS.
    const versioning = new S3BucketVersioningA(this, 'AuditLogBucketVersioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    // Audit-log files are deleted after RETENTION_DAYS, their old versions NONCURRENT_VERSION_DAYS later.
    new S3BucketLifecycleConfiguration(this, 'AuditLogBucketRetention', {
      bucket: bucket.id,
      dependsOn: [versioning],
      rule: [
        {
          id: 'audit-log-retention',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: RETENTION_DAYS }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    // Refuses every request that does not use TLS.
    const tlsOnly = new DataAwsIamPolicyDocument(this, 'AuditLogBucketTlsOnly', {
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
    new S3BucketPolicy(this, 'AuditLogBucketPolicy', { bucket: bucket.id, policy: tlsOnly.json });

    const auditLogs = new AwsAuditLogIntegration(this, 'AuditLogs', {
      bucketName: bucket.bucket,
      prefix: PREFIX,
      kmsKeyArn: key.arn,
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
    new TerraformOutput(this, 'kms_key_arn', { value: key.arn, description: 'The key that encrypts the audit logs' });
  }
}

if (require.main === module) {
  const app = new App();
  new AwsAuditLogsExampleStack(app, 'aws-audit-logs');
  app.synth();
}
