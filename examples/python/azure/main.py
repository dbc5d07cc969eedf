#!/usr/bin/env python
"""A storage account and container, and the Sigma audit-log storage integration writing into it.

The Python twin of examples/azure/main.ts: both synthesize the same Terraform configuration.
"""
from typing import Optional

from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig
from cdktf_cdktf_provider_azurerm.provider import AzurermProvider, AzurermProviderFeatures
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.storage_account import StorageAccount
from cdktf_cdktf_provider_azurerm.storage_container import StorageContainer
from cdktf_sigma_audit_logs import AzureAuditLogIntegration, SigmaApiUrl
from constructs import Construct

# Names to change when copying this example.
LOCATION = "eastus"
RESOURCE_GROUP = "sigma-audit-logs"
# Globally unique: 3-24 lower-case letters and digits.
STORAGE_ACCOUNT = "sigmaauditlogsexample"
CONTAINER = "audit-logs"
FOLDER = "sigma"

# The consent step (see README.md): after the first deploy, a tenant admin opens the consent URL
# and accepts; paste here the object id of the service principal that this created, then deploy
# again to create the container's role assignment.
SIGMA_SERVICE_PRINCIPAL_OBJECT_ID: Optional[str] = None


class AzureAuditLogsExampleStack(TerraformStack):
    def __init__(self, scope: Construct, id: str, *, service_principal_object_id: Optional[str] = None) -> None:
        super().__init__(scope, id)

        # Subscription and credentials come from the environment (ARM_SUBSCRIPTION_ID, `az login`,
        # or the pipeline's federated identity), never from code.
        AzurermProvider(self, "azurerm", features=[AzurermProviderFeatures()])
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
        )
        container = StorageContainer(
            self,
            "Container",
            name=CONTAINER,
            storage_account_id=account.id,
            container_access_type="private",
        )

        audit_logs = AzureAuditLogIntegration(
            self,
            "AuditLogs",
            storage_account_id=account.id,
            container_name=container.name,
            folder=FOLDER,
            tenant_id=current.tenant_id,
            service_principal_object_id=(
                service_principal_object_id if service_principal_object_id is not None else SIGMA_SERVICE_PRINCIPAL_OBJECT_ID
            ),
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
        if audit_logs.role_assignment is not None:
            TerraformOutput(self, "role_assignment_id", value=audit_logs.role_assignment.id)


if __name__ == "__main__":
    app = App()
    AzureAuditLogsExampleStack(app, "azure-audit-logs")
    app.synth()
