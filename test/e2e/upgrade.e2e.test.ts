/**
 * An upgrade from the release before integrations were owned by id, with the real Terraform: a
 * stack deployed by that release (its sources, as recorded in git, with their own handler
 * bundle) is synthesized again by this version. The plan adds this version's bookkeeping (claim,
 * owner, removal) and changes nothing that consumes the integrations' outputs, none of which
 * becomes unknown; after the apply, the next plan is clean, and a destroy deletes the
 * integrations through the recorded ids.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StorageCloud } from '../../src/destination/cloud';
import { ROOT, SavedPlan, SigmaDouble, StackWorkspace, succeeded } from './harness';
import { IntegrationDef, STACK_FILE_ENV, identityOutputNames, outputNames } from './stacks';

/** The last release that recorded no integration id: main before ownership by id. */
const PREVIOUS_RELEASE = '74be8c62b60bd85f653748e12bd511e0c7e57976';
const TSX_CLI = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface PlanJson {
  readonly output_changes?: Record<string, { actions: string[]; after_unknown: unknown }>;
  readonly resource_changes?: Array<{ address: string; change: { actions: string[] } }>;
}

const DEFS: IntegrationDef[] = [
  { id: 'AwsAudit', integrationName: 'e2e_upgrade_aws', cloud: StorageCloud.AWS, destination: 's3://acme-audit/upgrade/', consumers: true },
  {
    id: 'AzureAudit',
    integrationName: 'e2e_upgrade_azure',
    cloud: StorageCloud.AZURE,
    destination: 'azure://acmeaudit.blob.core.windows.net/audit/upgrade/',
    consumers: true,
  },
  {
    id: 'GcpAudit',
    integrationName: 'e2e_upgrade_gcp',
    cloud: StorageCloud.GCP,
    destination: 'gcs://acme-audit/upgrade/',
    consumers: true,
    // The previous release sent every integration to SIGMA_API_URL and ignores the URL variable;
    // this version sends named variables' organization only to the URL its variable names.
    credentials: { clientIdVariable: 'SIGMA_UPGRADE_CLIENT_ID', clientSecretVariable: 'SIGMA_UPGRADE_CLIENT_SECRET', apiUrlVariable: 'SIGMA_UPGRADE_API_URL' },
  },
];

let previous: string;
let sigma: SigmaDouble;
let ws: StackWorkspace;

/** The previous release's sources and handler bundle, with this version's test stacks, in a directory of their own. */
function buildPrevious(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sigma-e2e-previous-'));
  const archive = execFileSync('git', ['-C', ROOT, 'archive', PREVIOUS_RELEASE, 'src', 'scripts/bundle.mjs', 'package.json', 'tsconfig.json'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, [path.join(dir, 'scripts', 'bundle.mjs')], { cwd: dir, stdio: 'pipe' });
  mkdirSync(path.join(dir, 'test', 'e2e'), { recursive: true });
  for (const file of ['stacks.ts', 'app.ts']) cpSync(path.join(__dirname, file), path.join(dir, 'test', 'e2e', file));
  return dir;
}

/** Synthesizes the stack with the previous release into the workspace's output directory. */
function synthPrevious(defs: readonly IntegrationDef[]): void {
  const stackFile = path.join(ws.root, 'previous-stack.json');
  writeFileSync(stackFile, JSON.stringify(ws.def(defs)));
  execFileSync(TSX_CLI, [path.join(previous, 'test', 'e2e', 'app.ts')], {
    cwd: previous,
    env: { ...process.env, [STACK_FILE_ENV]: stackFile, CDKTF_OUTDIR: path.join(ws.root, 'cdktf.out') },
    stdio: 'pipe',
  });
}

/**
 * The outputs that keep their value: all of them, but the live destination of the integration
 * whose settings record something new (the URL variable, which the previous release ignored): the
 * destination is read again after settings' in-place update.
 */
function keptOutputs(): string[] {
  return DEFS.flatMap((def) => [
    ...identityOutputNames(def.id, def.cloud),
    ...(def.credentials?.apiUrlVariable ? [] : [outputNames(def.id).destination]),
  ]);
}

function changes(plan: SavedPlan): string[] {
  return ((plan.json as unknown as PlanJson).resource_changes ?? [])
    .filter((r) => !r.change.actions.every((a) => a === 'no-op' || a === 'read'))
    .map((r) => `${r.address.replace(/_[0-9A-F]{8}$/, '')} ${r.change.actions.join(',')}`)
    .sort();
}

beforeAll(async () => {
  previous = buildPrevious();
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, 'upgrade');
  ws.environment = {
    SIGMA_UPGRADE_CLIENT_ID: sigma.admin.clientId,
    SIGMA_UPGRADE_CLIENT_SECRET: sigma.admin.clientSecret,
    SIGMA_UPGRADE_API_URL: sigma.apiUrl,
  };
  synthPrevious(DEFS);
  await ws.init();
  await ws.apply();
}, 240_000);

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
  if (previous) rmSync(previous, { recursive: true, force: true });
});

test('the upgrade plans only the bookkeeping of ownership: no consumer changes, no kept output becomes unknown', async () => {
  const before = await ws.outputs();
  ws.synth(DEFS);
  const plan = await ws.plan();
  expect(plan.exitCode).toBe(2);
  if (process.env.SIGMA_E2E_PRINT_PLAN === '1') console.log(plan.result.stdout);
  const json = plan.json as unknown as PlanJson;
  for (const output of keptOutputs()) {
    expect({ output, actions: json.output_changes?.[output]?.actions, unknown: json.output_changes?.[output]?.after_unknown }).toEqual({
      output,
      actions: ['no-op'],
      unknown: false,
    });
  }
  expect(changes(plan)).toEqual(
    [
      ...DEFS.flatMap((def) => [`terraform_data.${def.id}_Claim create`, `terraform_data.${def.id}_Owner create`, `terraform_data.${def.id}_Removal create`]),
      // The marker of the integration with named variables records the URL variable too (in place).
      'terraform_data.GcpAudit_Settings update',
    ].sort(),
  );
  const same = plan;
  succeeded(await ws.applyPlan(same));
  expect(await ws.outputs()).toEqual(before);
  expect((await ws.plan()).exitCode).toBe(0);
  for (const def of DEFS) expect(sigma.integrationsNamed(def.integrationName)).toHaveLength(1);
});

test('after the upgrade, a destroy deletes each integration by its recorded id', async () => {
  await ws.destroy();
  for (const def of DEFS) expect(sigma.integrationsNamed(def.integrationName)).toEqual([]);
});
