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

/**
 * Leaves out of the handler what it never runs, since Terraform starts it three times per
 * integration and every start parses the whole file (see docs/benchmarks.md):
 * - zod's translated error messages (`z.locales`, `z.core.locales`): the English ones stay, as zod
 *   imports them itself;
 * - undici's fetch, WebSocket, cache and mock layers: the handler needs `Agent` and its `request`,
 *   which undici's own index adds to the dispatcher the same way as below.
 */
const leanHandlerDependencies = {
  name: 'lean-handler-dependencies',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer) ? { path: 'zod-locales', namespace: 'lean' } : undefined,
    );
    pluginBuild.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici-agent', namespace: 'lean' }));
    pluginBuild.onLoad({ filter: /^zod-locales$/, namespace: 'lean' }, () => ({ contents: 'export {};', loader: 'js' }));
    pluginBuild.onLoad({ filter: /^undici-agent$/, namespace: 'lean' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: [
        "const Agent = require('undici/lib/dispatcher/agent');",
        "const Dispatcher = require('undici/lib/dispatcher/dispatcher');",
        "Object.assign(Dispatcher.prototype, require('undici/lib/api'));",
        'module.exports = { Agent };',
      ].join('\n'),
    }));
  },
};

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
