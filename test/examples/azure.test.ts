import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Testing } from 'cdktf';
// cdktf's jest matchers (registered in test/setup.ts): their types.
import type {} from 'cdktf/lib/testing/adapters/jest';
import { AzureAuditLogsExampleStack } from '../../examples/azure/main';
import { AzureServicePrincipal } from '../../src';
import { stableHandlerPaths } from './stable';

const PRINCIPAL = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('examples/azure', () => {
  test('one deploy: the service principal of Sigma\'s app from the client id read with the credentials, and the role assignment on the container for it', () => {
    const synth = Testing.synth(new AzureAuditLogsExampleStack(Testing.app(), 'azure-audit-logs'), true);
    const json = JSON.parse(stableHandlerPaths(synth));
    const credentials = Object.keys(json.data.external)[0];
    const principal = Object.keys(json.resource.azuread_service_principal)[0];
    expect(json.provider.azuread).toEqual([{}]);
    expect(synth).toHaveResourceWithProperties(ServicePrincipal, {
      client_id: `\${data.external.${credentials}.result["azure_app_client_id"]}`,
      // Never adopts an existing principal, which a destroy would then delete; stacks that adopted keep their value.
      use_existing: false,
      lifecycle: { ignore_changes: ['use_existing'] },
    });
    expect(synth).toHaveResourceWithProperties(RoleAssignment, {
      scope: '${azurerm_storage_account.StorageAccount.id}/blobServices/default/containers/${azurerm_storage_container.Container.name}',
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: `\${azuread_service_principal.${principal}.object_id}`,
      principal_type: 'ServicePrincipal',
    });
    expect(json.output.sigma_service_principal_object_id.value).toBe(`\${azuread_service_principal.${principal}.object_id}`);
    expect(json).toMatchSnapshot();
  });

  test('first deploy (before consent) synthesizes to the committed snapshot', () => {
    const synth = Testing.synth(
      new AzureAuditLogsExampleStack(Testing.app(), 'azure-audit-logs', { servicePrincipal: AzureServicePrincipal.consent() }),
      true,
    );
    const json = JSON.parse(stableHandlerPaths(synth));
    expect(Object.keys(json.output).sort()).toEqual([
      'azure_app_search_name',
      'azure_consent_url',
      'azure_multi_tenant_app_name',
      'container_resource_id',
      'destination',
      'sigma_integration_id',
      'sigma_integration_name',
      'sigma_integration_status',
    ]);
    expect(json.resource.azurerm_role_assignment).toBeUndefined();
    expect(json.resource.azuread_service_principal).toBeUndefined();
    expect(json.provider.azuread).toBeUndefined();
    expect(json).toMatchSnapshot();
  });

  test('second deploy (object id of the consented service principal set) adds the role assignment on the container', () => {
    const synth = Testing.synth(
      new AzureAuditLogsExampleStack(Testing.app(), 'azure-audit-logs', { servicePrincipal: AzureServicePrincipal.fromObjectId(PRINCIPAL) }),
      true,
    );
    expect(synth).not.toHaveResource(ServicePrincipal);
    expect(synth).toHaveResourceWithProperties(RoleAssignment, {
      scope: '${azurerm_storage_account.StorageAccount.id}/blobServices/default/containers/${azurerm_storage_container.Container.name}',
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: PRINCIPAL,
    });
    expect(JSON.parse(synth).output.role_assignment_id.value).toMatch(/^\$\{azurerm_role_assignment\.[A-Za-z0-9_]+\.id\}$/);
  });

  test('the storage account is secure as copied: Entra authorization only, TLS 1.2, listed networks only, versions and soft delete, retention', () => {
    const json = JSON.parse(Testing.synth(new AzureAuditLogsExampleStack(Testing.app(), 'azure-audit-logs')));
    expect(json.resource.azurerm_storage_account.StorageAccount).toMatchObject({
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      infrastructure_encryption_enabled: true,
      network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
    });
    // Without account keys, Terraform manages the account through Azure Resource Manager only.
    expect(json.provider.azurerm[0]).toMatchObject({ storage_use_azuread: true, features: [{ storage: [{ data_plane_available: false }] }] });
    expect(json.resource.azurerm_storage_container.Container.storage_account_id).toBe('${azurerm_storage_account.StorageAccount.id}');
    expect(json.resource.azurerm_storage_management_policy.Retention.rule[0].actions.base_blob.delete_after_days_since_modification_greater_than).toBe(400);
  });

  test('Sigma credentials in the environment never reach the synthesized stack', () => {
    const saved = { id: process.env.SIGMA_CLIENT_ID, secret: process.env.SIGMA_CLIENT_SECRET };
    process.env.SIGMA_CLIENT_ID = 'example-client-id-4f2a';
    process.env.SIGMA_CLIENT_SECRET = 'example-client-secret-9c1e';
    try {
      const synth = Testing.synth(new AzureAuditLogsExampleStack(Testing.app(), 'azure-audit-logs'));
      expect(synth).not.toContain('example-client-id-4f2a');
      expect(synth).not.toContain('example-client-secret-9c1e');
    } finally {
      restore('SIGMA_CLIENT_ID', saved.id);
      restore('SIGMA_CLIENT_SECRET', saved.secret);
    }
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
