/**
 * Small real HTTP servers on loopback for the client tests: a scripted server for responses the
 * emulator never gives (malformed bodies, echoed secrets, endless streams), and a pass-through
 * proxy in front of the emulator that records the tokens it issues, so tests can prove none leaks.
 */
import { IncomingMessage, Server, ServerResponse, createServer, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';

export interface LoopbackServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * What a scripted route answers: a response, or 'drop' to close the connection without one.
 * `streamBytes` sends that many filler bytes as the body instead, written only as fast as the
 * client reads them (never held in memory), and stops when the connection closes.
 */
export type ScriptedReply = { status: number; body?: unknown; headers?: Record<string, string>; streamBytes?: number } | 'drop';

export interface ScriptedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface ScriptedServer extends LoopbackServer {
  /** Every request received, in order. */
  readonly received: ScriptedRequest[];
  /** Filler bytes written so far by `streamBytes` replies. */
  streamedBytes(): number;
}

export interface ScriptedOptions {
  /** Answers the token endpoint instead of the default valid token. */
  readonly token?: (req: ScriptedRequest) => ScriptedReply;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** An integration as the API answers it (a pending AWS one by default), for a scripted server to send. */
export function integrationAnswer(name: string, overrides: Record<string, unknown> = {}) {
  return {
    integrationId: `id-${name}`,
    name,
    cloud: 'aws',
    destination: 's3://acme-audit-logs/sigma/',
    roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs',
    status: 'pending',
    credentials: null,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    createdBy: 'member-1',
    ...overrides,
  };
}

/** The token every scripted server issues; tests check it never shows in error texts. */
export const SCRIPTED_ACCESS_TOKEN = 'scripted-access-token-7f3a9c';
export const SCRIPTED_REFRESH_TOKEN = 'scripted-refresh-token-2b8e1d';

/** Writes `bytes` filler bytes as `res` drains; returns at once, counting each write with `count`. */
function streamFiller(res: ServerResponse, bytes: number, count: (n: number) => void): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let left = bytes;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const n = Math.min(left, chunk.length);
      left -= n;
      count(n);
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/**
 * A server that answers the token endpoint with a valid token (or `options.token`) and every
 * other request with `reply(request)`. A reply body that is a string is sent as is (for non-JSON bodies).
 */
export async function startScriptedServer(reply: (req: ScriptedRequest) => ScriptedReply, options: ScriptedOptions = {}): Promise<ScriptedServer> {
  const received: ScriptedRequest[] = [];
  let streamed = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://scripted.invalid');
      const request: ScriptedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      received.push(request);
      const answer: ScriptedReply = !url.pathname.endsWith('/v2/auth/token')
        ? reply(request)
        : options.token
          ? options.token(request)
          : {
              status: 200,
              body: { access_token: SCRIPTED_ACCESS_TOKEN, refresh_token: SCRIPTED_REFRESH_TOKEN, token_type: 'bearer', expires_in: 3600 },
            };
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      if (answer.streamBytes !== undefined) {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        streamFiller(res, answer.streamBytes, (n) => (streamed += n));
        return;
      }
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(text);
    });
  });
  const url = await listen(server);
  return { url, received, streamedBytes: () => streamed, close: closer(server) };
}

export interface RecordingProxy extends LoopbackServer {
  /** access_token and refresh_token values of every token response that passed through. */
  readonly issuedTokens: Set<string>;
}

/** Forwards every request to `target` unchanged; a dropped upstream connection drops the client's too. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const issuedTokens = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          void readBody(answer).then((text) => {
            if (req.url?.startsWith('/v2/auth/token') && answer.statusCode === 200) {
              const token = JSON.parse(text) as { access_token?: string; refresh_token?: string };
              for (const value of [token.access_token, token.refresh_token]) {
                if (value) issuedTokens.add(value);
              }
            }
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      forward.on('error', () => req.socket.destroy());
      forward.end(body);
    });
  });
  const url = await listen(server);
  return { url, issuedTokens, close: closer(server) };
}

/**
 * `failure(promise)`: the error a promise rejects with, its text recorded in `observed` for the
 * secret checks; fails the test if the promise resolves.
 */
export function failureRecorder(observed: string[]): (promise: Promise<unknown>) => Promise<Error & { code?: string }> {
  return async (promise) => {
    try {
      await promise;
    } catch (error) {
      const e = error as Error;
      observed.push(String(e), e.stack ?? '', JSON.stringify(e));
      return e;
    }
    throw new Error('expected the call to fail, but it succeeded');
  };
}

/**
 * The forms a secret can take in a server's text, written out independently of the client's
 * redaction: raw; percent-encoded as encodeURIComponent and as a form body (`+` for a space), with
 * upper- and lower-case hex; JSON string text, as JSON.stringify writes it and with `\u` escapes
 * for non-ASCII (either case) and `\/` for `/`; base64 and base64url of the secret and, with a
 * client id, of `clientId:secret` (Basic authentication).
 */
export function encodingsOf(secret: string, clientId?: string): string[] {
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice('s='.length);
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const base64 = (text: string) => {
    const b = Buffer.from(text, 'utf8');
    return [b.toString('base64'), b.toString('base64').replace(/=+$/, ''), b.toString('base64url')];
  };
  const forms = [
    secret,
    uri,
    lowerHex(uri),
    uri.replace(/%20/g, '+'),
    form,
    lowerHex(form),
    form.replace(/\+/g, '%20'),
    json,
    json.replace(/\//g, '\\/'),
    asciiJson,
    asciiJson.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`),
    asciiJson.replace(/\//g, '\\/'),
    ...base64(secret),
    ...(clientId === undefined ? [] : base64(`${clientId}:${secret}`)),
  ];
  return [...new Set(forms)];
}

/** The texts that contain one of `forms`, each with the first form found (empty when none leaks). */
export function leaksOf(texts: readonly string[], forms: readonly string[]): Array<{ form: string; text: string }> {
  return texts.flatMap((text) => {
    const form = forms.find((f) => text.includes(f));
    return form === undefined ? [] : [{ form, text }];
  });
}
