// Loads the compiled package (its `main`, given as the argument) as a user's app does.
const { performance } = require('node:perf_hooks');

const started = performance.now();
require(process.argv[2]);
const requireMs = performance.now() - started;

const { loadedModules } = require('./loaded-modules.cjs');
console.log(JSON.stringify({ requireMs, ...loadedModules(), maxRssKb: process.resourceUsage().maxRSS }));
