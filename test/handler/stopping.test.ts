/**
 * The bundled handler stopped from outside, as real processes: SIGINT and SIGTERM while it waits
 * for a pending integration or a Sigma call is in flight, and the process that started it (a
 * stand-in for Terraform, with or without the `/bin/sh -c` of a local-exec in between) killed.
 * Each time the handler ends promptly, prints one line, exits non-zero, makes no further Sigma
 * call, and the next apply converges.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { EXIT_CODES } from '../../src/handler/exit-codes';
import type { IntegrationSpec } from '../../src/handler/spec';
import { RecordingProxy, buildHandler, capturedOutput, gcpSpec, runHandler, startRecordingProxy } from './harness';

const ADMIN_SECRET = 'admin-secret-Stop4Kq8Wz2Lm';
const ADMIN = { SIGMA_CLIENT_ID: 'admin', SIGMA_CLIENT_SECRET: ADMIN_SECRET };
const FAST = { SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '25', SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '5' };
const SPEC_API_URL = 'https://aws-api.sigmacomputing.com';
/** How long a new integration stays pending unless a test says otherwise: longer than any test. */
const LONG_PROVISIONING_MS = 120_000;
/** "Promptly": far below Terraform's own patience and any timeout of the handler. */
const PROMPT_MS = 3_000;

let bundle: string;
let emulator: RunningEmulator;
let proxy: RecordingProxy;

beforeAll(async () => {
  [bundle, emulator] = await Promise.all([
    buildHandler(),
    startEmulator({ seed: 7, provisioningDelayMs: LONG_PROVISIONING_MS, clients: [{ clientId: 'admin', clientSecret: ADMIN_SECRET, accountType: 'Admin' }] }),
  ]);
  proxy = await startRecordingProxy(emulator.url);
});

afterEach(() => {
  emulator.clearFaults();
  emulator.configure({ provisioningDelayMs: LONG_PROVISIONING_MS });
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  if (bundle) rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...ADMIN, ...FAST, SIGMA_API_URL: proxy.url, ...extra };
}

interface Started {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<{ code: number | null; at: number }>;
}

/** Starts `node handler.js apply` as Terraform does, its output captured. */
function startApply(spec: IntegrationSpec): Started {
  const child = spawn(process.execPath, [bundle, 'apply'], {
    cwd: path.dirname(bundle),
    env: env({ SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec) }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stdin!.end('');
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('close', (code) => {
      capturedOutput.push(output);
      resolve({ code, at: Date.now() });
    }),
  );
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The lines of the output that say the run was stopped. */
function stoppedLines(output: string): string[] {
  return output.split('\n').filter((line) => line.includes('(interrupted)'));
}

/** Number of requests the emulator has answered (or dropped) so far. */
function requestCount(): number {
  return emulator.requests().length;
}

/** Fails if Sigma gets another request within a few of the handler's poll intervals. */
async function expectNoFurtherCalls(): Promise<void> {
  const before = requestCount();
  await sleep(600);
  expect(requestCount()).toBe(before);
}

describe('SIGINT and SIGTERM', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while apply waits for a pending integration: one line, exit 130 at once, no further Sigma call; the next apply converges',
    async (signal) => {
      emulator.configure({ provisioningDelayMs: 2_500 });
      const spec = gcpSpec(SPEC_API_URL, `stopped_${signal.toLowerCase()}`);
      const run = startApply(spec);
      await until('the handler to wait for provisioning', () => run.output().includes('Waiting for Sigma to provision'));
      const sent = Date.now();
      run.child.kill(signal);
      const { code, at } = await run.exited;

      expect(code).toBe(EXIT_CODES.interrupted);
      expect(at - sent).toBeLessThan(PROMPT_MS);
      expect(stoppedLines(run.output())).toEqual([
        `Error (interrupted): stopped the apply of Sigma integration '${spec.name}' before it finished, because of ${signal} ` +
          '(Terraform, the pipeline or the terminal is stopping the run); no further Sigma call is made. What Sigma did so far ' +
          'stays, and the next apply (or destroy) carries on from it.',
      ]);
      await expectNoFurtherCalls();

      // As Terraform runs it next: the tainted identity's create step again, under the claim of the stopped deploy.
      const claim = { SIGMA_AUDIT_LOGS_CLAIMED_AT: new Date(sent - 60_000).toISOString(), SIGMA_AUDIT_LOGS_PLANNED_AT: new Date().toISOString() };
      const again = await runHandler(bundle, ['apply'], { env: env({ SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec), ...claim }) as Record<string, string> });
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('was created by an earlier deploy of this stack whose answer was lost; using it.');
      const named = emulator.state().integrations.filter((i) => i.name === spec.name);
      expect(named.map((i) => i.status)).toEqual(['ready']);
    },
  );

  test('SIGTERM while a Sigma call hangs: the call is cut and the handler exits at once', async () => {
    emulator.injectFaults({ kind: 'latency', latencyMs: 60_000 });
    const run = startApply(gcpSpec(SPEC_API_URL, 'stopped_in_flight'));
    // The first call (the token) is held by the emulator.
    await sleep(500);
    const sent = Date.now();
    run.child.kill('SIGTERM');
    const { code, at } = await run.exited;
    expect(code).toBe(EXIT_CODES.interrupted);
    expect(at - sent).toBeLessThan(PROMPT_MS);
    expect(stoppedLines(run.output())).toHaveLength(1);
    expect(run.output()).not.toContain('unexpected failure');
  });

  test('a second signal while stopping changes nothing: still one line and exit 130', async () => {
    const run = startApply(gcpSpec(SPEC_API_URL, 'stopped_twice'));
    await until('the handler to wait for provisioning', () => run.output().includes('Waiting for Sigma to provision'));
    run.child.kill('SIGINT');
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code).toBe(EXIT_CODES.interrupted);
    expect(stoppedLines(run.output())).toHaveLength(1);
  });
});

