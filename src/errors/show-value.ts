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

/**
 * What a value is, without its content: for a value that may hold a secret or that a message
 * must not echo (a spec that is not JSON, an object where a URL belongs). Strings and numbers
 * are described by their length; objects by their keys' count, arrays by their length.
 */
export function showShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a JSON array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'string':
      return `a text of ${value.length} character${value.length === 1 ? '' : 's'}`;
    case 'object': {
      const keys = Object.keys(value as object).length;
      return `a JSON object with ${keys} key${keys === 1 ? '' : 's'}`;
    }
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'undefined':
      return 'missing';
    default:
      return `a ${typeof value}`;
  }
}
