/**
 * What the benchmark runs: the compiled package (lib/), the handler bundle (dist/), and the synth
 * probes, bundled by esbuild so that they run with plain `node`, the way a user runs a cdktf app.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(__dirname, '..');
export const PROBES = path.join(ROOT, 'bench', 'probes');
/** Inside node_modules, so that the bundles resolve their external packages as the app would. */
export const PROBE_BUNDLES = path.join(ROOT, 'node_modules', '.cache', 'cdktf-sigma-audit-logs-bench');
/**
 * A copy of the built package (lib/, dist/handler.js, package.json) taken when the benchmark
 * starts, so that a rebuild of the working tree during the run does not change what is measured.
 */
const PACKAGE_COPY = path.join(PROBE_BUNDLES, 'package');
export const LIB_INDEX = path.join(PACKAGE_COPY, 'lib', 'index.js');
export const HANDLER_BUNDLE = path.join(PACKAGE_COPY, 'dist', 'handler.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function builtAfter(file: string, sources: number): boolean {
  return existsSync(file) && statSync(file).mtimeMs >= sources;
}

/**
 * Compiles lib/ and bundles dist/ when they are missing or older than src/ (or, for dist/, than
 * scripts/bundle.mjs), unless told not to: then it only says so.
 */
export function ensureBuilt(allowBuild: boolean, log: (line: string) => void): void {
  const libIndex = path.join(ROOT, 'lib', 'index.js');
  const handlerBundle = path.join(ROOT, 'dist', 'handler.js');
  const sources = newestMtime(path.join(ROOT, 'src'));
  const libFresh = builtAfter(libIndex, sources);
  const distFresh = builtAfter(handlerBundle, Math.max(sources, statSync(path.join(ROOT, 'scripts', 'bundle.mjs')).mtimeMs));
  if (libFresh && distFresh) return;
  const stale = [libFresh ? '' : 'lib/', distFresh ? '' : 'dist/handler.js'].filter((s) => s !== '').join(' and ');
  if (!allowBuild) {
    if (!existsSync(libIndex) || !existsSync(handlerBundle)) {
      throw new Error(`${stale} missing: run \`npm run compile && npm run bundle\` first, or drop --no-build.`);
    }
    log(`Warning: ${stale} older than src/; measuring them as they are (--no-build).`);
    return;
  }
  log(`Building ${stale} (older than src/ or missing)...`);
  if (!libFresh) {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'jsii', 'bin', 'jsii'), '--silence-warnings=reserved-word'], {
      cwd: ROOT,
      // Its output goes with the progress lines (stderr); stdout carries only the report.
      stdio: ['ignore', 2, 2],
    });
  }
  if (!distFresh) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
}

/** Copies the built package to where the benchmark loads it from (LIB_INDEX, HANDLER_BUNDLE). */
export function copyPackage(): void {
  rmSync(PACKAGE_COPY, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'lib'), path.join(PACKAGE_COPY, 'lib'), { recursive: true, filter: (source) => !source.endsWith('.d.ts') });
  cpSync(path.join(ROOT, 'dist', 'handler.js'), HANDLER_BUNDLE);
  cpSync(path.join(ROOT, 'package.json'), path.join(PACKAGE_COPY, 'package.json'));
}

/** A synth probe: which app module it declares, bundled into one file. */
export interface SynthProbe {
  readonly id: string;
  /** Module under bench/apps exporting `declare(app, size, handlerBundle)`. */
  readonly app: string;
}

export const SYNTH_PROBES: readonly SynthProbe[] = [
  { id: 'example-aws-library', app: 'example-aws-library' },
  { id: 'example-aws-direct', app: 'example-aws-direct' },
  { id: 'example-azure-library', app: 'example-azure-library' },
  { id: 'example-azure-direct', app: 'example-azure-direct' },
  { id: 'example-gcp-library', app: 'example-gcp-library' },
  { id: 'example-gcp-direct', app: 'example-gcp-direct' },
  { id: 'scale-library', app: 'scale-library' },
  { id: 'scale-direct', app: 'scale-direct' },
];

export function probeBundle(id: string): string {
  return path.join(PROBE_BUNDLES, `${id}.js`);
}

/**
 * Bundles each synth probe with its app into one CommonJS file: every package stays external
 * (loaded from node_modules at run time), and the package itself is loaded from lib/index.js,
 * compiled by jsii, as an installed copy would be.
 */
export async function bundleProbes(): Promise<void> {
  mkdirSync(PROBE_BUNDLES, { recursive: true });
  await Promise.all(
    SYNTH_PROBES.map((probe) =>
      build({
        stdin: {
          contents: [
            `import { runSynthProbe } from './probes/synth-probe';`,
            `import { declare } from './apps/${probe.app}';`,
            'runSynthProbe(declare);',
          ].join('\n'),
          resolveDir: path.join(ROOT, 'bench'),
          sourcefile: `${probe.id}.ts`,
          loader: 'ts',
        },
        outfile: probeBundle(probe.id),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        logLevel: 'warning',
        // The examples synthesize themselves when run as the main module; here they are only declared.
        define: { 'require.main': 'undefined' },
        plugins: [
          {
            name: 'compiled-package',
            setup(pluginBuild) {
              pluginBuild.onResolve({ filter: /^cdktf-sigma-audit-logs$/ }, () => ({ path: LIB_INDEX, external: true }));
            },
          },
        ],
      }),
    ),
  );
}
