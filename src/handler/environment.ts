/**
 * What the handler takes from the environment Terraform runs it in: the Sigma credentials (their
 * only source, from the variables the spec names), the API URL override, the linked-exports policy of a removal, and two tuning
 * knobs meant for tests.
 */
import { SigmaClient } from '../client/client';
import { SigmaAuditLogsError } from '../errors/base';
import {
  API_URL_VARIABLE_EXAMPLE,
  CLIENT_ID_ENV,
  CLIENT_SECRET_ENV,
  CredentialVariables,
  DEFAULT_CREDENTIAL_VARIABLES,
  isDefaultCredentialVariables,
} from '../rules/credentials';
import { EnvironmentSettingError, MissingCredentialsError } from './errors';
import type { HandlerLog, WaitOptions } from './operations';
import {
  API_URL_ENV,
  BACKOFF_BASE_ENV,
  IntegrationSpec,
  LINKED_EXPORTS_ON_DELETE_ENV,
  LinkedExportsOnDeleteValue,
  POLL_INTERVAL_ENV,
} from './spec';
import { validateLinkedExportsOnDelete } from './validate';


type Environment = Readonly<Record<string, string | undefined>>;

function optionalMilliseconds(env: Environment, variable: string, example: string): number | undefined {
  const value = env[variable];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 600_000) {
    throw new EnvironmentSettingError(variable, value, 'a whole number of milliseconds from 1 to 600000', example);
  }
  return Number(value);
}

/** How long the handler waits between status checks (from POLL_INTERVAL_ENV). */
export function waitOptionsFromEnvironment(env: Environment): WaitOptions {
  const pollIntervalMs = optionalMilliseconds(env, POLL_INTERVAL_ENV, '250');
  return pollIntervalMs === undefined ? {} : { pollIntervalMs };
}

/** linkedExportsOnDelete as the configuration being deployed declares it (LINKED_EXPORTS_ON_DELETE_ENV), if set. */
export function declaredLinkedExportsOnDelete(env: Environment): LinkedExportsOnDeleteValue | undefined {
  const value = env[LINKED_EXPORTS_ON_DELETE_ENV];
  return value === undefined || value === '' ? undefined : validateLinkedExportsOnDelete(value, LINKED_EXPORTS_ON_DELETE_ENV);
}

/** Attempts per Sigma call in a handler run (the client's default is 6). */
export const HANDLER_MAX_ATTEMPTS = 10;

/** Where a client's credentials come from, as messages name it. */
export interface CredentialSource {
  /** The variables the client id and secret are read from; default SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET. */
  readonly variables?: CredentialVariables;
  /** The integration they are read for (none for the CLI's list and show). */
  readonly integrationName?: string;
  /** The variable that may override the API URL of this source's organization (see apiUrlFor). */
  readonly apiUrlVariable?: string;
}

/**
 * The base URL a source's credentials are sent to: the declared one, unless overridden for this
 * organization. SIGMA_API_URL overrides it only for the default credential variables; a source
 * that names its own variables is overridden only by the variable its apiUrlVariable names, so
 * that a URL set for one organization never receives another organization's credentials. A
 * SIGMA_API_URL that is set but not applied is said once, with the way to override that source.
 */
export function apiUrlFor(env: Environment, apiUrl: string, source: CredentialSource, log: HandlerLog): string {
  const variables = source.variables ?? DEFAULT_CREDENTIAL_VARIABLES;
  const named = !isDefaultCredentialVariables(variables);
  const overrideVariable = named ? source.apiUrlVariable : API_URL_ENV;
  const override = overrideVariable === undefined ? '' : (env[overrideVariable]?.trim() ?? '');
  if (named && (env[API_URL_ENV]?.trim() ?? '') !== '' && overrideVariable !== API_URL_ENV) {
    const read = `read from ${variables.clientIdVariable} / ${variables.clientSecretVariable}`;
    const subject = source.integrationName === undefined ? `the credentials ${read}` : `integration '${source.integrationName}', whose credentials are ${read}`;
    log.warn(
      `${API_URL_ENV} is not applied to ${subject}: an organization's credentials go only to its own URL ` +
        `(${override === '' ? apiUrl : overrideVariable}). To override it, name a variable for it: ` +
        `SigmaCredentials.fromEnvironment('${variables.clientIdVariable}', '${variables.clientSecretVariable}', '${API_URL_VARIABLE_EXAMPLE}').`,
    );
  }
  return override === '' ? apiUrl : override;
}

