/**
 * GCP naming rules of the props of GcsAuditLogIntegration (the destination's parts are the
 * destination module's), and its default role id.
 */
import { IConstruct } from 'constructs';
import { PatternRule, patternRule } from '../rules/rule';
import { derivedName } from '../sigma/derived-name';

/** GCP project ids: 6-30 lower-case letters, digits and hyphens, a letter first, no hyphen last. */
export const PROJECT_ID_RULE: PatternRule = patternRule(
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  'a GCP project id: 6-30 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  'my-audit-project',
);

const ROLE_ID_MAX_LENGTH = 64;

/** GCP custom role ids: 3-64 letters, digits, `_` and `.`. */
export const CUSTOM_ROLE_ID_RULE: PatternRule = patternRule(
  new RegExp(`^[A-Za-z0-9_.]{3,${ROLE_ID_MAX_LENGTH}}$`),
  `a GCP custom role id: 3-${ROLE_ID_MAX_LENGTH} letters, digits, "_" or "."`,
  'sigmaAuditLogWriter',
);

/** Length of the per-creation suffix of the default role id (hex digits of a UUID). */
export const ROLE_ID_SUFFIX_LENGTH = 8;

/**
 * The stable part of the default role id: readable (the construct path) and unique per path,
 * short enough to leave room for `_` and the per-creation suffix within 64 characters.
 */
export function defaultRoleIdPrefix(scope: IConstruct): string {
  return derivedName(scope, { prefix: 'sigma_audit_logs', maxLength: ROLE_ID_MAX_LENGTH - 1 - ROLE_ID_SUFFIX_LENGTH });
}
