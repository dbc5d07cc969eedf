/**
 * Fault injection: which requests get a 429, a 5xx, a delay or a dropped connection.
 */
import { showValue } from '../errors/show-value';
import { EmulatorError } from './errors';
import type { SeededRandom } from './random';
import type { FaultKind, FaultRule } from './types';

const KINDS: readonly FaultKind[] = ['rate_limit', 'error', 'latency', 'drop'];
const ERROR_STATUSES = [500, 502, 503, 504] as const;
const DEFAULT_PATH_PREFIX = '/v2/';
const FAULT_EXAMPLE = '{"kind": "rate_limit", "path": "/v2/audit-logs", "retryAfterSeconds": 1, "count": 2}';

/** What a request gets after the fault rules are consulted. */
export interface FaultDecision {
  /** Sum of the delays of the matching latency rules. */
  readonly delayMs: number;
  /** The first matching rule that answers in place of the API, if any. */
  readonly terminal?: FaultRule;
}

interface ActiveRule {
  readonly rule: FaultRule;
  /** Firings left, when the rule has a count. */
  remaining?: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  public constructor(private random: SeededRandom) {}

  public add(rules: readonly unknown[]): void {
    const validated = rules.map((rule, index) => validateFaultRule(rule, rules.length === 1 ? 'fault' : `faults[${index}]`));
    for (const rule of validated) this.rules.push({ rule, remaining: rule.count });
  }

  public clear(random?: SeededRandom): void {
    this.rules = [];
    if (random) this.random = random;
  }

  public active(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) => (remaining === undefined ? { ...rule } : { ...rule, count: remaining }));
  }

  public decide(method: string, path: string): FaultDecision {
    let delayMs = 0;
    let terminal: FaultRule | undefined;
    for (const active of this.rules) {
      if (terminal && active.rule.kind !== 'latency') continue;
      if (!matches(active.rule, method, path)) continue;
      if (active.rule.share !== undefined && this.random.next() >= active.rule.share) continue;
      if (active.remaining !== undefined) active.remaining -= 1;
      if (active.rule.kind === 'latency') delayMs += active.rule.latencyMs ?? 0;
      else terminal = active.rule;
    }
    this.rules = this.rules.filter((active) => active.remaining === undefined || active.remaining > 0);
    return { delayMs, terminal };
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  return path.startsWith(rule.path ?? DEFAULT_PATH_PREFIX);
}

/** Checks a rule given programmatically or over HTTP; throws `EmulatorError` naming the field. */
export function validateFaultRule(input: unknown, label: string): FaultRule {
  const fail = (field: string, given: unknown, expected: string): never => {
    throw new EmulatorError(
      'emulator_fault_invalid',
      `${label}.${field}`,
      `${label}.${field} is ${showValue(given)}; expected ${expected}. Example of a fault rule: ${FAULT_EXAMPLE}`,
    );
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new EmulatorError(
      'emulator_fault_invalid',
      label,
      `${label} is ${showValue(input)}; expected an object. Example of a fault rule: ${FAULT_EXAMPLE}`,
    );
  }
  const rule = input as Record<string, unknown>;
  if (!KINDS.includes(rule.kind as FaultKind)) fail('kind', rule.kind, `one of ${KINDS.join(', ')}`);
  const kind = rule.kind as FaultKind;
  if (rule.path !== undefined && (typeof rule.path !== 'string' || !rule.path.startsWith('/'))) {
    fail('path', rule.path, 'a path prefix starting with "/", such as "/v2/audit-logs"');
  }
  if (typeof rule.path === 'string' && rule.path.startsWith('/__emulator')) {
    fail('path', rule.path, 'an API path: faults never apply to the emulator controls under /__emulator/');
  }
  if (rule.method !== undefined && (typeof rule.method !== 'string' || !/^[A-Za-z]+$/.test(rule.method))) {
    fail('method', rule.method, 'an HTTP method such as "GET"');
  }
  if (rule.status !== undefined && (kind !== 'error' || !ERROR_STATUSES.includes(rule.status as 500))) {
    fail('status', rule.status, kind === 'error' ? `one of ${ERROR_STATUSES.join(', ')}` : 'no status: only an "error" fault has one');
  }
  if (rule.retryAfterSeconds !== undefined) {
    if (kind !== 'rate_limit') fail('retryAfterSeconds', rule.retryAfterSeconds, 'no retryAfterSeconds: only a "rate_limit" fault has one');
    if (!Number.isInteger(rule.retryAfterSeconds) || (rule.retryAfterSeconds as number) < 0) {
      fail('retryAfterSeconds', rule.retryAfterSeconds, 'a whole number of seconds, 0 or more, such as 1');
    }
  }
  if (kind === 'latency') {
    if (typeof rule.latencyMs !== 'number' || !Number.isFinite(rule.latencyMs) || rule.latencyMs < 0) {
      fail('latencyMs', rule.latencyMs, 'a delay in milliseconds, 0 or more, such as 200');
    }
  } else if (rule.latencyMs !== undefined) {
    fail('latencyMs', rule.latencyMs, 'no latencyMs: only a "latency" fault has one');
  }
  if (rule.share !== undefined && (typeof rule.share !== 'number' || !(rule.share >= 0 && rule.share <= 1))) {
    fail('share', rule.share, 'a number from 0 to 1, such as 0.25');
  }
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || (rule.count as number) < 1)) {
    fail('count', rule.count, 'a whole number of requests, 1 or more, such as 2');
  }
  const out: { -readonly [K in keyof FaultRule]: FaultRule[K] } = { kind };
  if (rule.path !== undefined) out.path = rule.path as string;
  if (rule.method !== undefined) out.method = (rule.method as string).toUpperCase();
  if (kind === 'error') out.status = (rule.status as FaultRule['status']) ?? 503;
  if (kind === 'rate_limit') out.retryAfterSeconds = (rule.retryAfterSeconds as number | undefined) ?? 1;
  if (kind === 'latency') out.latencyMs = rule.latencyMs as number;
  if (rule.share !== undefined) out.share = rule.share as number;
  if (rule.count !== undefined) out.count = rule.count as number;
  return out;
}
