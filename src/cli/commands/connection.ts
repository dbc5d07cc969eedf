/**
 * What `list` and `show` share: the `--api-url` option and a Sigma client built from the same
 * environment variables as the custom-resource handler (credentials are never taken from argv).
 */
import { Command, Option } from 'commander';
import type { SigmaClient } from '../../client/client';
import { clientFromEnvironment } from '../../handler/environment';
import type { HandlerLog } from '../../handler/operations';
import { API_URL_ENV } from '../../handler/spec';
import { packageVersion } from '../../handler/version';
import { SigmaApiUrl } from '../../sigma/options';
import type { CliEnvironment, CliOutput } from '../io';

/** The base URL used when neither --api-url nor SIGMA_API_URL is given: Sigma on AWS, US. */
export const DEFAULT_API_URL: string = SigmaApiUrl.AWS_US;

export function userAgent(): string {
  return `cdktf-sigma-audit-logs-cli/${packageVersion()}`;
}

/** Adds `--api-url <url>` (its default is resolved at run time from the environment, see apiUrlFrom). */
export function addApiUrlOption(command: Command): Command {
  return command.addOption(
    new Option('--api-url <url>', `Sigma API base URL (default: $${API_URL_ENV}, else ${DEFAULT_API_URL})`),
  );
}

/** Progress and retry lines go to stderr, so that stdout carries only the result (table or JSON). */
export function stderrLog(output: CliOutput): HandlerLog {
  return {
    info: (line) => output.err(`${line}\n`),
    warn: (line) => output.err(`Warning: ${line}\n`),
  };
}

/**
 * Runs `use` with a client of an Admin: credentials from SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET,
 * base URL from --api-url, else SIGMA_API_URL, else the default. Closes the client afterwards.
 */
export async function withAdminClient<T>(
  env: CliEnvironment,
  apiUrlOption: string | undefined,
  output: CliOutput,
  use: (client: SigmaClient) => Promise<T>,
): Promise<T> {
  // An explicit --api-url wins over SIGMA_API_URL, which the handler's client factory would prefer.
  const effectiveEnv = apiUrlOption === undefined ? env : { ...env, [API_URL_ENV]: undefined };
  const apiUrl = apiUrlOption ?? DEFAULT_API_URL;
  const client = clientFromEnvironment(effectiveEnv, apiUrl, stderrLog(output), userAgent());
  try {
    await client.requireAdmin();
    return await use(client);
  } finally {
    await client.close();
  }
}
