/**
 * `sigma-audit-logs reconcile <stack dir>` in process, against the emulator, with a stand-in
 * `terraform` that prints the `terraform show -json` of a real deployed stack and records the
 * apply reconcile asks for. The repair itself, with the real Terraform, is in test/e2e.
 */
import { writeFileSync } from 'node:fs';
import { SigmaClient } from '../../src/client';
import { markedSettings, targetsAvoiding } from '../../src/cli/commands/reconcile';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { ADMIN, ADMIN_SECRET, FAST, Sigma, cli, createReady, expectNoSecretPrinted, removeTempDirs, startSigma, tempDir } from './helpers';
import { FakeTerraform, RECORDED, RECORDED_SHOW_JSON, deployRecorded, fakeTerraform, withOwners } from './terraform';

let sigma: Sigma;
let terraform: FakeTerraform;
let stackDir: string;
let ids: Record<'aws' | 'azure' | 'gcp', string>;

beforeAll(async () => {
  sigma = await startSigma();
});

beforeEach(async () => {
  sigma.emulator.reset();
  ids = await deployRecorded(sigma.admin);
  terraform = fakeTerraform();
  terraform.setShow({ stdout: withOwners(RECORDED_SHOW_JSON, ids) });
  stackDir = tempDir('sigma-cli-stack-');
});

afterAll(async () => {
  await sigma?.close();
  removeTempDirs();
});

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...ADMIN, ...FAST, SIGMA_API_URL: sigma.proxy.url, TERRAFORM_BINARY: terraform.binary, ...extra };
}

/** The apply runs reconcile made, as their -replace addresses. */
function replaced(): string[][] {
  return terraform
    .calls()
    .filter((call) => call.args[0] === 'apply')
    .map((call) => call.args.filter((arg) => arg.startsWith('-replace=')).map((arg) => arg.slice('-replace='.length)));
}

describe('the integrations reconcile checks', () => {
  test("are the deployed integrations' settings resources of `terraform show -json`, found by their marker, with the spec each was applied with and their identity", () => {
    const found = markedSettings(JSON.parse(RECORDED_SHOW_JSON)).map(({ address, spec, identityAddress }) => [address, spec.name, spec.destination, identityAddress]);
    expect(found).toEqual([
      ['terraform_data.Aws_Settings_E22BDC77', 'fixture_aws', 's3://acme-audit/sigma/', 'terraform_data.Aws_Identity_25F4C752'],
      ['terraform_data.Azure_Settings_8CC98D46', 'fixture_azure', 'azure://acmeaudit.blob.core.windows.net/audit/sigma/', 'terraform_data.Azure_Identity_39FC028C'],
      ['terraform_data.Gcs_Settings_7F9F55D9', 'fixture_gcp', 'gcs://acme-audit/sigma/', 'terraform_data.Gcs_Identity_93ED2CE0'],
    ]);
  });

  test('include those of child modules; a stack never deployed has none', () => {
    const { root_module } = (JSON.parse(RECORDED_SHOW_JSON) as { values: { root_module: { resources: Array<{ address: string }> } } }).values;
    const nested = root_module.resources.map((r) => ({ ...r, address: `module.audit.${r.address}` }));
    const shown = { values: { root_module: { child_modules: [{ address: 'module.audit', resources: nested }] } } };
    expect(markedSettings(shown).map((m) => m.address)).toEqual([
      'module.audit.terraform_data.Aws_Settings_E22BDC77',
      'module.audit.terraform_data.Azure_Settings_8CC98D46',
      'module.audit.terraform_data.Gcs_Settings_7F9F55D9',
    ]);
    expect(markedSettings({ format_version: '1.0' })).toEqual([]);
  });
});

