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
 * Leaves undici out of the handler: its client runs on node's own http (src/handler/environment.ts)
 * and loads undici only when asked for it. Terraform starts the handler several times per
 * integration and every start parses the whole file (docs/benchmarks.md); should a change ask for
 * undici in the handler, that run stops with a message saying so rather than carry a second HTTP
 * library. (zod needs nothing here: the package uses its tree-shakable build, src/schema/zod.ts.)
 */
const handlerWithoutUndici = {
  name: 'handler-without-undici',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici-absent', namespace: 'handler' }));
    pluginBuild.onLoad({ filter: /^undici-absent$/, namespace: 'handler' }, () => ({
      loader: 'js',
      contents:
        "export class Agent { constructor() { throw new Error(\"undici is not part of the handler bundle: its client runs on node's http (httpLibrary: 'node').\"); } }",
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
    plugins: [handlerWithoutUndici],
  }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: path.join(outdir, 'cli.js') }),
]);
