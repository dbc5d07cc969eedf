/**
 * Shared helpers of the CLI tests: the CLI run in-process with captured output and an explicit
 * environment, an emulator with known secrets, and the checks that no secret is ever printed.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SigmaClient } from '../../src/client';
import type { Integration } from '../../src/client/contract';
import type { CliEnvironment } from '../../src/cli/program';
import { runCli } from '../../src/cli/program';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { waitUntilReady } from '../../src/handler/operations';
import { RecordingProxy, startRecordingProxy } from '../handler/harness';

export const ADMIN_SECRET = 'cli-admin-secret-Zq8Lw3Tn6Vb1';
export const VIEWER_SECRET = 'cli-viewer-secret-Hk5Rd2Mx9Pf4';
export const ADMIN = { SIGMA_CLIENT_ID: 'admin', SIGMA_CLIENT_SECRET: ADMIN_SECRET };
export const VIEWER = { SIGMA_CLIENT_ID: 'viewer', SIGMA_CLIENT_SECRET: VIEWER_SECRET };
/** Short waits: the emulator provisions in a few tens of ms, the client retries after a few ms. */
export const FAST = { SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '20', SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '5' };

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every output the tests captured, for the secret checks. */
export const capturedOutput: string[] = [];

/** Runs `sigma-audit-logs <args>` in-process with this environment (and nothing of the test runner's). */
export async function cli(args: string[], env: CliEnvironment): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'sigma-audit-logs', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) }, env);
  capturedOutput.push(stdout, stderr);
  return { code, stdout, stderr };
}

export interface Sigma {
  readonly emulator: RunningEmulator;
  /** Records the tokens the emulator issues; the CLI is pointed at it. */
  readonly proxy: RecordingProxy;
  /** Direct admin client of the tests, for arranging and checking Sigma's state. */
  readonly admin: SigmaClient;
  close(): Promise<void>;
}

export async function startSigma(provisioningDelayMs = 40): Promise<Sigma> {
  const emulator = await startEmulator({
    seed: 7,
    provisioningDelayMs,
    clients: [
      { clientId: 'admin', clientSecret: ADMIN_SECRET, accountType: 'Admin' },
      { clientId: 'viewer', clientSecret: VIEWER_SECRET, accountType: 'Viewer' },
    ],
  });
  const proxy = await startRecordingProxy(emulator.url);
  const admin = new SigmaClient({ baseUrl: emulator.url, clientId: 'admin', clientSecret: ADMIN_SECRET, backoffBaseMs: 5 });
  return {
    emulator,
    proxy,
    admin,
    close: async () => {
      await admin.close();
      await proxy.close();
      await emulator.close();
    },
  };
}

/** Creates an integration through the API and waits until its credentials are ready. */
export async function createReady(admin: SigmaClient, body: Parameters<SigmaClient['createIntegration']>[0]): Promise<Integration> {
  const created = await admin.createIntegration(body);
  return waitUntilReady(admin, created, 10, { info: () => undefined, warn: () => undefined }, { pollIntervalMs: 10 });
}

/** Asserts that no captured output holds a client secret or a token the emulator issued. */
export function expectNoSecretPrinted(proxy: RecordingProxy): void {
  const all = capturedOutput.join('\n');
  expect(all.length).toBeGreaterThan(0);
  // The proxy saw the CLI's token requests: the check below is about real tokens.
  expect(proxy.tokens.size).toBeGreaterThan(0);
  for (const secret of [ADMIN_SECRET, VIEWER_SECRET, ...proxy.tokens]) {
    expect(all).not.toContain(secret);
  }
}

const tempDirs: string[] = [];

/** A new temporary directory, removed by removeTempDirs. */
export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
