/**
 * Where the Sigma client id and secret come from: the names of two environment variables of the
 * environment Terraform (or the CLI) runs in. Dependency-free, so that the constructs (at synth),
 * the handler (at apply) and the CLI (its options) check names by the same rule. Only names are
 * checked here; the values are read by the handler alone. A name that looks like a secret (the
 * value given where its name belongs) is refused without being shown.
 */

/** The variables the client id and secret are read from unless an integration names others. */
export const CLIENT_ID_ENV = 'SIGMA_CLIENT_ID';
export const CLIENT_SECRET_ENV = 'SIGMA_CLIENT_SECRET';

/** A letter or `_`, then letters, digits or `_`: a name every shell and CI secret store accepts. */
const ENVIRONMENT_VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENVIRONMENT_VARIABLE_NAME_EXPECTED = 'the name of an environment variable: a letter or "_", then letters, digits or "_"';
export const CLIENT_ID_VARIABLE_EXAMPLE = 'SIGMA_STAGING_CLIENT_ID';
export const CLIENT_SECRET_VARIABLE_EXAMPLE = 'SIGMA_STAGING_CLIENT_SECRET';

/**
 * Names the handler sets or reads for something else: the spec and the delete policy are set by
 * the provisioners themselves (so a credential read from them would be the spec), and the others
 * are the handler's own settings.
 */
const RESERVED_PREFIX = 'SIGMA_AUDIT_LOGS_';
const RESERVED_NAMES: readonly string[] = ['SIGMA_API_URL'];

/** The pair of variable names of one integration (or one CLI run). */
export interface CredentialVariables {
  readonly clientIdVariable: string;
  readonly clientSecretVariable: string;
}

export const DEFAULT_CREDENTIAL_VARIABLES: CredentialVariables = {
  clientIdVariable: CLIENT_ID_ENV,
  clientSecretVariable: CLIENT_SECRET_ENV,
};

/** One name that breaks the rule: which of the two, the name given, what is expected, a valid one. */
export interface CredentialVariableProblem {
  readonly key: keyof CredentialVariables;
  /** The name given; for one that looks like a secret, only its length, `(64 characters, not shown)`. */
  readonly value: string;
  readonly expected: string;
  readonly example: string;
}

const EXAMPLES: Record<keyof CredentialVariables, string> = {
  clientIdVariable: CLIENT_ID_VARIABLE_EXAMPLE,
  clientSecretVariable: CLIENT_SECRET_VARIABLE_EXAMPLE,
};

/** Shortest value the secret-likeness checks look at: shorter ones are names in any form. */
const MIN_SECRET_LIKE_LENGTH = 16;

/** Kind of a character for the run checks: lower-case, upper-case, digit, other. */
function charKind(char: string): number {
  return /[a-z]/.test(char) ? 0 : /[A-Z]/.test(char) ? 1 : /[0-9]/.test(char) ? 2 : 3;
}

/** Share of neighbouring characters of another kind: about 0.6 in random base62, 0.2 or less in a name. */
function kindChangeRate(text: string): number {
  let changes = 0;
  for (let i = 1; i < text.length; i++) if (charKind(text[i]) !== charKind(text[i - 1])) changes++;
  return text.length < 2 ? 0 : changes / (text.length - 1);
}

/** Shannon entropy in bits per character. */
function entropyPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / text.length) * Math.log2(count / text.length);
  return bits;
}

/**
 * Why a value given as a variable name looks like a secret (the value itself, a common slip),
 * or undefined: long hex or base64, or a part between `_` that is a long run switching between
 * lower-case, upper-case and digits, or of high entropy. Names of words (the usual upper-case
 * form, or lower-case) pass. The reason never quotes the value.
 */
