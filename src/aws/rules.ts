/**
 * AWS naming rules of the props of AwsAuditLogIntegration, and its default role name.
 */
import { IConstruct } from 'constructs';
import { PatternRule, Rule, patternRule } from '../rules/rule';
import { derivedName } from '../sigma/derived-name';

/** IAM role names: 1-64 characters of letters, digits and `+=,.@_-`. */
export const ROLE_NAME_RULE: PatternRule = patternRule(
  /^[\w+=,.@-]{1,64}$/,
  'an IAM role name: 1 to 64 letters, digits or any of + = , . @ _ -',
  'sigma-audit-logs',
);

/** IAM paths: `/` alone, or `/` + printable ASCII + `/`; 512 characters at most. */
const IAM_PATH_PATTERN = /^\/(?:[\x21-\x7E]*\/)?$/;
const IAM_PATH_MAX_LENGTH = 512;
export const ROLE_PATH_RULE: Rule = {
  test: (value) => typeof value === 'string' && value.length <= IAM_PATH_MAX_LENGTH && IAM_PATH_PATTERN.test(value),
  expected: 'an IAM path: starts and ends with "/", 1 to 512 printable ASCII characters without spaces',
  example: '/sigma/',
};

/** A managed policy ARN (a customer policy, or an AWS managed one, whose account is `aws`). */
export const PERMISSIONS_BOUNDARY_RULE: PatternRule = patternRule(
  /^arn:aws(?:-[a-z]+)*:iam::(?:\d{12}|aws):policy\/(?:[\x21-\x7E]*\/)?[\w+=,.@-]{1,128}$/,
  'the ARN of a managed IAM policy, arn:<partition>:iam::<12-digit account or "aws">:policy/<optional path/><name>',
  'arn:aws:iam::123456789012:policy/platform-boundary',
);

/**
 * A KMS key ARN. Its id is a UUID, or `mrk-` and 32 hex digits for a multi-Region key. An alias
 * ARN is refused: a policy statement on an alias does not grant use of the key behind it.
 */
export const KMS_KEY_ARN_RULE: PatternRule = patternRule(
  /^arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/,
  'a KMS key ARN, arn:<partition>:kms:<region>:<12-digit account>:key/<key id> (a key, not an alias)',
  'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
);

/**
 * The default role name: `sigma-audit-logs-` and 8 hex digits of the SHA-256 of the construct
 * path, so the same code gives the same name on every synth, and two constructs (in one stack
 * or in two stacks of one account) get two names.
 */
export function defaultRoleName(scope: IConstruct): string {
  return derivedName(scope, { prefix: 'sigma-audit-logs' });
}
