/**
 * The cdktn package (packages/cdktn-sigma-audit-logs, built from src/ by
 * scripts/cdktn-package.mjs) synthesizes what the cdktf package does: every example (through
 * examples/app.ts) and the stacks of the end-to-end tests (through test/e2e/app.ts, with every
 * option those tests use) are synthesized once with cdktf and the library's sources, once with
 * cdktn and the compiled cdktn package, and the two cdk.tf.json of each stack must be equal
 * except for the framework's version stamp.
 *
 * Under cdktn, the programs' `cdktf` is cdktn, as after the import change a user makes, and the
 * library (`cdktf-sigma-audit-logs`, or a module of src/) is the cdktn package's compiled module.
 * The examples' prebuilt provider bindings are cdktf's, loaded on cdktn as well: cdktn's are not
 * published for every provider the examples use, and the bindings are not what is compared here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { StackDef } from '../e2e/stacks';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
const CDKTN_LIB = path.join(ROOT, 'packages', 'cdktn-sigma-audit-logs', 'lib');
const STACK_FILE_ENV = 'SIGMA_E2E_STACK_FILE';

type Framework = 'cdktf' | 'cdktn';
/** cdk.tf.json of each synthesized stack, by `<app>/<stack>`. */
type Synth = Record<string, Record<string, unknown>>;

let work: string;

/** The stacks of the end-to-end tests: every cloud, backend and option they deploy with. */
function e2eStacks(): StackDef[] {
  const state = (name: string) => path.join(work, 'state', `${name}.tfstate`);
  return [
    {
      stackName: 'every-cloud',
      stateFile: state('every-cloud'),
      integrations: [
        { id: 'Aws', integrationName: 'e2e-aws', cloud: 'aws', destination: 's3://e2e-bucket/audit/' },
        { id: 'Azure', integrationName: 'e2e-azure', cloud: 'azure', destination: 'azure://e2eaccount.blob.core.windows.net/audit/logs/' },
        { id: 'Gcp', integrationName: 'e2e-gcp', cloud: 'gcp', destination: 'gcs://e2e-bucket/audit/' },
      ],
    },
    {
      stackName: 'every-option',
      stateFile: state('every-option'),
      integrations: [
        {
          id: 'Computed',
          integrationName: 'e2e-computed',
          cloud: 'aws',
          destination: 's3://computed-bucket/audit/',
          computedDestination: true,
          linkedExportsOnDestinationChange: 'update',
          linkedExportsOnDelete: 'delete',
          removalPolicy: 'retain',
        },
        {
          id: 'Disabled',
          integrationName: 'e2e-disabled',
          cloud: 'gcp',
          destination: 'gcs://disabled-bucket/',
          enabled: false,
          linkedExportsOnDestinationChange: 'pause',
          linkedExportsOnDelete: 'pause',
          removalPolicy: 'destroy',
        },
        {
          id: 'OtherOrganization',
          integrationName: 'e2e-other-organization',
          cloud: 'azure',
          destination: 'azure://otheraccount.blob.core.windows.net/audit/',
          apiUrl: 'https://api.sigmacomputing.com',
          credentials: { clientIdVariable: 'OTHER_SIGMA_CLIENT_ID', clientSecretVariable: 'OTHER_SIGMA_CLIENT_SECRET' },
        },
      ],
    },
    {
      stackName: 'remote-state',
      stateFile: state('remote-state'),
      pgBackend: { connStr: 'postgres://e2e@127.0.0.1:5432/e2e?sslmode=disable', schemaName: 'remote_state' },
      integrations: [{ id: 'Aws', integrationName: 'e2e-remote-state', cloud: 'aws', destination: 's3://state-bucket/audit/' }],
    },
  ] as unknown as StackDef[];
}

/** Runs an app module (it calls `app.synth()` when loaded) with a fresh module registry, into `outdir`. */
function runApp(appModule: string, outdir: string, env: Record<string, string> = {}): void {
  mkdirSync(outdir, { recursive: true });
  const saved = { CDKTF_OUTDIR: process.env.CDKTF_OUTDIR, ...Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]])) };
  Object.assign(process.env, { CDKTF_OUTDIR: outdir, ...env });
  try {
    // The app synthesizes when loaded, like `npx tsx examples/app.ts` under the CLI.
    jest.isolateModules(() => jest.requireActual(appModule));
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The cdk.tf.json of every stack under `outdir`/stacks, by `<app>/<stack>`. */
function readStacks(app: string, outdir: string, into: Synth): void {
  const stacks = path.join(outdir, 'stacks');
  for (const stack of readdirSync(stacks)) {
    into[`${app}/${stack}`] = JSON.parse(readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8'));
  }
}

function synthEverything(framework: Framework): Synth {
  const out = path.join(work, framework);
  const synth: Synth = {};
  runApp(path.join(ROOT, 'examples', 'app.ts'), path.join(out, 'examples'));
  readStacks('examples', path.join(out, 'examples'), synth);
  for (const def of e2eStacks()) {
    const stackFile = path.join(work, `${def.stackName}.json`);
    writeFileSync(stackFile, JSON.stringify(def));
    runApp(path.join(ROOT, 'test', 'e2e', 'app.ts'), path.join(out, 'e2e'), { [STACK_FILE_ENV]: stackFile });
  }
  readStacks('e2e', path.join(out, 'e2e'), synth);
  return synth;
}

/** Every module of src/, with its counterpart in the compiled cdktn package. */
function sourceModules(dir = SRC): { source: string; compiled: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceModules(file);
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) return [];
    return [{ source: file, compiled: path.join(CDKTN_LIB, path.relative(SRC, file)).replace(/\.ts$/, '.js') }];
  });
}

