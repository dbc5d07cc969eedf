/**
 * One HTTP request and its response, over a pool of kept-alive connections: all that the retrying
 * transport (./http) needs of an HTTP library. Two libraries give it: undici, the client's default,
 * and node's own http and https, which a process that lives for a few requests starts several times
 * faster (no parser to compile), the custom-resource handler's choice (docs/benchmarks.md).
 */
import type { Readable } from 'node:stream';

/** The HTTP libraries the client can run on. */
export type HttpLibrary = 'undici' | 'node';

export interface ExchangeRequest {
  /** scheme://host[:port] */
  readonly origin: string;
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborts the request and its response body, whatever phase it is in. */
  readonly signal: AbortSignal;
  /** The attempt's time: the signal aborts it then; a library that bounds each phase bounds it by this too. */
  readonly timeoutMs: number;
}

export interface ExchangeResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body, not read yet: the caller reads it, bounded, or destroys it. */
  readonly body: Readable;
}

export interface HttpExchange {
  /** Resolves once the response's headers arrived; rejects with the library's error (its `code` says why). */
  request(request: ExchangeRequest): Promise<ExchangeResponse>;
  close(): Promise<void>;
}

/**
 * An exchange on `library`, whose connections take at most `connectTimeoutMs` to open where the
 * library bounds that phase. Each library is loaded only when chosen, so that a process on node's
 * http never evaluates undici.
 */
export function createExchange(library: HttpLibrary, connectTimeoutMs: number): HttpExchange {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
  if (library === 'node') {
    const { NodeHttpExchange } = require('./node-exchange') as typeof import('./node-exchange');
    return new NodeHttpExchange();
  }
  const { UndiciExchange } = require('./undici-exchange') as typeof import('./undici-exchange');
  return new UndiciExchange(connectTimeoutMs);
  /* eslint-enable @typescript-eslint/no-require-imports */
}
