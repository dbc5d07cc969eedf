/**
 * The role's two documents, taken from the synthesized configuration (so the documents
 * evaluated are the ones Terraform deploys), evaluated by an IAM policy simulator.
 */
import { AwsAuditLogIntegrationProps } from '../../src';
import { KMS_ACTIONS, PolicyDocument, accessPolicyDocument, trustPolicyDocument } from '../../src/aws/policies';
import {
  ACCOUNT,
  EXTERNAL_ID,
  REFERENCE_VALUES,
  Request,
  SIGMA_USER_ARN,
  decideAsRole,
  decideAssumeRole,
  deployedDocument,
  only,
  synthAws,
} from './helpers';

const BUCKET = 'my-audit-logs';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const OTHER_BUCKET_ARN = 'arn:aws:s3:::someone-elses-bucket';
const KMS_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KMS_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/9999abcd-12ab-34cd-56ef-1234567890ab`;

interface Deployed {
  readonly access: PolicyDocument;
  readonly trust: PolicyDocument;
  readonly roleArn: string;
  readonly session: string;
}

/** Synthesizes the construct and returns the documents Terraform would send to AWS. */
function deployed(props: Partial<AwsAuditLogIntegrationProps>): Deployed {
  const { construct, json } = synthAws({ bucketName: BUCKET, ...props });
  const access = deployedDocument(only(json.resource.aws_iam_policy, 'AuditLogs').policy, REFERENCE_VALUES);
  const trust = deployedDocument(only(json.resource.aws_iam_role, 'AuditLogs').assume_role_policy, REFERENCE_VALUES);
  const roleArn = `arn:aws:iam::${ACCOUNT}:role${props.rolePath ?? '/'}${construct.roleName}`;
  return { access, trust, roleArn, session: `arn:aws:sts::${ACCOUNT}:assumed-role/${construct.roleName}/sigma-export` };
}

function request(session: string, action: string, resource: string, context?: Record<string, string>): Request {
  return { principal: session, action, resource, context };
}

describe('the deployed documents are the builders\' documents', () => {
  test.each([
    ['a prefix', { prefix: 'sigma/audit/' }, 'sigma/audit', undefined],
    ['no prefix', {}, undefined, undefined],
    ['a KMS key', { prefix: 'sigma', kmsKeyArn: KMS_KEY_ARN }, 'sigma', KMS_KEY_ARN],
  ])('with %s', (_name, props, prefix, kmsKeyArn) => {
    const documents = deployed(props);
    expect(documents.access).toEqual(accessPolicyDocument({ partition: 'aws', bucket: BUCKET, prefix, kmsKeyArn }));
    expect(documents.trust).toEqual(trustPolicyDocument({ iamUserArn: SIGMA_USER_ARN, externalId: EXTERNAL_ID }));
  });
});

describe('trust policy: only the integration\'s IAM user with its external id may assume the role', () => {
  const { trust, roleArn } = deployed({ prefix: 'sigma/audit' });
  const sigmaAccount = SIGMA_USER_ARN.split(':')[4];

  test('the integration\'s IAM user with the external id may', async () => {
    expect(await decideAssumeRole(trust, roleArn, SIGMA_USER_ARN, { 'sts:ExternalId': EXTERNAL_ID })).toBe('Allowed');
  });

  test.each([
    ['the IAM user without an external id', SIGMA_USER_ARN, {}],
    ['the IAM user with another external id', SIGMA_USER_ARN, { 'sts:ExternalId': 'AB12345_SFCRole=2_other=' }],
    ['the IAM user with the external id in other case', SIGMA_USER_ARN, { 'sts:ExternalId': EXTERNAL_ID.toLowerCase() }],
    ['the IAM user with a prefix of the external id', SIGMA_USER_ARN, { 'sts:ExternalId': EXTERNAL_ID.slice(0, 10) }],
    ['another user of Sigma\'s account', `arn:aws:iam::${sigmaAccount}:user/other-customer`, { 'sts:ExternalId': EXTERNAL_ID }],
    ['the root of Sigma\'s account', `arn:aws:iam::${sigmaAccount}:root`, { 'sts:ExternalId': EXTERNAL_ID }],
    ['a role of another account', 'arn:aws:iam::111122223333:role/attacker', { 'sts:ExternalId': EXTERNAL_ID }],
    ['an administrator of the role\'s own account', `arn:aws:iam::${ACCOUNT}:user/admin`, { 'sts:ExternalId': EXTERNAL_ID }],
  ])('%s may not', async (_name, principal, context) => {
    expect(await decideAssumeRole(trust, roleArn, principal, context)).not.toBe('Allowed');
  });
});

describe('access policy with a prefix: the destination folder only', () => {
  const { access, session } = deployed({ prefix: 'sigma/audit' });
  const at = (action: string, resource: string, context?: Record<string, string>): Request =>
    request(session, action, resource, context);

  test.each([
    ['GetBucketLocation on the bucket', at('s3:GetBucketLocation', BUCKET_ARN)],
    ['ListBucket of the folder', at('s3:ListBucket', BUCKET_ARN, { 's3:prefix': 'sigma/audit/' })],
    ['ListBucket of a sub-folder', at('s3:ListBucket', BUCKET_ARN, { 's3:prefix': 'sigma/audit/2024/05/' })],
    ['PutObject in the folder', at('s3:PutObject', `${BUCKET_ARN}/sigma/audit/export_0_0_0.json.gz`)],
    ['PutObject in a sub-folder', at('s3:PutObject', `${BUCKET_ARN}/sigma/audit/2024/05/part.csv`)],
    ['DeleteObject in the folder', at('s3:DeleteObject', `${BUCKET_ARN}/sigma/audit/export_0_0_0.json.gz`)],
  ])('allows %s', async (_name, req) => {
    expect(await decideAsRole(access, req)).toBe('Allowed');
  });

  test.each([
    ['ListBucket without a prefix (the whole bucket)', at('s3:ListBucket', BUCKET_ARN)],
    ['ListBucket of another folder', at('s3:ListBucket', BUCKET_ARN, { 's3:prefix': 'other/' })],
    ['ListBucket of the parent folder', at('s3:ListBucket', BUCKET_ARN, { 's3:prefix': 'sigma/' })],
    ['ListBucket of a look-alike folder', at('s3:ListBucket', BUCKET_ARN, { 's3:prefix': 'sigma/audit-evil/' })],
    ['ListBucket of the folder in another bucket', at('s3:ListBucket', OTHER_BUCKET_ARN, { 's3:prefix': 'sigma/audit/' })],
    ['GetBucketLocation on another bucket', at('s3:GetBucketLocation', OTHER_BUCKET_ARN)],
    ['PutObject at the bucket root', at('s3:PutObject', `${BUCKET_ARN}/x`)],
    ['PutObject in another folder', at('s3:PutObject', `${BUCKET_ARN}/other/x`)],
    ['PutObject in a look-alike folder', at('s3:PutObject', `${BUCKET_ARN}/sigma/audit-evil/x`)],
    ['PutObject in the parent folder', at('s3:PutObject', `${BUCKET_ARN}/sigma/x`)],
    ['PutObject in the folder of another bucket', at('s3:PutObject', `${OTHER_BUCKET_ARN}/sigma/audit/x`)],
    ['DeleteObject in another folder', at('s3:DeleteObject', `${BUCKET_ARN}/other/x`)],
    ['DeleteObject in a look-alike folder', at('s3:DeleteObject', `${BUCKET_ARN}/sigma/audit-evil/x`)],
    ['GetObject in the folder', at('s3:GetObject', `${BUCKET_ARN}/sigma/audit/x`)],
    ['PutObjectAcl in the folder', at('s3:PutObjectAcl', `${BUCKET_ARN}/sigma/audit/x`)],
    ['DeleteObjectVersion in the folder', at('s3:DeleteObjectVersion', `${BUCKET_ARN}/sigma/audit/x`)],
    ['DeleteBucket', at('s3:DeleteBucket', BUCKET_ARN)],
    ['PutBucketPolicy', at('s3:PutBucketPolicy', BUCKET_ARN)],
    ['ListAllMyBuckets', at('s3:ListAllMyBuckets', '*')],
    ['kms:Decrypt without a key given', at('kms:Decrypt', KMS_KEY_ARN)],
  ])('denies %s', async (_name, req) => {
    expect(await decideAsRole(access, req)).not.toBe('Allowed');
  });
});

describe('access policy without a prefix: the whole bucket, and that bucket only', () => {
  const { access, session } = deployed({});
  const at = (action: string, resource: string, context?: Record<string, string>): Request =>
    request(session, action, resource, context);

  test.each([
    ['GetBucketLocation on the bucket', at('s3:GetBucketLocation', BUCKET_ARN)],
    ['ListBucket of the whole bucket', at('s3:ListBucket', BUCKET_ARN)],
    ['ListBucket of any folder', at('s3:ListBucket', BUCKET_ARN, { 's3:prefix': 'any/' })],
    ['PutObject at the root', at('s3:PutObject', `${BUCKET_ARN}/export.json.gz`)],
    ['PutObject in any folder', at('s3:PutObject', `${BUCKET_ARN}/any/where/export.json.gz`)],
    ['DeleteObject anywhere', at('s3:DeleteObject', `${BUCKET_ARN}/any/export.json.gz`)],
  ])('allows %s', async (_name, req) => {
    expect(await decideAsRole(access, req)).toBe('Allowed');
  });

  test.each([
    ['ListBucket of another bucket', at('s3:ListBucket', OTHER_BUCKET_ARN)],
    ['GetBucketLocation on another bucket', at('s3:GetBucketLocation', OTHER_BUCKET_ARN)],
    ['PutObject in another bucket', at('s3:PutObject', `${OTHER_BUCKET_ARN}/x`)],
    ['DeleteObject in another bucket', at('s3:DeleteObject', `${OTHER_BUCKET_ARN}/x`)],
    ['GetObject', at('s3:GetObject', `${BUCKET_ARN}/x`)],
    ['DeleteBucket', at('s3:DeleteBucket', BUCKET_ARN)],
    ['PutBucketPolicy', at('s3:PutBucketPolicy', BUCKET_ARN)],
  ])('denies %s', async (_name, req) => {
    expect(await decideAsRole(access, req)).not.toBe('Allowed');
  });
});

describe('access policy with a KMS key: that key, for writing only', () => {
  const { access, session } = deployed({ prefix: 'sigma', kmsKeyArn: KMS_KEY_ARN });
  const at = (action: string, resource: string): Request => request(session, action, resource);

  test.each(KMS_ACTIONS.map((action) => [action]))('allows %s on the key', async (action) => {
    expect(await decideAsRole(access, at(action, KMS_KEY_ARN))).toBe('Allowed');
  });

  test('still allows writing the folder', async () => {
    expect(await decideAsRole(access, at('s3:PutObject', `${BUCKET_ARN}/sigma/x`))).toBe('Allowed');
  });

  test.each([
    ...KMS_ACTIONS.map((action) => [`${action} on another key`, at(action, OTHER_KMS_KEY_ARN)]),
    ['kms:Encrypt on the key', at('kms:Encrypt', KMS_KEY_ARN)],
    ['kms:GenerateDataKeyWithoutPlaintext on the key', at('kms:GenerateDataKeyWithoutPlaintext', KMS_KEY_ARN)],
    ['kms:ReEncryptFrom on the key', at('kms:ReEncryptFrom', KMS_KEY_ARN)],
    ['kms:CreateGrant on the key', at('kms:CreateGrant', KMS_KEY_ARN)],
    ['kms:ScheduleKeyDeletion on the key', at('kms:ScheduleKeyDeletion', KMS_KEY_ARN)],
    ['PutObject in another folder', at('s3:PutObject', `${BUCKET_ARN}/other/x`)],
  ] as Array<[string, Request]>)('denies %s', async (_name, req) => {
    expect(await decideAsRole(access, req)).not.toBe('Allowed');
  });
});
