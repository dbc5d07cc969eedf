// What a probe reports about the modules it loaded: the provider modules (package and folder
// under lib/), and any provider root barrel among them.
const PROVIDER_MODULE = /node_modules\/(@cdktf\/provider-[^/]+)\/lib\/(?:([^/]+)\/)?index\.js$/;

function loadedModules() {
  const providerModules = [];
  const barrels = [];
  for (const file of Object.keys(require.cache)) {
    const match = PROVIDER_MODULE.exec(file.split('\\').join('/'));
    if (!match) continue;
    if (match[2] === undefined) barrels.push(match[1]);
    else providerModules.push(`${match[1]}/lib/${match[2]}`);
  }
  return { moduleCount: Object.keys(require.cache).length, providerModules: providerModules.sort(), barrels: barrels.sort() };
}

module.exports = { loadedModules };
