/**
 * Sigma's rules for an integration's fields, dependency-free so that the constructs (at synth),
 * the handler (at apply) and the emulator (as the server) check the same thing.
 */
import { PatternRule, Rule, patternRule } from './rule';

const MAX_INTEGRATION_NAME_LENGTH = 63;

/** A letter, then letters, digits, `_` or `-`; 63 characters at most. */
export const INTEGRATION_NAME_RULE: PatternRule & { readonly maxLength: number } = {
  ...patternRule(
    new RegExp(`^[A-Za-z][A-Za-z0-9_-]{0,${MAX_INTEGRATION_NAME_LENGTH - 1}}$`),
    `a letter followed by up to ${MAX_INTEGRATION_NAME_LENGTH - 1} letters, digits, "_" or "-"`,
    'audit_logs_prod',
  ),
  maxLength: MAX_INTEGRATION_NAME_LENGTH,
};

/** `text` with A-Z as a-z and every other character as it is: the contract's case rule, nothing more. */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

/**
 * Whether two integration names are the same name for Sigma: equal once ASCII letters are
 * compared without regard to case. No Unicode case folding: a KELVIN SIGN (U+212A) or a dotted
 * capital I (U+0130) is not `K` or `i`, so a look-alike name is another name. The one comparison
 * of names, for the client's find-by-name and answer checks and the emulator's uniqueness rule.
 */
export function sameIntegrationName(a: string, b: string): boolean {
  return a.length === b.length && asciiLowerCase(a) === asciiLowerCase(b);
}

/** Sigma's id of an integration (a UUID in Sigma; any token of these characters is accepted). */
export const INTEGRATION_ID_RULE: PatternRule = patternRule(
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/,
  "an integration id as Sigma shows it (`sigma-audit-logs list` prints it): letters, digits, '-' and '_'",
  '3f2b6c1e-8a4d-4e0f-9c7b-5d1e2f3a4b5c',
);

/** `arn:<partition>:iam::<12 digits>:role/<optional path/><name>` */
export const ROLE_ARN_RULE: PatternRule = patternRule(
  /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:[\x21-\x7E]+\/)?[\w+=,.@-]{1,64}$/,
  'an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<optional path/><name>',
  'arn:aws:iam::123456789012:role/sigma-audit-logs',
);

/** A Microsoft Entra tenant id: a GUID. */
export const TENANT_ID_RULE: PatternRule = patternRule(
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  'a GUID (the Microsoft Entra tenant id)',
  '72f988bf-86f1-41af-91ab-2d7cd011db47',
);

const MAX_CREDENTIALS_TIMEOUT_SECONDS = 86_400;
const DEFAULT_CREDENTIALS_TIMEOUT_SECONDS = 900;

/** credentialsTimeoutSeconds: how long apply and read wait for a pending integration's credentials. */
export const CREDENTIALS_TIMEOUT_RULE: Rule & { readonly defaultSeconds: number; readonly maxSeconds: number } = {
  defaultSeconds: DEFAULT_CREDENTIALS_TIMEOUT_SECONDS,
  maxSeconds: MAX_CREDENTIALS_TIMEOUT_SECONDS,
  test: (value) => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_CREDENTIALS_TIMEOUT_SECONDS,
  expected: `a whole number of seconds from 1 to ${MAX_CREDENTIALS_TIMEOUT_SECONDS}`,
  example: String(DEFAULT_CREDENTIALS_TIMEOUT_SECONDS),
};