/** Whether the process runs (a zombie, waiting for a parent to collect it, has ended). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

const onLinux = existsSync('/proc/self/stat') ? describe : describe.skip;

onLinux('when what started it is gone', () => {
  /**
   * A stand-in for Terraform: a node process that starts the handler, directly (as the `external`
   * provider does) or through `/bin/sh -c` (as local-exec does), prints the handler's pid and
   * stays until killed.
   */
  function startThroughParent(spec: IntegrationSpec, through: 'directly' | 'sh -c'): { parent: ChildProcess; handlerPid: Promise<number> } {
    const script = `
      const { spawn } = require('child_process');
      const [bundle, through] = process.argv.slice(1);
      const child = through === 'directly'
        ? spawn(process.execPath, [bundle, 'apply'], { stdio: ['ignore', 'ignore', 'ignore'] })
        : spawn('/bin/sh', ['-c', '"' + process.execPath + '" "' + bundle + '" apply & echo "$!"; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
      if (through === 'directly') console.log(child.pid); else child.stdout.pipe(process.stdout);
      setInterval(() => undefined, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', script, bundle, through], {
      env: env({ SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec) }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const handlerPid = new Promise<number>((resolve) => {
      let text = '';
      parent.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n')) resolve(Number(text.trim().split('\n')[0]));
      });
    });
    return { parent, handlerPid };
  }

  test.each(['directly', 'sh -c'] as const)(
    'started %s by a process that is killed: the handler notices within a second or two and makes no further Sigma call',
    async (through) => {
      const spec = gcpSpec(SPEC_API_URL, `orphaned_${through === 'directly' ? 'direct' : 'shell'}`);
      const { parent, handlerPid } = startThroughParent(spec, through);
      const pid = await handlerPid;
      await until('the handler to create the integration', () => emulator.state().integrations.some((i) => i.name === spec.name));
      expect(running(pid)).toBe(true);

      const killed = Date.now();
      parent.kill('SIGKILL');
      await until('the orphaned handler to exit', () => !running(pid), PROMPT_MS);
      expect(Date.now() - killed).toBeLessThan(PROMPT_MS);
      await expectNoFurtherCalls();
    },
  );
});

test('no output above holds the client secret or an issued token', () => {
  for (const secret of [ADMIN_SECRET, ...proxy.tokens]) {
    for (const output of capturedOutput) expect(output).not.toContain(secret);
  }
});
