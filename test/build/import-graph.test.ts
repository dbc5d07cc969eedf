/**
 * The package must never load a provider's root barrel (`@cdktf/provider-aws` and the like): each
 * loads every resource class of its provider, seconds and hundreds of MB for a user's synth. The
 * guard loads the package's entry in a fresh node process and looks at every module it loaded,
 * so an indirect load (through another module) is caught as well as a direct import.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'src', 'index.ts');

/** A provider package's root module: `node_modules/@cdktf/provider-<name>/lib/index.js` (or `index.js`). */
const PROVIDER_BARREL = /[\\/]node_modules[\\/](@cdktf[\\/]provider-[^\\/]+)[\\/](?:lib[\\/])?index\.js$/;
/** One resource or data source class of a provider: `.../lib/<resource>/index.js`. */
const PROVIDER_RESOURCE_MODULE = /[\\/]node_modules[\\/](@cdktf[\\/]provider-[^\\/]+)[\\/]lib[\\/][^\\/]+[\\/]index\.js$/;

/** The provider packages whose root barrel is among these module files. */
function providerBarrels(moduleFiles: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of moduleFiles) {
    const match = PROVIDER_BARREL.exec(file);
    if (match) found.add(match[1].replace(/\\/g, '/'));
  }
  return [...found].sort();
}

/** The provider packages of which at least one resource module is among these module files. */
function providersDeepLoaded(moduleFiles: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of moduleFiles) {
    const match = PROVIDER_RESOURCE_MODULE.exec(file);
    if (match) found.add(match[1].replace(/\\/g, '/'));
  }
  return [...found].sort();
}

/**
 * Bundles an entry's own sources (packages stay external, as installed), loads the bundle in a new
 * node process and returns every module file that process loaded.
 */
async function modulesLoadedBy(entry: string, workDir: string): Promise<string[]> {
  const bundle = path.join(workDir, `${path.basename(entry, '.ts')}.js`);
  await build({
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
  const script = `require(${JSON.stringify(bundle)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    // The bundle lives outside the repository: its packages are found through NODE_PATH.
    env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules'), CHECKPOINT_DISABLE: '1' },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as string[];
}

describe('providerBarrels', () => {
  const deep = [
    '/app/node_modules/@cdktf/provider-aws/lib/iam-role/index.js',
    '/app/node_modules/@cdktf/provider-google/lib/storage-bucket-iam-member/index.js',
    '/app/node_modules/cdktf/lib/index.js',
    '/app/lib/index.js',
  ];

  test('finds nothing in a graph of deep imports only', () => {
    expect(providerBarrels(deep)).toEqual([]);
  });

  test('names each provider whose root barrel is in the graph, on any platform', () => {
    expect(
      providerBarrels([
        ...deep,
        '/app/node_modules/@cdktf/provider-aws/lib/index.js',
        'C:\\app\\node_modules\\@cdktf\\provider-azurerm\\lib\\index.js',
        '/app/node_modules/@cdktf/provider-google/index.js',
      ]),
    ).toEqual(['@cdktf/provider-aws', '@cdktf/provider-azurerm', '@cdktf/provider-google']);
  });
});

describe("the package's import graph", () => {
  let workDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'sigma-import-graph-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  test('loads the providers it uses by deep path only, never a root barrel', async () => {
    const modules = await modulesLoadedBy(ENTRY, workDir);
    // The check sees provider modules at all: each provider the package uses is there, deep.
    expect(providersDeepLoaded(modules)).toEqual([
      '@cdktf/provider-aws',
      '@cdktf/provider-azurerm',
      '@cdktf/provider-external',
      '@cdktf/provider-google',
    ]);
    expect(providerBarrels(modules)).toEqual([]);
  });

  test('catches a root import reached through the package (scratch entry, not the real tree)', async () => {
    // The external provider's barrel is the cheap one to load.
    const scratch = path.join(workDir, 'scratch-entry.ts');
    writeFileSync(
      scratch,
      [`export * from ${JSON.stringify(ENTRY.replace(/\.ts$/, ''))};`, "export { ExternalProvider } from '@cdktf/provider-external';"].join('\n'),
    );
    expect(providerBarrels(await modulesLoadedBy(scratch, workDir))).toEqual(['@cdktf/provider-external']);
  });
});
