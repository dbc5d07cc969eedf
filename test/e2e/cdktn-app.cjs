// Preloaded (NODE_OPTIONS=--require) into the app that `cdktn deploy` runs (./app.ts with tsx):
// the same app, on CDK Terrain. `cdktf` is cdktn, as after the import change a user makes, and a
// module of the library's sources (src/) is its counterpart in the compiled cdktn package
// (packages/cdktn-sigma-audit-logs/lib, built from src/ by scripts/cdktn-package.mjs).
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src') + path.sep;
const CDKTN_LIB = path.join(ROOT, 'packages', 'cdktn-sigma-audit-logs', 'lib');

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveOnCdktn(request, ...rest) {
  const renamed = request === 'cdktf' || request.startsWith('cdktf/') ? `cdktn${request.slice('cdktf'.length)}` : request;
  const resolved = resolve.call(this, renamed, ...rest);
  if (resolved.startsWith(SRC) && resolved.endsWith('.ts')) {
    return path.join(CDKTN_LIB, resolved.slice(SRC.length).replace(/\.ts$/, '.js'));
  }
  return resolved;
};
