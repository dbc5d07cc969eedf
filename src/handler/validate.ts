/**
 * Checks a spec before anything is sent to Sigma: every key present with a valid value, the
 * destination in the declared cloud, the role ARN (aws) or tenant id (azure) well formed.
 * Every problem is reported at once, each naming the key, the value, what is expected and an
 * example. A value is never echoed raw: a string is shown with URL credentials masked, an object
 * or array by its shape only, and a text that is not JSON by its length and where it breaks.
 */
import * as z from '../schema/zod';
import { DestinationError, parseDestination } from '../destination';
import { showShape, showValue } from '../errors/show-value';
import { API_URL_EXAMPLE, API_URL_EXPECTED, checkApiBaseUrl, maskUrlCredentials } from '../rules/api-url';
import { CLOUD_RULE, CloudName, checkCloudFields } from '../rules/cloud';
import { CREDENTIALS_TIMEOUT_RULE, INTEGRATION_ID_RULE, INTEGRATION_NAME_RULE, ROLE_ARN_RULE, TENANT_ID_RULE } from '../rules/sigma';
import {
  API_URL_VARIABLE_EXAMPLE,
  CLIENT_ID_VARIABLE_EXAMPLE,
  CLIENT_SECRET_VARIABLE_EXAMPLE,
  DEFAULT_CREDENTIAL_VARIABLES,
  ENVIRONMENT_VARIABLE_NAME_EXPECTED,
  credentialVariableProblems,
} from '../rules/credentials';
import { EnvironmentSettingError, SpecInvalidError, SpecProblem } from './errors';
import {
  CREDENTIALS_KEYS,
  CredentialsSpec,
  IntegrationSpec,
  LOCATE_KEYS,
  LinkedExportsOnDeleteValue,
  LocateSpec,
  REMOVAL_KEYS,
  RemovalSpec,
} from './spec';

/** What a key expects and a valid value of it, for messages. */
interface KeyRule {
  readonly expected: string;
  readonly example: string;
  readonly schema: z.Schema;
}

const nonEmptyString = z.string().check(z.minLength(1));

/** An optional string key: absent, '' (none), or matching the pattern. */
function optionalName(pattern: RegExp): z.Schema {
  return z.optional(z.string().check(z.refine((value) => value === '' || pattern.test(value))));
}

const KEY_RULES = {
  name: {
    expected: `${INTEGRATION_NAME_RULE.expected} (the integration name)`,
    example: INTEGRATION_NAME_RULE.example,
    schema: z.string().check(z.regex(INTEGRATION_NAME_RULE.pattern)),
  },
  cloud: { ...CLOUD_RULE, schema: z.custom<CloudName>(CLOUD_RULE.test) },
  destination: {
    expected: 'a destination folder in the declared cloud',
    example: 's3://my-audit-logs/sigma/',
    schema: nonEmptyString,
  },
  apiUrl: {
    expected: API_URL_EXPECTED,
    example: API_URL_EXAMPLE,
    schema: z.string().check(z.refine((value) => checkApiBaseUrl(value).ok)),
  },
  // Checked against the declared cloud by checkCloudFields.
  roleArn: { ...ROLE_ARN_RULE, schema: z.optional(z.string()) },
  tenantId: { ...TENANT_ID_RULE, schema: z.optional(z.string()) },
  linkedExportsOnDestinationChange: {
    expected: 'pause or update',
    example: 'pause',
    schema: z.enum(['pause', 'update']),
  },
  linkedExportsOnDelete: { expected: 'pause or delete', example: 'pause', schema: z.enum(['pause', 'delete']) },
  credentialsTimeoutSeconds: {
    ...CREDENTIALS_TIMEOUT_RULE,
    // The `external` data source's query holds strings only, so "900" is as good as 900.
    schema: z.pipe(
      z.union([z.number(), z.pipe(z.string().check(z.regex(/^\s*\d+\s*$/)), z.transform(Number))]),
      z.number().check(z.refine(CREDENTIALS_TIMEOUT_RULE.test)),
    ),
  },
  // Strings here; the name rule is applied with the pair in checkCredentialVariables.
  clientIdVariable: { expected: ENVIRONMENT_VARIABLE_NAME_EXPECTED, example: CLIENT_ID_VARIABLE_EXAMPLE, schema: z.optional(z.string()) },
  clientSecretVariable: {
    expected: ENVIRONMENT_VARIABLE_NAME_EXPECTED,
    example: CLIENT_SECRET_VARIABLE_EXAMPLE,
    schema: z.optional(z.string()),
  },
  apiUrlVariable: { expected: ENVIRONMENT_VARIABLE_NAME_EXPECTED, example: API_URL_VARIABLE_EXAMPLE, schema: optionalName(/^[A-Za-z_][A-Za-z0-9_]*$/) },
  // '' stands for "none", as the constructs write an unset id.
  integrationId: { ...INTEGRATION_ID_RULE, schema: optionalName(INTEGRATION_ID_RULE.pattern) },
  adoptIntegrationId: { ...INTEGRATION_ID_RULE, schema: optionalName(INTEGRATION_ID_RULE.pattern) },
} satisfies Record<keyof IntegrationSpec, KeyRule>;

