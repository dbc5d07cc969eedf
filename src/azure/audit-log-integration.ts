import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import { azureDestinationFromProps } from '../destination/from-props';
import { TENANT_ID_RULE } from '../rules/sigma';
import { integrationProps } from '../sigma/cloud-props';
import { SigmaIntegrationOptions } from '../sigma/options';
import { SigmaAuditLogStorageIntegration } from '../sigma/storage-integration';
import { AzureadServicePrincipal } from '../terraform/azuread';
import { DataAzurermClientConfig, RoleAssignment } from '../terraform/azurerm';
import { isKnown, missingProp, propProblem, reportProblems, ruleProblem } from '../validation/problems';
import { RESOURCE_GROUP_RULE, SERVICE_PRINCIPAL_ID_RULE, STORAGE_ACCOUNT_ID_RULE } from './rules';
import { AzureServicePrincipal } from './service-principal';

/** The built-in Azure role that lets a principal read, write and delete blobs. */
const STORAGE_BLOB_DATA_CONTRIBUTOR = 'Storage Blob Data Contributor';

/** Props of {@link AzureAuditLogIntegration}. */
export interface AzureAuditLogIntegrationProps extends SigmaIntegrationOptions {
  /**
   * Name of the storage account that holds the container. Give it with `resourceGroupName`, or
   * give `storageAccountId` instead (not both).
   *
   * @default - taken from `storageAccountId`
   */
  readonly storageAccountName?: string;

  /**
   * Resource group of the storage account, with `storageAccountName`. The container's resource
   * id is then built with the subscription the azurerm provider is configured for.
   *
   * @default - taken from `storageAccountId`
   */
  readonly resourceGroupName?: string;

  /**
   * Resource id of the storage account (e.g. `azurerm_storage_account.id`), instead of
   * `storageAccountName` and `resourceGroupName`. The account name in the destination is its
   * last segment.
   *
   * @default - built from `storageAccountName` and `resourceGroupName`
   */
  readonly storageAccountId?: string;

  /** Name of the Blob Storage container Sigma writes the audit log into. */
  readonly containerName: string;

  /**
   * Folder inside the container, e.g. `sigma/audit`; no leading `/`.
   *
   * @default - the container root
   */
  readonly folder?: string;

  /** Microsoft Entra tenant id (a GUID) of the storage account. Changing it replaces the integration. */
  readonly tenantId: string;

  /**
   * How the service principal of Sigma's multi-tenant app comes into the tenant:
   * `AzureServicePrincipal.create()` (Terraform creates it and assigns the role in the same
   * deploy; the stack declares an `azuread` provider), `AzureServicePrincipal.fromObjectId(id)`
   * (it exists: the role is assigned to it), or `AzureServicePrincipal.consent()` (a tenant admin
   * opens `consentUrl`; no role assignment until its object id is given).
   *
   * @default AzureServicePrincipal.consent() - or fromObjectId(servicePrincipalObjectId) when that is given
   */
  readonly servicePrincipal?: AzureServicePrincipal;

  /**
   * Object id of the service principal that the consent step created in the tenant for Sigma's
   * multi-tenant app. Unknown until a tenant admin opens `consentUrl` and accepts; once set, the
   * container's role assignment is created.
   *
   * @default - no role assignment (first deploy, before consent)
   * @deprecated use `servicePrincipal: AzureServicePrincipal.fromObjectId(id)`; not together with `servicePrincipal`
   */
  readonly servicePrincipalObjectId?: string;
}

/**
 * A Sigma audit-log storage integration writing to an Azure Blob Storage container, with the
 * "Storage Blob Data Contributor" role assignment on that container (not the whole account).
 *
 * The role is assigned to the service principal of Sigma's multi-tenant app in the tenant. With
 * `servicePrincipal: AzureServicePrincipal.create()`, Terraform creates that principal from the
 * app's client id and assigns the role in the same deploy (the stack needs an `azuread` provider,
 * and its identity the right to create service principals). Otherwise (the default,
 * `AzureServicePrincipal.consent()`): deploy once, open `consentUrl` as a tenant admin, look up
 * the service principal (search for `appSearchName`), give its object id with
 * `AzureServicePrincipal.fromObjectId(id)` and deploy again. Role assignments can take up to 45
 * minutes to take effect.
 *
 * When the account is named by `storageAccountName` and `resourceGroupName`, the stack needs a
 * configured azurerm provider (its subscription completes the container's resource id).
 */
