import { SigmaAuditLogsError } from '../errors/base';

export type EmulatorErrorCode = 'emulator_host_not_loopback' | 'emulator_option_invalid' | 'emulator_fault_invalid';

/** A bad emulator option, configuration or fault rule, raised before anything is served. */
export class EmulatorError extends SigmaAuditLogsError {
  public readonly code: EmulatorErrorCode;
  /** The option or field that was refused, e.g. `host` or `faults[0].share`. */
  public readonly field: string;

  public constructor(code: EmulatorErrorCode, field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** An API error the emulator answers with: `{code, message, requestId}` (+ `field` on 400). */
export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly field?: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
