import { SigmaAuditLogsError } from '../errors/base';
import { showValue } from '../errors/show-value';

/** What a DestinationError reports: the four parts of its message. */
export interface DestinationErrorDetails {
  /** The field (prop, argument, body field) the value came from, e.g. `destination`. */
  readonly field: string;
  /** The value as given. */
  readonly value: string;
  /** What is wrong and what is expected instead, e.g. `the S3 bucket name "A" must be ...`. */
  readonly expected: string;
  /** A valid value of the same field. */
  readonly example: string;
}

/**
 * The value as messages show it. A pasted storage URL can carry a signature in its query
 * string (an Azure SAS token, an S3 or GCS presigned URL): query parameters are hidden so
 * that no credential reaches a message or a log. Nothing else is changed.
 */
function withoutQueryParameters(value: string): string {
  return value.replace(/\?[^#]*=[^#]*/, '?<query parameters hidden>');
}

/** True when `value` has a URL query string with a parameter (`?name=value`). */
export function hasQueryParameters(value: string): boolean {
  return /\?[^#]*=/.test(value);
}

/** A destination, or a part of one, that breaks a rule. */
export class DestinationError extends SigmaAuditLogsError {
  public readonly code = 'destination_invalid';
  public readonly field: string;
  public readonly value: string;
  public readonly expected: string;
  public readonly example: string;

  public constructor(details: DestinationErrorDetails) {
    const value = withoutQueryParameters(details.value);
    super(`${details.field} ${showValue(value)} is invalid: ${details.expected}. Example: ${details.example}`);
    this.field = details.field;
    this.value = value;
    this.expected = details.expected;
    this.example = details.example;
  }
}