export function secretLikeName(value: string): string | undefined {
  if (value.length < MIN_SECRET_LIKE_LENGTH) return undefined;
  if (/^[0-9a-f]+$/.test(value)) return `it is ${value.length} lower-case hex digits, as keys and secrets are`;
  if (/^[0-9A-Fa-f]+$/.test(value) && /[0-9]/.test(value) && /[A-Fa-f]/.test(value)) return `it is ${value.length} hex digits, as keys and secrets are`;
  if (/[+/=]/.test(value) && /^[A-Za-z0-9+/=_-]+$/.test(value)) return `it is ${value.length} base64 characters, as tokens and secrets are`;
  // Each part between `_`, so that a name of words passes and a generated run inside one is still seen.
  const random = value
    .split(/_+/)
    .find((part) => part.length >= MIN_SECRET_LIKE_LENGTH && (kindChangeRate(part) >= 0.35 || (part.length >= 24 && entropyPerChar(part) >= 4)));
  if (random !== undefined) {
    return `it holds a run of ${random.length} characters that mix letters and digits as generated tokens do`;
  }
  return undefined;
}

/** What a problem shows in place of a value that looks like a secret. */
function notShown(value: string): string {
  return `(${value.length} characters, not shown)`;
}

function nameProblem(key: keyof CredentialVariables, value: string): CredentialVariableProblem | undefined {
  const example = EXAMPLES[key];
  const secretLike = typeof value === 'string' ? secretLikeName(value) : undefined;
  if (secretLike !== undefined) {
    return {
      key,
      value: notShown(value),
      expected: `${ENVIRONMENT_VARIABLE_NAME_EXPECTED}, the name of the variable and not its value; this one looks like a secret (${secretLike}), so it is not shown`,
      example,
    };
  }
  if (typeof value !== 'string' || !ENVIRONMENT_VARIABLE_NAME_PATTERN.test(value)) return { key, value, expected: ENVIRONMENT_VARIABLE_NAME_EXPECTED, example };
  if (value.toUpperCase().startsWith(RESERVED_PREFIX) || RESERVED_NAMES.includes(value.toUpperCase())) {
    return { key, value, expected: `a variable other than SIGMA_API_URL and ${RESERVED_PREFIX}* (the handler uses these for its own settings)`, example };
  }
  return undefined;
}

/** Every problem of a pair of names: each name by the rule, then the two names the same. */
export function credentialVariableProblems(variables: CredentialVariables): CredentialVariableProblem[] {
  const problems = [
    nameProblem('clientIdVariable', variables.clientIdVariable),
    nameProblem('clientSecretVariable', variables.clientSecretVariable),
  ].filter((p): p is CredentialVariableProblem => p !== undefined);
  if (problems.length === 0 && variables.clientIdVariable === variables.clientSecretVariable) {
    problems.push({
      key: 'clientSecretVariable',
      value: variables.clientSecretVariable,
      expected: `another variable than the client id's (${variables.clientIdVariable}): the id and the secret are two values`,
      example: EXAMPLES.clientSecretVariable,
    });
  }
  return problems;
}

/** True for the default pair, which the constructs leave out of the configuration. */
export function isDefaultCredentialVariables(variables: CredentialVariables): boolean {
  return variables.clientIdVariable === CLIENT_ID_ENV && variables.clientSecretVariable === CLIENT_SECRET_ENV;
}

export const API_URL_VARIABLE_EXAMPLE = 'SIGMA_STAGING_API_URL';

/**
 * The problem of the name of an organization's own API URL variable (SigmaCredentials'
 * apiUrlVariable), if any: the names' rule of the credential variables, and not one of them.
 */
export function apiUrlVariableProblem(name: string, credentials: CredentialVariables): { expected: string; example: string } | undefined {
  const problem = nameProblem('clientIdVariable', name);
  if (problem) return { expected: problem.expected, example: API_URL_VARIABLE_EXAMPLE };
  if (name === credentials.clientIdVariable || name === credentials.clientSecretVariable) {
    return { expected: 'a variable other than the client id and secret ones: it holds the organization\'s API URL', example: API_URL_VARIABLE_EXAMPLE };
  }
  return undefined;
}
