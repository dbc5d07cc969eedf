/**
 * Output into a pipe whose reader has gone (`sigma-audit-logs --help | head -n 1`) ends quietly,
 * as with other command-line programs: no stack trace, no message, the command's own exit code.
 * Through the package's real bin, with the reading end closed before the command writes.
 */
import * as path from 'node:path';
import { ADMIN, FAST, Sigma, createReady, startSigma } from './helpers';
import { NodeRun, runNode } from '../support/child-process';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'sigma-audit-logs.js');

let sigma: Sigma;

beforeAll(async () => {
  sigma = await startSigma();
});
afterAll(() => sigma?.close());

function binInto(closedOutput: 'stdout' | 'stderr', args: string[], env: Record<string, string | undefined> = {}): Promise<NodeRun> {
  return runNode(BIN, args, { cwd: ROOT, env, closedOutput });
}

function env(): Record<string, string | undefined> {
  return { ...ADMIN, ...FAST, SIGMA_API_URL: sigma.emulator.url };
}

test('--help, --version and a command help into a closed pipe exit 0 without a word on stderr', async () => {
  for (const args of [['--help'], ['--version'], ['list', '--help'], ['emulator', '--help']]) {
    const result = await binInto('stdout', args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
  }
});

test('list and show into a closed pipe exit 0 without a word on stderr', async () => {
  sigma.emulator.reset();
  await createReady(sigma.admin, { name: 'piped_gcp', cloud: 'gcp', destination: 'gcs://acme-audit/piped/' });
  for (const args of [['list'], ['list', '--json'], ['show', 'piped_gcp'], ['show', 'piped_gcp', '--json']]) {
    const result = await binInto('stdout', args, env());
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
  }
});

test('an error message into a closed stderr still ends with the exit code of the failure', async () => {
  const unknown = await binInto('stderr', ['show', 'piped_nope'], env());
  expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 3, stdout: '' });
  const usage = await binInto('stderr', ['list', '--no-such-option']);
  expect({ code: usage.code, stdout: usage.stdout }).toEqual({ code: 2, stdout: '' });
});
