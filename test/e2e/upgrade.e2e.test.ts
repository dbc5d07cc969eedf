/**
 * Upgrades from earlier releases, with the real Terraform: a stack deployed by a release (its
 * sources, as recorded in git, with their own handler bundle) is synthesized again by this
 * version. The plan changes only what that release lacks (from the release before ownership by
 * id: the claim, owner and removal bookkeeping) and nothing that consumes the integrations'
 * outputs, none of which becomes unknown; after the apply, the next plan is clean, a destination
 * change still reaches Sigma (the settings step of an identity that recorded no creation time
 * makes its calls), and a destroy deletes the integrations through the recorded ids.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StorageCloud } from '../../src/destination/cloud';
import { ROOT, SavedPlan, SigmaDouble, StackWorkspace, succeeded } from './harness';
import { IntegrationDef, STACK_FILE_ENV, identityOutputNames, outputNames } from './stacks';

interface PreviousRelease {
  /** The commit of its sources. */
  readonly commit: string;
  /** What it lacks that this version adds. */
  readonly description: string;
  /** What the upgrade plans to change: `<address without hash> <actions>`. */
  readonly upgradeChanges: readonly string[];
  /** Integrations whose settings the upgrade updates in place: their live destination is read again after it. */
  readonly settingsUpdated: readonly string[];
}

const PREVIOUS_RELEASES: readonly PreviousRelease[] = [
  {
    commit: '74be8c62b60bd85f653748e12bd511e0c7e57976',
    description: 'the release that recorded no integration id',
    upgradeChanges: [
      ...['AwsAudit', 'AzureAudit', 'GcpAudit'].flatMap((id) => [
        `terraform_data.${id}_Claim create`,
        `terraform_data.${id}_Owner create`,
        `terraform_data.${id}_Removal create`,
      ]),
      // The marker of the integration with named variables records the URL variable too (in place).
      'terraform_data.GcpAudit_Settings update',
    ].sort(),
    settingsUpdated: ['GcpAudit'],
  },
  {
    commit: 'ed5ab8d05bc50b5ef0293556e93915fb6de36ba5',
    // Identity's input gains the time (ignored: no change), settings' environment takes it (provisioners are not diffed).
    description: "the release whose identity recorded no creation time (a first deploy's settings step repeated the create's calls)",
    upgradeChanges: [],
    settingsUpdated: [],
  },
];
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

/** A release's sources and handler bundle, with this version's test stacks, in a directory of their own. */
function buildPrevious(commit: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sigma-e2e-previous-'));
  const archive = execFileSync('git', ['-C', ROOT, 'archive', commit, 'src', 'scripts/bundle.mjs', 'package.json', 'tsconfig.json'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, [path.join(dir, 'scripts', 'bundle.mjs')], { cwd: dir, stdio: 'pipe' });
  mkdirSync(path.join(dir, 'test', 'e2e'), { recursive: true });
  for (const file of ['stacks.ts', 'app.ts']) cpSync(path.join(__dirname, file), path.join(dir, 'test', 'e2e', file));
  return dir;
}

function changes(plan: SavedPlan): string[] {
  return ((plan.json as unknown as PlanJson).resource_changes ?? [])
    .filter((r) => !r.change.actions.every((a) => a === 'no-op' || a === 'read'))
    .map((r) => `${r.address.replace(/_[0-9A-F]{8}$/, '')} ${r.change.actions.join(',')}`)
    .sort();
}

describe.each(PREVIOUS_RELEASES)('from $description', (release: PreviousRelease) => {
  let previous: string;
  let sigma: SigmaDouble;
  let ws: StackWorkspace;

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
   * The outputs that keep their value: all of them, but the live destination of an integration
   * whose settings record something new: the destination is read again after settings' in-place update.
   */
  function keptOutputs(): string[] {
    return DEFS.flatMap((def) => [
      ...identityOutputNames(def.id, def.cloud),
      ...(release.settingsUpdated.includes(def.id) ? [] : [outputNames(def.id).destination]),
    ]);
  }

  beforeAll(async () => {
    previous = buildPrevious(release.commit);
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

  test('the upgrade plans only what the release lacks: no consumer changes, no kept output becomes unknown; the next plan is clean', async () => {
    const before = await ws.outputs();
    ws.synth(DEFS);
    const plan = await ws.plan();
    expect(plan.exitCode).toBe(release.upgradeChanges.length === 0 ? 0 : 2);
    if (process.env.SIGMA_E2E_PRINT_PLAN === '1') console.log(plan.result.stdout);
    const json = plan.json as unknown as PlanJson;
    for (const output of keptOutputs()) {
      expect({ output, actions: json.output_changes?.[output]?.actions, unknown: json.output_changes?.[output]?.after_unknown }).toEqual({
        output,
        actions: ['no-op'],
        unknown: false,
      });
    }
    expect(changes(plan)).toEqual(release.upgradeChanges);
    succeeded(await ws.applyPlan(plan));
    expect(await ws.outputs()).toEqual(before);
    expect((await ws.plan()).exitCode).toBe(0);
    for (const def of DEFS) expect(sigma.integrationsNamed(def.integrationName)).toHaveLength(1);
  });

  test("after the upgrade, a destination change reaches Sigma: the settings step of an identity that recorded no creation time makes its calls", async () => {
    const [aws, ...others] = DEFS;
    const moved = { ...aws, destination: 's3://acme-audit/upgrade-moved/' };
    const before = sigma.integration(aws.integrationName);
    ws.synth([moved, ...others]);
    const applied = await ws.apply();
    expect(applied.stdout).toContain('Changing the destination');
    expect(sigma.integration(aws.integrationName)).toMatchObject({ integrationId: before.integrationId, destination: moved.destination });
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('after the upgrade, a destroy deletes each integration by its recorded id', async () => {
    await ws.destroy();
    for (const def of DEFS) expect(sigma.integrationsNamed(def.integrationName)).toEqual([]);
  });
});
