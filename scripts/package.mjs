// Builds the library's packages for the other jsii languages with jsii-pacmak, into dist-jsii/<language>/.
//
//   node scripts/package.mjs                  Python wheel and Go module (the targets built and tested here)
//   node scripts/package.mjs python           one or more of: python go java dotnet
//   node scripts/package.mjs go --code-only   generate the sources without building them
//   node scripts/package.mjs python --cdktn   the CDK Terrain package (packages/cdktn-sigma-audit-logs,
//                                             scripts/cdktn-package.mjs) into dist-jsii/cdktn/<language>/
//
// The packages carry the library only: the `sigma-audit-logs` CLI and its bundle stay in the npm
// package. jsii-pacmak would turn package.json's "bin" into a Python console script that starts the
// CLI through the jsii runtime, which adds its own start-up to every call and, for a program that
// serves until stopped or reads standard input (the emulator, `reconcile`), leaves the Python
// process and the jsii kernel in between; `npx sigma-audit-logs` runs it directly with Node.js,
// which every language's cdktf project has anyway. So pacmak works on a staged copy of the package
// whose package.json and assembly have no "bin", and whose dist/ has only the handler bundle that
// synthesized stacks copy.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const LANGUAGES = ['python', 'go', 'java', 'dotnet'];
const BUILT_HERE = ['python', 'go'];

const args = process.argv.slice(2);
const codeOnly = args.includes('--code-only');
const cdktn = args.includes('--cdktn');
/** The package to build: the cdktf one at the root, or the cdktn one built from the same sources. */
const packageRoot = cdktn ? path.join(root, 'packages', 'cdktn-sigma-audit-logs') : root;
const OUTDIR = cdktn ? path.join(root, 'dist-jsii', 'cdktn') : path.join(root, 'dist-jsii');
const unknown = args.filter((arg) => arg !== '--code-only' && arg !== '--cdktn' && !LANGUAGES.includes(arg));
if (unknown.length > 0) {
  console.error(`Unknown argument(s) ${unknown.join(' ')}; expected languages among ${LANGUAGES.join(', ')}, --code-only and --cdktn. Example: node scripts/package.mjs python`);
  process.exit(2);
}
const targets = args.filter((arg) => LANGUAGES.includes(arg));
if (targets.length === 0) targets.push(...BUILT_HERE);

function log(line) {
  process.stderr.write(`[package] ${line}\n`);
}

