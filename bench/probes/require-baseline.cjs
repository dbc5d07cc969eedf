// Baseline of require-library.cjs: cdktf and constructs, the package's only dependencies, and
// nothing else. The benchmark checks that the package loads no provider binding module either.
const { performance } = require('node:perf_hooks');

const started = performance.now();
require('cdktf');
require('constructs');
const requireMs = performance.now() - started;

const { loadedModules } = require('./loaded-modules.cjs');
console.log(JSON.stringify({ requireMs, ...loadedModules(), maxRssKb: process.resourceUsage().maxRSS }));
