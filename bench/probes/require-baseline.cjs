// Baseline of require-library.cjs: cdktf, constructs and, by deep path, the provider classes the
// package uses, and nothing else. The benchmark checks that both load the same provider modules.
const { performance } = require('node:perf_hooks');

const started = performance.now();
require('cdktf');
require('constructs');
require('@cdktf/provider-aws/lib/data-aws-caller-identity');
require('@cdktf/provider-aws/lib/data-aws-partition');
require('@cdktf/provider-aws/lib/iam-policy');
require('@cdktf/provider-aws/lib/iam-role');
require('@cdktf/provider-aws/lib/iam-role-policy-attachment');
require('@cdktf/provider-azurerm/lib/data-azurerm-client-config');
require('@cdktf/provider-azurerm/lib/role-assignment');
require('@cdktf/provider-external/lib/data-external');
require('@cdktf/provider-external/lib/provider');
require('@cdktf/provider-google/lib/project-iam-custom-role');
require('@cdktf/provider-google/lib/storage-bucket-iam-member');
const requireMs = performance.now() - started;

const { loadedModules } = require('./loaded-modules.cjs');
console.log(JSON.stringify({ requireMs, ...loadedModules(), maxRssKb: process.resourceUsage().maxRSS }));
