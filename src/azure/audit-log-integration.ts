import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import {
  DestinationError,
  azureDestination,
  checkAzureContainerName,
  checkAzureStorageAccountName,
  checkPathPrefix,
} from '../destination';
import { TENANT_ID_EXAMPLE, TENANT_ID_EXPECTED, TENANT_ID_PATTERN } from '../rules/sigma';
import { SigmaIntegrationOptions } from '../sigma/options';
import { SigmaAuditLogStorageIntegration } from '../sigma/storage-integration';
import { AzureadServicePrincipal } from '../terraform/azuread';
import { DataAzurermClientConfig, RoleAssignment } from '../terraform/azurerm';
import { ProblemList, alreadyReported, isKnown, missingProp, propProblem } from '../validation/problems';
import { AzureServicePrincipal } from './service-principal';

/** The built-in Azure role that lets a principal read, write and delete blobs. */
const STORAGE_BLOB_DATA_CONTRIBUTOR = 'Storage Blob Data Contributor';

const BLOB_HOST_SUFFIX = '.blob.core.windows.net';

/**
 * `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>`;
 * Azure is not consistent about the case of the fixed segments, so they match in any case (the
 * account name itself is checked on its own, case-sensitively).
 */
const STORAGE_ACCOUNT_ID_PATTERN =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)$/i;
const STORAGE_ACCOUNT_ID_EXAMPLE =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/audit-logs/providers/Microsoft.Storage/storageAccounts/myaccount';

/** Azure resource group names: 1-90 letters, digits, `_`, `-`, `.`, `(`, `)`; not ending with `.`. */
const RESOURCE_GROUP_PATTERN = /^[\p{L}\p{N}_().-]{0,89}[\p{L}\p{N}_()-]$/u;

