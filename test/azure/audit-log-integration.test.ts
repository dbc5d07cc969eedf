import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
// cdktf's jest matchers (registered in test/setup.ts): their types.
import type {} from 'cdktf/lib/testing/adapters/jest';
import { AzureAuditLogIntegration, AzureAuditLogIntegrationProps, AzureServicePrincipal, SigmaCredentials } from '../../src';
import { synthErrors } from '../support/synth';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const PRINCIPAL = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const ACCOUNT_ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/audit/providers/Microsoft.Storage/storageAccounts/auditstore';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON, read field by field
type Json = Record<string, any>;

function newStack(options: { azuread?: boolean } = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  if (options.azuread === true) new AzureadProvider(stack, 'azuread', {});
  return stack;
}

function build(props: Partial<AzureAuditLogIntegrationProps>): { stack: TerraformStack; construct: AzureAuditLogIntegration } {
  // The azuread provider only where the construct creates the service principal, as a user declares it.
  const stack = newStack({ azuread: props.servicePrincipal?.createdByTerraform === true });
  const construct = new AzureAuditLogIntegration(stack, 'AuditLogs', {
    containerName: 'audit-logs',
    tenantId: TENANT,
    ...props,
  } as AzureAuditLogIntegrationProps);
  return { stack, construct };
}

function synthJson(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack, true));
}

/** The data source that reads the destination (and detects its drift), beside the one that reads the credentials. */
function destinationRead(sources: Json | undefined): Json {
  const entries = Object.entries(sources ?? {});
  expect(entries).toHaveLength(3);
  return entries.find(([key]) => key.includes('_Destination_'))![1] as Json;
}

function onlyEntry(group: Json | undefined): Json {
  const entries = Object.values(group ?? {});
  expect(entries).toHaveLength(1);
  return entries[0] as Json;
}

