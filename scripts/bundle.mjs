// Bundles the programs that run outside the jsii library into single files with no runtime
// dependencies: the custom-resource handler (run by Terraform with `node`) and the CLI.
//
//   node scripts/bundle.mjs                  into dist/
//   node scripts/bundle.mjs --outdir <dir>   elsewhere (tests build the shipped bundles this way)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag >= 0 && process.argv[outdirFlag + 1] ? path.resolve(process.argv[outdirFlag + 1]) : path.join(root, 'dist');

/**
 * The lines of undici's own index.js that give every dispatcher its `request`; the lean handler
 * build below repeats them with the same internal modules. They are undici internals, so
 * package.json pins the undici version they were read from and the build stops when they move.
 */
const UNDICI_INTERNALS = { Agent: './lib/dispatcher/agent', Dispatcher: './lib/dispatcher/dispatcher', api: './lib/api' };
const UNDICI_API_WIRING = 'Object.assign(Dispatcher.prototype, api)';

function checkUndiciWiring() {
  const undiciVersion = requireFromRoot('undici/package.json').version;
  const index = readFileSync(requireFromRoot.resolve('undici'), 'utf8');
  const expected = [...Object.entries(UNDICI_INTERNALS).map(([name, file]) => `const ${name} = require('${file}')`), UNDICI_API_WIRING];
  const missing = expected.filter((line) => !index.includes(line));
  if (missing.length > 0) {
    throw new Error(
      `undici ${undiciVersion}: its index.js no longer has \`${missing.join('`, `')}\`, which the lean handler build ` +
        '(scripts/bundle.mjs) repeats with the same internal modules. Install the undici version package.json pins, ' +
        'or update leanHandlerDependencies for this one.',
    );
  }
}

/** Which parts of leanHandlerDependencies applied in the last build: each must, or the build fails. */
const applied = { zodLocales: new Set(), undici: false };

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
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      const importer = /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.exec(args.importer);
      if (!importer) return undefined;
      applied.zodLocales.add(importer[1].replace(/\\/g, '/'));
      return { path: 'zod-locales', namespace: 'lean' };
    });
    pluginBuild.onResolve({ filter: /^undici$/ }, () => {
      applied.undici = true;
      return { path: 'undici-agent', namespace: 'lean' };
    });
    pluginBuild.onLoad({ filter: /^zod-locales$/, namespace: 'lean' }, () => ({ contents: 'export {};', loader: 'js' }));
    pluginBuild.onLoad({ filter: /^undici-agent$/, namespace: 'lean' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: [
        ...Object.entries(UNDICI_INTERNALS).map(([name, file]) => `const ${name} = require('undici/${file.slice('./'.length)}');`),
        `${UNDICI_API_WIRING};`,
        'module.exports = { Agent };',
      ].join('\n'),
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
  if (!applied.undici) problems.push("the handler no longer imports 'undici' by that name, so all of undici would be in the handler");
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

checkUndiciWiring();
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