export class AzureAuditLogIntegration extends Construct {
  /** The Sigma side of the integration. */
  public readonly integration: SigmaAuditLogStorageIntegration;
  /** The integration's name in Sigma. */
  public readonly integrationName: string;
  /** Whether the integration is declared (false: every resource has `count = 0`). */
  public readonly enabled: boolean;
  /** The destination given to Sigma: `azure://<account>.blob.core.windows.net/<container>/<folder>/`. */
  public readonly destination: string;
  /** The container's role assignment; undefined while the service principal comes from consent and its object id is not given. */
  public readonly roleAssignment?: RoleAssignment;
  /** The service principal of Sigma's app, with `AzureServicePrincipal.create()` only. */
  public readonly servicePrincipal?: AzureadServicePrincipal;
  /**
   * Object id of the service principal the role is assigned to: the created one's, or the one
   * given; undefined with consent until it is given. '' when `enabled` is false.
   */
  public readonly servicePrincipalObjectId?: string;
  /** The subscription read from the azurerm provider; only when the account is named by name and resource group. */
  public readonly clientConfig?: DataAzurermClientConfig;
  /** Resource id of the container, the role assignment's scope. '' when `enabled` is false. */
  public readonly containerResourceId: string;
  /** The URL a tenant admin opens to consent to Sigma's multi-tenant app. */
  public readonly consentUrl: string;
  /** The multi-tenant app's name as Sigma reports it (`<name>_<digits>`). */
  public readonly multiTenantAppName: string;
  /** The part of `multiTenantAppName` before the underscore: what to search for in the tenant. */
  public readonly appSearchName: string;
  /** The multi-tenant app's client (application) id. */
  public readonly appClientId: string;

  public constructor(scope: Construct, id: string, props: AzureAuditLogIntegrationProps) {
    super(scope, id);
    this.enabled = props.enabled ?? true;
    const count = this.enabled ? undefined : 0;
    // Named by its id, the account is the id's last segment, checked under storageAccountId.
    const account =
      props.storageAccountId !== undefined
        ? { value: accountNameOfId(props.storageAccountId) }
        : { value: props.storageAccountName ?? '', prop: props.storageAccountName === undefined ? undefined : 'storageAccountName' };
    const destination = azureDestinationFromProps(account, { value: props.containerName, prop: 'containerName' }, { value: props.folder, prop: 'folder' });
    this.destination = destination.url;
    const servicePrincipal = this.servicePrincipalOf(props);
    reportProblems(this, [
      ...this.accountProblems(props),
      ...destination.problems,
      ruleProblem(this, 'tenantId', props.tenantId, TENANT_ID_RULE),
      ...servicePrincipal.problems,
    ]);

    this.integration = new SigmaAuditLogStorageIntegration(
      this,
      'Integration',
      integrationProps(props, { cloud: StorageCloud.AZURE, destination: this.destination, tenantId: props.tenantId }),
    );
    this.integrationName = this.integration.integrationName;

    let accountId = props.storageAccountId ?? '';
    if (props.storageAccountId === undefined) {
      this.clientConfig = new DataAzurermClientConfig(this, 'ClientConfig', { count });
      accountId = this.enabled
        ? `/subscriptions/${this.clientConfig.subscriptionId}/resourceGroups/${props.resourceGroupName ?? ''}` +
          `/providers/Microsoft.Storage/storageAccounts/${props.storageAccountName ?? ''}`
        : '';
    }
    this.containerResourceId = this.enabled ? `${accountId}/blobServices/default/containers/${props.containerName}` : '';

    let principal = servicePrincipal.chosen.objectId;
    if (servicePrincipal.chosen.createdByTerraform) {
      this.servicePrincipal = new AzureadServicePrincipal(this, 'ServicePrincipal', {
        count,
        // Read with the integration's credentials: created after Sigma has them.
        clientId: this.integration.azureAppClientId,
        // Never adopt one that consent, another stack or a person made: a destroy deletes what the
        // stack manages, so it must be one it created. An existing one stops the create (azuread's
        // error names it); fromObjectId() then assigns the role to it without managing it. Stacks
        // deployed when this adopted keep their stored value, so that an upgrade plans no change.
        useExisting: false,
        lifecycle: { ignoreChanges: ['use_existing'] },
      });
      principal = this.enabled ? this.servicePrincipal.objectId : '';
    }
    this.servicePrincipalObjectId = principal;

    if (principal !== undefined) {
      this.roleAssignment = new RoleAssignment(this, 'ContainerRoleAssignment', {
        count,
        scope: this.containerResourceId,
        roleDefinitionName: STORAGE_BLOB_DATA_CONTRIBUTOR,
        principalId: principal,
        // Known to be a service principal: saves Azure a directory lookup that can fail while
        // a just-consented principal is still replicating.
        principalType: 'ServicePrincipal',
        description: `Sigma audit-log exports of integration ${this.integrationName} write here`,
      });
    }

    this.consentUrl = this.integration.azureConsentUrl;
    this.multiTenantAppName = this.integration.azureMultiTenantAppName;
    this.appSearchName = this.enabled ? Fn.element(Fn.split('_', this.multiTenantAppName), 0) : '';
    this.appClientId = this.integration.azureAppClientId;
  }

