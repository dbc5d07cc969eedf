import {
  TerraformDataSource,
  TerraformMetaArguments,
  TerraformProviderGeneratorMetadata,
  TerraformResource,
  stringToTerraform,
} from 'cdktf';
import { Construct } from 'constructs';
import { definedHcl, hclString } from './arguments';

/**
 * The AWS provider, as the prebuilt `@cdktf/provider-aws` bindings name it. cdktf reads
 * `providerName` to check that the stack declares an AWS provider; the versions record the
 * provider schema these classes were written against (they reach no synthesized output).
 */
const AWS_PROVIDER: TerraformProviderGeneratorMetadata = {
  providerName: 'aws',
  providerVersion: '6.25.0',
  providerVersionConstraint: '~> 6.0',
};

/** Config of {@link IamRole}: the `aws_iam_role` arguments the constructs set. */
export interface IamRoleConfig extends TerraformMetaArguments {
  /** The trust policy (JSON): who may assume the role. */
  readonly assumeRolePolicy: string;
  /**
   * The role's name; changing it replaces the role.
   *
   * @default - a unique name chosen by Terraform
   */
  readonly name?: string;
  /**
   * The role's IAM path.
   *
   * @default '/'
   */
  readonly path?: string;
  /**
   * The role's description.
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * ARN of the managed policy that sets the role's permissions boundary.
   *
   * @default - no permissions boundary
   */
  readonly permissionsBoundary?: string;
}

/**
 * An IAM role (`aws_iam_role`). Renders the same Terraform as the `IamRole` of
 * `@cdktf/provider-aws`, for the arguments of {@link IamRoleConfig}; set any other argument with
 * `addOverride`.
 */
