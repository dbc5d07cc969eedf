/**
 * The `sigma-audit-logs emulator` command, run as a child process through the package's bin.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { paths } from '../../src/client/contract';
import { call, eventually, tokenRequest } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'sigma-audit-logs.js');

interface Started {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/**
 * Starts the command and resolves once it has printed `lineCount` stdout lines. `closedStderr`:
 * its log goes into a pipe whose reader has gone.
 */
function startCli(args: string[], env: Record<string, string> = {}, lineCount = 1, closedStderr = false): Promise<Started> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (closedStderr) child.stderr!.destroy();
  else child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no output within 15 s; stderr: ${err}`));
    }, 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      if (lines.length > lineCount) {
        clearTimeout(timer);
        resolve({ child, lines: lines.slice(0, lineCount), stderr: () => err, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing ${lineCount} line(s); stdout: ${out} stderr: ${err}`));
    });
  });
}

/** Runs the command to completion (for option errors). */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sigma-audit-logs emulator (CLI)', () => {
  const running: Started[] = [];

  // The bin loads dist/cli.js, which the test run's global setup builds from the current sources.

  afterEach(async () => {
    for (const started of running.splice(0)) {
      if (started.child.exitCode === null) started.child.kill('SIGKILL');
      await started.exited;
    }
  });

  test('prints its base URL alone on the first line and serves the token endpoint; SIGTERM stops it cleanly', async () => {
    const started = await startCli(['emulator', '--port', '0'], {}, 3);
    running.push(started);
    expect(started.lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.lines.slice(1)).toEqual(['client admin (Admin)', 'client viewer (Viewer)']);
    const reply = await tokenRequest(started.lines[0], { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'admin-secret' });
    expect(reply.status).toBe(200);
    expect(reply.body.access_token).toEqual(expect.any(String));
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.stderr()).toContain('POST /v2/auth/token 200');
  });

  test('--client replaces the default clients; the secret is never printed', async () => {
    const started = await startCli(['emulator', '--port', '0', '--client', 'ci:ci-s3cret:Admin', '--client', 'looker:l00k:Viewer'], {}, 3);
    running.push(started);
    const [url, ...clients] = started.lines;
    expect(clients).toEqual(['client ci (Admin)', 'client looker (Viewer)']);
    expect((await tokenRequest(url, { grant_type: 'client_credentials', client_id: 'ci', client_secret: 'ci-s3cret' })).status).toBe(200);
    expect((await tokenRequest(url, { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'admin-secret' })).status).toBe(401);
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
    expect(started.stderr()).not.toContain('ci-s3cret');
  });

  test('environment equivalents SIGMA_EMULATOR_CLIENTS and SIGMA_EMULATOR_PROVISIONING_DELAY_MS, and --token-lifetime, are applied', async () => {
    const started = await startCli(['emulator', '--port', '0', '--token-lifetime', '120'], {
      SIGMA_EMULATOR_CLIENTS: 'ops:ops-secret:Admin, reader:r:Viewer',
      SIGMA_EMULATOR_PROVISIONING_DELAY_MS: '25',
    }, 3);
    running.push(started);
    const [url, ...clients] = started.lines;
    expect(clients).toEqual(['client ops (Admin)', 'client reader (Viewer)']);
    const token = await tokenRequest(url, { grant_type: 'client_credentials', client_id: 'ops', client_secret: 'ops-secret' });
    expect(token.body.expires_in).toBe(120);
    const state = await call(url, 'GET', '/__emulator/state');
    expect(state.body.config).toMatchObject({ provisioningDelayMs: 25, tokenLifetimeSeconds: 120 });
    const whoami = await call(url, 'GET', paths.whoami, { token: token.body.access_token });
    expect(whoami.body.accountType).toBe('Admin');
  });

  test('SIGMA_EMULATOR_PORT sets the port when --port is not given', async () => {
    // Find a free port by starting and stopping an emulator with port 0.
    const probe = await startCli(['emulator', '--port', '0']);
    const port = new URL(probe.lines[0]).port;
    probe.child.kill('SIGTERM');
    await probe.exited;
    const started = await startCli(['emulator'], { SIGMA_EMULATOR_PORT: port });
    running.push(started);
    expect(started.lines[0]).toBe(`http://127.0.0.1:${port}`);
  });

  test('with its log going into a closed pipe, it keeps serving and stops cleanly on SIGTERM', async () => {
    const started = await startCli(['emulator', '--port', '0'], {}, 1, true);
    running.push(started);
    const url = started.lines[0];
    // Each request writes a log line into the closed pipe.
    for (let i = 0; i < 3; i++) {
      expect((await tokenRequest(url, { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'admin-secret' })).status).toBe(200);
    }
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  });

  test('with its stdout closed before it prints its URL, it keeps serving and stops cleanly on SIGTERM', async () => {
    const probe = await startCli(['emulator', '--port', '0']);
    const url = probe.lines[0];
    probe.child.kill('SIGTERM');
    await probe.exited;
    const child = spawn(process.execPath, [BIN, 'emulator'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', SIGMA_EMULATOR_PORT: new URL(url).port },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const status = await eventually(async () => {
        if (child.exitCode !== null) return -1;
        const reply = await call(url, 'GET', '/__emulator/outbox').catch(() => undefined);
        return reply?.status;
      }, 15_000);
      expect(status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/^GET \/__emulator\/outbox 200 \d+ms\n$/m);
      expect(stderr).not.toMatch(/EPIPE|Error/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test.each([
    [['--port', 'eighty'], {}, /--port is "eighty"; expected a whole number from 0 to 65535\. Example: 8787/],
    [['--port', '70000'], {}, /--port is "70000"/],
    [['--provisioning-delay', '-1'], {}, /--provisioning-delay is "-1"; expected a whole number.*Example: 2000/],
    [['--token-lifetime', '0'], {}, /--token-lifetime is "0"; expected a number of seconds greater than 0\. Example: 3600/],
    [[], { SIGMA_EMULATOR_PORT: 'x' }, /SIGMA_EMULATOR_PORT \(environment\) is "x"/],
    [['--client', 'admin:topsecret'], {}, /--client "admin:<secret hidden>" is invalid: .*Example: ci-admin:change-me:Admin/],
    [['--client', 'a:b:Admin', '--client', 'a:c:Viewer'], {}, /given twice/],
    [[], { SIGMA_EMULATOR_CLIENTS: 'ok:s:Admin,bad:topsecret:' }, /SIGMA_EMULATOR_CLIENTS \(environment\) entry "bad:<secret hidden>:" is invalid/],
  ])('bad option values %j %j exit 2 with a message naming the option, the value and an example', async (args, env, message) => {
    const result = await runCli(['emulator', ...args], env as Record<string, string>);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('topsecret');
    expect(result.stdout).toBe('');
  });

  test('an unknown command or option exits 2', async () => {
    expect((await runCli(['no-such-command'])).code).toBe(2);
    expect((await runCli(['emulator', '--no-such-option'])).code).toBe(2);
  });
});
