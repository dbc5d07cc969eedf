import { createHash } from 'node:crypto';
import { IConstruct } from 'constructs';

/** Hex digits of the path's hash in a derived name. */
const HASH_LENGTH = 8;

export interface DerivedNameOptions {
  /** What the name starts with, e.g. `audit_logs`. */
  readonly prefix: string;
  /**
   * Longest name. Given, the construct path is spelled out after the prefix (letters and digits,
   * each run of other characters a `_`, cut to fit) and every part is joined by `_`; not given,
   * the name is the prefix, `-` and the hash.
   */
  readonly maxLength?: number;
}

/**
 * A default name derived from the construct path: the same on every synth of the same code, and
 * unique per path, by 8 hex digits of the SHA-256 of the full path (which starts with the stack
 * id, so the same construct in two stacks gets two names).
 */
export function derivedName(scope: IConstruct, options: DerivedNameOptions): string {
  const fullPath = scope.node.path;
  const hash = createHash('sha256').update(fullPath).digest('hex').slice(0, HASH_LENGTH);
  if (options.maxLength === undefined) return `${options.prefix}-${hash}`;
  const readable = fullPath
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((part) => part.length > 0)
    .join('_');
  const head = `${options.prefix}_${readable}`.slice(0, options.maxLength - 1 - HASH_LENGTH).replace(/_+$/, '');
  return `${head}_${hash}`;
}