const PRINCIPAL_ID_EXAMPLE = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

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
  /** The destination given to Sigma: `azure://<account>.blob.core.windows.net/<container>/<folder>/`. */
  public readonly destination: string;
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
    const enabled = props.enabled ?? true;
    const count = enabled ? undefined : 0;
    const problems = new ProblemList();

    const partProblems = [
      ...this.checkAccount(props),
      this.destinationPartProblem(checkAzureContainerName(props.containerName, 'containerName'), props.containerName),
      this.destinationPartProblem(checkPathPrefix(props.folder ?? '', 'azure', 'folder'), props.folder),
    ];
    partProblems.forEach((problem) => problems.add(problem));
    const partsValid = partProblems.every((problem) => problem === undefined);

    const tenantProblem = isKnown(props.tenantId) && !TENANT_ID_PATTERN.test(props.tenantId)
      ? propProblem(this, 'tenantId', props.tenantId, TENANT_ID_EXPECTED, TENANT_ID_EXAMPLE)
      : undefined;
    problems.add(tenantProblem);
    const servicePrincipal = this.servicePrincipalOf(props, problems);
    problems.attachTo(this);

    const accountName = props.storageAccountId !== undefined ? accountNameOfId(props.storageAccountId) : (props.storageAccountName ?? '');
    this.destination = buildDestination(accountName, props.containerName, props.folder, partsValid);

    this.integration = new SigmaAuditLogStorageIntegration(this, 'Integration', {
      ...props,
      cloud: StorageCloud.AZURE,
      // Invalid values are reported above under the props the user wrote; hiding them from the
      // child (as unresolved values) keeps the report to one message per problem.
      destination: partsValid ? this.destination : alreadyReported(this.destination),
      tenantId: tenantProblem === undefined ? props.tenantId : alreadyReported(props.tenantId),
    });

    let accountId = props.storageAccountId ?? '';
    if (props.storageAccountId === undefined) {
      this.clientConfig = new DataAzurermClientConfig(this, 'ClientConfig', { count });
      accountId = enabled
        ? `/subscriptions/${this.clientConfig.subscriptionId}/resourceGroups/${props.resourceGroupName ?? ''}` +
          `/providers/Microsoft.Storage/storageAccounts/${props.storageAccountName ?? ''}`
        : '';
    }
    this.containerResourceId = enabled ? `${accountId}/blobServices/default/containers/${props.containerName}` : '';

    let principal = servicePrincipal.objectId;
    if (servicePrincipal.createdByTerraform) {
      this.servicePrincipal = new AzureadServicePrincipal(this, 'ServicePrincipal', {
        count,
        // Read with the integration's credentials: created after Sigma has them.
        clientId: this.integration.azureAppClientId,
        // Consent, or another integration for the same app, may have created it already.
        useExisting: true,
      });
      principal = enabled ? this.servicePrincipal.objectId : '';
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
        description: `Sigma audit-log exports of integration ${this.integration.integrationName} write here`,
      });
    }

    this.consentUrl = this.integration.azureConsentUrl;
    this.multiTenantAppName = this.integration.azureMultiTenantAppName;
    this.appSearchName = enabled ? Fn.element(Fn.split('_', this.multiTenantAppName), 0) : '';
    this.appClientId = this.integration.azureAppClientId;
  }

  /**
   * The service principal to assign the role to: `servicePrincipal`, or the deprecated
   * `servicePrincipalObjectId` (not both), with a known object id checked as a GUID.
   */
  private servicePrincipalOf(props: AzureAuditLogIntegrationProps, problems: ProblemList): AzureServicePrincipal {
    const legacyId = props.servicePrincipalObjectId;
    const fromObjectIdExample = `AzureServicePrincipal.fromObjectId('${PRINCIPAL_ID_EXAMPLE}')`;
    if (props.servicePrincipal !== undefined && legacyId !== undefined) {
      problems.add(
        propProblem(
          this,
          'servicePrincipalObjectId',
          legacyId,
          'either servicePrincipal or the deprecated servicePrincipalObjectId, not both (servicePrincipal also given): ' +
            'give the object id as servicePrincipal: AzureServicePrincipal.fromObjectId(id)',
          fromObjectIdExample,
        ),
      );
      return AzureServicePrincipal.consent();
    }
    const chosen = props.servicePrincipal ?? (legacyId !== undefined ? AzureServicePrincipal.fromObjectId(legacyId) : AzureServicePrincipal.consent());
    const objectId = chosen.objectId;
    if (objectId !== undefined && isKnown(objectId) && !TENANT_ID_PATTERN.test(objectId)) {
      const [prop, example] = props.servicePrincipal !== undefined ? ['servicePrincipal.objectId', fromObjectIdExample] : ['servicePrincipalObjectId', PRINCIPAL_ID_EXAMPLE];
      problems.add(propProblem(this, prop, objectId, "a GUID: the object id of the service principal of Sigma's multi-tenant app in your tenant", example));
    }
    return chosen;
  }

  /** Problems of the storage account props: exactly one way of naming it, each value valid. */
  private checkAccount(props: AzureAuditLogIntegrationProps): Array<string | undefined> {
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
          STORAGE_ACCOUNT_ID_EXAMPLE,
        ),
      ];
    }
    if (accountId !== undefined) {
      const match = isKnown(accountId) ? STORAGE_ACCOUNT_ID_PATTERN.exec(accountId) : undefined;
      if (match === null || (match !== undefined && checkAzureStorageAccountName(match[1]) !== undefined)) {
        return [
          propProblem(
            this,
            'storageAccountId',
            accountId,
            'the resource id of a storage account, /subscriptions/<subscription>/resourceGroups/<group>/providers/' +
              'Microsoft.Storage/storageAccounts/<account>, where <account> is 3-24 lower-case letters and digits',
            STORAGE_ACCOUNT_ID_EXAMPLE,
          ),
        ];
      }
      return [];
    }
    if (!byName) {
      return [missingProp(this, 'storageAccountId', '(or storageAccountName with resourceGroupName) to name the storage account', STORAGE_ACCOUNT_ID_EXAMPLE)];
    }
    const found: Array<string | undefined> = [];
    if (name === undefined) {
      found.push(missingProp(this, 'storageAccountName', 'with resourceGroupName', 'myaccount'));
    } else {
      found.push(this.destinationPartProblem(checkAzureStorageAccountName(name, 'storageAccountName'), name));
    }
    if (group === undefined) {
      found.push(missingProp(this, 'resourceGroupName', 'with storageAccountName', 'audit-logs'));
    } else if (isKnown(group) && !RESOURCE_GROUP_PATTERN.test(group)) {
      found.push(
        propProblem(
          this,
          'resourceGroupName',
          group,
          'an Azure resource group name: 1-90 letters, digits, "_", "-", ".", "(" or ")", not ending with "."',
          'audit-logs',
        ),
      );
    }
    return found;
  }

  /** A part validator's error as this construct reports it; tokens are left to the handler. */
  private destinationPartProblem(error: DestinationError | undefined, value: string | undefined): string | undefined {
    if (error === undefined || !isKnown(value)) return undefined;
    return `${this.node.path}: ${error.message}`;
  }
}

/** The last segment of a storage account id: directly when known, else by Terraform functions. */
function accountNameOfId(accountId: string): string {
  if (isKnown(accountId)) return accountId.slice(accountId.lastIndexOf('/') + 1);
  return Fn.element(Fn.reverse(Fn.split('/', accountId)), 0);
}

function buildDestination(account: string, container: string, folder: string | undefined, partsValid: boolean): string {
  if (partsValid && isKnown(account) && isKnown(container) && (folder === undefined || isKnown(folder))) {
    return azureDestination(account, container, folder ?? '');
  }
  const base = ['azure://', account, BLOB_HOST_SUFFIX, '/', container, '/'];
  if (folder === undefined || folder === '') return base.join('');
  if (isKnown(folder)) return [...base, folder.replace(/\/$/, ''), '/'].join('');
  // A computed folder: '' must stay the container root, and a trailing '/' must not double.
  return Fn.replace(Fn.join('', [...base, folder, '/']), '/[/]+$/', '/');
}

/** The same value, unresolved at synth (so no synth-time check runs on it); it renders unchanged. */