/** From here on, modules load as on cdktn: `cdktf` is cdktn, and the library is the cdktn package. */
function loadAsCdktn(): void {
  jest.doMock('cdktf', () => jest.requireActual('cdktn'));
  for (const { source, compiled } of sourceModules()) {
    jest.doMock(source, () => {
      cdktnModulesLoaded.add(path.relative(CDKTN_LIB, compiled));
      return jest.requireActual(compiled);
    });
  }
}

/** The modules of the compiled cdktn package that the cdktn run loaded in place of src/. */
const cdktnModulesLoaded = new Set<string>();

/** The stack without the version of the framework that synthesized it. */
function withoutVersionStamp(config: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(config) as { '//'?: { metadata?: { version?: string } } };
  expect(copy['//']?.metadata?.version).toMatch(/^\d+\.\d+\.\d+/);
  delete copy['//']!.metadata!.version;
  return copy as Record<string, unknown>;
}

let cdktf: Synth;
let cdktn: Synth;

beforeAll(() => {
  // The cdktn package from the current sources (incremental: only what changed is recompiled).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'cdktn-package.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  work = mkdtempSync(path.join(tmpdir(), 'sigma-frameworks-'));
  mkdirSync(path.join(work, 'state'));
  cdktf = synthEverything('cdktf');
  loadAsCdktn();
  cdktn = synthEverything('cdktn');
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the cdktn package is compiled against cdktn: no module of it loads cdktf', () => {
  const requiringCdktf = sourceModules()
    .filter(({ compiled }) => /\brequire\("cdktf(\/[^"]*)?"\)/.test(readFileSync(compiled, 'utf8')))
    .map(({ compiled }) => path.relative(ROOT, compiled));
  expect(requiringCdktf).toEqual([]);
  expect(readFileSync(path.join(CDKTN_LIB, 'sigma', 'storage-integration.js'), 'utf8')).toContain('require("cdktn")');
});

test('the cdktn run used the compiled cdktn package: the examples through its entry point, the end-to-end stacks through its modules', () => {
  expect([...cdktnModulesLoaded].sort()).toEqual(
    expect.arrayContaining(['index.js', 'sigma/storage-integration.js', 'sigma/credentials.js', 'terraform/terraform-data.js', 'aws/policies.js']),
  );
});

test('each framework synthesized every example and every end-to-end stack', () => {
  const expected = [
    'examples/aws-audit-logs',
    'examples/azure-audit-logs',
    'examples/gcp-audit-logs',
    'e2e/every-cloud',
    'e2e/every-option',
    'e2e/remote-state',
  ].sort();
  expect(Object.keys(cdktf).sort()).toEqual(expected);
  expect(Object.keys(cdktn).sort()).toEqual(expected);
  // The stamps differ: the two runs really were two frameworks.
  const stamp = (synth: Synth) => (synth['examples/aws-audit-logs']['//'] as { metadata: { version: string } }).metadata.version;
  const installedVersion = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  expect(stamp(cdktf)).toBe(installedVersion('cdktf'));
  expect(stamp(cdktn)).toBe(installedVersion('cdktn'));
});

test.each(['examples/aws-audit-logs', 'examples/azure-audit-logs', 'examples/gcp-audit-logs', 'e2e/every-cloud', 'e2e/every-option', 'e2e/remote-state'])(
  '%s: cdktn synthesizes the same cdk.tf.json as cdktf, the version stamp aside',
  (stack) => {
    expect(withoutVersionStamp(cdktn[stack])).toEqual(withoutVersionStamp(cdktf[stack]));
  },
);

test('the cdktn package: its own name and peers (cdktn and the constructs cdktn accepts), the same version, files and CLI, its own jsii targets', () => {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  const cdktfPackage = read(path.join(ROOT, 'package.json'));
  const cdktnPackage = read(path.join(ROOT, 'packages', 'cdktn-sigma-audit-logs', 'package.json'));
  const installedCdktn = read(path.join(ROOT, 'node_modules', 'cdktn', 'package.json'));
  const [major, minor] = installedCdktn.version.split('.');
  expect(cdktnPackage).toMatchObject({
    name: 'cdktn-sigma-audit-logs',
    version: cdktfPackage.version,
    main: cdktfPackage.main,
    types: cdktfPackage.types,
    files: cdktfPackage.files,
    bin: cdktfPackage.bin,
    engines: cdktfPackage.engines,
    peerDependencies: { cdktn: `^${major}.${minor}.0`, constructs: installedCdktn.peerDependencies.constructs },
  });
  expect(cdktnPackage.peerDependencies.cdktf).toBeUndefined();
  expect(cdktnPackage.jsii.targets).toEqual({
    python: { distName: 'cdktn-sigma-audit-logs', module: 'cdktn_sigma_audit_logs' },
    go: { moduleName: 'github.com/cdktf-sigma-audit-logs/cdktn-sigma-audit-logs-go', packageName: 'cdktnsigmaauditlogs' },
    java: { package: 'io.github.cdktfsigmaauditlogs.cdktn', maven: { groupId: 'io.github.cdktf-sigma-audit-logs', artifactId: 'cdktn-sigma-audit-logs' } },
    dotnet: { namespace: 'CdktnSigmaAuditLogs', packageId: 'CdktnSigmaAuditLogs' },
  });
});
