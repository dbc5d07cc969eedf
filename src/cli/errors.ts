import { SigmaAuditLogsError } from '../errors/base';

/** A command-line option or environment variable with a value the command cannot use (exit code 2). */
export class CliUsageError extends SigmaAuditLogsError {
  public readonly code = 'cli_option_invalid';

  public constructor(message: string) {
    super(message);
  }
}

/** Exit code of a usage error (bad option, unknown command), as is conventional. */
export const USAGE_EXIT_CODE = 2;
