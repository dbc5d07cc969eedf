#!/usr/bin/env node
// The CLI ships bundled (dist/cli.js). In a source checkout, `npm ci` builds it (prepare).
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!require('node:fs').existsSync(bundle)) {
  console.error(`sigma-audit-logs: ${bundle} is missing: run \`npm run bundle\` in this checkout first.`);
  process.exit(2);
}
require(bundle);
