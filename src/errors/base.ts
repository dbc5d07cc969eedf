/**
 * Base of every error this package raises on purpose. `code` is stable and is what
 * docs/troubleshooting.md lists, with the cause and the fix.
 */
export abstract class SigmaAuditLogsError extends Error {
  /** Stable identifier of the error kind, for scripts and the troubleshooting table. */
  public abstract readonly code: string;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
