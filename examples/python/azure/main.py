#!/usr/bin/env python
"""A storage account and container, and the Sigma audit-log storage integration writing into it.

The Python twin of examples/azure/main.ts: both synthesize the same Terraform configuration.
"""
from typing import List, Optional

from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_azuread.provider import AzureadProvider
from cdktf_cdktf_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig
from cdktf_cdktf_provider_azurerm.provider import (
    AzurermProvider,
    AzurermProviderFeatures,
    AzurermProviderFeaturesStorage,
)
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.storage_account import (
    StorageAccount,
    StorageAccountBlobProperties,
    StorageAccountBlobPropertiesContainerDeleteRetentionPolicy,
    StorageAccountBlobPropertiesDeleteRetentionPolicy,
    StorageAccountNetworkRules,
    StorageAccountSasPolicy,
)
from cdktf_cdktf_provider_azurerm.storage_container import StorageContainer
from cdktf_cdktf_provider_azurerm.storage_management_policy import (
    StorageManagementPolicy,
    StorageManagementPolicyRule,
    StorageManagementPolicyRuleActions,
    StorageManagementPolicyRuleActionsBaseBlob,
    StorageManagementPolicyRuleActionsVersion,
    StorageManagementPolicyRuleFilters,
)
from cdktf_sigma_audit_logs import AzureAuditLogIntegration, AzureServicePrincipal, SigmaApiUrl
from constructs import Construct

# Names to change when copying this example.
LOCATION = "eastus"
RESOURCE_GROUP = "sigma-audit-logs"
# Globally unique: 3-24 lower-case letters and digits.
STORAGE_ACCOUNT = "sigmaauditlogsexample"
CONTAINER = "audit-logs"
FOLDER = "sigma"
# Public IPv4 addresses or ranges (CIDR) allowed to reach the storage account: the addresses
# Sigma's exporter connects from for your organization's region (from Sigma; see README.md).
# Every other network is refused, so exports fail until Sigma's addresses are listed here.
ALLOWED_IP_RANGES: List[str] = []
# How long audit-log files are kept; older ones are deleted (choose per your retention policy).
RETENTION_DAYS = 400
# How long an overwritten or deleted file stays recoverable (blob versions and soft delete).
RECOVERY_DAYS = 30

# How the service principal of Sigma's app gets into the tenant (see README.md). `create()`:
# Terraform creates it and the role assignment in this deploy, which needs the right to create
# service principals in Microsoft Entra ID. Without that right: `AzureServicePrincipal.consent()`,
# a tenant admin opens the consent URL, then `AzureServicePrincipal.from_object_id("<object id>")`
# and deploy again.
SIGMA_SERVICE_PRINCIPAL = AzureServicePrincipal.create()


