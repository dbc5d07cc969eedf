/**
 * scripts/bundle.mjs leaves parts of undici and zod out of the handler by reaching into their
 * internals (undici's dispatcher modules, zod's locales import). undici is pinned to the version
 * those internals were read from, and the build must stop, saying what moved, rather than ship a
 * handler without `request` or with every translation.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runNode } from '../support/child-process';

const ROOT = path.join(__dirname, '..', '..');

const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A copy of what the bundle build reads (its script, package.json, src) with the installed
 * packages, where one package is a copy whose file `file` is edited: the build runs against it.
 */
function projectWithEditedPackage(name: string, file: string, edit: (text: string) => string): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-lean-build-')));
  workDirs.push(dir);
  for (const entry of ['scripts', 'src', 'package.json']) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  const modules = realpathSync(path.join(ROOT, 'node_modules'));
  mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of readdirSync(modules).filter((e) => e !== name)) {
    symlinkSync(path.join(modules, entry), path.join(dir, 'node_modules', entry));
  }
  const copy = path.join(dir, 'node_modules', name);
  cpSync(path.join(modules, name), copy, { recursive: true });
  const edited = path.join(copy, file);
  const before = readFileSync(edited, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(edited, after);
  return dir;
}

function bundle(project: string) {
  return runNode(path.join(project, 'scripts', 'bundle.mjs'), ['--outdir', path.join(project, 'dist')], { cwd: project });
}

describe('the lean handler build', () => {
  test("stops when zod's translated messages are no longer imported where the build leaves them out", async () => {
    const project = projectWithEditedPackage('zod', 'v4/core/index.js', (text) =>
      text.replace('export * as locales from "../locales/index.js";', ''),
    );
    const run = await bundle(project);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("zod's v4/core/index.js no longer imports ../locales/index.js");
  }, 60_000);
});
