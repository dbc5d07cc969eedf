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
 * With --cdktn it writes the lock of an example moved to CDK Terrain instead
 * (examples/<name>/cdktn/package-lock.json, for the examples whose provider binding npm serves for
 * cdktn: aws), from the example's package.json as scripts/frameworks.mjs moves it, with the cdktn
 * package's tarball; the packed-example test installs that flavour from it.
 *
 * Usage:
 *   node scripts/example-locks.mjs [--cdktn] [--tarball <path of the package's .tgz>] [aws|azure|gcp ...]
 * Without --tarball it runs `npm pack` (which builds the package: about a minute); without
 * example names it writes all of them. test/examples/locks.test.ts checks the locks are in sync.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRAMEWORKS, toCdktnExampleManifest } from './frameworks.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = ['aws', 'azure', 'gcp'];
/** The examples with a cdktn lock: those whose prebuilt provider binding npm serves for cdktn. */
const CDKTN_EXAMPLES = ['aws'];

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
  let cdktn = false;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cdktn') {
      cdktn = true;
    } else if (argv[i] === '--tarball') {
      tarball = argv[++i];
      if (!tarball) fail('--tarball needs a path, e.g. --tarball /tmp/cdktf-sigma-audit-logs-0.1.0.tgz');
    } else if (EXAMPLES.includes(argv[i])) {
      names.push(argv[i]);
    } else {
      fail(`unknown argument '${argv[i]}': expected --cdktn, --tarball <path> or example names (${EXAMPLES.join(', ')})`);
    }
  }
  const all = cdktn ? CDKTN_EXAMPLES : EXAMPLES;
  const unsupported = names.filter((name) => !all.includes(name));
  if (unsupported.length > 0) fail(`no cdktn lock for ${unsupported.join(', ')}: npm serves no cdktn provider binding for it (cdktn examples: ${all.join(', ')})`);
  return { tarball: tarball && path.resolve(tarball), cdktn, names: names.length > 0 ? names : all };
}

const { tarball: given, cdktn, names } = parseArgs(process.argv.slice(2));
const { version: VERSION } = readJson(path.join(ROOT, 'package.json'));
const PACKAGE = FRAMEWORKS[cdktn ? 'cdktn' : 'cdktf'].library;
const PACKAGE_DIR = cdktn ? path.join(ROOT, 'packages', PACKAGE) : ROOT;
const LOCKED_KEY = `node_modules/${PACKAGE}`;

/** The example's lock with this package resolved from the tarball, from which npm resolves the rest. */
function writeLock(example, tarball) {
  const dir = path.join(ROOT, 'examples', example);
  const manifestFile = path.join(dir, 'package.json');
  const lockFile = cdktn ? path.join(dir, 'cdktn', 'package-lock.json') : path.join(dir, 'package-lock.json');
  const manifest = cdktn ? toCdktnExampleManifest(readJson(manifestFile)) : readJson(manifestFile);
  const range = `^${VERSION}`;
  if (cdktn && manifest.dependencies?.[PACKAGE] !== range) {
    fail(`${example}: moved to cdktn, its package.json asks for ${PACKAGE} ${manifest.dependencies?.[PACKAGE]}: write the cdktf lock first (it sets ${range})`);
  }
  if (!cdktn && manifest.dependencies?.[PACKAGE] !== range) {
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
    mkdirSync(path.dirname(lockFile), { recursive: true });
    writeJson(lockFile, lock);
    console.error(`example-locks: ${example}: wrote ${path.relative(dir, lockFile)} (${Object.keys(lock.packages).length - 1} packages)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let packDir;
let tarball = given;
if (tarball === undefined) {
  packDir = mkdtempSync(path.join(tmpdir(), 'example-lock-pack-'));
  console.error(`example-locks: packing ${PACKAGE} ${VERSION} (builds it: about a minute)`);
  npm(['pack', '--pack-destination', packDir], ROOT);
  // The cdktn package, built by the pack above (prepack), packs from its own folder.
  if (cdktn) {
    rmSync(path.join(packDir, readdirSync(packDir).find((name) => name.endsWith('.tgz'))));
    npm(['pack', '--pack-destination', packDir], PACKAGE_DIR);
  }
  tarball = path.join(packDir, readdirSync(packDir).find((name) => name.endsWith('.tgz')));
} else if (!existsSync(tarball)) {
  fail(`--tarball ${tarball} does not exist: give the file \`npm pack\` wrote, e.g. ${PACKAGE}-${VERSION}.tgz`);
}
try {
  for (const example of names) writeLock(example, tarball);
} finally {
  if (packDir) rmSync(packDir, { recursive: true, force: true });
}