type SpecKey = keyof typeof KEY_RULES;
const FULL_KEYS = Object.keys(KEY_RULES) as SpecKey[];

/**
 * A spec value as messages show it: a string with its URL credentials masked, a number or a
 * boolean as it is, anything else (an object or an array where a string belongs) by its shape.
 */
function showSpecValue(value: unknown): string {
  if (typeof value === 'string') return showValue(maskUrlCredentials(value));
  if (typeof value === 'number' || typeof value === 'boolean') return showValue(value);
  return `(${showShape(value)})`;
}

function invalid(key: string, value: unknown, expected: string, example: string): SpecProblem {
  return { key, message: `${key} ${showSpecValue(value)} is invalid: expected ${expected}. Example: ${example}` };
}

/** The apiUrl problem in the rule's words, its user info masked (the construct reports the same at synth). */
function invalidApiUrl(value: unknown): SpecProblem {
  const checked = typeof value === 'string' ? checkApiBaseUrl(value) : undefined;
  // A value of another type is shown by its shape (invalid): an object may hold the URL's parts, password included.
  return checked === undefined || checked.ok
    ? invalid('apiUrl', value, API_URL_EXPECTED, API_URL_EXAMPLE)
    : invalid('apiUrl', checked.shown, `${checked.expected}; this one ${checked.problem}`, checked.example);
}

function missing(key: string, expected: string, example: string, why = ''): SpecProblem {
  return { key, message: `${key} is missing${why}: expected ${expected}. Example: ${example}` };
}

/**
 * Whether `prefix` can still begin a JSON text: it parses, or the parser fails at its very end
 * (an unexpected end, or an error at a position past its last character).
 */
function isJsonPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    return /end of JSON input/i.test(message) || (position !== undefined && Number(position) >= prefix.length);
  }
}

/**
 * The 1-based position of the first character after which `text` can no longer be JSON, or
 * undefined when it only ends too early. Found by bisection over its prefixes: once a prefix is
 * broken, every longer one is.
 */
function jsonBreakPosition(text: string): number | undefined {
  if (isJsonPrefix(text)) return undefined;
  let viable = 0;
  let broken = text.length;
  while (broken - viable > 1) {
    const middle = Math.floor((viable + broken) / 2);
    if (isJsonPrefix(text.slice(0, middle))) viable = middle;
    else broken = middle;
  }
  return broken;
}

/**
 * Parses the JSON text of a spec into an object; `source` names where it came from in messages.
 */
