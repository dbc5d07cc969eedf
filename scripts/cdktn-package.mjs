// Builds the CDK Terrain package, cdktn-sigma-audit-logs, from the same sources as
// cdktf-sigma-audit-logs: src/ staged into packages/cdktn-sigma-audit-logs/ with its imports of
// `cdktf` turned into `cdktn` (scripts/frameworks.mjs), compiled there by jsii with a package.json
// of its own (name, peer dependencies, jsii targets) derived from this one. Run after `jsii` and
// the bundles (dist/): the package ships the same handler and CLI bundles, which use no framework.
//
// The staged files are written only when their content changes, so jsii's incremental build
// recompiles what changed. Everything in the folder but its API references is generated.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { FRAMEWORKS, toCdktnDependencies, toCdktnSource } from './frameworks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CDKTN_PACKAGE_DIR = path.join(root, 'packages', FRAMEWORKS.cdktn.library);

/** package.json of the cdktn package: this one's, renamed, with cdktn's peers and jsii targets. */
function cdktnManifest(manifest) {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const cdktnManifestInstalled = JSON.parse(readFileSync(requireFromRoot.resolve('cdktn/package.json'), 'utf8'));
  const cdktnVersion = cdktnManifestInstalled.version;
  const [major, minor] = cdktnVersion.split('.');
  const pkg = JSON.parse(JSON.stringify(manifest));
  pkg.name = FRAMEWORKS.cdktn.library;
  pkg.description = manifest.description.replace(/^CDK for Terraform constructs/, 'CDK Terrain (cdktn) constructs');
  pkg.keywords = ['cdktn', 'cdk-terrain', ...manifest.keywords.filter((keyword) => keyword !== 'cdktf'), 'opentofu'];
  // cdktn's minor line, and constructs in the range cdktn itself accepts.
  pkg.peerDependencies = { cdktn: `^${major}.${minor}.0`, constructs: cdktnManifestInstalled.peerDependencies.constructs };
  pkg.devDependencies = toCdktnDependencies({ cdktf: manifest.devDependencies.cdktf, constructs: manifest.devDependencies.constructs }, { cdktn: cdktnVersion });
  delete pkg.scripts;
  const targets = pkg.jsii.targets;
  targets.python = { distName: FRAMEWORKS.cdktn.library, module: FRAMEWORKS.cdktn.pythonModule };
  // The module's last path element is the package's name (the organization before it stays).
  const goModule = targets.go.moduleName.split('/');
  goModule[goModule.length - 1] = goModule[goModule.length - 1].replace(FRAMEWORKS.cdktf.library, FRAMEWORKS.cdktn.library);
  targets.go = { moduleName: goModule.join('/'), packageName: 'cdktnsigmaauditlogs' };
  targets.java = {
    package: `${targets.java.package}.cdktn`,
    maven: { groupId: targets.java.maven.groupId, artifactId: FRAMEWORKS.cdktn.library },
  };
  targets.dotnet = { namespace: 'CdktnSigmaAuditLogs', packageId: 'CdktnSigmaAuditLogs' };
  return pkg;
}

/** The README for the cdktn package: this one, its title renamed and its TypeScript snippets importing cdktn. */
function cdktnReadme(readme) {
  const body = readme.replace(/^(```(?:ts|typescript)\n)([\s\S]*?)(^```)/gm, (_match, open, code, close) => `${open}${toCdktnSource(code)}${close}`);
  return body.replace(
    /^# .*\n/,
    `# ${FRAMEWORKS.cdktn.library}\n\n` +
      `The CDK Terrain (cdktn) build of ${FRAMEWORKS.cdktf.library}: the same constructs, version and documentation, ` +
      'for apps on `cdktn` (see "CDK Terrain (cdktn)" below). The TypeScript snippets import `cdktn`.\n',
  );
}

function writeIfChanged(file, content) {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Stages every file of `from` into `to` through `transform`, and removes what `from` no longer has. */
function stageTree(from, to, transform) {
  const kept = new Set();
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    kept.add(name);
    if (statSync(source).isDirectory()) stageTree(source, target, transform);
    else writeIfChanged(target, transform(readFileSync(source, 'utf8')));
  }
  if (!existsSync(to)) return;
  for (const name of readdirSync(to)) if (!kept.has(name)) rmSync(path.join(to, name), { recursive: true, force: true });
}

export function stageCdktnPackage() {
  const out = CDKTN_PACKAGE_DIR;
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  stageTree(path.join(root, 'src'), path.join(out, 'src'), toCdktnSource);
  writeIfChanged(path.join(out, 'package.json'), `${JSON.stringify(cdktnManifest(manifest), null, 2)}\n`);
  writeIfChanged(path.join(out, manifest.jsii.tsconfig), readFileSync(path.join(root, manifest.jsii.tsconfig), 'utf8'));
  writeIfChanged(path.join(out, 'README.md'), cdktnReadme(readFileSync(path.join(root, 'README.md'), 'utf8')));
  for (const folder of ['bin', 'docs']) cpSync(path.join(root, folder), path.join(out, folder), { recursive: true });
  // jsii and jsii-docgen find the dependencies' assemblies (cdktn, constructs) in the package's node_modules.
  if (!existsSync(path.join(out, 'node_modules'))) symlinkSync(path.join('..', '..', 'node_modules'), path.join(out, 'node_modules'), 'dir');
  mkdirSync(path.join(out, 'dist'), { recursive: true });
  for (const bundle of ['handler.js', 'cli.js']) {
    const built = path.join(root, 'dist', bundle);
    if (!existsSync(built)) throw new Error(`${path.relative(root, built)} is missing: run \`npm run bundle\` before building the cdktn package.`);
    copyFileSync(built, path.join(out, 'dist', bundle));
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = stageCdktnPackage();
  // jsii with the flags of `npm run compile`, which builds the cdktf package.
  const [command, ...flags] = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.compile.split(' ');
  if (command !== 'jsii') throw new Error(`package.json's "compile" script no longer starts with jsii: update ${path.relative(root, fileURLToPath(import.meta.url))}.`);
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'jsii', 'bin', 'jsii'), ...flags], { cwd: out, stdio: 'inherit' });
}
