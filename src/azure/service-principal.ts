/**
 * How the service principal of Sigma's multi-tenant app comes into the storage account's tenant,
 * and so when the container's role assignment is made: by Terraform in the same deploy
 * (`create()`), already there with a known object id (`fromObjectId(id)`), or by a tenant admin
 * accepting the consent URL (`consent()`, then `fromObjectId` on a second deploy).
 */
export class AzureServicePrincipal {
  /**
   * Terraform creates the service principal in the tenant from the app's client id (the
   * `client_id` of the consent URL, read with the integration's credentials) and assigns the role
   * in the same deploy. It never adopts one that already exists (made by consent, another stack or
   * a person): that create fails naming it, and `fromObjectId(id)` then assigns the role to it
   * without managing it, so a destroy only ever deletes a principal this stack created.
   *
   * The stack must declare an `azuread` provider, and the identity it runs as must be allowed to
   * create service principals for another tenant's app: as a user, the Microsoft Entra role
   * Cloud Application Administrator or Application Administrator; as a service principal, the
   * Microsoft Graph application permission `Application.ReadWrite.All` (`Application.ReadWrite.OwnedBy`
   * is not enough: it needs ownership of the app, which lives in Sigma's tenant). Terraform then
   * manages the principal: a destroy, or `enabled: false`, deletes it from the tenant.
   */
  public static create(): AzureServicePrincipal {
    return new AzureServicePrincipal(true, undefined);
  }

  /**
   * The service principal already exists (made by consent, or by Terraform in another
   * integration or stack): the role assignment is made for this object id.
   *
   * @param objectId object id (a GUID) of the service principal of Sigma's app in the tenant, e.g. `9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`
   */
  public static fromObjectId(objectId: string): AzureServicePrincipal {
    return new AzureServicePrincipal(false, objectId);
  }

  /**
   * A tenant admin opens the integration's consent URL, which creates the service principal. No
   * role assignment until its object id is given with `fromObjectId` on a later deploy: the way
   * for a deployer who may not create service principals in Microsoft Entra ID.
   */
  public static consent(): AzureServicePrincipal {
    return new AzureServicePrincipal(false, undefined);
  }

  /** Whether Terraform creates the service principal from the app's client id (and a destroy deletes it). */
  public readonly createdByTerraform: boolean;
  /** The object id given to `fromObjectId`; undefined otherwise. */
  public readonly objectId?: string;

  private constructor(createdByTerraform: boolean, objectId: string | undefined) {
    this.createdByTerraform = createdByTerraform;
    this.objectId = objectId;
  }
}
