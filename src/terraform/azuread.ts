import {
  TerraformMetaArguments,
  TerraformProviderGeneratorMetadata,
  TerraformResource,
  booleanToTerraform,
  stringToTerraform,
} from 'cdktf';
import { Construct } from 'constructs';
import { definedHcl, hclBoolean, hclString } from './arguments';

/**
 * The azuread provider, as the prebuilt `@cdktf/provider-azuread` bindings name it. cdktf reads
 * `providerName` to check that the stack declares an azuread provider; the versions record the
 * provider schema these classes were written against (they reach no synthesized output).
 */
const AZUREAD_PROVIDER: TerraformProviderGeneratorMetadata = {
  providerName: 'azuread',
  providerVersion: '3.7.0',
  providerVersionConstraint: '~> 3.0',
};

/** Config of {@link AzureadServicePrincipal}: the `azuread_service_principal` arguments the constructs set. */
export interface AzureadServicePrincipalConfig extends TerraformMetaArguments {
  /** Client (application) id of the application, possibly of another tenant, the service principal stands for. */
  readonly clientId: string;
  /**
   * Adopt the application's service principal when the tenant already has one (e.g. created by
   * consent) instead of failing. Terraform still deletes it on destroy.
   *
   * @default false
   */
  readonly useExisting?: boolean;
}

/**
 * The service principal of an application in a Microsoft Entra tenant
 * (`azuread_service_principal`). Renders the same Terraform as the `ServicePrincipal` of
 * `@cdktf/provider-azuread`, for the arguments of {@link AzureadServicePrincipalConfig}; set any
 * other argument with `addOverride`.
 */
export class AzureadServicePrincipal extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'azuread_service_principal';

  private readonly config: AzureadServicePrincipalConfig;

  public constructor(scope: Construct, id: string, config: AzureadServicePrincipalConfig) {
    super(scope, id, {
      terraformResourceType: AzureadServicePrincipal.tfResourceType,
      terraformGeneratorMetadata: AZUREAD_PROVIDER,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.config = config;
  }

  /** The service principal's object id: what role assignments name as their principal. */
  public get objectId(): string {
    return this.getStringAttribute('object_id');
  }

  /** The resource id (`/servicePrincipals/<object id>`). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The client (application) id of the application. */
  public get clientId(): string {
    return this.getStringAttribute('client_id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      client_id: stringToTerraform(this.config.clientId),
      use_existing: booleanToTerraform(this.config.useExisting),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedHcl({
      client_id: hclString(this.config.clientId),
      use_existing: hclBoolean(this.config.useExisting),
    });
  }
}
