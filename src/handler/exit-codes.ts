/**
 * Exit codes of the custom-resource handler, shared with the `sigma-audit-logs` CLI: what each
 * means (EXIT_CODE_TABLE, from which both programs' help is written and against which a test
 * checks the README and docs/troubleshooting.md), and which error ends a run with which.
 */
import { SigmaAuditLogsError } from '../errors/base';
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from '../rules/credentials';

export const EXIT_CODES = {
  success: 0,
  failed: 1,
  usage: 2,
  drift: 3,
  auth: 4,
  pending: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** What each exit code means, one line each, in the words of every help text and doc. */
export const EXIT_CODE_TABLE: ReadonlyArray<{ readonly code: ExitCode; readonly meaning: string }> = [
  { code: EXIT_CODES.success, meaning: 'success' },
  {
    code: EXIT_CODES.failed,
    meaning:
      'failed: a Sigma call failed or gave up, provisioning failed or timed out, or the name is held by an integration this stack does not own',
  },
  { code: EXIT_CODES.usage, meaning: 'usage: a bad operation, option, argument or value, or a stack or Terraform state that cannot be read' },
  {
    code: EXIT_CODES.drift,
    meaning: 'not found or drift: the integration is missing or not as declared, or another writer changed it meanwhile',
  },
  {
    code: EXIT_CODES.auth,
    meaning: `authentication: ${CLIENT_ID_ENV} / ${CLIENT_SECRET_ENV} (or the variables named instead) missing or refused, or the account is not an Admin`,
  },
  {
    code: EXIT_CODES.pending,
    meaning: 'pending: Sigma is still provisioning the integration; a plan does not wait for it, run it again once it is ready',
  },
  {
    code: EXIT_CODES.interrupted,
    meaning: 'interrupted: stopped by SIGINT or SIGTERM, or because the Terraform that started it is gone; the next apply carries on',
  },
];

/** The exit codes as the help of the handler and of the CLI lists them, indented by two spaces. */
export function exitCodeHelp(): string {
  return EXIT_CODE_TABLE.map(({ code, meaning }) => `  ${code}  ${meaning}\n`).join('');
}

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
  emulator_option_invalid: EXIT_CODES.usage,
  emulator_host_not_loopback: EXIT_CODES.usage,
  emulator_fault_invalid: EXIT_CODES.usage,
  // The live integration is not what is declared.
  integration_missing: EXIT_CODES.drift,
  destination_drift: EXIT_CODES.drift,
  identity_mismatch: EXIT_CODES.drift,
  changed_meanwhile: EXIT_CODES.drift,
  adoption_refused: EXIT_CODES.usage,
  // Who is calling.
  credentials_missing: EXIT_CODES.auth,
  bad_credentials: EXIT_CODES.auth,
  not_admin: EXIT_CODES.auth,
  forbidden: EXIT_CODES.auth,
  // Not ready yet.
  integration_pending: EXIT_CODES.pending,
  // Stopped from outside.
  interrupted: EXIT_CODES.interrupted,
};

/** The exit code for an error thrown by an operation (1 for anything not listed, bugs included). */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof SigmaAuditLogsError) {
    return EXIT_CODE_BY_ERROR_CODE[error.code] ?? EXIT_CODES.failed;
  }
  return EXIT_CODES.failed;
}
