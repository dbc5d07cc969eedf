/**
 * What `list` and `show` share: the `--api-url` and `--client-id-env` / `--client-secret-env`
 * options, and a Sigma client built from the environment as the custom-resource handler builds
 * it (credentials are never taken from argv: the options name variables, not values).
 */
import { Command, Option } from 'commander';
import type { SigmaClient } from '../../client/client';
import { withClientFromEnvironment } from '../../handler/environment';
import type { HandlerLog } from '../../handler/operations';
import { API_URL_ENV } from '../../handler/spec';
import { packageVersion } from '../../handler/version';
import {
  CLIENT_ID_ENV,
  CLIENT_ID_VARIABLE_EXAMPLE,
  CLIENT_SECRET_ENV,
  CLIENT_SECRET_VARIABLE_EXAMPLE,
  CredentialVariables,
  credentialVariableProblems,
} from '../../rules/credentials';
import { showValue } from '../../errors/show-value';
import { SigmaApiUrl } from '../../sigma/options';
import { CliUsageError } from '../errors';
import type { CliEnvironment, CliOutput } from '../io';

/** The base URL used when neither --api-url nor SIGMA_API_URL is given: Sigma on AWS, US. */
const DEFAULT_API_URL: string = SigmaApiUrl.AWS_US;

export function userAgent(): string {
  return `cdktf-sigma-audit-logs-cli/${packageVersion()}`;
}

/**
 * Adds what every command that calls Sigma takes: `--api-url`, the options that name the
 * credential variables, and a help text on where the credentials come from, followed by `help`.
 */
export function addConnectionOptions(command: Command, help: string): Command {
  return addCredentialOptions(addApiUrlOption(command)).addHelpText(
    'after',
    `\nCredentials (an API client of an Admin) are read from ${CLIENT_ID_ENV} and ${CLIENT_SECRET_ENV}, or from the\n` +
      `variables ${CREDENTIAL_OPTIONS.clientIdVariable} and ${CREDENTIAL_OPTIONS.clientSecretVariable} name (another Sigma organization, as a stack names it).\n${help}`,
  );
}

/** Adds `--api-url <url>` (its default is resolved at run time from the environment, see apiUrlFrom). */
function addApiUrlOption(command: Command): Command {
  return command.addOption(
    new Option('--api-url <url>', `Sigma API base URL (default: $${API_URL_ENV}, else ${DEFAULT_API_URL})`),
  );
}

/** The options that name the credential variables, as commander gives them. */
export interface CredentialOptions {
  readonly clientIdEnv?: string;
  readonly clientSecretEnv?: string;
}

const CREDENTIAL_OPTIONS: Record<keyof CredentialVariables, string> = {
  clientIdVariable: '--client-id-env',
  clientSecretVariable: '--client-secret-env',
};

/**
 * Adds `--client-id-env <name>` and `--client-secret-env <name>`: the variables the credentials
 * are read from, for an organization whose credentials a stack keeps under other names.
 */
function addCredentialOptions(command: Command): Command {
  return command
    .addOption(new Option(`${CREDENTIAL_OPTIONS.clientIdVariable} <name>`, 'environment variable holding the Sigma client id').default(CLIENT_ID_ENV))
    .addOption(
      new Option(`${CREDENTIAL_OPTIONS.clientSecretVariable} <name>`, 'environment variable holding the Sigma client secret').default(
        CLIENT_SECRET_ENV,
      ),
    );
}

/** The variables the options name, checked by the rule the constructs and the handler apply. */
export function credentialVariablesFrom(options: CredentialOptions): CredentialVariables {
  const variables = { clientIdVariable: options.clientIdEnv ?? CLIENT_ID_ENV, clientSecretVariable: options.clientSecretEnv ?? CLIENT_SECRET_ENV };
  const problems = credentialVariableProblems(variables);
  if (problems.length > 0) {
    const example = `${CREDENTIAL_OPTIONS.clientIdVariable} ${CLIENT_ID_VARIABLE_EXAMPLE} ${CREDENTIAL_OPTIONS.clientSecretVariable} ${CLIENT_SECRET_VARIABLE_EXAMPLE}`;
    throw new CliUsageError(
      problems.map((p) => `${CREDENTIAL_OPTIONS[p.key]} ${showValue(p.value)} is invalid: expected ${p.expected}, for example ${example}.`).join('\n'),
    );
  }
  return variables;
}

/** Progress and retry lines go to stderr, so that stdout carries only the result (table or JSON). */
function stderrLog(output: CliOutput): HandlerLog {
  return {
    info: (line) => output.err(`${line}\n`),
    warn: (line) => output.err(`Warning: ${line}\n`),
  };
}

/**
 * Runs `use` with a client of an Admin: credentials from the variables given (default
 * SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET), base URL from --api-url, else SIGMA_API_URL, else the
 * default. Closes the client afterwards.
 */
export async function withAdminClient<T>(
  env: CliEnvironment,
  apiUrlOption: string | undefined,
  variables: CredentialVariables,
  output: CliOutput,
  use: (client: SigmaClient) => Promise<T>,
): Promise<T> {
  // An explicit --api-url wins over SIGMA_API_URL, which the handler's client factory would prefer.
  const effectiveEnv = apiUrlOption === undefined ? env : { ...env, [API_URL_ENV]: undefined };
  const apiUrl = apiUrlOption ?? DEFAULT_API_URL;
  return withClientFromEnvironment(effectiveEnv, apiUrl, stderrLog(output), userAgent(), { variables }, async (client) => {
    await client.requireAdmin();
    return use(client);
  });
}