describe('the targets of an apply that leaves some integrations as they are', () => {
  test("are the state's managed resources, each once without instance key, except theirs and whatever depends on them or their data sources, transitively", () => {
    const shown = JSON.parse(RECORDED_SHOW_JSON) as { values: { root_module: { resources: unknown[] } } };
    const azureCredentials = 'data.external.Azure_Credentials_432640B8';
    shown.values.root_module.resources.push(
      { address: 'terraform_data.Consent', mode: 'managed', type: 'terraform_data', values: {}, depends_on: [azureCredentials] },
      { address: 'terraform_data.Downstream[0]', mode: 'managed', type: 'terraform_data', values: {}, depends_on: ['terraform_data.Consent'] },
      { address: 'terraform_data.Downstream[1]', mode: 'managed', type: 'terraform_data', values: {}, depends_on: ['terraform_data.Consent'] },
      { address: 'terraform_data.Unrelated[0]', mode: 'managed', type: 'terraform_data', values: {}, depends_on: [RECORDED.aws.identityAddress] },
    );
    const azure = markedSettings(shown).find((m) => m.spec.name === 'fixture_azure')!;
    expect(targetsAvoiding(shown, [{ name: 'FIXTURE_AZURE', settings: azure }])).toEqual([
      RECORDED.aws.identityAddress,
      RECORDED.aws.address,
      RECORDED.gcp.identityAddress,
      RECORDED.gcp.address,
      'terraform_data.Unrelated',
    ]);
  });
});

describe('reconcile', () => {
  test('nothing drifted: says so, exits 0 and runs no apply', async () => {
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      `Checking the 3 Sigma integrations of the Terraform state in ${stackDir}:\n` +
        '  fixture_aws: as declared\n  fixture_azure: as declared\n  fixture_gcp: as declared\n' +
        'Nothing drifted: nothing to repair.\n',
    );
    expect(terraform.calls().map((call) => [call.args[0], call.cwd])).toEqual([['show', stackDir]]);
  });

  test('replaces, with one terraform apply, the settings of the integrations changed in Sigma, and identity and settings of those deleted', async () => {
    await sigma.admin.deleteIntegration(ids.aws, false);
    await sigma.admin.updateIntegrationDestination(ids.gcp, 'gcs://elsewhere/audit/', false);

    const result = await cli(['reconcile', stackDir, '--auto-approve'], env());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('  fixture_aws: missing in Sigma\n  fixture_azure: as declared\n');
    expect(result.stdout).toContain('  fixture_gcp: destination is gcs://elsewhere/audit/ in Sigma, gcs://acme-audit/sigma/ declared\n');
    expect(replaced()).toEqual([[RECORDED.aws.identityAddress, RECORDED.aws.address, RECORDED.gcp.address]]);
    const [, apply] = terraform.calls();
    expect(apply.args).toEqual(expect.arrayContaining(['-auto-approve', '-input=false']));
    expect(apply.cwd).toBe(stackDir);
    // Reconcile itself changed nothing in Sigma: the repair is Terraform's apply.
    expect(sigma.emulator.state().integrations.map((i) => i.name).sort()).toEqual(['fixture_azure', 'fixture_gcp']);
  });

  test('the client secret reaches Terraform only in the environment of the apply (its handler needs it), never in argv', async () => {
    await sigma.admin.deleteIntegration(ids.aws, false);
    expect((await cli(['reconcile', stackDir, '--auto-approve'], env())).code).toBe(0);
    const calls = terraform.calls();
    expect(calls.map((call) => [call.args[0], call.sawClientSecret])).toEqual([
      ['show', false],
      ['apply', true],
    ]);
    expect(JSON.stringify(calls)).not.toContain(ADMIN_SECRET);
  });

  test('a failed apply exits 1, naming the command; running it again is safe', async () => {
    await sigma.admin.deleteIntegration(ids.gcp, false);
    terraform.setApply({ stderr: 'Error: local-exec provisioner error\n', code: 1 });
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: local-exec provisioner error\n');
    expect(result.stderr).toContain(
      `error: \`terraform apply -replace=${RECORDED.gcp.identityAddress} -replace=${RECORDED.gcp.address} -auto-approve -input=false`,
    );
    expect(result.stderr).toContain(`in ${stackDir} exited with 1: Terraform's output above says why`);
    expect(result.stderr).toContain('run reconcile again: it is safe to repeat');
  });

  test('an integration deleted and its name taken by another (recreated outside Terraform) is not repaired: exit 3 and no apply', async () => {
    await sigma.admin.deleteIntegration(ids.aws, false);
    const { name, cloud, destination } = RECORDED.aws.spec;
    const other = await createReady(sigma.admin, { name, cloud, destination, roleArn: 'arn:aws:iam::210987654321:role/other' });
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env());
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('  fixture_aws: not repaired: deleted in Sigma, and another integration holds its name\n');
    expect(result.stderr).toContain(`error: 1 Sigma integration of the stack in ${stackDir} was not repaired:\n  - fixture_aws: Sigma no longer has integration 'fixture_aws' (${ids.aws})`);
    expect(result.stderr).toContain(`The name is now held by integration ${other.integrationId}, which this stack does not own`);
    expect(replaced()).toEqual([]);
  });

  test('without Sigma credentials, exits 4 and runs no apply', async () => {
    await sigma.admin.deleteIntegration(ids.aws, false);
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env({ SIGMA_CLIENT_ID: undefined, SIGMA_CLIENT_SECRET: undefined }));
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('  fixture_aws: not repaired: could not be checked (credentials_missing)\n');
    expect(result.stderr).toMatch(/^error: 3 Sigma integrations of the stack in .* were not repaired:\n {2}- fixture_aws: SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET are not set/);
    expect(replaced()).toEqual([]);
  });
});

