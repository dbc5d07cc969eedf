/**
 * Where the Sigma client id and secret come from: the names of two environment variables of the
 * environment Terraform (or the CLI) runs in. Dependency-free, so that the constructs (at synth),
 * the handler (at apply) and the CLI (its options) check names by the same rule. Only names are
 * checked here; the values are read by the handler alone.
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
  readonly value: string;
  readonly expected: string;
  readonly example: string;
}

const EXAMPLES: Record<keyof CredentialVariables, string> = {
  clientIdVariable: CLIENT_ID_VARIABLE_EXAMPLE,
  clientSecretVariable: CLIENT_SECRET_VARIABLE_EXAMPLE,
};

function nameProblem(key: keyof CredentialVariables, value: string): CredentialVariableProblem | undefined {
  const example = EXAMPLES[key];
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
