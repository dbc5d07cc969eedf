#!/usr/bin/env node
/**
 * Writes the package-lock.json of each example (examples/aws, azure, gcp), so that a copied
 * example installs with `npm ci` and a pipeline gets the versions that were tested.
 *
 * Every dependency is resolved from the npm registry, except this package, which is not published
 * before its release: it is resolved from its packed tarball, then its entry is rewritten to the
 * form the registry will serve it in (the version of the root package.json, no `resolved`, no
 * `integrity`). npm's `omit-lockfile-registry-resolved` keeps every registry host out of the lock:
 * `npm ci` fetches each entry by name and version from whichever registry the user configures.
 * The example's own range for this package is set to `^<version>` along the way.
 *
 * An existing lock seeds the resolution, so that regenerating after a version bump changes only
 * what must change; delete a lock to resolve everything afresh.
 *
 * Usage:
 *   node scripts/example-locks.mjs [--tarball <path of cdktf-sigma-audit-logs-X.Y.Z.tgz>] [aws|azure|gcp ...]
 * Without --tarball it runs `npm pack` (which builds the package: about a minute); without
 * example names it writes all three. test/examples/locks.test.ts checks the locks are in sync.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = ['aws', 'azure', 'gcp'];

function fail(message) {
  console.error(`example-locks: ${message}`);
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function parseArgs(argv) {
  let tarball;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tarball') {
      tarball = argv[++i];
      if (!tarball) fail('--tarball needs a path, e.g. --tarball /tmp/cdktf-sigma-audit-logs-0.1.0.tgz');
    } else if (EXAMPLES.includes(argv[i])) {
      names.push(argv[i]);
    } else {
      fail(`unknown argument '${argv[i]}': expected --tarball <path> or example names (${EXAMPLES.join(', ')})`);
    }
  }
  return { tarball: tarball && path.resolve(tarball), names: names.length > 0 ? names : EXAMPLES };
}

const { name: PACKAGE, version: VERSION } = readJson(path.join(ROOT, 'package.json'));
const LOCKED_KEY = `node_modules/${PACKAGE}`;

/** The example's lock with this package resolved from the tarball, from which npm resolves the rest. */
function writeLock(example, tarball) {
  const dir = path.join(ROOT, 'examples', example);
  const manifestFile = path.join(dir, 'package.json');
  const lockFile = path.join(dir, 'package-lock.json');
  const manifest = readJson(manifestFile);
  const range = `^${VERSION}`;
  if (manifest.dependencies?.[PACKAGE] !== range) {
    manifest.dependencies = { ...manifest.dependencies, [PACKAGE]: range };
    writeJson(manifestFile, manifest);
    console.error(`example-locks: ${example}: ${PACKAGE} set to ${range} in package.json`);
  }

  const work = mkdtempSync(path.join(tmpdir(), `example-lock-${example}-`));
  try {
    const fromTarball = `file:${tarball}`;
    writeJson(path.join(work, 'package.json'), { ...manifest, dependencies: { ...manifest.dependencies, [PACKAGE]: fromTarball } });
    if (existsSync(lockFile)) {
      const seed = readJson(lockFile);
      seed.packages[''].dependencies[PACKAGE] = fromTarball;
      delete seed.packages[LOCKED_KEY];
      writeJson(path.join(work, 'package-lock.json'), seed);
    }
    npm(['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--omit-lockfile-registry-resolved'], work);

    const lock = readJson(path.join(work, 'package-lock.json'));
    const entry = lock.packages[LOCKED_KEY];
    if (entry?.version !== VERSION) fail(`${example}: the lock holds ${PACKAGE} ${entry?.version}, expected ${VERSION} from the tarball ${tarball}`);
    lock.packages[''].dependencies[PACKAGE] = range;
    delete entry.resolved;
    delete entry.integrity;
    const located = Object.entries(lock.packages).filter(([, value]) => value.resolved !== undefined);
    if (located.length > 0) fail(`${example}: entries not from the registry: ${located.map(([key]) => key).join(', ')}`);
    writeJson(lockFile, lock);
    console.error(`example-locks: ${example}: wrote package-lock.json (${Object.keys(lock.packages).length - 1} packages)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const { tarball: given, names } = parseArgs(process.argv.slice(2));
let packDir;
let tarball = given;
if (tarball === undefined) {
  packDir = mkdtempSync(path.join(tmpdir(), 'example-lock-pack-'));
  console.error(`example-locks: packing ${PACKAGE} ${VERSION} (builds it: about a minute)`);
  npm(['pack', '--pack-destination', packDir], ROOT);
  tarball = path.join(packDir, readdirSync(packDir).find((name) => name.endsWith('.tgz')));
} else if (!existsSync(tarball)) {
  fail(`--tarball ${tarball} does not exist: give the file \`npm pack\` wrote, e.g. cdktf-sigma-audit-logs-${VERSION}.tgz`);
}
try {
  for (const example of names) writeLock(example, tarball);
} finally {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
}
