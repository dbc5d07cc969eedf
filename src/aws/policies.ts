/**
 * The two IAM documents of an AWS audit-log integration, as pure functions of their inputs.
 * The construct calls them with Terraform expressions (rendered with `jsonencode`); the tests
 * call them with concrete values and evaluate the result with an IAM policy simulator.
 */

/** IAM policy language version; the only one that supports policy variables and conditions. */
export const POLICY_VERSION = '2012-10-17';

/** An IAM condition block: operator, then condition key, then value(s). */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal?: { readonly AWS: string };
  readonly Action: string[];
  readonly Resource?: string[];
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: typeof POLICY_VERSION;
  readonly Statement: PolicyStatement[];
}

/**
 * KMS actions S3 performs with the caller's permissions when it writes an SSE-KMS object:
 * GenerateDataKey for a PutObject or the start of a multipart upload, Decrypt for each further
 * part of a multipart upload (S3 decrypts the upload's data key). S3 never calls kms:Encrypt
 * for SSE-KMS, and the exporter does no client-side encryption with a KMS key, so Encrypt is
 * not granted; nor is `kms:GenerateDataKey*`, which would add the WithoutPlaintext and pair
 * variants S3 does not use.
 */
export const KMS_ACTIONS: readonly string[] = ['kms:GenerateDataKey', 'kms:Decrypt'];

export interface AccessPolicyInput {
  /** AWS partition of the bucket (`aws`, `aws-cn`, `aws-us-gov`...). */
  readonly partition: string;
  /** Bucket name. */
  readonly bucket: string;
  /**
   * Folder inside the bucket, without a leading `/` (a trailing `/` is ignored); undefined or ''
   * for the whole bucket.
   */
  readonly prefix?: string;
  /** ARN of the KMS key of an SSE-KMS bucket; undefined when the bucket does not use one. */
  readonly kmsKeyArn?: string;
}

/**
 * What the exporter needs on its destination and nothing more: the bucket's region, a listing
 * of the destination folder, and writing and deleting objects in it (plus the bucket's KMS key,
 * when there is one).
 *
 * Unlike the portal's example, `s3:GetBucketLocation` has a statement of its own: that request
 * carries no `s3:prefix`, so under the listing's `s3:prefix` condition it would always be denied.
 */
export function accessPolicyDocument(input: AccessPolicyInput): PolicyDocument {
  const prefix = withoutTrailingSlash(input.prefix ?? '');
  const bucketArn = `arn:${input.partition}:s3:::${input.bucket}`;
  // "<prefix>/*" also matches the listing of the folder itself ("<prefix>/"); a request for
  // "<prefix>-other/" or "<prefix>" without the slash does not match.
  const listCondition: PolicyCondition | undefined =
    prefix === '' ? undefined : { StringLike: { 's3:prefix': [`${prefix}/*`] } };
  const objects = prefix === '' ? `${bucketArn}/*` : `${bucketArn}/${prefix}/*`;

  const statements: PolicyStatement[] = [
    { Sid: 'GetBucketLocation', Effect: 'Allow', Action: ['s3:GetBucketLocation'], Resource: [bucketArn] },
    {
      Sid: 'ListDestination',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [bucketArn],
      ...(listCondition === undefined ? {} : { Condition: listCondition }),
    },
    { Sid: 'WriteDestination', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: [objects] },
  ];
  if (input.kmsKeyArn !== undefined && input.kmsKeyArn !== '') {
    statements.push({ Sid: 'UseBucketKey', Effect: 'Allow', Action: [...KMS_ACTIONS], Resource: [input.kmsKeyArn] });
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

export interface TrustPolicyInput {
  /** The IAM user Sigma's exporter runs as (from the integration's credentials). */
  readonly iamUserArn: string;
  /** The external id Sigma sends when it assumes the role (from the integration's credentials). */
  readonly externalId: string;
}

/**
 * Only the integration's IAM user may assume the role, and only when it presents the
 * integration's external id (which keeps another Sigma customer from pointing its own
 * integration at this role).
 */
export function trustPolicyDocument(input: TrustPolicyInput): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: 'SigmaAuditLogExport',
        Effect: 'Allow',
        Principal: { AWS: input.iamUserArn },
        Action: ['sts:AssumeRole'],
        Condition: { StringEquals: { 'sts:ExternalId': input.externalId } },
      },
    ],
  };
}

function withoutTrailingSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
}
