/**
 * The retrying HTTP transport under the Sigma client: one HTTP library's pool (./exchange), a
 * timeout on every request, exponential backoff with full jitter, `Retry-After`, and a per-call deadline.
 * It knows nothing of the contract's meaning: it returns every response that is not worth
 * retrying (2xx and final 4xx) and leaves its interpretation to the client.
 */
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionFailedError, GaveUpError, ResponseTooLargeError } from './errors';
import { HttpExchange, HttpLibrary, createExchange } from './exchange';

/**
 * Most bytes of one response body the client reads. The largest answer of the contract, a list
 * page of MAX_PAGE_SIZE integrations, is a few hundred kilobytes; a body far larger is not the
 * Sigma API talking (a download or an endless stream from something else at that address), and
 * reading it whole would grow the process's memory with it.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * Least time left of a call's deadline for starting an attempt (or its request timeout, when that
 * is shorter). An attempt with a few milliseconds left can only time out, and its "timed out"
 * would then hide the failure that actually made the call give up.
 */
export const MIN_ATTEMPT_MS = 250;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Payload of the onRetry callback: one retry about to be waited for. */
export interface RetryEvent {
  readonly method: string;
  readonly path: string;
  /** The attempt that failed (1 for the first request). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** Payload of the onRequest callback: one HTTP exchange, whatever its outcome. */
export interface RequestEvent {
  readonly method: string;
  readonly path: string;
  readonly status: number | 'error';
  readonly durationMs: number;
  /** What was left of the call's deadline when the request was sent. */
  readonly budgetLeftMs: number;
}

export interface TransportOptions {
  /** scheme://host[:port] */
  readonly origin: string;
  /** Path prefix of the base URL ('' or '/something'), put before every contract path. */
  readonly pathPrefix: string;
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly userAgent: string;
  /** Default 'undici'. */
  readonly httpLibrary?: HttpLibrary;
  readonly onRetry?: (e: RetryEvent) => void;
  readonly onRequest?: (e: RequestEvent) => void;
  /** Removes secrets from text that reaches a message or a callback (failure reasons quote errors of the connection). */
  readonly redact?: (text: string) => string;
}

export interface OutgoingRequest {
  readonly method: HttpMethod;
  /** The contract path: what messages and callbacks name; never holds a secret. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ReceivedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** Requests sent for this response, including the one that produced it. */
  readonly attempts: number;
  /**
   * An earlier attempt failed in a way that leaves open whether the server acted on it (dropped
   * after sending, timed out, 5xx). A create that then meets "name taken", or a delete that then
   * meets "not found", has most likely met its own earlier attempt.
   */
  readonly earlierAttemptMayHaveApplied: boolean;
}

/** Time budget of one public client call: every request and backoff of the call spends from it. */
export class CallBudget {
  public static start(deadlineMs: number): CallBudget {
    return new CallBudget(performance.now(), deadlineMs);
  }

  private constructor(
    private readonly startedAt: number,
    public readonly deadlineMs: number,
  ) {}

  public elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  public remainingMs(): number {
    return this.deadlineMs - (performance.now() - this.startedAt);
  }
}

type AttemptOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: ReceivedResponse['headers']; readonly body: string }
  | { readonly kind: 'error'; readonly error: unknown; readonly timedOutAfterMs?: number }
  | { readonly kind: 'too_large'; readonly status: number; readonly seen: string };

interface Failure {
  readonly reason: string;
  readonly retryable: boolean;
  readonly mayHaveApplied: boolean;
  readonly retryAfterMs?: number;
}

// Transport failures worth another attempt, and whether the request may have reached the server.
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const UNREACHED_CODES = new Set(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ETIMEDOUT']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function describeStatus(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
}

