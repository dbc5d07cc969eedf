/**
 * One stack that reaches two Sigma organizations, with the real Terraform: production through the
 * default variables, staging through SIGMA_STAGING_CLIENT_ID / _SECRET, each organization an
 * emulator of its own that accepts only its own API client. A deploy without the staging
 * variables, a wrong pair under them, a destination change, a rename of the variables, and the
 * destroy: each organization is reached with its own credentials, and a failure in one leaves the
 * other as it is.
 */
import { StorageCloud } from '../../src/destination/cloud';
import { SigmaDouble, StackWorkspace, artifactsWithSecrets, flattened, plannedActions } from './harness';
import { IntegrationDef, outputNames } from './stacks';

const PROD_ADMIN = { clientId: 'prod-admin', clientSecret: 'prod-secret-Vb3Xq8Lm1Rt6' };
const STAGING_ADMIN = { clientId: 'staging-admin', clientSecret: 'staging-secret-Jn5Hc2Wz7Kp4' };
const STAGING_VARIABLES = { clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' };

let prod: SigmaDouble;
let staging: SigmaDouble;
let ws: StackWorkspace;

function prodAudit(): IntegrationDef {
  return { id: 'ProdAudit', integrationName: 'e2e_orgs_prod', cloud: StorageCloud.AWS, destination: 's3://acme-audit/prod/', apiUrl: prod.apiUrl };
}

function stagingAudit(overrides: Partial<IntegrationDef> = {}): IntegrationDef {
  return {
    id: 'StagingAudit',
    integrationName: 'e2e_orgs_staging',
    cloud: StorageCloud.GCP,
    destination: 'gcs://acme-staging-audit/sigma/',
    apiUrl: staging.apiUrl,
    credentials: STAGING_VARIABLES,
    ...overrides,
  };
}

/** Each organization's pair under its variables; no SIGMA_API_URL, which would send every integration to one organization. */
function bothOrganizations(): Record<string, string | undefined> {
  return {
    SIGMA_API_URL: undefined,
    SIGMA_CLIENT_ID: PROD_ADMIN.clientId,
    SIGMA_CLIENT_SECRET: PROD_ADMIN.clientSecret,
    SIGMA_STAGING_CLIENT_ID: STAGING_ADMIN.clientId,
    SIGMA_STAGING_CLIENT_SECRET: STAGING_ADMIN.clientSecret,
  };
}

interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly instances: Array<{ readonly status?: string }>;
}

/** The resources of the state file, as `<mode> <type>.<name> <status of each instance, or none>`. */
function stateResources(): string[] {
  const state = JSON.parse(ws.stateText()) as { resources?: StateResource[] };
  return (state.resources ?? [])
    .filter((r) => r.type === 'terraform_data' || r.type === 'external')
    .map((r) => `${r.mode} ${r.type}.${r.name.replace(/_[0-9A-F]{8}$/, '')} ${r.instances.map((i) => i.status ?? 'ok').join(',') || 'none'}`)
    .sort();
}

beforeAll(async () => {
  [prod, staging] = await Promise.all([SigmaDouble.start({ admin: PROD_ADMIN }), SigmaDouble.start({ admin: STAGING_ADMIN, seed: 5 })]);
  ws = new StackWorkspace(prod, 'organizations');
  ws.environment = bothOrganizations();
});

afterAll(async () => {
  await prod?.close();
  await staging?.close();
  ws?.remove();
});