describe('reconcile across Sigma organizations', () => {
  const STAGING_SECRET = 'cli-staging-secret-Wd4Nc7Qa2Lz9';
  const STAGING_ENV = { SIGMA_STAGING_CLIENT_ID: 'staging-admin', SIGMA_STAGING_CLIENT_SECRET: STAGING_SECRET };
  let staging: RunningEmulator;
  let stagingAdmin: SigmaClient;

  beforeAll(async () => {
    staging = await startEmulator({ seed: 11, provisioningDelayMs: 20, clients: [{ clientId: 'staging-admin', clientSecret: STAGING_SECRET, accountType: 'Admin' }] });
    stagingAdmin = new SigmaClient({ baseUrl: staging.url, clientId: 'staging-admin', clientSecret: STAGING_SECRET, backoffBaseMs: 5 });
  });

  afterAll(async () => {
    await stagingAdmin?.close();
    await staging?.close();
  });

  /**
   * The recorded state with the GCP integration in the staging organization (its API URL and the
   * variables its stack names), the others in the default one; created there as its deploy did.
   */
  async function twoOrganizations(): Promise<void> {
    await sigma.admin.deleteIntegration(ids.gcp, false);
    const { name, cloud, destination } = RECORDED.gcp.spec;
    const inStaging = await createReady(stagingAdmin, { name, cloud, destination });
    const shown = JSON.parse(withOwners(RECORDED_SHOW_JSON, { ...ids, gcp: inStaging.integrationId })) as { values: { root_module: { resources: Array<{ values: { input: Record<string, Record<string, string>> } }> } } };
    for (const resource of shown.values.root_module.resources) {
      const spec = resource.values?.input?.sigma_audit_logs_integration;
      if (spec === undefined) continue;
      if (spec.cloud === 'gcp') {
        Object.assign(spec, { apiUrl: staging.url, clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' });
      } else {
        spec.apiUrl = sigma.proxy.url;
      }
    }
    terraform.setShow({ stdout: JSON.stringify(shown) });
  }

  beforeEach(() => staging.reset());

  test('checks each integration in its own organization, with the credentials its stack names', async () => {
    await twoOrganizations();
    const [stagingGcp] = staging.state().integrations;
    await stagingAdmin.updateIntegrationDestination(stagingGcp.integrationId, 'gcs://elsewhere/audit/', false);

    // No SIGMA_API_URL: it would send every integration to one organization.
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env({ SIGMA_API_URL: undefined, ...STAGING_ENV }));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('  fixture_aws: as declared\n  fixture_azure: as declared\n');
    expect(result.stdout).toContain('  fixture_gcp: destination is gcs://elsewhere/audit/ in Sigma, gcs://acme-audit/sigma/ declared\n');
    expect(replaced()).toEqual([[RECORDED.gcp.address]]);
    expect(result.stdout + result.stderr).not.toContain(STAGING_SECRET);
  });

  test('without the staging variables: the integration of the other organization is still repaired, the staging one reported with its variables, exit 4', async () => {
    await twoOrganizations();
    await sigma.admin.deleteIntegration(ids.aws, false);
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env({ SIGMA_API_URL: undefined }));
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /^error: 1 Sigma integration of the stack in .* was not repaired \(the 1 other drifted one was repaired\):\n {2}- fixture_gcp: SIGMA_STAGING_CLIENT_ID and SIGMA_STAGING_CLIENT_SECRET are not set \(or empty\) for Sigma integration 'fixture_gcp'/,
    );
    expect(result.stdout).toContain('  fixture_aws: missing in Sigma\n');
    expect(replaced()).toEqual([[RECORDED.aws.identityAddress, RECORDED.aws.address]]);
    const apply = terraform.calls().find((call) => call.args[0] === 'apply')!;
    expect(apply.args.filter((arg) => arg.startsWith('-target=')).join(' ')).not.toMatch(/Gcs_/);
  });
});