describe('AzureAuditLogIntegration', () => {
  test('named by account and resource group: the role assignment is scoped to the container, built with the subscription', () => {
    const { stack } = build({ storageAccountName: 'auditstore', resourceGroupName: 'audit', folder: 'sigma/', servicePrincipalObjectId: PRINCIPAL });
    const synth = Testing.synth(stack, true);
    const json = JSON.parse(synth);
    const clientConfigId = Object.keys(json.data.azurerm_client_config)[0];
    expect(synth).toHaveResourceWithProperties(RoleAssignment, {
      scope:
        `/subscriptions/\${data.azurerm_client_config.${clientConfigId}.subscription_id}/resourceGroups/audit` +
        '/providers/Microsoft.Storage/storageAccounts/auditstore/blobServices/default/containers/audit-logs',
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: PRINCIPAL,
      principal_type: 'ServicePrincipal',
    });
    const query = destinationRead(json.data.external).query;
    expect(query.cloud).toBe('azure');
    expect(query.destination).toBe('azure://auditstore.blob.core.windows.net/audit-logs/sigma/');
    expect(query.tenantId).toBe(TENANT);
  });

  test('named by a known storage account id: the account name is its last segment and no subscription lookup is declared', () => {
    const { stack, construct } = build({ storageAccountId: ACCOUNT_ID, servicePrincipalObjectId: PRINCIPAL });
    const synth = Testing.synth(stack, true);
    expect(synth).toHaveResourceWithProperties(RoleAssignment, {
      scope: `${ACCOUNT_ID}/blobServices/default/containers/audit-logs`,
      role_definition_name: 'Storage Blob Data Contributor',
    });
    expect(synth).not.toHaveDataSource(DataAzurermClientConfig);
    expect(construct.clientConfig).toBeUndefined();
    expect(construct.destination).toBe('azure://auditstore.blob.core.windows.net/audit-logs/');
    expect(destinationRead(JSON.parse(synth).data.external).query.destination).toBe(construct.destination);
  });

  test('the fixed segments of a storage account id match in any case, as Azure does not keep one', () => {
    const { stack, construct } = build({ storageAccountId: ACCOUNT_ID.replace('resourceGroups', 'resourcegroups').replace('Microsoft.Storage', 'microsoft.storage') });
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(construct.destination).toBe('azure://auditstore.blob.core.windows.net/audit-logs/');
  });

  test('named by the id of an account created in the same stack: scope and destination follow it at apply time', () => {
    const stack = newStack();
    const account = new StorageAccount(stack, 'Account', {
      name: 'auditstore',
      resourceGroupName: 'audit',
      location: 'eastus',
      accountTier: 'Standard',
      accountReplicationType: 'LRS',
    });
    const container = new TerraformVariable(stack, 'container', { type: 'string' });
    new AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountId: account.id,
      containerName: container.stringValue,
      tenantId: new TerraformVariable(stack, 'tenant', { type: 'string' }).stringValue,
      servicePrincipalObjectId: new TerraformVariable(stack, 'principal', { type: 'string' }).stringValue,
    });
    const json = synthJson(stack);
    expect(onlyEntry(json.resource.azurerm_role_assignment).scope).toBe(
      '${azurerm_storage_account.Account.id}/blobServices/default/containers/${var.container}',
    );
    expect(destinationRead(json.data.external).query.destination).toBe(
      'azure://${element(reverse(split("/", azurerm_storage_account.Account.id)), 0)}.blob.core.windows.net/${var.container}/',
    );
  });

  test('without a service principal there is no role assignment, but consent URL and app name are available', () => {
    const { stack, construct } = build({ storageAccountId: ACCOUNT_ID });
    new TerraformOutput(stack, 'consent', { value: construct.consentUrl });
    new TerraformOutput(stack, 'search', { value: construct.appSearchName });
    const synth = Testing.synth(stack, true);
    expect(synth).not.toHaveResource(RoleAssignment);
    expect(construct.roleAssignment).toBeUndefined();
    const json = JSON.parse(synth);
    const credentials = Object.keys(json.data.external).find((key) => key.includes('_Credentials_'));
    expect(json.output.consent.value).toBe(`\${data.external.${credentials}.result["azure_consent_url"]}`);
    // The part before the underscore; split of '' is [''], so the name is '' while Sigma has none.
    expect(json.output.search.value).toBe(
      `\${element(split("_", data.external.${credentials}.result["azure_multi_tenant_app_name"]), 0)}`,
    );
  });

  test('a folder given as a Terraform value ends the destination with exactly one "/" (none added for an empty folder)', () => {
    const stack = newStack();
    const folder = new TerraformVariable(stack, 'folder', { type: 'string' });
    new AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountId: ACCOUNT_ID,
      containerName: 'audit-logs',
      folder: folder.stringValue,
      tenantId: TENANT,
    });
    // Terraform's replace() with a /regex/: "…/logs//" and "…/logs/sigma//" lose the extra "/".
    expect(destinationRead(synthJson(stack).data.external).query.destination).toBe(
      '${replace(join("", ["azure://", "auditstore", ".blob.core.windows.net", "/", "audit-logs", "/", var.folder, "/"]), "/[/]+$/", "/")}',
    );
  });

  test('servicePrincipal: create() declares the service principal from the client id read with the credentials, and assigns the role to it in the same deploy', () => {
    const { stack, construct } = build({ storageAccountId: ACCOUNT_ID, servicePrincipal: AzureServicePrincipal.create() });
    new TerraformOutput(stack, 'principal', { value: construct.servicePrincipalObjectId ?? '' });
    const synth = Testing.synth(stack, true);
    const json = JSON.parse(synth);
    const credentials = Object.keys(json.data.external)[0];
    const principalName = Object.keys(json.resource.azuread_service_principal)[0];
    // client_id refers to the read result, so Terraform creates the principal after the read
    // (which itself waits until Sigma has the integration's credentials).
    expect(synth).toHaveResourceWithProperties(ServicePrincipal, {
      client_id: `\${data.external.${credentials}.result["azure_app_client_id"]}`,
      // Never adopts an existing principal, which a destroy would then delete; stacks that adopted keep their value.
      use_existing: false,
      lifecycle: { ignore_changes: ['use_existing'] },
    });
    expect(onlyEntry(json.resource.azurerm_role_assignment)).toEqual({
      scope: `${ACCOUNT_ID}/blobServices/default/containers/audit-logs`,
      role_definition_name: 'Storage Blob Data Contributor',
      principal_id: `\${azuread_service_principal.${principalName}.object_id}`,
      principal_type: 'ServicePrincipal',
      description: expect.stringMatching(/^Sigma audit-log exports of integration \S+ write here$/),
    });
    expect(json.output.principal.value).toBe(`\${azuread_service_principal.${principalName}.object_id}`);
    expect(construct.servicePrincipal).toBeDefined();
  });

  test('servicePrincipal: create() needs an azuread provider in the stack, as any azuread resource does', () => {
    const stack = newStack();
    new AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountId: ACCOUNT_ID,
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipal: AzureServicePrincipal.create(),
    });
    expect(synthErrors(stack)).toContain('for the following providers: azuread');
  });

  test('servicePrincipal: fromObjectId(id) declares no service principal and assigns the role to the given id, as servicePrincipalObjectId does', () => {
    const { stack, construct } = build({ storageAccountId: ACCOUNT_ID, servicePrincipal: AzureServicePrincipal.fromObjectId(PRINCIPAL) });
    const synth = Testing.synth(stack, true);
    expect(synth).not.toHaveResource(ServicePrincipal);
    expect(synth).toHaveResourceWithProperties(RoleAssignment, { principal_id: PRINCIPAL, principal_type: 'ServicePrincipal' });
    expect(construct.servicePrincipal).toBeUndefined();
    expect(construct.servicePrincipalObjectId).toBe(PRINCIPAL);
    const deprecated = build({ storageAccountId: ACCOUNT_ID, servicePrincipalObjectId: PRINCIPAL });
    expect(synth).toBe(Testing.synth(deprecated.stack, true));
  });

  test('servicePrincipal: consent() is the default: no service principal, no role assignment, the consent URL to open', () => {
    const withConsentUrl = (props: Partial<AzureAuditLogIntegrationProps>): { synth: string; construct: AzureAuditLogIntegration } => {
      const { stack, construct } = build({ storageAccountId: ACCOUNT_ID, ...props });
      new TerraformOutput(stack, 'consent', { value: construct.consentUrl });
      return { synth: Testing.synth(stack, true), construct };
    };
    const { synth, construct } = withConsentUrl({ servicePrincipal: AzureServicePrincipal.consent() });
    expect(synth).not.toHaveResource(ServicePrincipal);
    expect(synth).not.toHaveResource(RoleAssignment);
    expect(construct.servicePrincipalObjectId).toBeUndefined();
    expect(JSON.parse(synth).output.consent.value).toMatch(/^\$\{data\.external\.\S+\.result\["azure_consent_url"\]\}$/);
    expect(synth).toBe(withConsentUrl({}).synth);
  });

  test.each([
    ['servicePrincipalObjectId', { servicePrincipalObjectId: PRINCIPAL }],
    ['servicePrincipal: create()', { servicePrincipal: AzureServicePrincipal.create() }],
  ])('enabled: false gives every resource and data source count 0, and nothing references them (%s)', (_name, principalProps) => {
    const { stack, construct } = build({ storageAccountName: 'auditstore', resourceGroupName: 'audit', ...principalProps, enabled: false });
    new TerraformOutput(stack, 'scope', { value: construct.containerResourceId });
    new TerraformOutput(stack, 'search', { value: construct.appSearchName });
    const json = synthJson(stack);
    const addresses: string[] = [];
    for (const [kind, prefix] of [['resource', ''], ['data', 'data.']] as const) {
      for (const [type, items] of Object.entries(json[kind] as Json)) {
        for (const [name, item] of Object.entries(items as Json)) {
          expect({ address: `${prefix}${type}.${name}`, count: (item as Json).count }).toEqual({ address: `${prefix}${type}.${name}`, count: 0 });
          addresses.push(`${prefix}${type}.${name}`);
        }
      }
    }
    expect(addresses).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_role_assignment\./), expect.stringMatching(/^data\.azurerm_client_config\./)]));
    if (construct.servicePrincipal !== undefined) expect(addresses).toEqual(expect.arrayContaining([expect.stringMatching(/^azuread_service_principal\./)]));
    const text = JSON.stringify(json);
    for (const address of addresses) {
      expect(text).not.toContain(`${address}.`);
    }
    expect(construct.containerResourceId).toBe('');
  });

  test('the credential variables reach the Sigma integration', () => {
    const credentials = SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET');
    const { stack } = build({ storageAccountId: ACCOUNT_ID, credentials });
    // Every data source: the locate read, the credentials read and the destination check.
    const sources = Object.values(synthJson(stack).data.external ?? {}) as Json[];
    expect(sources).toHaveLength(3);
    for (const source of sources) {
      expect(source.query).toMatchObject({ clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' });
    }
  });

  test('every invalid prop is reported in one synth, naming the path, prop, value and an example', () => {
    const stack = newStack();
    new AzureAuditLogIntegration(stack, 'Bad', {
      storageAccountName: 'Audit_Store',
      resourceGroupName: 'audit.',
      containerName: 'Audit--Logs',
      folder: '/sigma',
      tenantId: 'not-a-guid',
      servicePrincipalObjectId: '1234',
    });
    new AzureAuditLogIntegration(stack, 'Both', {
      storageAccountId: ACCOUNT_ID,
      storageAccountName: 'auditstore',
      resourceGroupName: 'audit',
      containerName: 'audit-logs',
      tenantId: TENANT,
    });
    new AzureAuditLogIntegration(stack, 'Neither', { containerName: 'audit-logs', tenantId: TENANT });
    new AzureAuditLogIntegration(stack, 'HalfNamed', { storageAccountName: 'auditstore', containerName: 'audit-logs', tenantId: TENANT });
    new AzureAuditLogIntegration(stack, 'BadId', { storageAccountId: '/subscriptions/x/resourceGroups/y', containerName: 'audit-logs', tenantId: TENANT });
    new AzureAuditLogIntegration(stack, 'BadIdName', { storageAccountId: ACCOUNT_ID.replace(/auditstore$/, 'AuditStore'), containerName: 'audit-logs', tenantId: TENANT });
    new AzureAuditLogIntegration(stack, 'BadObjectId', {
      storageAccountId: ACCOUNT_ID,
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipal: AzureServicePrincipal.fromObjectId('sigma-app'),
    });
    new AzureAuditLogIntegration(stack, 'BothPrincipals', {
      storageAccountId: ACCOUNT_ID,
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipal: AzureServicePrincipal.consent(),
      servicePrincipalObjectId: PRINCIPAL,
    });
    const message = synthErrors(stack);
    const expected: Array<[string, string]> = [
      ['stack/Bad', 'storageAccountName "Audit_Store"'],
      ['stack/Bad', 'resourceGroupName "audit."'],
      ['stack/Bad', 'containerName "Audit--Logs"'],
      ['stack/Bad', 'folder "/sigma"'],
      ['stack/Bad', 'tenantId "not-a-guid"'],
      ['stack/Bad', 'servicePrincipalObjectId "1234"'],
      ['stack/Both', `storageAccountId "${ACCOUNT_ID}" is invalid: expected either storageAccountId or storageAccountName`],
      ['stack/Neither', 'storageAccountId is required'],
      ['stack/HalfNamed', 'resourceGroupName is required with storageAccountName'],
      ['stack/BadId', 'storageAccountId "/subscriptions/x/resourceGroups/y" is invalid'],
      ['stack/BadIdName', `storageAccountId "${ACCOUNT_ID.replace(/auditstore$/, 'AuditStore')}" is invalid`],
      ['stack/BadObjectId', `servicePrincipal.objectId "sigma-app" is invalid: expected a GUID`],
      ['stack/BothPrincipals', `servicePrincipalObjectId "${PRINCIPAL}" is invalid: expected either servicePrincipal or the deprecated servicePrincipalObjectId, not both`],
    ];
    for (const [path, text] of expected) {
      expect(message).toContain(`${path}: ${text}`);
    }
    const lines = message.split('\n').filter((line) => line.includes(': ') && line.trim().startsWith('[stack/'));
    expect(lines).toHaveLength(expected.length);
    for (const line of lines) {
      expect(line).toMatch(/Example: \S+/);
    }
  });

  test('values Terraform computes are not checked at synth', () => {
    const stack = newStack();
    const value = (name: string): string => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
    new AzureAuditLogIntegration(stack, 'AuditLogs', {
      storageAccountName: value('account'),
      resourceGroupName: value('group'),
      containerName: value('container'),
      folder: value('folder'),
      tenantId: value('tenant'),
      servicePrincipalObjectId: value('principal'),
    });
    new AzureAuditLogIntegration(stack, 'FromObjectId', {
      storageAccountId: ACCOUNT_ID,
      containerName: 'audit-logs',
      tenantId: TENANT,
      servicePrincipal: AzureServicePrincipal.fromObjectId(value('object_id')),
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
