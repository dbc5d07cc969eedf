// Bundles the programs that run outside the jsii library into single files with no runtime
// dependencies: the custom-resource handler (run by Terraform with `node`) and the CLI.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
  // A bundle has no package.json beside it once copied into a stack: it carries its version.
  define: { __SIGMA_AUDIT_LOGS_VERSION__: JSON.stringify(version) },
};

await Promise.all([
  build({ ...common, entryPoints: ['src/handler/main.ts'], outfile: 'dist/handler.js', minify: true }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
]);