describe('one stack, two Sigma organizations', () => {
  test('a first deploy without the staging variables creates production only; the failure names the variables and the integration', async () => {
    ws.environment = { ...bothOrganizations(), SIGMA_STAGING_CLIENT_ID: undefined, SIGMA_STAGING_CLIENT_SECRET: undefined };
    ws.synth([prodAudit(), stagingAudit()]);
    await ws.init();
    const failed = await ws.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(failed.code).toBe(1);
    const output = flattened(`${failed.stdout}\n${failed.stderr}`);
    expect(output).toContain(
      "Error (credentials_missing): SIGMA_STAGING_CLIENT_ID and SIGMA_STAGING_CLIENT_SECRET are not set (or empty) for Sigma integration 'e2e_orgs_staging'",
    );

    // Production is deployed as if staging were not there.
    expect(prod.integration('e2e_orgs_prod')).toMatchObject({ status: 'ready', destination: 's3://acme-audit/prod/' });
    expect(prod.emulator.state().integrations).toHaveLength(1);
    // Nothing reached the staging organization: no integration, not even a token request.
    expect(staging.emulator.state().integrations).toEqual([]);
    expect(staging.issuedTokenCount).toBe(0);
    // What Terraform keeps of staging: its claim, the identity whose create-time step failed,
    // tainted (the next apply replaces it), and empty entries (no instance) for its owner record,
    // removal step, settings and the three reads, which were never reached. No id is recorded, so
    // nothing could delete anything in Sigma in its name.
    expect(stateResources()).toEqual([
      'data external.ProdAudit_Credentials ok',
      'data external.ProdAudit_Destination ok',
      'data external.ProdAudit_Locate ok',
      'data external.StagingAudit_Credentials none',
      'data external.StagingAudit_Destination none',
      'data external.StagingAudit_Locate none',
      'managed terraform_data.ProdAudit_Claim ok',
      'managed terraform_data.ProdAudit_Identity ok',
      'managed terraform_data.ProdAudit_Owner ok',
      'managed terraform_data.ProdAudit_Removal ok',
      'managed terraform_data.ProdAudit_Settings ok',
      'managed terraform_data.StagingAudit_Claim ok',
      'managed terraform_data.StagingAudit_Identity tainted',
      'managed terraform_data.StagingAudit_Owner none',
      'managed terraform_data.StagingAudit_Removal none',
      'managed terraform_data.StagingAudit_Settings none',
    ]);
  });

  test('with both pairs, the next deploy creates the staging integration in its organization and leaves production as it is', async () => {
    ws.environment = bothOrganizations();
    const prodBefore = prod.integration('e2e_orgs_prod');
    const plan = await ws.plan();
    expect(plannedActions(plan)).toEqual({
      'ProdAudit/Identity': ['no-op'],
      'ProdAudit/Settings': ['no-op'],
      'StagingAudit/Identity': ['delete', 'create'],
      'StagingAudit/Owner': ['create'],
      'StagingAudit/Removal': ['create'],
      'StagingAudit/Settings': ['create'],
    });
    await ws.applyPlan(plan);

    const created = staging.integration('e2e_orgs_staging');
    expect(created).toMatchObject({ cloud: 'gcp', status: 'ready', destination: 'gcs://acme-staging-audit/sigma/' });
    expect(staging.emulator.state().integrations).toHaveLength(1);
    expect(prod.emulator.state().integrations).toEqual([prodBefore]);
    expect(prod.integrationsNamed('e2e_orgs_staging')).toEqual([]);

    const outputs = await ws.outputs();
    expect(outputs[outputNames('ProdAudit').integrationId]).toBe(prodBefore.integrationId);
    expect(outputs[outputNames('StagingAudit').integrationId]).toBe(created.integrationId);
    expect(outputs[outputNames('StagingAudit').gcpServiceAccount]).toBe((created.credentials as { serviceAccount: string }).serviceAccount);
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('a new staging destination updates the staging integration in place, in its organization only', async () => {
    const before = staging.integration('e2e_orgs_staging');
    const prodBefore = prod.emulator.state().integrations;
    ws.synth([prodAudit(), stagingAudit({ destination: 'gcs://acme-staging-audit/sigma-v2/' })]);
    const plan = await ws.plan();
    expect(plannedActions(plan)).toEqual({
      'ProdAudit/Identity': ['no-op'],
      'ProdAudit/Settings': ['no-op'],
      'StagingAudit/Identity': ['no-op'],
      'StagingAudit/Settings': ['delete', 'create'],
    });
    await ws.applyPlan(plan);

    const after = staging.integration('e2e_orgs_staging');
    expect(after.integrationId).toBe(before.integrationId);
    expect(after.destination).toBe('gcs://acme-staging-audit/sigma-v2/');
    expect(prod.emulator.state().integrations).toEqual(prodBefore);
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('missing or wrong staging credentials fail the plan naming the variables and the integration; nothing changes; production plans clean', async () => {
    const before = { prod: prod.emulator.state().integrations, staging: staging.emulator.state().integrations };

    ws.environment = { ...bothOrganizations(), SIGMA_STAGING_CLIENT_SECRET: '' };
    const missing = await ws.plan();
    expect(missing.exitCode).toBe(1);
    expect(flattened(missing.result.stderr)).toContain(
      "SIGMA_STAGING_CLIENT_SECRET is not set (or empty) for Sigma integration 'e2e_orgs_staging'",
    );

    // Production's pair under the staging variables: the staging organization refuses it.
    ws.environment = { ...bothOrganizations(), SIGMA_STAGING_CLIENT_ID: PROD_ADMIN.clientId, SIGMA_STAGING_CLIENT_SECRET: PROD_ADMIN.clientSecret };
    const wrong = await ws.plan();
    expect(wrong.exitCode).toBe(1);
    const refused = flattened(wrong.result.stderr);
    expect(refused).toContain('Sigma refused the API credentials of client id `prod-admin`');
    expect(refused).toContain('read from the environment variables SIGMA_STAGING_CLIENT_ID and SIGMA_STAGING_CLIENT_SECRET');
    expect(refused).toContain("(Sigma integration 'e2e_orgs_staging')");
    expect(refused).not.toContain('e2e_orgs_prod');

    expect(prod.emulator.state().integrations).toEqual(before.prod);
    expect(staging.emulator.state().integrations).toEqual(before.staging);
    ws.environment = bothOrganizations();
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('renamed staging variables update the integration in place without replacing it, and a later removal reads them', async () => {
    const before = staging.integration('e2e_orgs_staging');
    const renamed = { clientIdVariable: 'SIGMA_QA_CLIENT_ID', clientSecretVariable: 'SIGMA_QA_CLIENT_SECRET' };
    ws.synth([prodAudit(), stagingAudit({ destination: 'gcs://acme-staging-audit/sigma-v2/', credentials: renamed })]);
    // Only the new names are set from now on.
    ws.environment = {
      ...bothOrganizations(),
      SIGMA_STAGING_CLIENT_ID: undefined,
      SIGMA_STAGING_CLIENT_SECRET: undefined,
      SIGMA_QA_CLIENT_ID: STAGING_ADMIN.clientId,
      SIGMA_QA_CLIENT_SECRET: STAGING_ADMIN.clientSecret,
    };
    const plan = await ws.plan();
    expect(plannedActions(plan)).toEqual({
      'ProdAudit/Identity': ['no-op'],
      'ProdAudit/Settings': ['no-op'],
      'StagingAudit/Identity': ['no-op'],
      'StagingAudit/Removal': ['update'],
      'StagingAudit/Settings': ['update'],
    });
    await ws.applyPlan(plan);
    expect(staging.integration('e2e_orgs_staging')).toEqual(before);
    expect((await ws.plan()).exitCode).toBe(0);

    // The destroy-time step reads the names the last deploy stored: the new ones.
    await ws.destroy();
    expect(staging.emulator.state().integrations).toEqual([]);
    expect(prod.emulator.state().integrations).toEqual([]);
  });

  test('no secret of either organization in any output, log, plan, state or synthesized file', () => {
    expect(prod.issuedTokenCount).toBeGreaterThan(0);
    expect(staging.issuedTokenCount).toBeGreaterThan(0);
    expect(artifactsWithSecrets(ws.artifacts(), [...prod.secrets(), ...staging.secrets()])).toEqual([]);
    const synthesized = ws.artifacts().find((a) => a.label === 'cdk.tf.json')!.text;
    expect(synthesized).toContain('SIGMA_QA_CLIENT_SECRET');
    expect(synthesized).not.toContain(STAGING_ADMIN.clientId);
  });
});
