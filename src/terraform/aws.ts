import { TerraformMetaArguments, TerraformProviderGeneratorMetadata } from 'cdktf';
import { Construct } from 'constructs';
import { DeclaredDataSource, DeclaredResource, NamedResource } from './base';

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

/**
 * What an IAM role and a customer managed policy share: the attributes `arn`, `id` and `name`.
 * Not exported: jsii folds its members into both classes, which stay the public API.
 */
abstract class IamPathResource extends NamedResource {
  /** The ARN. */
  public get arn(): string {
    return this.getStringAttribute('arn');
  }
}

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
 * `addOverride`. Its `id` is its name.
 */
export class IamRole extends IamPathResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'aws_iam_role';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: IamRoleConfig) {
    const argumentKeys = ['assumeRolePolicy', 'description', 'name', 'path', 'permissionsBoundary'];
    super(scope, id, { type: IamRole.tfResourceType, provider: AWS_PROVIDER, arguments: argumentKeys }, config);
  }

  /** The role's stable unique id (`AROA...`), which a new role of the same name does not share. */
  public get uniqueId(): string {
    return this.getStringAttribute('unique_id');
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
 * with `addOverride`. Its `id` is its ARN.
 */
export class IamPolicy extends IamPathResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'aws_iam_policy';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: IamPolicyConfig) {
    super(scope, id, { type: IamPolicy.tfResourceType, provider: AWS_PROVIDER, arguments: ['description', 'name', 'path', 'policy'] }, config);
  }

  /** The policy's stable unique id (`ANPA...`). */
  public get policyId(): string {
    return this.getStringAttribute('policy_id');
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
export class IamRolePolicyAttachment extends DeclaredResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = 'aws_iam_role_policy_attachment';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the arguments
   */
  public constructor(scope: Construct, id: string, config: IamRolePolicyAttachmentConfig) {
    super(scope, id, { type: IamRolePolicyAttachment.tfResourceType, provider: AWS_PROVIDER, arguments: ['policyArn', 'role'] }, config);
  }
}

/**
 * The AWS partition of the provider's region (`data "aws_partition"`). Renders the same
 * Terraform as the `DataAwsPartition` of `@cdktf/provider-aws`.
 */
export class DataAwsPartition extends DeclaredDataSource {
  /** The Terraform data source type. */
  public static readonly tfResourceType = 'aws_partition';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the meta-arguments (count, provider, ...)
   */
  public constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
    super(scope, id, { type: DataAwsPartition.tfResourceType, provider: AWS_PROVIDER }, config);
  }

  /** The partition, e.g. `aws`, `aws-cn` or `aws-us-gov`: the second field of an ARN. */
  public get partition(): string {
    return this.getStringAttribute('partition');
  }

  /** The partition's DNS suffix, e.g. `amazonaws.com`. */
  public get dnsSuffix(): string {
    return this.getStringAttribute('dns_suffix');
  }
}

/**
 * The account and identity the AWS provider runs as (`data "aws_caller_identity"`). Renders the
 * same Terraform as the `DataAwsCallerIdentity` of `@cdktf/provider-aws`.
 */
export class DataAwsCallerIdentity extends DeclaredDataSource {
  /** The Terraform data source type. */
  public static readonly tfResourceType = 'aws_caller_identity';

  /**
   * @param scope the construct it is declared in
   * @param id the construct id, unique in `scope`
   * @param config the meta-arguments (count, provider, ...)
   */
  public constructor(scope: Construct, id: string, config: TerraformMetaArguments = {}) {
    super(scope, id, { type: DataAwsCallerIdentity.tfResourceType, provider: AWS_PROVIDER }, config);
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
}
