/**
 * What `npm pack` ships, installed the way a user gets it: the package's files and its peer
 * dependencies, nothing else. jsii compiles all of src into lib/, including the client, the
 * emulator and the CLI, which need devDependencies (zod, undici, commander) and reach users only
 * bundled in dist/; package.json's `files` must leave them out and keep everything the public
 * constructs load.
 *
 * lib/ is compiled afresh here (tsc with jsii's tsconfig, the same output as `npm run compile`)
 * into a copy of the repository, so the result never depends on a stale local build.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { runNode } from '../support/child-process';

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
/** What a user's install provides besides the package itself. */
const RUNTIME_PACKAGES = new Set([...Object.keys(PACKAGE.dependencies ?? {}), ...Object.keys(PACKAGE.peerDependencies ?? {})]);
/** Installed or generated folders the copy of the repository leaves out (lib/ is compiled into it). */
const NOT_COPIED = new Set(['node_modules', '.git', 'cdktf.out', '.terraform']);
const NOT_COPIED_AT_ROOT = new Set(['lib', 'dist-jsii', 'coverage', '.e2e']);

let work: string;
/** The binding a user of the AWS construct declares the AWS provider with. */
const USER_BINDING = '@cdktf/provider-aws';
/** A copy of the repository with lib/ compiled: what `npm pack` packs from. */
let checkout: string;
/** The installed package: node_modules/<name> of a project that has only the peer dependencies. */
let installed: string;
let project: string;
/** Paths of the packed files, relative to the package root. */
let shipped: Set<string>;

beforeAll(async () => {
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-package-')));
  checkout = path.join(work, 'checkout');
  cpSync(ROOT, checkout, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(path.basename(source)) && !NOT_COPIED_AT_ROOT.has(path.relative(ROOT, source)),
  });
  // dist/ holds the bundles the test run's global setup built from the current sources.
  const tsc = [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.jsii.json'), '--outDir', path.join(checkout, 'lib')];
  await promisify(execFile)(process.execPath, [...tsc, '--incremental', 'false', '--tsBuildInfoFile', 'null'], { cwd: ROOT, timeout: 150_000 });
  // No prepack: it would build in the repository; the copy is built already.
  const pack = ['pack', '--dry-run', '--json', '--ignore-scripts'];
  const { stdout } = await promisify(execFile)('npm', pack, { cwd: checkout, timeout: 60_000 });
  const [packed] = JSON.parse(stdout) as { files: { path: string }[] }[];
  shipped = new Set(packed.files.map((file) => file.path));

  project = path.join(work, 'project');
  installed = path.join(project, 'node_modules', PACKAGE.name);
  for (const file of shipped) {
    mkdirSync(path.dirname(path.join(installed, file)), { recursive: true });
    cpSync(path.join(checkout, file), path.join(installed, file));
  }
  // The AWS user's own binding, which their stack declares its provider with; the package needs none.
  for (const name of [...RUNTIME_PACKAGES, USER_BINDING]) {
    mkdirSync(path.dirname(path.join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(realpathSync(path.join(ROOT, 'node_modules', name)), path.join(project, 'node_modules', name), 'dir');
  }
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The specifiers of a compiled module's `require("...")` calls. */
function requiresOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
}

/** The relative imports of a declaration file (`from "./x"`, `import("./x")`). */
function declarationImportsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom |\bimport\()["'](\.[^"']*)["']/g)].map((m) => m[1]);
}

/** The package-relative file a relative specifier names, as node (or tsc) resolves it in the build. */
function resolveRelative(fromFile: string, specifier: string, extension: '.js' | '.d.ts'): string {
  const base = path.posix.join(path.posix.dirname(fromFile), specifier);
  const candidates = [`${base}${extension}`, `${base}/index${extension}`];
  return candidates.find((candidate) => existsSync(path.join(checkout, candidate))) ?? candidates[0];
}

