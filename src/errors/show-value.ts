/**
 * How every message shows a value it was given: dependency-free, so that the constructs, the
 * destination parser, the handler, the client, the CLI and the emulator show values alike.
 */

/** Longest value shown in a message; a longer one is cut, its full length stated. */
const MAX_SHOWN_LENGTH = 200;

/**
 * The value as JSON, so that quotes, whitespace and invisible characters are visible (a string in
 * double quotes, escaped); `missing` for undefined. A string longer than 200 characters is cut
 * before it is quoted, so that what is shown stays a JSON string; any other long value is cut in
 * its JSON text. A cut value is followed by its full length.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') {
    if (value.length <= MAX_SHOWN_LENGTH) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, MAX_SHOWN_LENGTH))}... (${value.length} characters in all)`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_SHOWN_LENGTH ? text : `${text.slice(0, MAX_SHOWN_LENGTH)}... (${text.length} characters in all)`;
}