export class IamRole extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'aws_iam_role';

  private readonly config: IamRoleConfig;

  public constructor(scope: Construct, id: string, config: IamRoleConfig) {
    super(scope, id, {
      terraformResourceType: IamRole.tfResourceType,
      terraformGeneratorMetadata: AWS_PROVIDER,
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

  /** The role's ARN. */
  public get arn(): string {
    return this.getStringAttribute('arn');
  }

  /** The role's id (its name). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The role's name. */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  /** The role's stable unique id (`AROA...`), which a new role of the same name does not share. */
  public get uniqueId(): string {
    return this.getStringAttribute('unique_id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      assume_role_policy: stringToTerraform(this.config.assumeRolePolicy),
      description: stringToTerraform(this.config.description),
      name: stringToTerraform(this.config.name),
      path: stringToTerraform(this.config.path),
      permissions_boundary: stringToTerraform(this.config.permissionsBoundary),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedHcl({
      assume_role_policy: hclString(this.config.assumeRolePolicy),
      description: hclString(this.config.description),
      name: hclString(this.config.name),
      path: hclString(this.config.path),
      permissions_boundary: hclString(this.config.permissionsBoundary),
    });
  }
}

/** Config of {@link IamPolicy}: the `aws_iam_policy` arguments the constructs set. */
export interface IamPolicyConfig extends TerraformMetaArguments {
  /** The policy document (JSON). */
  readonly policy: string;
  /**
   * The policy's name; changing it replaces the policy.
   *
   * @default - a unique name chosen by Terraform
   */
  readonly name?: string;
  /**
   * The policy's IAM path.
   *
   * @default '/'
   */
  readonly path?: string;
  /**
   * The policy's description; changing it replaces the policy.
   *
   * @default - no description
   */
  readonly description?: string;
}

/**
 * A customer managed IAM policy (`aws_iam_policy`). Renders the same Terraform as the `IamPolicy`
 * of `@cdktf/provider-aws`, for the arguments of {@link IamPolicyConfig}; set any other argument
 * with `addOverride`.
 */
export class IamPolicy extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'aws_iam_policy';

  private readonly config: IamPolicyConfig;

  public constructor(scope: Construct, id: string, config: IamPolicyConfig) {
    super(scope, id, {
      terraformResourceType: IamPolicy.tfResourceType,
      terraformGeneratorMetadata: AWS_PROVIDER,
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

  /** The policy's ARN. */
  public get arn(): string {
    return this.getStringAttribute('arn');
  }

  /** The policy's id (its ARN). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The policy's name. */
  public get name(): string {
    return this.getStringAttribute('name');
  }

  /** The policy's stable unique id (`ANPA...`). */
  public get policyId(): string {
    return this.getStringAttribute('policy_id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      description: stringToTerraform(this.config.description),
      name: stringToTerraform(this.config.name),
      path: stringToTerraform(this.config.path),
      policy: stringToTerraform(this.config.policy),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedHcl({
      description: hclString(this.config.description),
      name: hclString(this.config.name),
      path: hclString(this.config.path),
      policy: hclString(this.config.policy),
    });
  }
}

/** Config of {@link IamRolePolicyAttachment}. */
export interface IamRolePolicyAttachmentConfig extends TerraformMetaArguments {
  /** Name of the role the policy is attached to. */
  readonly role: string;
  /** ARN of the managed policy to attach. */
  readonly policyArn: string;
}

/**
 * Attaches a managed policy to an IAM role (`aws_iam_role_policy_attachment`). Renders the same
 * Terraform as the `IamRolePolicyAttachment` of `@cdktf/provider-aws`.
 */
export class IamRolePolicyAttachment extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'aws_iam_role_policy_attachment';

  private readonly config: IamRolePolicyAttachmentConfig;

  public constructor(scope: Construct, id: string, config: IamRolePolicyAttachmentConfig) {
    super(scope, id, {
      terraformResourceType: IamRolePolicyAttachment.tfResourceType,
      terraformGeneratorMetadata: AWS_PROVIDER,
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

  /** The attachment's id. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      policy_arn: stringToTerraform(this.config.policyArn),
      role: stringToTerraform(this.config.role),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedHcl({
      policy_arn: hclString(this.config.policyArn),
      role: hclString(this.config.role),
    });
  }
}

/**
 * The AWS partition of the provider's region (`data "aws_partition"`). Renders the same
 * Terraform as the `DataAwsPartition` of `@cdktf/provider-aws`.
 */
export class DataAwsPartition extends TerraformDataSource {
  /** The Terraform data source type. */
  public static readonly tfResourceType = 'aws_partition';

  public constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
    super(scope, id, {
      terraformResourceType: DataAwsPartition.tfResourceType,
      terraformGeneratorMetadata: AWS_PROVIDER,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
  }

  /** The partition, e.g. `aws`, `aws-cn` or `aws-us-gov`: the second field of an ARN. */
  public get partition(): string {
    return this.getStringAttribute('partition');
  }

  /** The partition's DNS suffix, e.g. `amazonaws.com`. */
  public get dnsSuffix(): string {
    return this.getStringAttribute('dns_suffix');
  }

  /** The data source's id (the partition). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}

/**
 * The account and identity the AWS provider runs as (`data "aws_caller_identity"`). Renders the
 * same Terraform as the `DataAwsCallerIdentity` of `@cdktf/provider-aws`.
 */
export class DataAwsCallerIdentity extends TerraformDataSource {
  /** The Terraform data source type. */
  public static readonly tfResourceType = 'aws_caller_identity';

  public constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
    super(scope, id, {
      terraformResourceType: DataAwsCallerIdentity.tfResourceType,
      terraformGeneratorMetadata: AWS_PROVIDER,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
  }

  /** The AWS account id (12 digits). */
  public get accountId(): string {
    return this.getStringAttribute('account_id');
  }

  /** The ARN of the identity the provider runs as. */
  public get arn(): string {
    return this.getStringAttribute('arn');
  }

  /** The unique id of the identity the provider runs as. */
  public get userId(): string {
    return this.getStringAttribute('user_id');
  }

  /** The data source's id (the account id). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}
