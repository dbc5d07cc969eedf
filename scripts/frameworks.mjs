// The two frameworks this library is published for, and the one rule that turns code written for
// CDK for Terraform (cdktf) into code for its fork CDK Terrain (cdktn): the module names change,
// nothing else (cdktf.json, cdktf.out and the CDKTF_* variables stay as they are).
//
// Used by the build of the cdktn package (scripts/cdktn-package.mjs), by the tests that
// synthesize the same stacks under both frameworks, and by the end-to-end test that copies a
// cdktn flavour of an example out of the repository.

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
 * each cdktf package replaced by its cdktn counterpart at the version `versions` gives for it.
 */
export function toCdktnDependencies(dependencies, versions) {
  if (dependencies === undefined) return undefined;
  const result = {};
  for (const [name, range] of Object.entries(dependencies)) {
    const renamed = name === FRAMEWORKS.cdktf.cli ? FRAMEWORKS.cdktn.cli : cdktnModuleName(name);
    result[renamed] = renamed === name ? range : versions[renamed] ?? range;
  }
  return result;
}