class AzureAuditLogsExampleStack(TerraformStack):
    def __init__(
        self, scope: Construct, id: str, *, service_principal: Optional[AzureServicePrincipal] = None
    ) -> None:
        super().__init__(scope, id)

        # Subscription and credentials come from the environment (ARM_SUBSCRIPTION_ID, `az login`,
        # or the pipeline's federated identity), never from code. The account accepts no shared
        # keys and only the networks listed, so Terraform manages it through Azure Resource Manager
        # alone (the container too, by account id) and never calls the storage data plane.
        AzurermProvider(
            self,
            "azurerm",
            features=[
                AzurermProviderFeatures(storage=[AzurermProviderFeaturesStorage(data_plane_available=False)])
            ],
            storage_use_azuread=True,
        )
        # The tenant of the identity Terraform runs as: the tenant that holds the storage account.
        current = DataAzurermClientConfig(self, "Current")

        group = ResourceGroup(self, "ResourceGroup", name=RESOURCE_GROUP, location=LOCATION)
        account = StorageAccount(
            self,
            "StorageAccount",
            name=STORAGE_ACCOUNT,
            resource_group_name=group.name,
            location=group.location,
            account_tier="Standard",
            account_replication_type="GRS",
            min_tls_version="TLS1_2",
            https_traffic_only_enabled=True,
            allow_nested_items_to_be_public=False,
            # Microsoft Entra authorization only (Sigma's app has a role assignment): no account keys.
            shared_access_key_enabled=False,
            default_to_oauth_authentication=True,
            local_user_enabled=False,
            cross_tenant_replication_enabled=False,
            # Encrypted at rest twice: by the service and by the infrastructure (set at creation only).
            infrastructure_encryption_enabled=True,
            network_rules=StorageAccountNetworkRules(
                default_action="Deny", bypass=["AzureServices"], ip_rules=ALLOWED_IP_RANGES
            ),
            # User-delegation SAS (the only kind without account keys) longer than an hour is logged.
            sas_policy=StorageAccountSasPolicy(expiration_period="00.01:00:00", expiration_action="Log"),
            blob_properties=StorageAccountBlobProperties(
                versioning_enabled=True,
                delete_retention_policy=StorageAccountBlobPropertiesDeleteRetentionPolicy(days=RECOVERY_DAYS),
                container_delete_retention_policy=StorageAccountBlobPropertiesContainerDeleteRetentionPolicy(
                    days=RECOVERY_DAYS
                ),
            ),
        )
        StorageManagementPolicy(
            self,
            "Retention",
            storage_account_id=account.id,
            rule=[
                StorageManagementPolicyRule(
                    name="audit-log-retention",
                    enabled=True,
                    filters=StorageManagementPolicyRuleFilters(
                        blob_types=["blockBlob"], prefix_match=[f"{CONTAINER}/{FOLDER}/"]
                    ),
                    actions=StorageManagementPolicyRuleActions(
                        base_blob=StorageManagementPolicyRuleActionsBaseBlob(
                            tier_to_cool_after_days_since_modification_greater_than=30,
                            delete_after_days_since_modification_greater_than=RETENTION_DAYS,
                        ),
                        version=StorageManagementPolicyRuleActionsVersion(
                            delete_after_days_since_creation=RECOVERY_DAYS
                        ),
                    ),
                )
            ],
        )
        container = StorageContainer(
            self,
            "Container",
            name=CONTAINER,
            storage_account_id=account.id,
            container_access_type="private",
        )

        principal = service_principal if service_principal is not None else SIGMA_SERVICE_PRINCIPAL
        if principal.created_by_terraform:
            # Microsoft Entra ID, for the service principal: the same tenant and credentials as azurerm.
            AzureadProvider(self, "azuread")
        audit_logs = AzureAuditLogIntegration(
            self,
            "AuditLogs",
            storage_account_id=account.id,
            container_name=container.name,
            folder=FOLDER,
            tenant_id=current.tenant_id,
            service_principal=principal,
            # The API of the cloud and region your Sigma organization runs in.
            api_url=SigmaApiUrl.AZURE_US,
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
            "azure_consent_url",
            value=audit_logs.consent_url,
            description="A tenant admin opens this URL and accepts, which creates the service principal of Sigma's app",
        )
        TerraformOutput(self, "azure_multi_tenant_app_name", value=audit_logs.multi_tenant_app_name)
        TerraformOutput(
            self,
            "azure_app_search_name",
            value=audit_logs.app_search_name,
            description="What to search for among the enterprise applications / service principals of the tenant",
        )
        TerraformOutput(
            self,
            "container_resource_id",
            value=audit_logs.container_resource_id,
            description="Scope of the Storage Blob Data Contributor role assignment",
        )
        if audit_logs.service_principal is not None:
            TerraformOutput(
                self,
                "sigma_service_principal_object_id",
                value=audit_logs.service_principal.object_id,
                description="Object id of the service principal of Sigma's app in the tenant",
            )
        if audit_logs.role_assignment is not None:
            TerraformOutput(self, "role_assignment_id", value=audit_logs.role_assignment.id)


if __name__ == "__main__":
    app = App()
    AzureAuditLogsExampleStack(app, "azure-audit-logs")
    app.synth()
