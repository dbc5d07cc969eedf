// The two frameworks this library is published for, and the one rule that turns code written for
// CDK for Terraform (cdktf) into code for its fork CDK Terrain (cdktn): the module names change,
// nothing else (cdktf.json, cdktf.out and the CDKTF_* variables stay as they are).
//
// Used by the build of the cdktn package (scripts/cdktn-package.mjs), by the tests that
// synthesize the same stacks under both frameworks, by scripts/example-locks.mjs, and by the
// end-to-end test that copies a cdktn flavour of an example out of the repository:
//
//   node scripts/frameworks.mjs cdktn-example <dir>   moves the copy of a TypeScript example in
//                                                     <dir> to cdktn, in place (its .ts files and
//                                                     package.json; not its lock)
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package names of each framework: the library, its peer, the CLI, the prebuilt providers' scope. */
export const FRAMEWORKS = {
  cdktf: { library: 'cdktf-sigma-audit-logs', core: 'cdktf', cli: 'cdktf-cli', providerScope: '@cdktf', pythonModule: 'cdktf_sigma_audit_logs' },
  cdktn: { library: 'cdktn-sigma-audit-logs', core: 'cdktn', cli: 'cdktn-cli', providerScope: '@cdktn', pythonModule: 'cdktn_sigma_audit_logs' },
};

/**
 * A module specifier of cdktf code as a cdktn program names it: `cdktf` and its subpaths, the
 * prebuilt providers `@cdktf/provider-*`, and this library. Any other specifier is returned as is.
 */
export function cdktnModuleName(specifier) {
  const { cdktf, cdktn } = FRAMEWORKS;
  if (specifier === cdktf.library) return cdktn.library;
  if (specifier === cdktf.core || specifier.startsWith(`${cdktf.core}/`)) return cdktn.core + specifier.slice(cdktf.core.length);
  if (specifier.startsWith(`${cdktf.providerScope}/provider-`)) return cdktn.providerScope + specifier.slice(cdktf.providerScope.length);
  return specifier;
}

/** Matches the module specifier of an `import … from`, `export … from`, `import(…)` or `require(…)`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\2/gm;

/** TypeScript or JavaScript source written for cdktf, rewritten for cdktn: its module specifiers only. */
export function toCdktnSource(source) {
  return source.replace(SPECIFIER, (_match, lead, quote, specifier) => `${lead}${quote}${cdktnModuleName(specifier)}${quote}`);
}

/**
 * A package.json's dependency map (dependencies, devDependencies, peerDependencies) for cdktn:
 * each cdktf package replaced by its cdktn counterpart, at the range `ranges` gives for a package
 * (renamed or not), else at the same range.
 */
export function toCdktnDependencies(dependencies, ranges) {
  if (dependencies === undefined) return undefined;
  const result = {};
  for (const [name, range] of Object.entries(dependencies)) {
    const renamed = name === FRAMEWORKS.cdktf.cli ? FRAMEWORKS.cdktn.cli : cdktnModuleName(name);
    result[renamed] = ranges[renamed] ?? range;
  }
  return result;
}

/** The prebuilt provider bindings published for cdktn that the TypeScript examples can move to, with their ranges. */
export const CDKTN_PROVIDER_RANGES = { '@cdktn/provider-aws': '^25.7.0' };

/**
 * The package.json of a TypeScript example (examples/<cloud>) moved to cdktn, as the README's
 * "CDK Terrain (cdktn)" section tells a user: the dependencies renamed (cdktn, cdktn-cli and
 * constructs at `ranges`, the library at its own range, the provider bindings at
 * CDKTN_PROVIDER_RANGES) and the scripts running the cdktn CLI.
 */
export function toCdktnExampleManifest(manifest, ranges = cdktnExampleRanges()) {
  const all = { ...CDKTN_PROVIDER_RANGES, ...ranges };
  const scripts = Object.fromEntries(
    Object.entries(manifest.scripts ?? {}).map(([name, command]) => [name, command.replace(/^cdktf\b/, FRAMEWORKS.cdktn.core)]),
  );
  return {
    ...manifest,
    scripts,
    dependencies: toCdktnDependencies(manifest.dependencies, all),
    devDependencies: toCdktnDependencies(manifest.devDependencies, all),
  };
}

/** The ranges of cdktn, cdktn-cli and constructs in an example moved to cdktn: from the versions this repository tests. */
export function cdktnExampleRanges() {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { devDependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const { cdktn } = FRAMEWORKS;
  return {
    [cdktn.core]: `^${devDependencies[cdktn.core]}`,
    [cdktn.cli]: `^${devDependencies[cdktn.cli]}`,
    constructs: `^${devDependencies.constructs}`,
  };
}

/** Moves the copy of a TypeScript example in `dir` to cdktn, in place: every .ts file and package.json. */
export function moveExampleToCdktn(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name === 'node_modules' || name === 'cdktf.out') continue;
    if (statSync(file).isDirectory()) moveExampleToCdktn(file);
    else if (name.endsWith('.ts')) writeFileSync(file, toCdktnSource(readFileSync(file, 'utf8')));
    else if (name === 'package.json') {
      writeFileSync(file, `${JSON.stringify(toCdktnExampleManifest(JSON.parse(readFileSync(file, 'utf8'))), null, 2)}\n`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, dir] = process.argv.slice(2);
  if (command !== 'cdktn-example' || !dir) {
    console.error('Usage: node scripts/frameworks.mjs cdktn-example <dir>  (e.g. a copy of examples/aws)');
    process.exit(2);
  }
  moveExampleToCdktn(path.resolve(dir));
}