export function parseSpecJson(text: string | undefined, source: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') {
    throw new SpecInvalidError(source, [
      {
        key: '(spec)',
        message:
          'it is empty: expected a JSON object with the keys name, cloud, destination, apiUrl, ... as the construct ' +
          'writes it. Example: {"name":"audit_logs_prod","cloud":"gcp","destination":"gcs://my-audit-logs/sigma/",...}',
      },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the text, and the text may hold an API URL's password: only where it breaks is shown.
    const breaksAt = jsonBreakPosition(text);
    const where = breaksAt === undefined ? 'it ends before the JSON does' : `it breaks at character ${breaksAt}`;
    throw new SpecInvalidError(source, [
      {
        key: '(spec)',
        message:
          `it is not JSON (${showShape(text)}; ${where}; the text is not shown, as it may hold a secret): expected a JSON object. ` +
          'Example: {"name":"audit_logs_prod","cloud":"gcp",...}',
      },
    ]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SpecInvalidError(source, [
      { key: '(spec)', message: `it is ${showShape(parsed)}, not a JSON object: expected one. Example: {"name":"audit_logs_prod",...}` },
    ]);
  }
  return parsed as Record<string, unknown>;
}

/** Checks the keys given; returns the parsed values of those that are valid. */
function checkKeys(input: Record<string, unknown>, keys: readonly SpecKey[], problems: SpecProblem[]): Partial<Record<SpecKey, unknown>> {
  const values: Partial<Record<SpecKey, unknown>> = {};
  for (const key of keys) {
    const rule: KeyRule = KEY_RULES[key];
    const value = input[key];
    if (value === undefined || value === null) {
      if (!rule.schema.safeParse(undefined).success) problems.push(missing(key, rule.expected, rule.example));
      continue;
    }
    const result = rule.schema.safeParse(value);
    if (result.success) values[key] = result.data;
    else problems.push(key === 'apiUrl' ? invalidApiUrl(value) : invalid(key, value, rule.expected, rule.example));
  }
  return values;
}

/** roleArn for aws only, tenantId for azure only; '' stands for "none", as the constructs write it. */
function checkCloudIdentity(cloud: CloudName | undefined, values: Partial<Record<SpecKey, unknown>>, problems: SpecProblem[]): void {
  if (cloud === undefined) return;
  const given = (value: unknown) => (value === '' ? undefined : value);
  for (const problem of checkCloudFields(cloud, { roleArn: given(values.roleArn), tenantId: given(values.tenantId) })) {
    problems.push(
      problem.kind === 'missing'
        ? missing(problem.field, problem.expected, problem.example, ` (required for an ${problem.owner.cloud} integration)`)
        : invalid(problem.field, problem.value, problem.expected, problem.example),
    );
  }
}

/** The credential variables a spec names; a key absent (or '' in it) stands for the default variable. */
type NamedVariables = Pick<IntegrationSpec, 'clientIdVariable' | 'clientSecretVariable'>;

/**
 * Checks the pair of credential variable names by the rule the constructs apply at synth, and
 * returns the names given ({} for the defaults, which the constructs leave out).
 */
function checkCredentialVariables(values: Partial<Record<SpecKey, unknown>>, problems: SpecProblem[]): NamedVariables {
  const given = (key: 'clientIdVariable' | 'clientSecretVariable'): string | undefined => {
    const value = values[key] as string | undefined;
    return value === undefined || value === '' ? undefined : value;
  };
  const named = { clientIdVariable: given('clientIdVariable'), clientSecretVariable: given('clientSecretVariable') };
  const found = credentialVariableProblems({
    clientIdVariable: named.clientIdVariable ?? DEFAULT_CREDENTIAL_VARIABLES.clientIdVariable,
    clientSecretVariable: named.clientSecretVariable ?? DEFAULT_CREDENTIAL_VARIABLES.clientSecretVariable,
  });
  for (const problem of found) problems.push(invalid(problem.key, problem.value, problem.expected, problem.example));
  return {
    ...(named.clientIdVariable === undefined ? {} : { clientIdVariable: named.clientIdVariable }),
    ...(named.clientSecretVariable === undefined ? {} : { clientSecretVariable: named.clientSecretVariable }),
  };
}

/** The checked keys every spec has: who the integration is, and how to reach its organization. */
type IdentityFields = Pick<IntegrationSpec, 'name' | 'cloud' | 'apiUrl' | 'roleArn' | 'tenantId' | 'linkedExportsOnDelete' | 'apiUrlVariable'> &
  NamedVariables;

/**
 * Checks `keys` of a spec, the cloud's own fields and the credential variables; then `more`
 * adds what that kind of spec has besides. Throws SpecInvalidError listing every problem.
 */
function checkSpec<T>(
  input: object,
  keys: readonly SpecKey[],
  source: string,
  more: (values: Partial<Record<SpecKey, unknown>>, problems: SpecProblem[]) => Omit<T, keyof IdentityFields>,
): T {
  const problems: SpecProblem[] = [];
  const values = checkKeys(input as Record<string, unknown>, keys, problems);
  checkCloudIdentity(values.cloud as CloudName | undefined, values, problems);
  const variables = checkCredentialVariables(values, problems);
  const rest = more(values, problems);
  if (problems.length > 0) throw new SpecInvalidError(source, problems);
  const identity: IdentityFields = {
    name: values.name as string,
    cloud: values.cloud as IntegrationSpec['cloud'],
    apiUrl: values.apiUrl as string,
    roleArn: (values.roleArn as string | undefined) ?? '',
    tenantId: (values.tenantId as string | undefined) ?? '',
    linkedExportsOnDelete: values.linkedExportsOnDelete as IntegrationSpec['linkedExportsOnDelete'],
    ...variables,
    ...optionalKeys(values, ['apiUrlVariable']),
  };
  return { ...identity, ...rest } as T;
}

/**
 * Checks a full spec (what `apply` and `read` get) and returns it with the destination
 * normalised and roleArn / tenantId as '' when absent. Throws SpecInvalidError listing every
 * problem.
 */
export function validateSpec(input: Record<string, unknown> | IntegrationSpec, source: string): IntegrationSpec {
  return checkSpec<IntegrationSpec>(input, FULL_KEYS, source, (values, problems) => {
    const ids = optionalKeys(values, ['integrationId', 'adoptIntegrationId']);
    let destination: string | undefined;
    if (values.cloud !== undefined && typeof values.destination === 'string') {
      try {
        destination = parseDestination(values.destination, values.cloud as IntegrationSpec['cloud'], 'destination').url;
      } catch (err) {
        if (!(err instanceof DestinationError)) throw err;
        problems.push({ key: 'destination', message: err.message });
      }
    }
    return {
      ...ids,
      destination: destination as string,
      linkedExportsOnDestinationChange: values.linkedExportsOnDestinationChange as IntegrationSpec['linkedExportsOnDestinationChange'],
      credentialsTimeoutSeconds: values.credentialsTimeoutSeconds as number,
    };
  });
}

/** The optional keys given a value other than '' (which stands for none). */
function optionalKeys<K extends SpecKey>(values: Partial<Record<SpecKey, unknown>>, keys: readonly K[]): Partial<Record<K, string>> {
  return Object.fromEntries(keys.filter((key) => typeof values[key] === 'string' && values[key] !== '').map((key) => [key, values[key]])) as Partial<
    Record<K, string>
  >;
}

/** A problem unless the spec names the integration this resource owns (the steps after the create). */
function requireOwnedId(values: Partial<Record<SpecKey, unknown>>, problems: SpecProblem[]): void {
  if (typeof values.integrationId === 'string' && values.integrationId !== '') return;
  if (problems.some((problem) => problem.key === 'integrationId')) return;
  problems.push(missing('integrationId', INTEGRATION_ID_RULE.expected, INTEGRATION_ID_RULE.example, ' (the id this stack owns, from its owner resource)'));
}

/**
 * Checks the spec of `delete`: only the REMOVAL_KEYS (what the removal resource keeps in its
 * `input`), the owned id required; other keys are ignored.
 */
export function validateRemovalSpec(input: Record<string, unknown> | RemovalSpec, source: string): RemovalSpec {
  return checkSpec<RemovalSpec>(input, REMOVAL_KEYS, source, (values, problems) => {
    requireOwnedId(values, problems);
    return optionalKeys(values, ['integrationId']);
  });
}

/** Checks the query of `locate`: only the LOCATE_KEYS; other keys are ignored. */
export function validateLocateSpec(input: Record<string, unknown> | LocateSpec, source: string): LocateSpec {
  return checkSpec<LocateSpec>(input, LOCATE_KEYS, source, (values) => optionalKeys(values, ['adoptIntegrationId']));
}

/** Checks the query of `credentials`: only the CREDENTIALS_KEYS; other keys are ignored. */
export function validateCredentialsSpec(input: Record<string, unknown> | CredentialsSpec, source: string): CredentialsSpec {
  return checkSpec<CredentialsSpec>(input, CREDENTIALS_KEYS, source, (values) => {
    return {
      ...optionalKeys(values, ['integrationId']),
      credentialsTimeoutSeconds: values.credentialsTimeoutSeconds as number,
    };
  });
}

/**
 * A linkedExportsOnDelete given on its own in the environment variable `variable` (the
 * destroy-time step passes the one the configuration declares), checked by the spec's rule.
 */
export function validateLinkedExportsOnDelete(value: string, variable: string): LinkedExportsOnDeleteValue {
  const rule = KEY_RULES.linkedExportsOnDelete;
  const result = rule.schema.safeParse(value);
  if (!result.success) throw new EnvironmentSettingError(variable, value, rule.expected, rule.example);
  return result.data;
}