/** Every package-relative file `entry` loads, following relative specifiers. */
function closure(entry: string, importsOf: (file: string) => string[], extension: '.js' | '.d.ts'): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = path.join(checkout, file);
    if (!existsSync(source)) continue;
    for (const specifier of importsOf(source).filter((s) => s.startsWith('.'))) pending.push(resolveRelative(file, specifier, extension));
  }
  return [...seen].sort();
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('the packed package', () => {
  test('ships the public constructs, both bundles and the bin', () => {
    for (const file of [PACKAGE.main, PACKAGE.types, 'dist/handler.js', 'dist/cli.js', ...Object.values(PACKAGE.bin)]) {
      expect({ file, shipped: shipped.has(path.posix.normalize(file)) }).toEqual({ file, shipped: true });
    }
  });

  test('ships every module and type declaration the package entry loads, transitively', () => {
    const missing = [...closure(PACKAGE.main, requiresOf, '.js'), ...closure(PACKAGE.types, declarationImportsOf, '.d.ts')].filter(
      (file) => !shipped.has(file),
    );
    expect(missing).toEqual([]);
  });

  test('no shipped module requires a devDependency: only Node built-ins, the peer dependencies and shipped files', () => {
    const problems: string[] = [];
    for (const file of [...shipped].filter((f) => f.endsWith('.js'))) {
      for (const specifier of requiresOf(path.join(installed, file))) {
        if (specifier.startsWith('.')) {
          if (!shipped.has(resolveRelative(file, specifier, '.js'))) problems.push(`${file} requires ${specifier}, which is not shipped`);
        } else if (!specifier.startsWith('node:') && !isBuiltin(specifier) && !RUNTIME_PACKAGES.has(packageName(specifier))) {
          problems.push(`${file} requires ${specifier}, not a dependency or peer dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every shipped lib module loads in a project that has only the peer dependencies', async () => {
    const modules = [...shipped].filter((file) => file.startsWith('lib/') && file.endsWith('.js'));
    const probe = path.join(project, 'load-every-module.cjs');
    writeFileSync(
      probe,
      [
        `const failures = [];`,
        `for (const file of ${JSON.stringify(modules)}) {`,
        `  try { require(${JSON.stringify(`${PACKAGE.name}/`)} + file); }`,
        `  catch (error) { failures.push(file + ': ' + error.message.split('\\n')[0]); }`,
        `}`,
        `process.stdout.write(JSON.stringify(failures));`,
      ].join('\n'),
    );
    const run = await runNode(probe, [], { cwd: project });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(modules.length).toBeGreaterThan(10);
  });

  test('synthesizes a stack with the handler bundle from the installed package, by its name', async () => {
    const probe = path.join(project, 'synth.cjs');
    writeFileSync(
      probe,
      [
        `const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');`,
        `const { App, TerraformStack } = require('cdktf');`,
        `const { AwsAuditLogIntegration } = require(${JSON.stringify(PACKAGE.name)});`,
        `const app = new App({ outdir: process.argv[2] });`,
        `const stack = new TerraformStack(app, 'audit');`,
        `new AwsProvider(stack, 'aws', { region: 'us-east-1' });`,
        `new AwsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'audit-bucket', prefix: 'sigma' });`,
        `app.synth();`,
      ].join('\n'),
    );
    const outdir = path.join(work, 'cdktf.out');
    const run = await runNode(probe, [outdir], { cwd: project, env: { CHECKPOINT_DISABLE: '1' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stackDir = path.join(outdir, 'stacks', 'audit');
    const config = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    const program: string[] = Object.values<{ program: string[] }>(config.data.external)[0].program;
    expect(readFileSync(path.join(stackDir, program[1]), 'utf8')).toBe(readFileSync(path.join(installed, 'dist', 'handler.js'), 'utf8'));
  });

  test('the bin runs the shipped CLI bundle', async () => {
    const run = await runNode(path.join(installed, PACKAGE.bin['sigma-audit-logs']), ['--version'], { cwd: project });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.trim()).toBe(PACKAGE.version);
  });
});
