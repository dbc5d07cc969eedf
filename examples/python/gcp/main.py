#!/usr/bin/env python
"""A GCS bucket and the Sigma audit-log storage integration writing into it.

The Python twin of examples/gcp/main.ts: both synthesize the same Terraform configuration.
"""
from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_google.provider import GoogleProvider
from cdktf_cdktf_provider_google.storage_bucket import (
    StorageBucket,
    StorageBucketLifecycleRule,
    StorageBucketLifecycleRuleAction,
    StorageBucketLifecycleRuleCondition,
    StorageBucketVersioning,
)
from cdktf_sigma_audit_logs import GcsAuditLogIntegration, SigmaApiUrl
from constructs import Construct

# Names to change when copying this example.
PROJECT = "my-gcp-project"
REGION = "us-central1"
# Globally unique: 3-63 lower-case letters, digits, hyphens and underscores.
BUCKET = "my-gcp-project-sigma-audit-logs"
FOLDER = "sigma"
# How long audit-log files are kept; older ones are deleted (choose per your retention policy).
RETENTION_DAYS = 400
# How long an overwritten or deleted file stays recoverable as a noncurrent version.
NONCURRENT_VERSION_DAYS = 30


class GcpAuditLogsExampleStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        # Credentials come from the environment (Application Default Credentials, or the
        # pipeline's workload identity), never from code.
        GoogleProvider(self, "google", project=PROJECT, region=REGION)

        bucket = StorageBucket(
            self,
            "AuditLogBucket",
            name=BUCKET,
            location=REGION.upper(),
            # Access is granted by IAM only (no object ACLs), and never to the public.
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            # Overwritten or deleted audit-log files stay recoverable for NONCURRENT_VERSION_DAYS.
            versioning=StorageBucketVersioning(enabled=True),
            lifecycle_rule=[
                StorageBucketLifecycleRule(
                    condition=StorageBucketLifecycleRuleCondition(age=RETENTION_DAYS),
                    action=StorageBucketLifecycleRuleAction(type="Delete"),
                ),
                StorageBucketLifecycleRule(
                    condition=StorageBucketLifecycleRuleCondition(days_since_noncurrent_time=NONCURRENT_VERSION_DAYS),
                    action=StorageBucketLifecycleRuleAction(type="Delete"),
                ),
            ],
        )

        audit_logs = GcsAuditLogIntegration(
            self,
            "AuditLogs",
            bucket_name=bucket.name,
            folder=FOLDER,
            project=PROJECT,
            # The API of the cloud and region your Sigma organization runs in.
            api_url=SigmaApiUrl.GCP,
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
            "gcp_service_account",
            value=audit_logs.service_account,
            description="The service account Sigma's exporter writes as (bound to the custom role on the bucket)",
        )
        TerraformOutput(self, "custom_role", value=audit_logs.custom_role.name)
        TerraformOutput(self, "bucket_name", value=bucket.name)


if __name__ == "__main__":
    app = App()
    GcpAuditLogsExampleStack(app, "gcp-audit-logs")
    app.synth()
