import {
  TerraformMetaArguments,
  TerraformProviderGeneratorMetadata,
  TerraformResource,
  listMapper,
  stringToTerraform,
} from 'cdktf';
import { Construct } from 'constructs';
import { definedHcl, hclString, hclStringList } from './arguments';

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
 * {@link ProjectIamCustomRoleConfig}; set any other argument with `addOverride`.
 */
export class ProjectIamCustomRole extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'google_project_iam_custom_role';

  private readonly config: ProjectIamCustomRoleConfig;

  public constructor(scope: Construct, id: string, config: ProjectIamCustomRoleConfig) {
    super(scope, id, {
      terraformResourceType: ProjectIamCustomRole.tfResourceType,
      terraformGeneratorMetadata: GOOGLE_PROVIDER,
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

  /** The role's id in Terraform, `projects/<project>/roles/<role id>`. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The role's name, `projects/<project>/roles/<role id>`: what an IAM binding's `role` takes. */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      description: stringToTerraform(this.config.description),
      permissions: listMapper(stringToTerraform, false)(this.config.permissions),
      project: stringToTerraform(this.config.project),
      role_id: stringToTerraform(this.config.roleId),
      title: stringToTerraform(this.config.title),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedHcl({
      description: hclString(this.config.description),
      permissions: hclStringList(this.config.permissions, 'set'),
      project: hclString(this.config.project),
      role_id: hclString(this.config.roleId),
      title: hclString(this.config.title),
    });
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
export class StorageBucketIamMember extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'google_storage_bucket_iam_member';

  private readonly config: StorageBucketIamMemberConfig;

  public constructor(scope: Construct, id: string, config: StorageBucketIamMemberConfig) {
    super(scope, id, {
      terraformResourceType: StorageBucketIamMember.tfResourceType,
      terraformGeneratorMetadata: GOOGLE_PROVIDER,
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

  /** The binding's id in Terraform. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The etag of the bucket's IAM policy after the binding. */
  public get etag(): string {
    return this.getStringAttribute('etag');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      bucket: stringToTerraform(this.config.bucket),
      member: stringToTerraform(this.config.member),
      role: stringToTerraform(this.config.role),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedHcl({
      bucket: hclString(this.config.bucket),
      member: hclString(this.config.member),
      role: hclString(this.config.role),
    });
  }
}
