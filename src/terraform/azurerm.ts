import { TerraformMetaArguments, TerraformProviderGeneratorMetadata } from 'cdktf';
import { Construct } from 'constructs';
import { DeclaredDataSource, NamedResource } from './base';

/**
 * The azurerm provider, as the prebuilt `@cdktf/provider-azurerm` bindings name it. cdktf reads
 * `providerName` to check that the stack declares an azurerm provider; the versions record the
 * provider schema these classes were written against (they reach no synthesized output).
 */
const AZURERM_PROVIDER: TerraformProviderGeneratorMetadata = {
  providerName: 'azurerm',
  providerVersion: '4.55.0',
  providerVersionConstraint: '~> 4.0',
};

/** Config of {@link RoleAssignment}: the `azurerm_role_assignment` arguments the constructs set. */
export interface RoleAssignmentConfig extends TerraformMetaArguments {
  /** Resource id the assignment applies to, e.g. a storage container's. */
  readonly scope: string;
  /** Object id of the principal (user, group or service principal) given the role. */
  readonly principalId: string;
  /**
   * Name of a built-in or custom role, e.g. `Storage Blob Data Contributor`. Give it or
   * `roleDefinitionId`.
   *
   * @default - none: `roleDefinitionId` names the role
   */
  readonly roleDefinitionName?: string;
  /**
   * Resource id of the role definition, instead of `roleDefinitionName`.
   *
   * @default - none: `roleDefinitionName` names the role
   */
  readonly roleDefinitionId?: string;
  /**
   * `User`, `Group` or `ServicePrincipal`. Saves Azure a directory lookup of the principal.
   *
   * @default - looked up by Azure
   */
  readonly principalType?: string;
  /**
   * The assignment's description.
   *
   * @default - no description
   */
  readonly description?: string;
}

/**
 * An Azure role assignment (`azurerm_role_assignment`). Renders the same Terraform as the
 * `RoleAssignment` of `@cdktf/provider-azurerm`, for the arguments of
 * {@link RoleAssignmentConfig}; set any other argument with `addOverride`. Its `id` is its
 * resource id, its `name` a GUID.
 */
export class RoleAssignment extends NamedResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'azurerm_role_assignment';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: RoleAssignmentConfig) {
    const argumentKeys = ['description', 'principalId', 'principalType', 'roleDefinitionId', 'roleDefinitionName', 'scope'];
    super(scope, id, { type: RoleAssignment.tfResourceType, provider: AZURERM_PROVIDER, arguments: argumentKeys }, config);
  }
}

/**
 * The identity the azurerm provider runs as (`data "azurerm_client_config"`). Renders the same
 * Terraform as the `DataAzurermClientConfig` of `@cdktf/provider-azurerm`.
 */
export class DataAzurermClientConfig extends DeclaredDataSource {
  /** The Terraform data source type. */
  public static readonly tfResourceType = 'azurerm_client_config';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the meta-arguments (count, provider, ...)
   */
  public constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
    super(scope, id, { type: DataAzurermClientConfig.tfResourceType, provider: AZURERM_PROVIDER }, config);
  }

  /** The client (application) id the provider authenticates as. */
  public get clientId(): string {
    return this.getStringAttribute('client_id');
  }

  /** The object id of the principal the provider authenticates as. */
  public get objectId(): string {
    return this.getStringAttribute('object_id');
  }

  /** The subscription the provider is configured for. */
  public get subscriptionId(): string {
    return this.getStringAttribute('subscription_id');
  }

  /** The Microsoft Entra tenant the provider authenticates in. */
  public get tenantId(): string {
    return this.getStringAttribute('tenant_id');
  }
}
