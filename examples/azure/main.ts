import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { StorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AzureAuditLogIntegration, AzureServicePrincipal, SigmaApiUrl } from 'cdktf-sigma-audit-logs';
import { Construct } from 'constructs';

// Names to change when copying this example.
const LOCATION = 'eastus';
const RESOURCE_GROUP = 'sigma-audit-logs';
/** Globally unique: 3-24 lower-case letters and digits. */
const STORAGE_ACCOUNT = 'sigmaauditlogsexample';
const CONTAINER = 'audit-logs';
const FOLDER = 'sigma';
/**
 * Public IPv4 addresses or ranges (CIDR) allowed to reach the storage account: the addresses
 * Sigma's exporter connects from for your organization's region (from Sigma; see README.md).
 * Every other network is refused, so exports fail until Sigma's addresses are listed here.
 */
const ALLOWED_IP_RANGES: string[] = [];
/** How long audit-log files are kept; older ones are deleted (choose per your retention policy). */
const RETENTION_DAYS = 400;
/** How long an overwritten or deleted file stays recoverable (blob versions and soft delete). */
const RECOVERY_DAYS = 30;

/**
 * How the service principal of Sigma's app gets into the tenant (see README.md). `create()`:
 * Terraform creates it and the role assignment in this deploy, which needs the right to create
 * service principals in Microsoft Entra ID. Without that right: `AzureServicePrincipal.consent()`,
 * a tenant admin opens the consent URL, then `AzureServicePrincipal.fromObjectId('<object id>')`
 * and deploy again.
 */
const SIGMA_SERVICE_PRINCIPAL = AzureServicePrincipal.create();

export interface AzureAuditLogsExampleStackProps {
  /** How the service principal of Sigma's app gets into the tenant. */
  readonly servicePrincipal?: AzureServicePrincipal;
}

/** A storage account and container, and the Sigma audit-log storage integration writing into it. */
export class AzureAuditLogsExampleStack extends TerraformStack {
  public constructor(scope: Construct, id: string, props: AzureAuditLogsExampleStackProps = {}) {
    super(scope, id);

    // Subscription and credentials come from the environment (ARM_SUBSCRIPTION_ID, `az login`,
    // or the pipeline's federated identity), never from code. The account accepts no shared
    // keys and only the networks listed, so Terraform manages it through Azure Resource Manager
    // alone (the container too, by account id) and never calls the storage data plane.
    new AzurermProvider(this, 'azurerm', { features: [{ storage: [{ dataPlaneAvailable: false }] }], storageUseAzuread: true });
    // The tenant of the identity Terraform runs as: the tenant that holds the storage account.
    const current = new DataAzurermClientConfig(this, 'Current', {});

    const group = new ResourceGroup(this, 'ResourceGroup', { name: RESOURCE_GROUP, location: LOCATION });
    const account = new StorageAccount(this, 'StorageAccount', {
      name: STORAGE_ACCOUNT,
      resourceGroupName: group.name,
      location: group.location,
      accountTier: 'Standard',
      accountReplicationType: 'GRS',
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      // Microsoft Entra authorization only (Sigma's app has a role assignment): no account keys.
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      localUserEnabled: false,
      crossTenantReplicationEnabled: false,
      // Encrypted at rest twice: by the service and by the infrastructure (set at creation only).
      infrastructureEncryptionEnabled: true,
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'], ipRules: ALLOWED_IP_RANGES },
      // User-delegation SAS (the only kind without account keys) longer than an hour is logged.
      sasPolicy: { expirationPeriod: '00.01:00:00', expirationAction: 'Log' },
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: RECOVERY_DAYS },
        containerDeleteRetentionPolicy: { days: RECOVERY_DAYS },
      },
    });
    new StorageManagementPolicy(this, 'Retention', {
      storageAccountId: account.id,
      rule: [
        {
          name: 'audit-log-retention',
          enabled: true,
          filters: { blobTypes: ['blockBlob'], prefixMatch: [`${CONTAINER}/${FOLDER}/`] },
          actions: {
            baseBlob: { tierToCoolAfterDaysSinceModificationGreaterThan: 30, deleteAfterDaysSinceModificationGreaterThan: RETENTION_DAYS },
            version: { deleteAfterDaysSinceCreation: RECOVERY_DAYS },
          },
        },
      ],
    });
    const container = new StorageContainer(this, 'Container', {
      name: CONTAINER,
      storageAccountId: account.id,
      containerAccessType: 'private',
    });

    const servicePrincipal = props.servicePrincipal ?? SIGMA_SERVICE_PRINCIPAL;
    if (servicePrincipal.createdByTerraform) {
      // Microsoft Entra ID, for the service principal: the same tenant and credentials as azurerm.
      new AzureadProvider(this, 'azuread', {});
    }
    const auditLogs = new AzureAuditLogIntegration(this, 'AuditLogs', {
      storageAccountId: account.id,
      containerName: container.name,
      folder: FOLDER,
      tenantId: current.tenantId,
      servicePrincipal,
      // The API of the cloud and region your Sigma organization runs in.
      apiUrl: SigmaApiUrl.AZURE_US,
    });

    new TerraformOutput(this, 'sigma_integration_name', {
      value: auditLogs.integration.integrationName,
      description: 'Name of the storage integration in Sigma; scheduled audit-log exports select it by this name',
    });
    new TerraformOutput(this, 'sigma_integration_id', { value: auditLogs.integration.integrationId });
    new TerraformOutput(this, 'sigma_integration_status', { value: auditLogs.integration.status });
    new TerraformOutput(this, 'destination', { value: auditLogs.destination });
    new TerraformOutput(this, 'azure_consent_url', {
      value: auditLogs.consentUrl,
      description: "A tenant admin opens this URL and accepts, which creates the service principal of Sigma's app",
    });
    new TerraformOutput(this, 'azure_multi_tenant_app_name', { value: auditLogs.multiTenantAppName });
    new TerraformOutput(this, 'azure_app_search_name', {
      value: auditLogs.appSearchName,
      description: 'What to search for among the enterprise applications / service principals of the tenant',
    });
    new TerraformOutput(this, 'container_resource_id', {
      value: auditLogs.containerResourceId,
      description: 'Scope of the Storage Blob Data Contributor role assignment',
    });
    if (auditLogs.servicePrincipal !== undefined) {
      new TerraformOutput(this, 'sigma_service_principal_object_id', {
        value: auditLogs.servicePrincipal.objectId,
        description: "Object id of the service principal of Sigma's app in the tenant",
      });
    }
    if (auditLogs.roleAssignment !== undefined) {
      new TerraformOutput(this, 'role_assignment_id', { value: auditLogs.roleAssignment.id });
    }
  }
}

if (require.main === module) {
  const app = new App();
  new AzureAuditLogsExampleStack(app, 'azure-audit-logs');
  app.synth();
}