function run(command, commandArgs, options = {}) {
  execFileSync(command, commandArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

function olderThan(file, ...sources) {
  return !existsSync(file) || statSync(file).mtimeMs < Math.max(...sources.map((source) => newestMtime(path.join(root, source))));
}

const started = Date.now();
const bin = (pkg, ...parts) => path.join(root, 'node_modules', pkg, 'bin', ...parts);

// 1. The assembly (lib/ and .jsii), when older than what it is built from (the README is its readme).
const assembly = path.join(root, '.jsii');
if (olderThan(assembly, 'src', 'package.json', 'README.md', 'tsconfig.jsii.json')) {
  log('compiling the jsii assembly (older than src/, package.json or README.md)...');
  run(process.execPath, [bin('jsii', 'jsii'), '--silence-warnings=reserved-word']);
}

// 2. The handler bundle the constructs copy into stacks (deterministic: same sources, same bytes);
//    the cdktn package is staged and compiled from the sources with it (incremental).
run(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')]);
if (cdktn) run(process.execPath, [path.join(root, 'scripts', 'cdktn-package.mjs')]);

// 3. The code samples of the README and doc comments, translated into each language (the
//    packages' READMEs and docs show them in their own language). --strict: every sample compiles.
//    They compile against this checkout's node_modules: the samples declare providers with the
//    prebuilt bindings, which are dev dependencies, not dependencies of the assembly.
//    Not for the cdktn package: its README's snippets import cdktn's prebuilt provider bindings,
//    which npm does not serve for every provider; its packages show the TypeScript snippets.
const tablet = path.join(root, '.jsii.tabl.json');
if (!cdktn && olderThan(tablet, '.jsii')) {
  log('translating the code samples (jsii-rosetta extract --strict)...');
  const samples = mkdtempSync(path.join(tmpdir(), 'cdktf-sigma-audit-logs-samples-'));
  try {
    const modules = path.join(samples, 'node_modules');
    mkdirSync(modules);
    const installed = realpathSync(path.join(root, 'node_modules'));
    for (const name of readdirSync(installed).filter((entry) => !entry.startsWith('.'))) {
      symlinkSync(path.join(installed, name), path.join(modules, name), 'dir');
    }
    symlinkSync(root, path.join(modules, 'cdktf-sigma-audit-logs'), 'dir');
    run(process.execPath, [bin('jsii-rosetta', 'jsii-rosetta'), 'extract', '--strict', '--directory', samples, assembly]);
    dropPhantomPythonImports(tablet);
  } catch (error) {
    // It writes the tablet even when a sample does not compile: not a fresh one for next time.
    rmSync(tablet, { force: true });
    throw error;
  } finally {
    rmSync(samples, { recursive: true, force: true });
  }
}

/**
 * jsii-rosetta adds, for each struct of a provider's submodule that a sample builds (the azurerm
 * provider's `features: [{}]`), an import from a module named after the struct, which does not
 * exist (`from cdktf_cdktf_provider_azurerm.AzurermProviderFeatures import AzurermProviderFeatures`).
 * Drops such a line of a Python translation when another line imports the same name (the
 * sample imports the struct from its real module).
 */
function dropPhantomPythonImports(file) {
  const content = JSON.parse(readFileSync(file, 'utf8'));
  for (const snippet of Object.values(content.snippets ?? {})) {
    const python = snippet.translations?.python;
    if (python === undefined) continue;
    const lines = python.source.split('\n');
    const importedElsewhere = (name, index) =>
      lines.some((line, other) => other !== index && new RegExp(`^from \\S+ import .*\\b${name}\\b`).test(line));
    python.source = lines
      .filter((line, index) => {
        const phantom = /^from \S+\.([A-Z]\w*) import (\w+)(?:, \w+)*$/.exec(line);
        return !(phantom && phantom[1] === phantom[2] && importedElsewhere(phantom[1], index));
      })
      .join('\n');
  }
  writeFileSync(file, JSON.stringify(content, null, 2));
}

// 4. The staged package: what npm would pack, without the CLI.
const stageParent = mkdtempSync(path.join(tmpdir(), 'cdktf-sigma-audit-logs-package-'));
const stage = path.join(stageParent, path.basename(packageRoot === root ? 'cdktf-sigma-audit-logs' : packageRoot));
try {
  mkdirSync(path.join(stage, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8'));
  delete pkg.bin;
  // No prepack: the package is built above, and the stage has no sources to build it from.
  delete pkg.scripts;
  pkg.files = ['lib/**/*.js', 'lib/**/*.d.ts', 'dist/handler.js', '.jsii', 'README.md'];
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

  const spec = JSON.parse(readFileSync(path.join(packageRoot, '.jsii'), 'utf8'));
  if (spec.schema !== 'jsii/0.10.0') throw new Error(`.jsii has schema ${spec.schema}; expected an uncompressed jsii/0.10.0 assembly.`);
  delete spec.bin;
  // As @jsii/spec marks an assembly changed after compilation (the fingerprint is not checked).
  spec.fingerprint = '*'.repeat(10);
  writeFileSync(path.join(stage, '.jsii'), JSON.stringify(spec, null, 2));
  if (!cdktn) copyFileSync(tablet, path.join(stage, '.jsii.tabl.json'));
  cpSync(path.join(packageRoot, 'lib'), path.join(stage, 'lib'), { recursive: true, filter: (source) => !source.endsWith('.tsbuildinfo') });
  copyFileSync(path.join(packageRoot, 'dist', 'handler.js'), path.join(stage, 'dist', 'handler.js'));
  copyFileSync(path.join(packageRoot, 'README.md'), path.join(stage, 'README.md'));
  // pacmak finds the dependencies' assemblies (cdktf, constructs) from the package's directory.
  symlinkSync(realpathSync(path.join(root, 'node_modules')), path.join(stage, 'node_modules'), 'dir');

  // 5. jsii-pacmak. --no-fingerprint: the staged assembly's fingerprint does not change with it.
  log(`jsii-pacmak ${targets.join(' ')}${codeOnly ? ' (code only)' : ''} into dist-jsii/...`);
  for (const target of targets) rmSync(path.join(OUTDIR, target), { recursive: true, force: true });
  run(process.execPath, [
    bin('jsii-pacmak', 'jsii-pacmak'),
    stage,
    '--outdir',
    OUTDIR,
    '--targets',
    ...targets,
    '--no-fingerprint',
    ...(codeOnly ? ['--code-only'] : []),
  ]);
} finally {
  rmSync(stageParent, { recursive: true, force: true });
}
log(`done in ${Math.round((Date.now() - started) / 1000)} s: ${targets.map((target) => `${path.relative(root, OUTDIR)}/${target}/`).join(', ')}`);
