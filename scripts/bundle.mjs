// Bundles the programs that run outside the jsii library into single files with no runtime
// dependencies: the custom-resource handler (run by Terraform with `node`) and the CLI.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['src/handler/main.ts'], outfile: 'dist/handler.js', minify: true }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' }),
]);
