#!/usr/bin/env python
"""An S3 bucket and the Sigma audit-log storage integration writing into it.

The Python twin of examples/aws/main.ts: both synthesize the same Terraform configuration.
"""
from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
)
from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
)
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from cdktf_sigma_audit_logs import AwsAuditLogIntegration, SigmaApiUrl
from constructs import Construct

# Names to change when copying this example.
REGION = "us-east-1"
# Globally unique: 3-63 lower-case letters, digits and hyphens.
BUCKET = "my-company-sigma-audit-logs"
PREFIX = "sigma/audit-logs"
# How long audit-log files are kept; older ones are deleted (choose per your retention policy).
RETENTION_DAYS = 400
# How long an overwritten or deleted file stays recoverable as a noncurrent version.
NONCURRENT_VERSION_DAYS = 30


class AwsAuditLogsExampleStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        # Credentials come from the environment (profile, SSO or the pipeline's role), never from code.
        AwsProvider(self, "aws", region=REGION)

        # A key of your own for the audit logs: its use is logged in CloudTrail and revocable. It
        # keeps AWS's default key policy, under which the account's IAM policies grant its use: the
        # role Sigma assumes gets kms:GenerateDataKey and kms:Decrypt on this key only (kms_key_arn).
        key = KmsKey(
            self,
            "AuditLogKey",
            description=f"Encrypts the Sigma audit logs in s3://{BUCKET}",
            enable_key_rotation=True,
            deletion_window_in_days=30,
        )
        KmsAlias(self, "AuditLogKeyAlias", name=f"alias/{BUCKET}", target_key_id=key.key_id)

        bucket = S3Bucket(self, "AuditLogBucket", bucket=BUCKET)
        S3BucketPublicAccessBlock(
            self,
            "AuditLogBucketPublicAccessBlock",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
        )
        # No object ACLs: the bucket owns every object and access is by policy only.
        S3BucketOwnershipControls(
            self,
            "AuditLogBucketOwnership",
            bucket=bucket.id,
            rule=S3BucketOwnershipControlsRule(object_ownership="BucketOwnerEnforced"),
        )
        # SSE-KMS with the key above by default; the role Sigma assumes may use that key only.
        S3BucketServerSideEncryptionConfigurationA(
            self,
            "AuditLogBucketEncryption",
            bucket=bucket.id,
            rule=[
                S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms", kms_master_key_id=key.arn
                    ),
                    bucket_key_enabled=True,
                )
            ],
        )
        # Overwritten or deleted audit-log files stay recoverable for NONCURRENT_VERSION_DAYS.
        versioning = S3BucketVersioningA(
            self,
            "AuditLogBucketVersioning",
            bucket=bucket.id,
            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"),
        )
        # Audit-log files are deleted after RETENTION_DAYS, their old versions NONCURRENT_VERSION_DAYS later.
        S3BucketLifecycleConfiguration(
            self,
            "AuditLogBucketRetention",
            bucket=bucket.id,
            depends_on=[versioning],
            rule=[
                S3BucketLifecycleConfigurationRule(
                    id="audit-log-retention",
                    status="Enabled",
                    filter=[S3BucketLifecycleConfigurationRuleFilter()],
                    expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=RETENTION_DAYS)],
                    noncurrent_version_expiration=[
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=NONCURRENT_VERSION_DAYS
                        )
                    ],
                    abort_incomplete_multipart_upload=[
                        S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(days_after_initiation=7)
                    ],
                )
            ],
        )
        # Refuses every request that does not use TLS.
        tls_only = DataAwsIamPolicyDocument(
            self,
            "AuditLogBucketTlsOnly",
            statement=[
                DataAwsIamPolicyDocumentStatement(
                    sid="DenyInsecureTransport",
                    effect="Deny",
                    principals=[DataAwsIamPolicyDocumentStatementPrincipals(type="*", identifiers=["*"])],
                    actions=["s3:*"],
                    resources=[bucket.arn, f"{bucket.arn}/*"],
                    condition=[
                        DataAwsIamPolicyDocumentStatementCondition(
                            test="Bool", variable="aws:SecureTransport", values=["false"]
                        )
                    ],
                )
            ],
        )
        S3BucketPolicy(self, "AuditLogBucketPolicy", bucket=bucket.id, policy=tls_only.json)

        audit_logs = AwsAuditLogIntegration(
            self,
            "AuditLogs",
            bucket_name=bucket.bucket,
            prefix=PREFIX,
            kms_key_arn=key.arn,
            # The API of the cloud and region your Sigma organization runs in.
            api_url=SigmaApiUrl.AWS_US,
        )

        TerraformOutput(
            self,
            "sigma_integration_name",
            value=audit_logs.integration.integration_name,
            description="Name of the storage integration in Sigma; scheduled audit-log exports select it by this name",
        )
        TerraformOutput(self, "sigma_integration_id", value=audit_logs.integration.integration_id)
        TerraformOutput(self, "sigma_integration_status", value=audit_logs.integration.status)
        TerraformOutput(self, "destination", value=audit_logs.destination)
        TerraformOutput(
            self,
            "aws_iam_user_arn",
            value=audit_logs.integration.aws_iam_user_arn,
            description="The IAM user Sigma's exporter runs as (the principal the role trusts)",
        )
        TerraformOutput(
            self,
            "aws_external_id",
            value=audit_logs.integration.aws_external_id,
            description="The external id the role requires when Sigma assumes it",
        )
        TerraformOutput(
            self, "role_arn", value=audit_logs.role_arn, description="The role Sigma assumes to write to the bucket"
        )
        TerraformOutput(self, "bucket_name", value=bucket.bucket)
        TerraformOutput(self, "kms_key_arn", value=key.arn, description="The key that encrypts the audit logs")


if __name__ == "__main__":
    app = App()
    AwsAuditLogsExampleStack(app, "aws-audit-logs")
    app.synth()