/** The variables a spec names, the defaults for those it leaves out. */
export function credentialVariablesOf(spec: Pick<IntegrationSpec, 'clientIdVariable' | 'clientSecretVariable'>): CredentialVariables {
  return {
    clientIdVariable: spec.clientIdVariable || DEFAULT_CREDENTIAL_VARIABLES.clientIdVariable,
    clientSecretVariable: spec.clientSecretVariable || DEFAULT_CREDENTIAL_VARIABLES.clientSecretVariable,
  };
}

/**
 * A Sigma client for `apiUrl` (SIGMA_API_URL, when set, takes precedence), with the client id and
 * secret read from the source's variables (default SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET);
 * retries are reported to `log`. Fails with MissingCredentialsError, naming the variables and the
 * integration (never a value), when either is unset or empty.
 */
function clientFromEnvironment(env: Environment, apiUrl: string, log: HandlerLog, userAgent: string, source: CredentialSource = {}): SigmaClient {
  const variables = source.variables ?? DEFAULT_CREDENTIAL_VARIABLES;
  const clientId = env[variables.clientIdVariable]?.trim() ?? '';
  const clientSecret = env[variables.clientSecretVariable] ?? '';
  const missing = [
    clientId === '' ? variables.clientIdVariable : undefined,
    clientSecret.trim() === '' ? variables.clientSecretVariable : undefined,
  ].filter((name): name is string => name !== undefined);
  if (missing.length > 0) throw new MissingCredentialsError(missing, variables, source.integrationName);

  const backoffBaseMs = optionalMilliseconds(env, BACKOFF_BASE_ENV, '250');
  return new SigmaClient({
    baseUrl: apiUrlFor(env, apiUrl, source, log),
    clientId,
    clientSecret,
    userAgent,
    // A deploy is unattended and runs each call once: ride out longer bursts of 429/5xx than an
    // interactive caller would, still bounded by the client's per-call deadline.
    maxAttempts: HANDLER_MAX_ATTEMPTS,
    // Each run is a new process making a few requests: node's own http starts it several times faster than undici.
    httpLibrary: 'node',
    ...(backoffBaseMs === undefined ? {} : { backoffBaseMs, backoffMaxMs: Math.max(backoffBaseMs, Math.min(backoffBaseMs * 20, 10_000)) }),
    onRetry: (e) => log.info(`Retrying ${e.method} ${e.path} in ${Math.round(e.delayMs)} ms (attempt ${e.attempt} failed: ${e.reason}).`),
  });
}

/** Errors of the client about who is calling: their messages name the default credential variables. */
const CALLER_ERROR_CODES: ReadonlySet<string> = new Set(['bad_credentials', 'not_admin', 'forbidden']);
const DEFAULT_VARIABLE_NAMES = new RegExp(`\\b(${CLIENT_ID_ENV}|${CLIENT_SECRET_ENV})\\b`, 'g');

/**
 * The same error, its message in terms of this source: the variables it really read (the
 * client's messages name the default ones) and the integration, so that in a stack that reaches
 * several Sigma organizations a refused pair points at the variables to fix. Code and exit code
 * stay.
 */
function inTermsOfSource(err: unknown, source: CredentialSource): unknown {
  if (!(err instanceof SigmaAuditLogsError) || !CALLER_ERROR_CODES.has(err.code)) return err;
  const variables = source.variables ?? DEFAULT_CREDENTIAL_VARIABLES;
  let message = err.message.replace(DEFAULT_VARIABLE_NAMES, (name) =>
    name === CLIENT_ID_ENV ? variables.clientIdVariable : variables.clientSecretVariable,
  );
  if (source.integrationName !== undefined) message += ` (Sigma integration '${source.integrationName}')`;
  err.message = message;
  return err;
}

/**
 * Runs `use` with a client built by clientFromEnvironment, closes it afterwards, and reports the
 * client's errors about the caller in terms of the source (see inTermsOfSource).
 */
export async function withClientFromEnvironment<T>(
  env: Environment,
  apiUrl: string,
  log: HandlerLog,
  userAgent: string,
  source: CredentialSource,
  use: (client: SigmaClient) => Promise<T>,
): Promise<T> {
  const client = clientFromEnvironment(env, apiUrl, log, userAgent, source);
  try {
    return await use(client);
  } catch (err) {
    throw inTermsOfSource(err, source);
  } finally {
    await client.close();
  }
}
