/**
 * On a Node.js too old for them, the bundled handler and CLI stop with one line naming the
 * version they need, before any other module runs (no stack trace from inside a dependency).
 * No older Node.js is installed here: the bundles run under a preload that reports an older
 * process.versions.node, which is what the check reads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MINIMUM_NODE_VERSION, SUPPORTED_NODE_LINES, nodeVersionProblem } from '../../src/runtime/node-version';
import { runNode } from '../support/child-process';

const ROOT = path.join(__dirname, '..', '..');
const BUNDLES = { handler: path.join(ROOT, 'dist', 'handler.js'), cli: path.join(ROOT, 'dist', 'cli.js') };

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sigma-node-version-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** NODE_OPTIONS that make the process report `version` as its Node.js version. */
function reportingVersion(version: string): Record<string, string> {
  const preload = path.join(work, `node-${version}.cjs`);
  writeFileSync(preload, `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });\n`);
  return { NODE_OPTIONS: `--require ${preload}` };
}

describe('nodeVersionProblem', () => {
  test.each(['20.18.1', '20.19.0', '21.0.0', '22.0.0', '24.22.3', '30.1.2'])('accepts Node.js %s', (version) => {
    expect(nodeVersionProblem('prog', version)).toBeUndefined();
  });

  test.each(['20.18.0', '20.9.9', '19.99.99', '18.20.4', '16.0.0'])('refuses Node.js %s, naming it, the minimum and the supported lines', (version) => {
    expect(nodeVersionProblem('prog', version)).toBe(
      `prog needs Node.js ${MINIMUM_NODE_VERSION} or later, and this is Node.js ${version}. ` +
        'Install a supported Node.js (22 and 24) and put it first on PATH: `node --version` then prints e.g. v22.21.1.',
    );
  });
});

test('the minimum is at least what every bundled dependency declares, and engines starts at the first supported line', () => {
  const parts = (version: string) => version.split('.').map(Number);
  const atLeast = (version: string, minimum: string) => {
    const [a, b] = [parts(version), parts(minimum)];
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
    return true;
  };
  for (const dependency of ['undici', 'commander', 'zod']) {
    const engines: string | undefined = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', dependency, 'package.json'), 'utf8')).engines?.node;
    if (engines === undefined) continue;
    const declared = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines.trim());
    expect({ dependency, engines, understood: declared !== null }).toEqual({ dependency, engines, understood: true });
    expect({ dependency, engines, covered: atLeast(MINIMUM_NODE_VERSION, declared![1]) }).toEqual({ dependency, engines, covered: true });
  }
  const engines = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;
  expect(engines).toBe(`>=${SUPPORTED_NODE_LINES.split(' ')[0]}`);
});

describe.each([
  ['handler', BUNDLES.handler, ['read'], 'The sigma-audit-logs handler'],
  ['CLI', BUNDLES.cli, ['list'], 'sigma-audit-logs'],
])('the %s bundle', (_name, bundle, args, program) => {
  test('on an older Node.js: exit code 1, one line on stderr, nothing else done', async () => {
    // stdin is never read: the handler's `read` would otherwise wait for the query, and `list`
    // would try to reach the Sigma API named in the environment.
    const run = await runNode(bundle, args, {
      cwd: work,
      env: { ...reportingVersion('18.20.4'), SIGMA_API_URL: 'http://127.0.0.1:9', SIGMA_CLIENT_ID: 'id', SIGMA_CLIENT_SECRET: 'secret' },
      stdin: '{"integrationName":"x"}',
    });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `${nodeVersionProblem(program, '18.20.4')}\n`,
    });
  });

  test('on the minimum Node.js: runs', async () => {
    const run = await runNode(bundle, ['--version'], { cwd: work, env: reportingVersion(MINIMUM_NODE_VERSION) });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
