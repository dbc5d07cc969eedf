/**
 * What a stack owns, with the real Terraform: each integration is acted on by the id its state
 * records. Two stacks, or two Terraform workspaces, that declare one name never take over, repoint
 * or delete each other's integration; a change of any property that keeps the integration plans
 * no change to anything built from its outputs (stand-in consumers whose replacement an output
 * forces, as `client_id` forces it for a service principal); a move between organizations is
 * refused at plan unless it also replaces the integration, which then happens cleanly in one
 * apply; SIGMA_API_URL never sends an organization's credentials to another organization's URL.
 */
import { StorageCloud } from '../../src/destination/cloud';
import { IntegrationRemovalPolicy, LinkedExportsOnDelete, LinkedExportsOnDestinationChange } from '../../src/sigma/options';
import { SigmaDouble, StackWorkspace, SavedPlan, flattened, succeeded } from './harness';
import { IntegrationDef, identityOutputNames } from './stacks';

interface PlanJson {
  readonly output_changes?: Record<string, { actions: string[]; after_unknown: unknown }>;
  readonly resource_changes?: Array<{ address: string; mode: string; change: { actions: string[] } }>;
}

const CLOUDS = [
  { id: 'AwsAudit', cloud: StorageCloud.AWS, destination: 's3://acme-audit/own/aws/', moved: 's3://acme-audit/own/aws-moved/' },
  { id: 'AzureAudit', cloud: StorageCloud.AZURE, destination: 'azure://acmeaudit.blob.core.windows.net/audit/own/', moved: 'azure://acmeaudit.blob.core.windows.net/audit/moved/' },
  { id: 'GcpAudit', cloud: StorageCloud.GCP, destination: 'gcs://acme-audit/own/gcp/', moved: 'gcs://acme-audit/own/gcp-moved/' },
] as const;

/** The same organization under other variable names: the admin's pair, and the emulator as the organization's URL. */
const RENAMED = { clientIdVariable: 'SIGMA_PLATFORM_CLIENT_ID', clientSecretVariable: 'SIGMA_PLATFORM_CLIENT_SECRET', apiUrlVariable: 'SIGMA_PLATFORM_API_URL' };

function integrations(change: Partial<IntegrationDef> & { moved?: boolean } = {}): IntegrationDef[] {
  const { moved, ...props } = change;
  return CLOUDS.map((c) => ({
    id: c.id,
    integrationName: `e2e_own_${c.cloud}`,
    cloud: c.cloud,
    destination: moved ? c.moved : c.destination,
    consumers: true,
    ...props,
  }));
}

/** The outputs that keep their value while the integration is kept (all but the live destination). */
function keptOutputs(): string[] {
  return CLOUDS.flatMap((c) => identityOutputNames(c.id, c.cloud));
}

