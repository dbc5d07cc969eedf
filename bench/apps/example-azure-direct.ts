/** Baseline of examples/azure: the same resources, declared directly. */
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container';
import { StorageManagementPolicy } from '@cdktf/provider-azurerm/lib/storage-management-policy';
import { App, Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { addHandler, azureIntegration } from './direct';

export function declare(app: App, _size: number, handlerBundle: string): void {
  const stack = new TerraformStack(app, 'azure-audit-logs');
  new AzurermProvider(stack, 'azurerm', { features: [{ storage: [{ dataPlaneAvailable: false }] }], storageUseAzuread: true });
  const current = new DataAzurermClientConfig(stack, 'Current', {});
  const group = new ResourceGroup(stack, 'ResourceGroup', { name: 'sigma-audit-logs', location: 'eastus' });
  const account = new StorageAccount(stack, 'StorageAccount', {
    name: 'sigmaauditlogsexample',
    resourceGroupName: group.name,
    location: group.location,
    accountTier: 'Standard',
    accountReplicationType: 'GRS',
    minTlsVersion: 'TLS1_2',
    httpsTrafficOnlyEnabled: true,
    allowNestedItemsToBePublic: false,
    sharedAccessKeyEnabled: false,
    defaultToOauthAuthentication: true,
    localUserEnabled: false,
    crossTenantReplicationEnabled: false,
    infrastructureEncryptionEnabled: true,
    networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'], ipRules: [] },
    sasPolicy: { expirationPeriod: '00.01:00:00', expirationAction: 'Log' },
    blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 30 }, containerDeleteRetentionPolicy: { days: 30 } },
  });
  new StorageManagementPolicy(stack, 'Retention', {
    storageAccountId: account.id,
    rule: [
      {
        name: 'audit-log-retention',
        enabled: true,
        filters: { blobTypes: ['blockBlob'], prefixMatch: ['audit-logs/sigma/'] },
        actions: {
          baseBlob: { tierToCoolAfterDaysSinceModificationGreaterThan: 30, deleteAfterDaysSinceModificationGreaterThan: 400 },
          version: { deleteAfterDaysSinceCreation: 30 },
        },
      },
    ],
  });
  const container = new StorageContainer(stack, 'Container', {
    name: 'audit-logs',
    storageAccountId: account.id,
    containerAccessType: 'private',
  });

  // One deploy: the service principal of Sigma's app, created from its client id, and the role assignment.
  new AzureadProvider(stack, 'azuread', {});
  const handler = addHandler(stack, handlerBundle);
  const { sigma, destination, containerResourceId, roleAssignment, servicePrincipal } = azureIntegration(stack, 'AuditLogs', handler, {
    accountId: account.id,
    accountName: Fn.element(Fn.reverse(Fn.split('/', account.id)), 0),
    container: container.name,
    folder: 'sigma',
    tenantId: current.tenantId,
    principalId: 'create',
    apiUrl: 'https://api.us.azure.sigmacomputing.com',
  });
  const appName = sigma.result('azure_multi_tenant_app_name');

  new TerraformOutput(stack, 'sigma_integration_name', {
    value: sigma.name,
    description: 'Name of the storage integration in Sigma; scheduled audit-log exports select it by this name',
  });
  new TerraformOutput(stack, 'sigma_integration_id', { value: sigma.result('integration_id') });
  new TerraformOutput(stack, 'sigma_integration_status', { value: sigma.result('status') });
  new TerraformOutput(stack, 'destination', { value: destination });
  new TerraformOutput(stack, 'azure_consent_url', {
    value: sigma.result('azure_consent_url'),
    description: "A tenant admin opens this URL and accepts, which creates the service principal of Sigma's app",
  });
  new TerraformOutput(stack, 'azure_multi_tenant_app_name', { value: appName });
  new TerraformOutput(stack, 'azure_app_search_name', {
    value: Fn.element(Fn.split('_', appName), 0),
    description: 'What to search for among the enterprise applications / service principals of the tenant',
  });
  new TerraformOutput(stack, 'container_resource_id', {
    value: containerResourceId,
    description: 'Scope of the Storage Blob Data Contributor role assignment',
  });
  new TerraformOutput(stack, 'sigma_service_principal_object_id', {
    value: servicePrincipal?.objectId,
    description: "Object id of the service principal of Sigma's app in the tenant",
  });
  new TerraformOutput(stack, 'role_assignment_id', { value: roleAssignment.id });
}
