/**
 * The examples' lock files, as scripts/example-locks.mjs writes them: in sync with each example's
 * package.json (what `npm ci` in a copied example and the pipeline example need), with this
 * package at the version being released, in the form the registry serves it, and no registry host.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const ROOT_MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const REGENERATE = 'run `node scripts/example-locks.mjs` (see CONTRIBUTING.md)';

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

interface LockEntry extends Partial<Manifest> {
  readonly resolved?: string;
  readonly integrity?: string;
}

interface Lock {
  readonly name: string;
  readonly lockfileVersion: number;
  readonly packages: Record<string, LockEntry>;
}

function read<T>(example: string, file: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, 'examples', example, file), 'utf8')) as T;
}

describe.each(['aws', 'azure', 'gcp'])('examples/%s/package-lock.json', (example) => {
  const manifest = read<Manifest>(example, 'package.json');
  const lock = read<Lock>(example, 'package-lock.json');

  test(`declares the same dependencies and ranges as package.json (else ${REGENERATE})`, () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.name).toBe(manifest.name);
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(manifest.devDependencies);
  });

  test('depends on this package at the version being released, as the registry will serve it', () => {
    expect(manifest.dependencies?.[ROOT_MANIFEST.name]).toBe(`^${ROOT_MANIFEST.version}`);
    const entry = lock.packages[`node_modules/${ROOT_MANIFEST.name}`];
    expect(entry).toMatchObject({ version: ROOT_MANIFEST.version, peerDependencies: ROOT_MANIFEST.peerDependencies });
    expect(entry.resolved).toBeUndefined();
    expect(entry.integrity).toBeUndefined();
  });

  test('names no registry: npm fetches every package by name and version from the one the user configures', () => {
    const located = Object.entries(lock.packages).filter(([, entry]) => entry.resolved !== undefined);
    expect(located.map(([key, entry]) => `${key}: ${entry.resolved}`)).toEqual([]);
  });

  test('npm ci accepts it as it is, without the network', () => {
    const dir = mkdtempSync(path.join(tmpdir(), `example-lock-${example}-`));
    try {
      copyFileSync(path.join(ROOT, 'examples', example, 'package.json'), path.join(dir, 'package.json'));
      copyFileSync(path.join(ROOT, 'examples', example, 'package-lock.json'), path.join(dir, 'package-lock.json'));
      // An empty cache and --offline: a lock that does not satisfy package.json (or itself) makes
      // npm look a package up, which fails here instead of quietly resolving it.
      const result = spawnSync(
        'npm',
        ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', path.join(dir, '.npm-cache')],
        { cwd: dir, encoding: 'utf8', timeout: 60_000 },
      );
      expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('examples/aws/cdktn/package-lock.json, the lock of examples/aws moved to cdktn', () => {
  const REGENERATE_CDKTN = 'run `node scripts/example-locks.mjs --cdktn` (see CONTRIBUTING.md)';
  const CDKTN_PACKAGE = 'cdktn-sigma-audit-logs';
  let dir: string;
  let manifest: Manifest;
  const lock = read<Lock>('aws', path.join('cdktn', 'package-lock.json'));

  beforeAll(() => {
    // The example's package.json as the rule of scripts/frameworks.mjs moves it (the README's steps).
    dir = mkdtempSync(path.join(tmpdir(), 'example-lock-aws-cdktn-'));
    copyFileSync(path.join(ROOT, 'examples', 'aws', 'package.json'), path.join(dir, 'package.json'));
    const moved = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'frameworks.mjs'), 'cdktn-example', dir], { encoding: 'utf8' });
    expect(moved.stderr).toBe('');
    manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test(`declares the dependencies of the moved package.json (else ${REGENERATE_CDKTN})`, () => {
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(manifest.devDependencies);
    expect(Object.keys(manifest.dependencies ?? {}).filter((name) => name.includes('cdktf'))).toEqual([]);
  });

  test('depends on the cdktn package at the version being released, as the registry will serve it, and names no registry', () => {
    const entry = lock.packages[`node_modules/${CDKTN_PACKAGE}`];
    expect(entry).toMatchObject({ version: ROOT_MANIFEST.version });
    expect(entry.peerDependencies).toMatchObject({ cdktn: expect.stringMatching(/^\^0\.\d+\.0$/) });
    const located = Object.entries(lock.packages).filter(([, value]) => value.resolved !== undefined);
    expect(located.map(([key, value]) => `${key}: ${value.resolved}`)).toEqual([]);
  });

  test('npm ci accepts it with the moved package.json, without the network', () => {
    copyFileSync(path.join(ROOT, 'examples', 'aws', 'cdktn', 'package-lock.json'), path.join(dir, 'package-lock.json'));
    const result = spawnSync(
      'npm',
      ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', path.join(dir, '.npm-cache')],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: '' });
  });
});
