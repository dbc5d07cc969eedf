/**
 * Exit codes of the custom-resource handler, shared with the `sigma-audit-logs` CLI.
 *
 *   0  success
 *   1  a Sigma call failed or gave up, Sigma reported the integration failed, the wait for its
 *      credentials timed out, or the name is held by an integration of another cloud
 *   2  usage or invalid spec: unknown operation, bad JSON, missing key, invalid value (also an
 *      invalid API URL, and a value the Sigma API refused as invalid)
 *   3  the live integration differs from the declaration: missing or destination drifted (read),
 *      its role ARN / tenant id is not the declared one, or another writer changed it while
 *      apply set it
 *   4  authentication or authorization: SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET (or the variables
 *      an integration names) missing, credentials refused, or the account is not an Admin
 */
import { SigmaAuditLogsError } from '../errors/base';

export const EXIT_CODES = {
  success: 0,
  failed: 1,
  usage: 2,
  drift: 3,
  auth: 4,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Error codes (SigmaAuditLogsError.code) that do not mean "failed" (1). */
const EXIT_CODE_BY_ERROR_CODE: Readonly<Record<string, ExitCode>> = {
  // Usage and spec.
  spec_invalid: EXIT_CODES.usage,
  usage_invalid: EXIT_CODES.usage,
  environment_setting_invalid: EXIT_CODES.usage,
  destination_invalid: EXIT_CODES.usage,
  insecure_api_url: EXIT_CODES.usage,
  invalid_field: EXIT_CODES.usage,
  invalid_client_option: EXIT_CODES.usage,
  // The live integration is not what is declared.
  integration_missing: EXIT_CODES.drift,
  destination_drift: EXIT_CODES.drift,
  identity_mismatch: EXIT_CODES.drift,
  changed_meanwhile: EXIT_CODES.drift,
  // Who is calling.
  credentials_missing: EXIT_CODES.auth,
  bad_credentials: EXIT_CODES.auth,
  not_admin: EXIT_CODES.auth,
  forbidden: EXIT_CODES.auth,
};

/** The exit code for an error thrown by an operation (1 for anything not listed, bugs included). */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof SigmaAuditLogsError) {
    return EXIT_CODE_BY_ERROR_CODE[error.code] ?? EXIT_CODES.failed;
  }
  return EXIT_CODES.failed;
}
