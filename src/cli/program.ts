/**
 * The `sigma-audit-logs` command line. Each command lives in its own module under `commands/`
 * and is added here.
 */
import { Command, CommanderError } from 'commander';
import { SigmaAuditLogsError } from '../errors/base';
import { BACKOFF_BASE_ENV, POLL_INTERVAL_ENV } from '../handler/spec';
import { exitCodeFor, exitCodeHelp } from '../handler/exit-codes';
import { API_URL_ENV } from '../handler/spec';
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from '../rules/credentials';
import { registerEmulatorCommand } from './commands/emulator';
import { registerListCommand } from './commands/list';
import { TERRAFORM_BINARY_ENV, registerReconcileCommand } from './commands/reconcile';
import { registerShowCommand } from './commands/show';
import { CliCommandError, CliUsageError, USAGE_EXIT_CODE } from './errors';
import type { CliEnvironment, CliOutput } from './io';
import { packageVersion } from '../handler/version';

export type { CliEnvironment, CliOutput } from './io';

const ROOT_HELP_AFTER = `
Environment:
  ${CLIENT_ID_ENV}, ${CLIENT_SECRET_ENV}
                       credentials of a Sigma API client owned by an Admin (list, show,
                       reconcile); read only from the environment, never from options.
                       Other variables: --client-id-env / --client-secret-env (list,
                       show); reconcile reads those each integration's stack names
  ${API_URL_ENV}        Sigma API base URL, for the default credential variables only
                       (list and show: when --api-url is not given; reconcile: overrides
                       the URL of the integrations without their own variables; those
                       with their own take it from the URL variable they name)
  ${TERRAFORM_BINARY_ENV}     Terraform or OpenTofu binary reconcile runs, e.g. tofu (default: terraform from PATH;
                       its --terraform option takes precedence)
  ${POLL_INTERVAL_ENV}, ${BACKOFF_BASE_ENV}
                       first pause between status checks and retry backoff base, in ms

Exit codes (the same as the custom-resource handler's):
${exitCodeHelp()}`;

const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** The program with every command registered. Commander's errors are thrown, not exited on. */
function createProgram(output: CliOutput = processOutput, env: CliEnvironment = process.env): Command {
  const program = new Command('sigma-audit-logs')
    .description('Sigma audit-log storage integrations: a local Sigma emulator and tools for the integrations of a stack.')
    .version(packageVersion(), '-V, --version', 'print the package version')
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .exitOverride()
    .showHelpAfterError('(run with --help for the options)')
    .addHelpText('after', ROOT_HELP_AFTER);
  registerEmulatorCommand(program, output);
  registerListCommand(program, output, env);
  registerShowCommand(program, output, env);
  registerReconcileCommand(program, output, env);
  return program;
}

/**
 * Runs the command line and returns the exit code: 0 on success, 2 on a usage error (bad
 * option value, unknown command or option), otherwise the code of the failure (see the root
 * help), 1 for anything unforeseen.
 */
export async function runCli(argv: readonly string[], output: CliOutput = processOutput, env: CliEnvironment = process.env): Promise<number> {
  const program = createProgram(output, env);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (error instanceof CliUsageError) {
      output.err(`error: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    // The message only: a stack trace or the error's properties could carry request details.
    const message = error instanceof Error ? error.message : String(error);
    output.err(`error: ${message}\n`);
    if (error instanceof CliCommandError) return error.exitCode;
    return error instanceof SigmaAuditLogsError ? exitCodeFor(error) : 1;
  }
}
