import { Fn, TerraformElement, TerraformStack, Token, ref } from 'cdktf';
import { Construct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import { s3DestinationFromProps } from '../destination/from-props';
import { integrationProps } from '../sigma/cloud-props';
import { SigmaIntegrationOptions } from '../sigma/options';
import { SigmaAuditLogStorageIntegration } from '../sigma/storage-integration';
import { DataAwsCallerIdentity, DataAwsPartition, IamPolicy, IamRole, IamRolePolicyAttachment } from '../terraform/aws';
import { missingProp, reportProblems, ruleProblem } from '../validation/problems';
import { accessPolicyDocument, trustPolicyDocument } from './policies';
import { KMS_KEY_ARN_RULE, PERMISSIONS_BOUNDARY_RULE, ROLE_NAME_RULE, ROLE_PATH_RULE, defaultRoleName } from './rules';

/** Props of {@link AwsAuditLogIntegration}. */
export interface AwsAuditLogIntegrationProps extends SigmaIntegrationOptions {
  /**
   * Name of the S3 bucket Sigma writes the audit log to. It may come from a bucket created in
   * the same stack (e.g. `bucket.bucket` of an `S3Bucket`).
   */
  readonly bucketName: string;

  /**
   * Folder inside the bucket, e.g. `sigma/audit-logs` (no leading `/`; a trailing `/` is
   * optional). Sigma may write and delete objects under this folder only. A value computed by
   * Terraform must be non-empty and have no leading or trailing `/`.
   *
   * @default - the whole bucket
   */
  readonly prefix?: string;

  /**
   * Name of the IAM role Sigma assumes. Changing it replaces the role and the integration.
   *
   * @default - `sigma-audit-logs-` and 8 hex digits derived from the construct path
   */
  readonly roleName?: string;

  /**
   * IAM path of the role and of its access policy, e.g. `/sigma/`. Changing it replaces the role
   * and the integration, as the role's ARN changes.
   *
   * @default '/'
   */
  readonly rolePath?: string;

  /**
   * ARN of a managed policy that sets the role's permissions boundary, when your account
   * requires one on every role.
   *
   * @default - no permissions boundary
   */
  readonly permissionsBoundary?: string;

  /**
   * ARN of the KMS key of an SSE-KMS bucket. The role may then use this key (and no other) to
   * write encrypted objects. The key policy must also allow the account's IAM policies to grant
   * its use (the default key policy does).
   *
   * @default - the bucket does not use a customer managed KMS key
   */
  readonly kmsKeyArn?: string;
}

/**
 * A Sigma audit-log storage integration writing to Amazon S3, with its IAM role and
 * least-privilege access policy, in one deploy.
 *
 * The role's ARN is computed before the role exists (from the account and partition of the AWS
 * provider), so Terraform creates the integration first, reads the IAM user and external id
 * Sigma hands back, and then creates the role with its final trust policy: no placeholder and no
 * manual step.
 */
export class AwsAuditLogIntegration extends Construct {
  /** The Sigma integration. */
  public readonly integration: SigmaAuditLogStorageIntegration;
  /** The integration's name in Sigma. */
  public readonly integrationName: string;
  /** Whether the integration is declared (false: every resource has `count = 0`). */
  public readonly enabled: boolean;
  /** The integration's destination, `s3://<bucket>/<prefix>/`. */
  public readonly destination: string;
  /** The role Sigma assumes to write to the bucket. */
  public readonly role: IamRole;
  /** The role's access policy: the destination folder and, when given, the KMS key. */
  public readonly policy: IamPolicy;
  /** Attaches the access policy to the role. */
  public readonly policyAttachment: IamRolePolicyAttachment;
  /** The AWS partition of the provider's account, used in the ARNs. */
  public readonly partition: DataAwsPartition;
  /** The account the role is created in. */
  public readonly callerIdentity: DataAwsCallerIdentity;

  /** The role's name. */
  public readonly roleName: string;
  /** The role's ARN, known before the role is created. Empty when `enabled` is false. */
  public readonly roleArn: string;
  /** The role's trust policy (JSON). Empty when `enabled` is false. */
  public readonly trustPolicy: string;
  /** The role's access policy (JSON). Empty when `enabled` is false. */
  public readonly accessPolicy: string;

  public constructor(scope: Construct, id: string, props: AwsAuditLogIntegrationProps) {
    super(scope, id);
    this.enabled = props.enabled ?? true;
    this.roleName = props.roleName ?? defaultRoleName(this);
    const rolePath = props.rolePath ?? '/';
    const destination = s3DestinationFromProps({ value: props.bucketName, prop: 'bucketName' }, { value: props.prefix, prop: 'prefix' });
    this.destination = destination.url;
    reportProblems(this, [
      props.bucketName === undefined || props.bucketName === null
        ? missingProp(this, 'bucketName', 'to name the S3 bucket Sigma writes to', 'my-audit-logs')
        : undefined,
      ...destination.problems,
      ruleProblem(this, 'roleName', props.roleName, ROLE_NAME_RULE),
      ruleProblem(this, 'rolePath', props.rolePath, ROLE_PATH_RULE),
      ruleProblem(this, 'permissionsBoundary', props.permissionsBoundary, PERMISSIONS_BOUNDARY_RULE),
      ruleProblem(this, 'kmsKeyArn', props.kmsKeyArn, KMS_KEY_ARN_RULE),
    ]);

    const count = this.enabled ? undefined : 0;
    // A resource with count = 0 may only be referred to by instance, and only from another
    // resource with count = 0 (it is never evaluated there).
    const attribute = (element: TerraformElement, name: string, value: string): string =>
      this.enabled ? value : Token.asString(ref(`${element.fqn}[0].${name}`, TerraformStack.of(this)));

    this.partition = new DataAwsPartition(this, 'Partition', { count });
    this.callerIdentity = new DataAwsCallerIdentity(this, 'CallerIdentity', { count });
    const partition = attribute(this.partition, 'partition', this.partition.partition);
    const accountId = attribute(this.callerIdentity, 'account_id', this.callerIdentity.accountId);
    const roleArn = `arn:${partition}:iam::${accountId}:role${rolePath}${this.roleName}`;

    this.integration = new SigmaAuditLogStorageIntegration(
      this,
      'Integration',
      integrationProps(props, { cloud: StorageCloud.AWS, destination: this.destination, roleArn }),
    );
    this.integrationName = this.integration.integrationName;

    const accessPolicy = Fn.jsonencode(
      accessPolicyDocument({ partition, bucket: props.bucketName, prefix: props.prefix, kmsKeyArn: props.kmsKeyArn }),
    );
    // Reads the integration's credentials: Terraform creates the role after the integration.
    const trustPolicy = Fn.jsonencode(
      trustPolicyDocument({ iamUserArn: this.integration.awsIamUserArn, externalId: this.integration.awsExternalId }),
    );

    this.policy = new IamPolicy(this, 'AccessPolicy', {
      count,
      name: this.roleName,
      path: rolePath,
      // Kept constant: a description change replaces an IAM policy.
      description: "Lets Sigma's audit-log export list and write its S3 destination folder",
      policy: accessPolicy,
    });

    this.role = new IamRole(this, 'Role', {
      count,
      name: this.roleName,
      path: rolePath,
      description: `Assumed by Sigma to export its audit log (integration ${this.integrationName})`,
      assumeRolePolicy: trustPolicy,
      permissionsBoundary: props.permissionsBoundary,
    });

    this.policyAttachment = new IamRolePolicyAttachment(this, 'AccessPolicyAttachment', {
      count,
      role: attribute(this.role, 'name', this.role.name),
      policyArn: attribute(this.policy, 'arn', this.policy.arn),
    });

    this.roleArn = this.enabled ? roleArn : '';
    this.trustPolicy = this.enabled ? trustPolicy : '';
    this.accessPolicy = this.enabled ? accessPolicy : '';
  }
}