/** 408, 429 and 5xx are transient; 501 and 505 say the server will never do it, so retrying is pointless. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) {
    return undefined;
  }
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  // undici wraps socket errors; the cause chain holds the system error code.
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      codes.push(code);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function classifyError(outcome: Extract<AttemptOutcome, { kind: 'error' }>): Failure {
  const codes = errorCodes(outcome.error);
  const code = codes[0] ?? 'no error code';
  if (outcome.timedOutAfterMs !== undefined) {
    return { reason: `timed out after ${outcome.timedOutAfterMs} ms`, retryable: true, mayHaveApplied: true };
  }
  if (codes.some((c) => TIMEOUT_CODES.has(c))) {
    return {
      reason: `timed out (${code}: ${errorMessage(outcome.error)})`,
      retryable: true,
      mayHaveApplied: !codes.includes('UND_ERR_CONNECT_TIMEOUT'),
    };
  }
  if (codes.some((c) => DROPPED_CODES.has(c))) {
    return { reason: `connection dropped (${code}: ${errorMessage(outcome.error)})`, retryable: true, mayHaveApplied: true };
  }
  if (codes.some((c) => UNREACHED_CODES.has(c))) {
    return { reason: `connection failed (${code}: ${errorMessage(outcome.error)})`, retryable: true, mayHaveApplied: false };
  }
  return { reason: `${code}: ${errorMessage(outcome.error)}`, retryable: false, mayHaveApplied: false };
}

function classifyStatus(outcome: Extract<AttemptOutcome, { kind: 'response' }>): Failure {
  if (outcome.status === 429) {
    const retryAfterMs = parseRetryAfterMs(outcome.headers['retry-after']);
    return {
      reason:
        describeStatus(429) + (retryAfterMs === undefined ? '' : ` (Retry-After: ${Math.round(retryAfterMs / 1000)} s)`),
      retryable: true,
      mayHaveApplied: false, // a rate-limited request was not processed
      retryAfterMs,
    };
  }
  return {
    reason: describeStatus(outcome.status),
    retryable: true,
    mayHaveApplied: outcome.status !== 408 && outcome.status !== 503,
    retryAfterMs: parseRetryAfterMs(outcome.headers['retry-after']),
  };
}

export class RetryingTransport {
  private readonly exchange: HttpExchange;
  private closed = false;

  constructor(private readonly options: TransportOptions) {
    this.exchange = createExchange(options.httpLibrary ?? 'undici', options.requestTimeoutMs);
  }

  /**
   * Sends the request until a response that is not worth retrying arrives, and returns it.
   * Throws GaveUpError when attempts or the budget run out, ConnectionFailedError when the
   * server cannot be talked to for a reason retrying will not fix.
   */
  public async send(request: OutgoingRequest, budget: CallBudget): Promise<ReceivedResponse> {
    const { method, path } = request;
    if (this.closed) {
      throw new ConnectionFailedError(method, path, this.options.origin, 'this client was closed; create a new SigmaClient');
    }
    const floorMs = Math.min(MIN_ATTEMPT_MS, this.options.requestTimeoutMs);
    let mayHaveApplied = false;
    let lastReason = 'no attempt was made';
    for (let attempt = 1; ; attempt++) {
      const remaining = budget.remainingMs();
      if (remaining < floorMs) {
        throw new GaveUpError(
          method,
          path,
          attempt - 1,
          budget.elapsedMs(),
          lastReason,
          `the call's deadline of ${budget.deadlineMs} ms was reached: only ${Math.max(0, Math.floor(remaining))} ms were left, ` +
            `less than the ${floorMs} ms an attempt is given at least`,
        );
      }
      const outcome = await this.attempt(request, Math.min(this.options.requestTimeoutMs, Math.ceil(remaining)), remaining);
      if (outcome.kind === 'too_large') {
        // Not retried: the same address would most likely send the same thing again.
        throw new ResponseTooLargeError(method, path, outcome.status, MAX_RESPONSE_BYTES, outcome.seen);
      }
      if (outcome.kind === 'response' && !isRetryableStatus(outcome.status)) {
        return { ...outcome, attempts: attempt, earlierAttemptMayHaveApplied: mayHaveApplied };
      }
      const failure = outcome.kind === 'response' ? classifyStatus(outcome) : classifyError(outcome);
      const reason = this.redact(failure.reason);
      if (!failure.retryable) {
        throw new ConnectionFailedError(method, path, this.options.origin, reason);
      }
      lastReason = reason;
      mayHaveApplied = mayHaveApplied || failure.mayHaveApplied;
      if (attempt >= this.options.maxAttempts) {
        throw new GaveUpError(method, path, attempt, budget.elapsedMs(), lastReason, `all ${this.options.maxAttempts} attempts were used`);
      }
      const delayMs = failure.retryAfterMs ?? this.backoffMs(attempt);
      const left = budget.remainingMs();
      if (delayMs + floorMs > left) {
        const wait = failure.retryAfterMs !== undefined ? `the server asked to wait ${delayMs} ms (Retry-After)` : `the next retry was due in ${delayMs} ms`;
        throw new GaveUpError(
          method,
          path,
          attempt,
          budget.elapsedMs(),
          lastReason,
          `${wait}, but only ${Math.max(0, Math.floor(left))} ms of the call's deadline of ${budget.deadlineMs} ms ` +
            `were left: not enough for that wait and the ${floorMs} ms an attempt is given at least`,
        );
      }
      safely(this.options.onRetry, { method, path, attempt, delayMs, reason: lastReason });
      await sleep(delayMs);
    }
  }

  public async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    await this.exchange.close();
  }

  private redact(text: string): string {
    return this.options.redact ? this.options.redact(text) : text;
  }

  /** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (attempt - 1));
    return Math.floor(Math.random() * (ceiling + 1));
  }

  private async attempt(request: OutgoingRequest, timeoutMs: number, budgetLeftMs: number): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    // One timer bounds connect + headers + body together; undici's own timeouts also bound each phase.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const started = performance.now();
    const report = (status: number | 'error') =>
      safely(this.options.onRequest, {
        method: request.method,
        path: request.path,
        status,
        durationMs: Math.round(performance.now() - started),
        budgetLeftMs: Math.floor(budgetLeftMs),
      });
    try {
      const response = await this.exchange.request({
        origin: this.options.origin,
        path: this.options.pathPrefix + request.path + queryString(request.query),
        method: request.method,
        headers: {
          'user-agent': this.options.userAgent,
          accept: 'application/json',
          ...request.headers,
        },
        body: request.body,
        signal: controller.signal,
        timeoutMs,
      });
      const body = await readLimited(response.body, response.headers['content-length']);
      report(response.statusCode);
      if (typeof body !== 'string') {
        return { kind: 'too_large', status: response.statusCode, seen: body.seen };
      }
      return { kind: 'response', status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      report('error');
      return { kind: 'error', error, timedOutAfterMs: timedOut ? timeoutMs : undefined };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The body as text, read chunk by chunk up to MAX_RESPONSE_BYTES; past that (or when the
 * Content-Length announces more), the stream is destroyed, which closes the connection, and what
 * showed the size is returned instead.
 */
async function readLimited(
  body: Readable,
  contentLength: string | string[] | undefined,
): Promise<string | { readonly seen: string }> {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (declared > MAX_RESPONSE_BYTES) {
    body.destroy();
    return { seen: `its Content-Length is ${declared} bytes` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      return { seen: `more than ${MAX_RESPONSE_BYTES} bytes arrived` };
    }
    chunks.push(bytes);
  }
  // TextDecoder drops a byte-order mark, as undici's body.text() did.
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

function queryString(query: Readonly<Record<string, string>> | undefined): string {
  if (query === undefined) {
    return '';
  }
  const text = new URLSearchParams(query).toString();
  return text ? `?${text}` : '';
}

/** Observation callbacks must not break a call: their errors are ignored. */
function safely<E>(callback: ((e: E) => void) | undefined, event: E): void {
  if (callback === undefined) {
    return;
  }
  try {
    callback(event);
  } catch {
    // A counting hook that throws is the caller's bug; the API call itself went fine.
  }
}
