/**
 * Shared helpers of the emulator tests: real HTTP calls over loopback.
 */
import { request as httpRequest } from 'node:http';
import { errorBodySchema, paths } from '../../src/client/contract';
import type { RunningEmulator } from '../../src/emulator';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  readonly token?: string;
  readonly json?: unknown;
  /** Raw body with its content type. */
  readonly raw?: { readonly body: string; readonly contentType: string };
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.raw !== undefined) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.body;
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/**
 * A request over loopback with exactly these headers (node:http, which lets a test set `Host` and
 * `Origin` as a browser would send them for another site), bounded in time.
 */
export function rawCall(baseUrl: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Reply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const replyHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') replyHeaders.set(name, value);
          resolve({ status: res.statusCode ?? 0, headers: replyHeaders, body: text === '' ? undefined : JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function tokenRequest(baseUrl: string, fields: Record<string, string>): Promise<Reply> {
  return call(baseUrl, 'POST', paths.token, {
    raw: { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' },
  });
}

/** An access token of a client (default: the admin client of the defaults). */
export async function accessToken(emulator: RunningEmulator, clientId = 'admin', clientSecret = 'admin-secret'): Promise<string> {
  const reply = await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  if (reply.status !== 200) throw new Error(`token request failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.access_token;
}

/** Asserts that a reply is a contract error body with the given status and code (and field on 400). */
export function expectError(reply: Reply, status: number, code: string, field?: string): void {
  expect({ status: reply.status, code: reply.body?.code, field: reply.body?.field }).toEqual({ status, code, field });
  const parsed = errorBodySchema.parse(reply.body);
  expect(parsed.message.length).toBeGreaterThan(10);
  expect(parsed.requestId).toEqual(expect.any(String));
}

export const AWS_ROLE = 'arn:aws:iam::123456789012:role/sigma-audit-logs';
export const TENANT = '11111111-2222-3333-4444-555555555555';

export function awsBody(name: string, destination = 's3://my-audit-logs/sigma/'): Record<string, unknown> {
  return { name, cloud: 'aws', destination, roleArn: AWS_ROLE };
}
export function azureBody(name: string, destination = 'azure://myaccount.blob.core.windows.net/audit-logs/sigma/'): Record<string, unknown> {
  return { name, cloud: 'azure', destination, tenantId: TENANT };
}
export function gcpBody(name: string, destination = 'gcs://my-audit-logs/sigma/'): Record<string, unknown> {
  return { name, cloud: 'gcp', destination };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` returns a value (bounded), for state that changes after a delay. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
