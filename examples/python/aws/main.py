#!/usr/bin/env python
"""An S3 bucket and the Sigma audit-log storage integration writing into it.

The Python twin of examples/aws/main.ts: both synthesize the same Terraform configuration.
"""
from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
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


class AwsAuditLogsExampleStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        # Credentials come from the environment (profile, SSO or the pipeline's role), never from code.
        AwsProvider(self, "aws", region=REGION)

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
        # SSE-S3. For SSE-KMS, use aws:kms with your key and pass its ARN as `kms_key_arn` below.
        S3BucketServerSideEncryptionConfigurationA(
            self,
            "AuditLogBucketEncryption",
            bucket=bucket.id,
            rule=[
                S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="AES256"
                    )
                )
            ],
        )
        # Optional: keeps overwritten or deleted audit-log files recoverable.
        S3BucketVersioningA(
            self,
            "AuditLogBucketVersioning",
            bucket=bucket.id,
            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"),
        )

        audit_logs = AwsAuditLogIntegration(
            self,
            "AuditLogs",
            bucket_name=bucket.bucket,
            prefix=PREFIX,
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


if __name__ == "__main__":
    app = App()
    AwsAuditLogsExampleStack(app, "aws-audit-logs")
    app.synth()
