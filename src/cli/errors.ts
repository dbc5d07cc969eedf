import { SigmaAuditLogsError } from '../errors/base';
import { EXIT_CODES } from '../handler/exit-codes';

/** A command-line option or environment variable with a value the command cannot use (exit code 2). */
export class CliUsageError extends SigmaAuditLogsError {
  public readonly code = 'cli_option_invalid';

  public constructor(message: string) {
    super(message);
  }
}

/** Exit code of a usage error (bad option, unknown command), as is conventional. */
export const USAGE_EXIT_CODE = EXIT_CODES.usage;

/**
 * A failure of a command that ends the CLI with its own exit code (the codes of the root help,
 * shared with the custom-resource handler).
 */
export abstract class CliCommandError extends SigmaAuditLogsError {
  public abstract readonly exitCode: number;
}
