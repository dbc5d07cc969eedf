import { TerraformMetaArguments, TerraformProviderGeneratorMetadata } from 'cdktf';
import { Construct } from 'constructs';
import { DeclaredResource, NamedResource } from './base';

/**
 * The google provider, as the prebuilt `@cdktf/provider-google` bindings name it. cdktf reads
 * `providerName` to check that the stack declares a google provider; the versions record the
 * provider schema these classes were written against (they reach no synthesized output).
 */
const GOOGLE_PROVIDER: TerraformProviderGeneratorMetadata = {
  providerName: 'google',
  providerVersion: '6.50.0',
  providerVersionConstraint: '~> 6.0',
};

/** Config of {@link ProjectIamCustomRole}: the `google_project_iam_custom_role` arguments the constructs set. */
export interface ProjectIamCustomRoleConfig extends TerraformMetaArguments {
  /** The role id: 3-64 letters, digits, `_` or `.`; changing it replaces the role. */
  readonly roleId: string;
  /** A human-readable title of the role. */
  readonly title: string;
  /** The permissions the role grants, e.g. `storage.objects.create`. */
  readonly permissions: string[];
  /**
   * The project that holds the role.
   *
   * @default - the google provider's project
   */
  readonly project?: string;
  /**
   * The role's description.
   *
   * @default - no description
   */
  readonly description?: string;
}

/**
 * A project-level custom IAM role (`google_project_iam_custom_role`). Renders the same Terraform
 * as the `ProjectIamCustomRole` of `@cdktf/provider-google`, for the arguments of
 * {@link ProjectIamCustomRoleConfig}; set any other argument with `addOverride`. Its `name` (and
 * `id`) is `projects/<project>/roles/<role id>`, what an IAM binding's `role` takes.
 */
export class ProjectIamCustomRole extends NamedResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'google_project_iam_custom_role';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: ProjectIamCustomRoleConfig) {
    const argumentKeys = ['description', 'permissions', 'project', 'roleId', 'title'];
    super(scope, id, { type: ProjectIamCustomRole.tfResourceType, provider: GOOGLE_PROVIDER, arguments: argumentKeys, kinds: { permissions: 'set' } }, config);
  }
}

/** Config of {@link StorageBucketIamMember}. */
export interface StorageBucketIamMemberConfig extends TerraformMetaArguments {
  /** Name of the bucket. */
  readonly bucket: string;
  /** The role granted, e.g. `roles/storage.objectViewer` or a custom role's `name`. */
  readonly role: string;
  /** Who gets the role, e.g. `serviceAccount:<email>`. */
  readonly member: string;
}

/**
 * Grants one member one role on a Cloud Storage bucket, leaving the bucket's other bindings alone
 * (`google_storage_bucket_iam_member`). Renders the same Terraform as the
 * `StorageBucketIamMember` of `@cdktf/provider-google`.
 */
export class StorageBucketIamMember extends DeclaredResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'google_storage_bucket_iam_member';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: StorageBucketIamMemberConfig) {
    super(scope, id, { type: StorageBucketIamMember.tfResourceType, provider: GOOGLE_PROVIDER, arguments: ['bucket', 'member', 'role'] }, config);
  }

  /** The etag of the bucket's IAM policy after the binding. */
  public get etag(): string {
    return this.getStringAttribute('etag');
  }
}
