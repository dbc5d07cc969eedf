/**
 * Runs the bundled handler the way Terraform does: `node handler.js <operation>` in a child
 * process, the spec in SIGMA_AUDIT_LOGS_SPEC (apply, delete) or on stdin (read), credentials in
 * the environment. A recording proxy in front of the emulator collects the tokens it issues, so
 * tests can check that none of them ever appears in the handler's output.
 */
import { copyFileSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HANDLER_BUNDLE } from '../../src/sigma/handler-wiring';
import type { IntegrationSpec } from '../../src/handler/spec';
import { NodeRun, runNode } from '../support/child-process';

const ROOT = path.join(__dirname, '..', '..');
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/**
 * The shipped handler bundle (built by the test run's global setup, as `npm run build` does),
 * copied into a fresh temporary directory with no node_modules around it: it must run on its own.
 */
export async function buildHandler(): Promise<string> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-handler-')));
  const outfile = path.join(dir, 'handler.js');
  copyFileSync(HANDLER_BUNDLE, outfile);
  return outfile;
}

export type RunResult = NodeRun;

export interface RunOptions {
  /** Environment of the child, on top of PATH only (the test runner's own environment is not passed). */
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  readonly cwd?: string;
}

/** Every output captured by runHandler, for the secret checks. */
export const capturedOutput: string[] = [];

/** Runs the handler as Terraform does, in the bundle's directory unless `cwd` says otherwise. */
export function runHandler(bundle: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runNode(bundle, args, { cwd: options.cwd ?? path.dirname(bundle), env: options.env, stdin: options.stdin, capture: capturedOutput });
}

/** The spec of a gcp integration, with test-friendly defaults. */
export function gcpSpec(apiUrl: string, name: string, overrides: Partial<IntegrationSpec> = {}): IntegrationSpec {
  return {
    name,
    cloud: 'gcp',
    destination: `gcs://acme-audit/${name}/`,
    apiUrl,
    roleArn: '',
    tenantId: '',
    linkedExportsOnDestinationChange: 'pause',
    linkedExportsOnDelete: 'pause',
    credentialsTimeoutSeconds: 30,
    ...overrides,
  };
}

export function awsSpec(apiUrl: string, name: string, overrides: Partial<IntegrationSpec> = {}): IntegrationSpec {
  return gcpSpec(apiUrl, name, {
    cloud: 'aws',
    destination: `s3://acme-audit/${name}`,
    roleArn: `arn:aws:iam::123456789012:role/sigma-${name.replace(/_/g, '-')}`,
    ...overrides,
  });
}

export function azureSpec(apiUrl: string, name: string, overrides: Partial<IntegrationSpec> = {}): IntegrationSpec {
  return gcpSpec(apiUrl, name, {
    cloud: 'azure',
    destination: `azure://acmeaudit.blob.core.windows.net/audit/${name}`,
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    ...overrides,
  });
}

/**
 * The identity keys of a spec, with its variables only when it names them: the base of the locate
 * query and of the removal resource's `input` (removalOf).
 */
export function identityOf(spec: IntegrationSpec): Record<string, string> {
  return {
    name: spec.name,
    cloud: spec.cloud,
    apiUrl: spec.apiUrl,
    roleArn: spec.roleArn ?? '',
    tenantId: spec.tenantId ?? '',
    linkedExportsOnDelete: spec.linkedExportsOnDelete,
    ...(spec.clientIdVariable === undefined ? {} : { clientIdVariable: spec.clientIdVariable }),
    ...(spec.clientSecretVariable === undefined ? {} : { clientSecretVariable: spec.clientSecretVariable }),
    ...(spec.apiUrlVariable === undefined ? {} : { apiUrlVariable: spec.apiUrlVariable }),
  };
}

/** The removal resource's `input`: what the destroy-time step gets, the owned id with the identity. */
export function removalOf(spec: IntegrationSpec): Record<string, string> {
  return { ...identityOf(spec), integrationId: spec.integrationId ?? '' };
}

/** The `external` data source's query: the spec with every value a string. */
export function queryOf(spec: IntegrationSpec): string {
  return JSON.stringify(Object.fromEntries(Object.entries(spec).map(([key, value]) => [key, String(value ?? '')])));
}

/**
 * A pass-through proxy to the emulator that records the access and refresh tokens of every token
 * response, so that tests know the exact secrets to look for. `beforeForward`, when given, runs
 * before each request is passed on (to hold it, or to change the emulator's state first).
 */
export interface RecordingProxy {
  readonly url: string;
  readonly tokens: Set<string>;
  close(): Promise<void>;
}

export async function startRecordingProxy(
  targetUrl: string,
  beforeForward: (method: string, path: string) => Promise<void> = () => Promise.resolve(),
): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const tokens = new Set<string>();
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (req.url?.startsWith('/v2/auth/token')) {
            try {
              const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
              for (const key of ['access_token', 'refresh_token']) if (typeof parsed[key] === 'string') tokens.add(parsed[key] as string);
            } catch {
              // not a token response
            }
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://proxy.invalid').pathname;
    void beforeForward(req.method ?? 'GET', pathname).then(
      () => forward(req, res),
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Requests that change something (not GET, not the token endpoint), from index `from` on. */
export function changingRequests(records: ReadonlyArray<{ method: string; path: string }>, from = 0): string[] {
  return records
    .slice(from)
    .filter((r) => r.method !== 'GET' && r.path.startsWith('/v2/audit-logs'))
    .map((r) => `${r.method} ${r.path}`);
}
