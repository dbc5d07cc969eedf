/**
 * The `sigma-audit-logs` command line. Each command lives in its own module under `commands/`
 * and is added here.
 */
import { Command, CommanderError } from 'commander';
import { registerEmulatorCommand } from './commands/emulator';
import { CliUsageError, USAGE_EXIT_CODE } from './errors';

export interface CliOutput {
  /** Receives stdout text (whole lines, with their `\n`). */
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** The program with every command registered. Commander's errors are thrown, not exited on. */
export function createProgram(output: CliOutput = processOutput): Command {
  const program = new Command('sigma-audit-logs')
    .description('Sigma audit-log storage integrations: a local Sigma emulator and tools for the integrations of a stack.')
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .exitOverride()
    .showHelpAfterError('(run with --help for the options)');
  registerEmulatorCommand(program, output);
  return program;
}

/**
 * Runs the command line and returns the exit code: 0 on success, 2 on a usage error (bad
 * option value, unknown command or option), 1 on any other failure.
 */
export async function runCli(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const program = createProgram(output);
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
    const message = error instanceof Error ? error.message : String(error);
    output.err(`error: ${message}\n`);
    return 1;
  }
}
