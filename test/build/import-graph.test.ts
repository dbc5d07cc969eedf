/**
 * The package must load no provider binding (`@cdktf/provider-aws` and the like): it declares the
 * few cloud resources it creates with classes of its own, so that a user of one cloud installs and
 * loads nothing of the others (each binding is hundreds of MB, and seconds to load in Python). The
 * guard loads the package's entry in a fresh node process and looks at every module it loaded, so
 * an indirect load (through another module) is caught as well as a direct import.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'src', 'index.ts');

/** Any module of a provider binding: `node_modules/@cdktf/provider-<name>/...`. */
const PROVIDER_MODULE = /[\\/]node_modules[\\/](@cdktf[\\/]provider-[^\\/]+)[\\/]/;

/** The provider bindings of which at least one module is among these module files. */
function providerBindings(moduleFiles: readonly string[]): string[] {
  const found = new Set<string>();
  for (const file of moduleFiles) {
    const match = PROVIDER_MODULE.exec(file);
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

describe('providerBindings', () => {
  const library = ['/app/node_modules/cdktf/lib/index.js', '/app/node_modules/constructs/lib/index.js', '/app/lib/index.js'];

  test('finds nothing in a graph without provider bindings', () => {
    expect(providerBindings(library)).toEqual([]);
  });

  test('names each binding with a module in the graph, a root barrel or one resource, on any platform', () => {
    expect(
      providerBindings([
        ...library,
        '/app/node_modules/@cdktf/provider-aws/lib/iam-role/index.js',
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

  test('loads no module of any provider binding', async () => {
    const modules = await modulesLoadedBy(ENTRY, workDir);
    // The check sees the packages the library does load.
    expect(modules.some((file) => /[\\/]node_modules[\\/]cdktf[\\/]/.test(file))).toBe(true);
    expect(providerBindings(modules)).toEqual([]);
  });

  test('catches a binding reached through the package, even by deep path (scratch entry, not the real tree)', async () => {
    // The external provider's binding is the cheap one to load.
    const scratch = path.join(workDir, 'scratch-entry.ts');
    writeFileSync(
      scratch,
      [
        `export * from ${JSON.stringify(ENTRY.replace(/\.ts$/, ''))};`,
        "export { ExternalProvider } from '@cdktf/provider-external/lib/provider';",
      ].join('\n'),
    );
    expect(providerBindings(await modulesLoadedBy(scratch, workDir))).toEqual(['@cdktf/provider-external']);
  });
});