describe('reconcile repairs what it can and reports the rest', () => {
  afterEach(() => sigma.emulator.configure({ provisioningDelayMs: 40, failProvisioning: [] }));

  test('one deleted, one pending, one failed: one targeted apply repairs the deleted one at once; the others are reported with what to do, exit 5', async () => {
    await sigma.admin.deleteIntegration(ids.aws, false);
    await sigma.admin.deleteIntegration(ids.azure, false);
    await sigma.admin.deleteIntegration(ids.gcp, false);
    const { azure, gcp } = RECORDED;
    // Recreated outside the stack: Azure still provisioning, GCP failed.
    sigma.emulator.configure({ provisioningDelayMs: 600_000, failProvisioning: ['fixture_gcp'] });
    const pending = await sigma.admin.createIntegration({ name: 'fixture_azure', cloud: 'azure', destination: azure.spec.destination, tenantId: azure.spec.tenantId });
    sigma.emulator.configure({ provisioningDelayMs: 0 });
    const failed = await sigma.admin.createIntegration({ name: 'fixture_gcp', cloud: 'gcp', destination: gcp.spec.destination });
    await sigma.admin.listIntegrations();
    // The stack's own (as if its deploys had created them and stopped): its owners record them.
    terraform.setShow({ stdout: withOwners(RECORDED_SHOW_JSON, { ...ids, azure: pending.integrationId, gcp: failed.integrationId }) });

    const started = Date.now();
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env());
    // The pending one is not waited for (its credentialsTimeoutSeconds is 900).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(5);
    expect(result.stdout).toContain(
      '  fixture_aws: missing in Sigma\n  fixture_azure: not repaired: pending in Sigma (still provisioning)\n  fixture_gcp: not repaired: failed in Sigma\n',
    );
    expect(replaced()).toEqual([[RECORDED.aws.identityAddress, RECORDED.aws.address]]);
    const apply = terraform.calls().find((call) => call.args[0] === 'apply')!;
    const targets = apply.args.filter((arg) => arg.startsWith('-target=')).map((arg) => arg.slice('-target='.length));
    expect(targets).toEqual(expect.arrayContaining([RECORDED.aws.identityAddress, RECORDED.aws.address]));
    expect(targets.filter((address) => /Azure_|Gcs_/.test(address))).toEqual([]);
    expect(result.stdout).toContain('Targeting the apply at the');
    expect(result.stdout).toContain('that do not depend on fixture_azure, fixture_gcp, which cannot be repaired now (see below).');
    expect(result.stderr).toContain(`error: 2 Sigma integrations of the stack in ${stackDir} were not repaired (the 1 other drifted one was repaired):\n`);
    expect(result.stderr).toContain(
      `  - fixture_azure: pending in Sigma (${pending.integrationId}): Sigma is still provisioning its credentials. Wait until \`npx sigma-audit-logs show fixture_azure\` says ready`,
    );
    expect(result.stderr).toContain("  - fixture_gcp: Sigma could not provision integration 'fixture_gcp'");
    expect(result.stderr).toContain('Once it is deleted, reconcile creates it again');
    expect(result.stderr).toContain('Run reconcile again once that is done: it is safe to repeat.\n');
  });

  test('only pending ones: no apply, exit 5', async () => {
    await sigma.admin.deleteIntegration(ids.gcp, false);
    sigma.emulator.configure({ provisioningDelayMs: 600_000 });
    const pending = await sigma.admin.createIntegration({ name: 'fixture_gcp', cloud: 'gcp', destination: RECORDED.gcp.spec.destination });
    terraform.setShow({ stdout: withOwners(RECORDED_SHOW_JSON, { ...ids, gcp: pending.integrationId }) });
    const result = await cli(['reconcile', stackDir, '--auto-approve'], env());
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^error: 1 Sigma integration of the stack in .* was not repaired:\n {2}- fixture_gcp: pending in Sigma/);
    expect(replaced()).toEqual([]);
  });
});

