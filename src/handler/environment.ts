/**
 * What the handler takes from the environment Terraform runs it in: the Sigma credentials (their
 * only source), the API URL override, the linked-exports policy of a removal, and two tuning
 * knobs meant for tests.
 */
import { SigmaClient } from '../client/client';
import { EnvironmentSettingError, MissingCredentialsError } from './errors';
import type { HandlerLog, WaitOptions } from './operations';
import { API_URL_ENV, CLIENT_ID_ENV, CLIENT_SECRET_ENV, LINKED_EXPORTS_ON_DELETE_ENV, LinkedExportsOnDeleteValue } from './spec';
import { validateLinkedExportsOnDelete } from './validate';

/**
 * Test knob: first pause between two status checks of a pending integration, in ms (default
 * 1000, growing to 10 000). Tests set a few tens of ms to keep provisioning waits short.
 */
export const POLL_INTERVAL_ENV = 'SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS';
/**
 * Test knob: base of the Sigma client's retry backoff, in ms (default 250). Tests set a few ms so
 * that injected faults are retried quickly.
 */
export const BACKOFF_BASE_ENV = 'SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS';

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
  const pollIntervalMs = optionalMilliseconds(env, POLL_INTERVAL_ENV, '1000');
  return pollIntervalMs === undefined ? {} : { pollIntervalMs };
}

/** linkedExportsOnDelete as the configuration being deployed declares it (LINKED_EXPORTS_ON_DELETE_ENV), if set. */
export function declaredLinkedExportsOnDelete(env: Environment): LinkedExportsOnDeleteValue | undefined {
  const value = env[LINKED_EXPORTS_ON_DELETE_ENV];
  return value === undefined || value === '' ? undefined : validateLinkedExportsOnDelete(value, LINKED_EXPORTS_ON_DELETE_ENV);
}

/**
 * A Sigma client for `apiUrl` (SIGMA_API_URL, when set, takes precedence), with the credentials
 * from SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET; retries are reported to `log`.
 */
/** Attempts per Sigma call in a handler run (the client's default is 6). */
export const HANDLER_MAX_ATTEMPTS = 10;

export function clientFromEnvironment(env: Environment, apiUrl: string, log: HandlerLog, userAgent: string): SigmaClient {
  const clientId = env[CLIENT_ID_ENV]?.trim() ?? '';
  const clientSecret = env[CLIENT_SECRET_ENV] ?? '';
  const missing = [clientId === '' ? CLIENT_ID_ENV : undefined, clientSecret.trim() === '' ? CLIENT_SECRET_ENV : undefined].filter(
    (name): name is string => name !== undefined,
  );
  if (missing.length > 0) throw new MissingCredentialsError(missing);

  const backoffBaseMs = optionalMilliseconds(env, BACKOFF_BASE_ENV, '250');
  const override = env[API_URL_ENV]?.trim();
  return new SigmaClient({
    baseUrl: override ? override : apiUrl,
    clientId,
    clientSecret,
    userAgent,
    // A deploy is unattended and runs each call once: ride out longer bursts of 429/5xx than an
    // interactive caller would, still bounded by the client's per-call deadline.
    maxAttempts: HANDLER_MAX_ATTEMPTS,
    ...(backoffBaseMs === undefined ? {} : { backoffBaseMs, backoffMaxMs: Math.max(backoffBaseMs, Math.min(backoffBaseMs * 20, 10_000)) }),
    onRetry: (e) => log.info(`Retrying ${e.method} ${e.path} in ${Math.round(e.delayMs)} ms (attempt ${e.attempt} failed: ${e.reason}).`),
  });
}
