// Bundles the programs that run outside the jsii library into single files with no runtime
// dependencies: the custom-resource handler (run by Terraform with `node`) and the CLI.
//
//   node scripts/bundle.mjs                  into dist/
//   node scripts/bundle.mjs --outdir <dir>   elsewhere (tests build the shipped bundles this way)
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag >= 0 && process.argv[outdirFlag + 1] ? path.resolve(process.argv[outdirFlag + 1]) : path.join(root, 'dist');

/** Which parts of leanHandlerDependencies applied in the last build: each must, or the build fails. */
const applied = { zodLocales: new Set(), undici: false };

/**
 * Leaves out of the handler what it never runs, since Terraform starts it several times per
 * integration and every start parses the whole file (see docs/benchmarks.md):
 * - zod's translated error messages (`z.locales`, `z.core.locales`): the English ones stay, as zod
 *   imports them itself;
 * - undici: the handler's client runs on node's own http (src/handler/environment.ts) and loads
 *   undici only when asked for it; should a change ask for it in the handler, the run stops with a
 *   message saying so rather than carry a second HTTP library.
 */
const leanHandlerDependencies = {
  name: 'lean-handler-dependencies',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      const importer = /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.exec(args.importer);
      if (!importer) return undefined;
      applied.zodLocales.add(importer[1].replace(/\\/g, '/'));
      return { path: 'zod-locales', namespace: 'lean' };
    });
    pluginBuild.onResolve({ filter: /^undici$/ }, () => {
      applied.undici = true;
      return { path: 'undici-absent', namespace: 'lean' };
    });
    pluginBuild.onLoad({ filter: /^zod-locales$/, namespace: 'lean' }, () => ({ contents: 'export {};', loader: 'js' }));
    pluginBuild.onLoad({ filter: /^undici-absent$/, namespace: 'lean' }, () => ({
      loader: 'js',
      contents:
        "export class Agent { constructor() { throw new Error(\"undici is not part of the handler bundle: its client runs on node's http (httpLibrary: 'node').\"); } }",
    }));
  },
};

/** Fails the build when a part of leanHandlerDependencies found nothing to replace. */
function checkLeanHandlerApplied() {
  const problems = [];
  for (const importer of ['classic/external', 'core/index']) {
    if (!applied.zodLocales.has(importer)) {
      problems.push(`zod's v4/${importer}.js no longer imports ../locales/index.js, so its translated messages would stay in the handler`);
    }
  }
  if (!applied.undici) problems.push("the client no longer imports 'undici' by that name, so the handler's build no longer knows what to leave out");
  if (problems.length > 0) {
    throw new Error(`lean handler build (scripts/bundle.mjs): ${problems.join('; ')}. Update leanHandlerDependencies.`);
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // A bundle has no package.json beside it once copied into a stack: it carries its version.
  define: { __SIGMA_AUDIT_LOGS_VERSION__: JSON.stringify(version) },
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/handler/main.ts'],
    outfile: path.join(outdir, 'handler.js'),
    minify: true,
    plugins: [leanHandlerDependencies],
  }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: path.join(outdir, 'cli.js') }),
]);
checkLeanHandlerApplied();
