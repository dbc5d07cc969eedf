import { TerraformMetaArguments, TerraformProviderGeneratorMetadata } from 'cdktf';
import { Construct } from 'constructs';
import { DeclaredResource } from './base';

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
 * other argument with `addOverride`. Its `id` is `/servicePrincipals/<object id>`.
 */
export class AzureadServicePrincipal extends DeclaredResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'azuread_service_principal';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: AzureadServicePrincipalConfig) {
    const argumentKeys = ['clientId', 'useExisting'];
    super(scope, id, { type: AzureadServicePrincipal.tfResourceType, provider: AZUREAD_PROVIDER, arguments: argumentKeys, kinds: { useExisting: 'boolean' } }, config);
  }

  /** The service principal's object id: what role assignments name as their principal. */
  public get objectId(): string {
    return this.getStringAttribute('object_id');
  }

  /** The client (application) id of the application. */
  public get clientId(): string {
    return this.getStringAttribute('client_id');
  }
}
