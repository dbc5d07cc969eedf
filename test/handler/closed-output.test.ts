/**
 * The handler's output into a pipe whose reader has gone ends quietly, with no stack trace: its
 * help read through `head`, or a Terraform that stopped reading.
 */
import { buildHandler } from './harness';
import { runNode } from '../support/child-process';
import * as path from 'node:path';

test('--help and --version into a closed pipe exit 0 without a word on stderr', async () => {
  const bundle = await buildHandler();
  for (const args of [['--help'], ['--version']]) {
    const result = await runNode(bundle, args, { cwd: path.dirname(bundle), closedOutput: 'stdout' });
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
  }
});

test('a usage error into a closed stderr still exits 2', async () => {
  const bundle = await buildHandler();
  const result = await runNode(bundle, ['nonsense'], { cwd: path.dirname(bundle), closedOutput: 'stderr' });
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
});