/** Addresses planned with an action other than no-op or read, with their actions. */
function changed(plan: SavedPlan): Record<string, string[]> {
  const json = plan.json as unknown as PlanJson;
  return Object.fromEntries(
    (json.resource_changes ?? [])
      .filter((r) => !r.change.actions.every((a) => a === 'no-op' || a === 'read'))
      .map((r) => [r.address.replace(/_[0-9A-F]{8}(?=$|\[)/, ''), r.change.actions]),
  );
}

describe('a change of any property that keeps the integration', () => {
  let sigma: SigmaDouble;
  let ws: StackWorkspace;

  beforeAll(async () => {
    sigma = await SigmaDouble.start();
    ws = new StackWorkspace(sigma, 'ownership-properties');
    ws.environment = { SIGMA_PLATFORM_CLIENT_ID: sigma.admin.clientId, SIGMA_PLATFORM_CLIENT_SECRET: sigma.admin.clientSecret, SIGMA_PLATFORM_API_URL: sigma.apiUrl };
    ws.synth(integrations());
    await ws.init();
    await ws.apply();
  }, 180_000);

  afterAll(async () => {
    await sigma?.close();
    ws?.remove();
  });

  const cases: Array<[string, Partial<IntegrationDef> & { moved?: boolean }, string[]]> = [
    // What may change: [the change, the resources of each integration the plan may touch].
    ['destination', { moved: true }, ['Settings']],
    ['linkedExportsOnDestinationChange', { linkedExportsOnDestinationChange: LinkedExportsOnDestinationChange.UPDATE }, ['Settings']],
    ['linkedExportsOnDelete', { linkedExportsOnDelete: LinkedExportsOnDelete.DELETE }, ['Removal', 'Settings']],
    ['removalPolicy', { removalPolicy: IntegrationRemovalPolicy.RETAIN }, []],
    ['credentialsTimeoutSeconds', { credentialsTimeoutSeconds: 120 }, ['Settings']],
    ['the credential variables (same organization)', { credentials: RENAMED }, ['Removal', 'Settings']],
  ];

  test.each(cases)('%s: consumers and kept outputs show no change; only its own resources change', async (_what, change, mayChange) => {
    ws.synth(integrations(change));
    const plan = await ws.plan();
    expect([0, 2]).toContain(plan.exitCode);
    const json = plan.json as unknown as PlanJson;
    for (const output of keptOutputs()) {
      expect({ output, change: json.output_changes?.[output]?.actions }).toEqual({ output, change: ['no-op'] });
      expect({ output, unknown: json.output_changes?.[output]?.after_unknown }).toEqual({ output, unknown: false });
    }
    for (const [address, actions] of Object.entries(changed(plan))) {
      expect(address).not.toMatch(/_Consumer_/);
      const part = /\.\w+_(\w+)$/.exec(address)?.[1] ?? address;
      expect({ address, actions, allowed: mayChange.includes(part) }).toEqual({ address, actions, allowed: true });
      if (part !== 'Settings') expect({ address, actions }).toEqual({ address, actions: ['update'] });
    }
  });

  test('the variable rename applies, leaves the integrations where they are, and the next plan is clean', async () => {
    const ids = CLOUDS.map((c) => sigma.integration(`e2e_own_${c.cloud}`).integrationId);
    ws.synth(integrations({ credentials: RENAMED }));
    // Without the default pair: every run reads the renamed variables.
    ws.environment = { ...ws.environment, SIGMA_CLIENT_ID: undefined, SIGMA_CLIENT_SECRET: undefined, SIGMA_API_URL: undefined };
    await ws.apply();
    expect(CLOUDS.map((c) => sigma.integration(`e2e_own_${c.cloud}`).integrationId)).toEqual(ids);
    expect((await ws.plan()).exitCode).toBe(0);
    await ws.destroy();
    expect(CLOUDS.flatMap((c) => sigma.integrationsNamed(`e2e_own_${c.cloud}`))).toEqual([]);
  });
});

describe('two stacks and two workspaces that declare one name', () => {
  let sigma: SigmaDouble;
  const workspaces: StackWorkspace[] = [];
  const NAME = 'e2e_own_shared';
  const audit = (destination: string): IntegrationDef => ({ id: 'Audit', integrationName: NAME, cloud: StorageCloud.GCP, destination });

  beforeAll(async () => {
    sigma = await SigmaDouble.start();
  });

  afterAll(async () => {
    await sigma?.close();
    for (const ws of workspaces) ws.remove();
  });

  function workspace(name: string): StackWorkspace {
    const ws = new StackWorkspace(sigma, name);
    workspaces.push(ws);
    return ws;
  }

  test('the second stack changes nothing, names the integration and the ways forward, and its destroy deletes nothing', async () => {
    const first = workspace('ownership-first');
    first.synth([audit('gcs://acme-audit/first/')]);
    await first.init();
    await first.apply();
    const owned = sigma.integration(NAME);

    const second = workspace('ownership-second');
    second.synth([audit('gcs://acme-audit/second/')]);
    await second.init();
    const refused = await second.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(refused.code).toBe(1);
    const text = flattened(refused.stdout + refused.stderr);
    expect(text).toContain(`Error (name_held): Sigma already has an integration named '${NAME}' (${owned.integrationId}`);
    expect(text).toContain(`adoptIntegrationId: '${owned.integrationId}'`);
    expect(sigma.integration(NAME)).toMatchObject({ integrationId: owned.integrationId, destination: 'gcs://acme-audit/first/', updatedAt: owned.updatedAt });

    // Once more (Terraform replaces the tainted identity: its claim is now from an earlier deploy).
    expect((await second.terraform(['apply', '-auto-approve', '-input=false', '-no-color'])).code).toBe(1);
    await second.destroy();
    expect(sigma.integration(NAME)).toMatchObject({ integrationId: owned.integrationId, destination: 'gcs://acme-audit/first/' });
    expect((await first.plan()).exitCode).toBe(0);
  });

  test('concurrent deploys of two stacks: one creates the integration, the other changes nothing', async () => {
    const name = 'e2e_own_race';
    const [a, b] = [workspace('ownership-race-a'), workspace('ownership-race-b')];
    a.synth([{ ...audit('gcs://acme-audit/race-a/'), integrationName: name }]);
    b.synth([{ ...audit('gcs://acme-audit/race-b/'), integrationName: name }]);
    await Promise.all([a.init(), b.init()]);
    const results = await Promise.all([a, b].map((ws) => ws.terraform(['apply', '-auto-approve', '-input=false', '-no-color'])));
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    const winner = results[0].code === 0 ? a : b;
    const loser = winner === a ? b : a;
    const live = sigma.integration(name);
    expect(live.destination).toBe(winner === a ? 'gcs://acme-audit/race-a/' : 'gcs://acme-audit/race-b/');
    await loser.destroy();
    expect(sigma.integration(name).integrationId).toBe(live.integrationId);
    await winner.destroy();
    expect(sigma.integrationsNamed(name)).toEqual([]);
  });

  test('a second Terraform workspace of the stack is refused on the same default name, and its destroy leaves the first one', async () => {
    const ws = workspace('ownership-workspaces');
    const name = 'e2e_own_workspaces';
    ws.synth([{ ...audit('gcs://acme-audit/workspaces/'), integrationName: name }]);
    await ws.init();
    await ws.apply();
    const owned = sigma.integration(name);
    succeeded(await ws.terraform(['workspace', 'new', '-no-color', 'staging']));
    const refused = await ws.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(refused.code).toBe(1);
    expect(flattened(refused.stdout + refused.stderr)).toContain('the default name is the same in every Terraform workspace');
    await ws.destroy();
    expect(sigma.integration(name).integrationId).toBe(owned.integrationId);
    succeeded(await ws.terraform(['workspace', 'select', '-no-color', 'default']));
    expect((await ws.plan()).exitCode).toBe(0);
    await ws.destroy();
    expect(sigma.integrationsNamed(name)).toEqual([]);
  });
});

describe('organizations', () => {
  const A = { clientId: 'org-a-admin', clientSecret: 'org-a-secret-Pq4Wm9Zt2Lx7' };
  const B = { clientId: 'org-b-admin', clientSecret: 'org-b-secret-Hd6Rj1Nv8Ks3' };
  let orgA: SigmaDouble;
  let orgB: SigmaDouble;
  let ws: StackWorkspace;
  const ORG_A = { clientIdVariable: 'SIGMA_A_CLIENT_ID', clientSecretVariable: 'SIGMA_A_CLIENT_SECRET', apiUrlVariable: 'SIGMA_A_API_URL' };
  const ORG_B = { clientIdVariable: 'SIGMA_B_CLIENT_ID', clientSecretVariable: 'SIGMA_B_CLIENT_SECRET', apiUrlVariable: 'SIGMA_B_API_URL' };
  const audit = (name: string, credentials: IntegrationDef['credentials']): IntegrationDef => ({
    id: 'Audit',
    integrationName: name,
    cloud: StorageCloud.GCP,
    destination: 'gcs://acme-audit/orgs/',
    credentials,
  });

  beforeAll(async () => {
    [orgA, orgB] = await Promise.all([SigmaDouble.start({ admin: A }), SigmaDouble.start({ admin: B })]);
    ws = new StackWorkspace(orgA, 'ownership-organizations');
    ws.environment = {
      SIGMA_API_URL: undefined,
      SIGMA_A_CLIENT_ID: A.clientId,
      SIGMA_A_CLIENT_SECRET: A.clientSecret,
      SIGMA_A_API_URL: orgA.apiUrl,
      SIGMA_B_CLIENT_ID: B.clientId,
      SIGMA_B_CLIENT_SECRET: B.clientSecret,
      SIGMA_B_API_URL: orgB.apiUrl,
    };
  });

  afterAll(async () => {
    await orgA?.close();
    await orgB?.close();
    ws?.remove();
  });

  test('a move by the credentials alone is refused at plan, before any change; with a new name it moves cleanly in one apply', async () => {
    ws.synth([audit('e2e_own_org', ORG_A)]);
    await ws.init();
    await ws.apply();
    const inA = orgA.integration('e2e_own_org');

    ws.synth([audit('e2e_own_org', ORG_B)]);
    const refused = await ws.plan();
    expect(refused.exitCode).toBe(1);
    const text = flattened(refused.result.stdout + refused.result.stderr);
    expect(text).toContain('Resource postcondition failed');
    expect(text).toContain(`(organization_changed) Sigma integration 'e2e_own_org' (${inA.integrationId}) lives in organization`);
    expect(text).toContain('change integrationName (or apiUrl) together with the credentials');
    expect(orgA.integration('e2e_own_org').integrationId).toBe(inA.integrationId);
    expect(orgB.integrationsNamed('e2e_own_org')).toEqual([]);

    ws.synth([audit('e2e_own_org_b', ORG_B)]);
    await ws.apply();
    expect(orgA.integrationsNamed('e2e_own_org')).toEqual([]);
    expect(orgB.integrationsNamed('e2e_own_org_b')).toHaveLength(1);
    expect((await ws.plan()).exitCode).toBe(0);
    await ws.destroy();
    expect(orgB.integrationsNamed('e2e_own_org_b')).toEqual([]);
  });

  test("SIGMA_API_URL reaches only the integrations of the default variables: another organization's credentials go to its own URL", async () => {
    const other = new StackWorkspace(orgA, 'ownership-override');
    try {
      // The override points at organization A; the second integration names B's variables and B's URL, no URL variable.
      other.environment = { SIGMA_CLIENT_ID: A.clientId, SIGMA_CLIENT_SECRET: A.clientSecret, SIGMA_B_CLIENT_ID: B.clientId, SIGMA_B_CLIENT_SECRET: B.clientSecret };
      const defs: IntegrationDef[] = [
        { id: 'InA', integrationName: 'e2e_own_override_a', cloud: StorageCloud.GCP, destination: 'gcs://acme-audit/override-a/' },
        {
          id: 'InB',
          integrationName: 'e2e_own_override_b',
          cloud: StorageCloud.GCP,
          destination: 'gcs://acme-audit/override-b/',
          apiUrl: orgB.apiUrl,
          credentials: { clientIdVariable: ORG_B.clientIdVariable, clientSecretVariable: ORG_B.clientSecretVariable },
        },
      ];
      other.synth(defs);
      await other.init();
      const applied = await other.apply();
      expect(flattened(applied.stdout)).toContain(
        "SIGMA_API_URL is not applied to integration 'e2e_own_override_b', whose credentials are read from SIGMA_B_CLIENT_ID / SIGMA_B_CLIENT_SECRET",
      );
      expect(orgA.integrationsNamed('e2e_own_override_a')).toHaveLength(1);
      expect(orgA.integrationsNamed('e2e_own_override_b')).toEqual([]);
      expect(orgB.integrationsNamed('e2e_own_override_b')).toHaveLength(1);
      await other.destroy();
      expect([...orgA.integrationsNamed('e2e_own_override_a'), ...orgB.integrationsNamed('e2e_own_override_b')]).toEqual([]);
    } finally {
      other.remove();
    }
  });
});