describe("Terraform's own arguments", () => {
  test('--var, --var-file, --lock-timeout and --parallelism reach the apply, --workspace both runs; a variable value is never printed', async () => {
    await sigma.admin.deleteIntegration(ids.aws, false);
    const varFile = `${tempDir('sigma-cli-vars-')}/prod.tfvars`;
    writeFileSync(varFile, 'bucket = "acme"\n');
    const args = ['--var', 'bucket=acme-secret-bucket', '--var', 'note=a=b', '--var-file', varFile, '--lock-timeout', '5m', '--parallelism', '3'];
    const result = await cli(['reconcile', stackDir, '--auto-approve', ...args, '--workspace', 'staging'], env());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [show, apply] = terraform.calls();
    expect([show.workspace, apply.workspace]).toEqual(['staging', 'staging']);
    expect(apply.args).toEqual([
      'apply',
      `-replace=${RECORDED.aws.identityAddress}`,
      `-replace=${RECORDED.aws.address}`,
      '-var',
      'bucket=acme-secret-bucket',
      '-var',
      'note=a=b',
      `-var-file=${varFile}`,
      '-lock-timeout=5m',
      '-parallelism=3',
      '-auto-approve',
      '-input=false',
      '-no-color',
    ]);
    expect(result.stdout).toContain('-var bucket=… -var note=… -var-file=');
    expect(result.stdout).not.toContain('acme-secret-bucket');
  });

  test.each([
    [['--var', 'acme-secret-bucket'], '--var (not of the form <name>=<value>) is invalid: expected <name>=<value>'],
    [['--var-file', '/nonexistent/prod.tfvars'], '--var-file `/nonexistent/prod.tfvars` is not a file'],
    [['--lock-timeout', 'ten minutes'], '--lock-timeout "ten minutes" is invalid: expected a duration in ms, s, m or h, for example --lock-timeout 10m.'],
    [['--parallelism', '0'], '--parallelism "0" is invalid: expected a whole number from 1 to 9999'],
  ])('%j: exit 2 before anything runs, without echoing a value', async (args, message) => {
    const result = await cli(['reconcile', stackDir, ...args], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain('acme-secret-bucket');
    expect(terraform.calls()).toEqual([]);
  });
});

describe('reconcile cannot read the stack', () => {
  test('a state without the marker (never deployed, or by an older version): exit 2, naming the way out', async () => {
    terraform.setShow({ stdout: '{"format_version":"1.0"}\n' });
    const result = await cli(['reconcile', stackDir], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: The Terraform state of ${stackDir} holds no Sigma integration to check`);
    expect(result.stderr).toContain('run `cdktf deploy` once, then this command again');
  });

  test("`terraform show` fails: exit 2 with Terraform's error", async () => {
    terraform.setShow({
      stderr: '╷\n│ Error: Backend initialization required, please run "terraform init"\n│\n│ Reason: Initial configuration of the requested backend "local"\n╵\n',
      code: 1,
    });
    const result = await cli(['reconcile', stackDir], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: \`terraform show -json\` in ${stackDir} exited with 1: Error: Backend initialization required, please run ` +
        '"terraform init". Run reconcile in the directory the stack is deployed from, after `cdktf deploy` (or ' +
        '`terraform init`) there, with access to its state backend.\n',
    );
  });

  test('Terraform cannot be run: exit 2, naming TERRAFORM_BINARY; --terraform takes precedence over it', async () => {
    const missing = `${stackDir}/no-such-terraform`;
    const configured = await cli(['reconcile', stackDir], env({ TERRAFORM_BINARY: missing }));
    expect(configured.code).toBe(2);
    expect(configured.stderr).toContain(`error: Terraform could not be run: \`${missing}\` does not exist.`);
    expect(configured.stderr).toContain('for example TERRAFORM_BINARY=/usr/local/bin/terraform');

    const onPath = await cli(['reconcile', stackDir], env({ TERRAFORM_BINARY: undefined, PATH: tempDir('sigma-empty-path-') }));
    expect(onPath.code).toBe(2);
    expect(onPath.stderr).toContain('error: Terraform could not be run: `terraform` is not on PATH.');

    const option = await cli(['reconcile', stackDir, '--terraform', terraform.binary], env({ TERRAFORM_BINARY: missing }));
    expect(option.code).toBe(0);
  });

  test('a stack directory that does not exist: exit 2, with an example', async () => {
    const result = await cli(['reconcile', `${stackDir}/nope`], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a directory: expected the directory of a deployed stack, for example');
    expect(terraform.calls()).toEqual([]);
  });
});

test('no output above holds a client secret or an issued token', () => {
  expectNoSecretPrinted(sigma.proxy);
});
