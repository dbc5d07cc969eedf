import { createHash } from 'node:crypto';
import { IConstruct } from 'constructs';

const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/**
 * A default integration name: readable (the construct path) and unique per path (a hash of the
 * full path, which starts with the stack id, so the same construct in two stacks gets two
 * names). Always valid: a letter first, then letters, digits and `_`, 63 characters at most.
 */
export function defaultIntegrationName(scope: IConstruct): string {
  const fullPath = scope.node.path;
  const hash = createHash('sha256').update(fullPath).digest('hex').slice(0, HASH_LENGTH);
  const readable = fullPath
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((part) => part.length > 0)
    .join('_');
  const room = MAX_NAME_LENGTH - HASH_LENGTH - 1;
  let head = `audit_logs_${readable}`.slice(0, room).replace(/_+$/, '');
  if (!/^[A-Za-z]/.test(head)) head = `a${head}`.slice(0, room);
  return `${head}_${hash}`;
}
