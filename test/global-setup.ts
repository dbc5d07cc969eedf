/**
 * Builds the shipped bundles (dist/handler.js, dist/cli.js) from the current sources once,
 * before any test: synthesis copies the handler into stacks, the handler tests run it as
 * Terraform does, and the CLI tests run the bin, which loads dist/cli.js.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export default function globalSetup(): void {
  execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
}