  /**
   * The service principal to assign the role to: `servicePrincipal`, or the deprecated
   * `servicePrincipalObjectId` (not both), with a known object id checked as a GUID.
   */
  private servicePrincipalOf(props: AzureAuditLogIntegrationProps): { chosen: AzureServicePrincipal; problems: Array<string | undefined> } {
    const legacyId = props.servicePrincipalObjectId;
    const fromObjectIdExample = `AzureServicePrincipal.fromObjectId('${SERVICE_PRINCIPAL_ID_RULE.example}')`;
    if (props.servicePrincipal !== undefined && legacyId !== undefined) {
      const problem = propProblem(
        this,
        'servicePrincipalObjectId',
        legacyId,
        'either servicePrincipal or the deprecated servicePrincipalObjectId, not both (servicePrincipal also given): ' +
          'give the object id as servicePrincipal: AzureServicePrincipal.fromObjectId(id)',
        fromObjectIdExample,
      );
      return { chosen: AzureServicePrincipal.consent(), problems: [problem] };
    }
    if (props.servicePrincipal !== undefined) {
      const rule = { ...SERVICE_PRINCIPAL_ID_RULE, example: fromObjectIdExample };
      return { chosen: props.servicePrincipal, problems: [ruleProblem(this, 'servicePrincipal.objectId', props.servicePrincipal.objectId, rule)] };
    }
    const chosen = legacyId !== undefined ? AzureServicePrincipal.fromObjectId(legacyId) : AzureServicePrincipal.consent();
    return { chosen, problems: [ruleProblem(this, 'servicePrincipalObjectId', legacyId, SERVICE_PRINCIPAL_ID_RULE)] };
  }

  /**
   * Problems of naming the storage account: exactly one way, by id or by name with resource group
   * (the account name's own rule is the destination's).
   */
  private accountProblems(props: AzureAuditLogIntegrationProps): Array<string | undefined> {
    const { storageAccountName: name, resourceGroupName: group, storageAccountId: accountId } = props;
    const byName = name !== undefined || group !== undefined;
    if (accountId !== undefined && byName) {
      const given = [name !== undefined ? 'storageAccountName' : '', group !== undefined ? 'resourceGroupName' : '']
        .filter((prop) => prop !== '')
        .join(' and ');
      return [
        propProblem(
          this,
          'storageAccountId',
          accountId,
          `either storageAccountId or storageAccountName with resourceGroupName, not both (${given} also given)`,
          STORAGE_ACCOUNT_ID_RULE.example,
        ),
      ];
    }
    if (accountId !== undefined) return [ruleProblem(this, 'storageAccountId', accountId, STORAGE_ACCOUNT_ID_RULE)];
    if (!byName) {
      return [
        missingProp(this, 'storageAccountId', '(or storageAccountName with resourceGroupName) to name the storage account', STORAGE_ACCOUNT_ID_RULE.example),
      ];
    }
    return [
      name === undefined ? missingProp(this, 'storageAccountName', 'with resourceGroupName', 'myaccount') : undefined,
      group === undefined ? missingProp(this, 'resourceGroupName', 'with storageAccountName', 'audit-logs') : ruleProblem(this, 'resourceGroupName', group, RESOURCE_GROUP_RULE),
    ];
  }
}

/** The last segment of a storage account id: directly when known, else by Terraform functions. */
function accountNameOfId(accountId: string): string {
  if (isKnown(accountId)) return accountId.slice(accountId.lastIndexOf('/') + 1);
  return Fn.element(Fn.reverse(Fn.split('/', accountId)), 0);
}
