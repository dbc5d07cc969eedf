/**
 * `list`, `show` and `reconcile` through the package's real bin (`node bin/sigma-audit-logs.js`),
 * as child processes: the bundle, process exit codes and the streams as a user gets them.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TerraformVariable } from 'cdktf';
import { SigmaAuditLogStorageIntegration, StorageCloud } from '../../src';
import { ADMIN, FAST, Sigma, capturedOutput, createReady, expectNoSecretPrinted, removeTempDirs, startSigma } from './helpers';
import { fakeTerraform, resourcesOf, stateJson, synthStack } from './stack';
import { NodeRun, runNode } from '../support/child-process';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'sigma-audit-logs.js');

let sigma: Sigma;


/** Runs the bin with only this environment (and PATH). */
function bin(args: string[], env: Record<string, string | undefined>): Promise<NodeRun> {
  return runNode(BIN, args, { cwd: ROOT, env, capture: capturedOutput });
}

beforeAll(async () => {
  // The bin loads dist/cli.js, which the test run's global setup builds from the current sources.
  sigma = await startSigma();
});

afterAll(async () => {
  await sigma?.close();
  removeTempDirs();
});

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...ADMIN, ...FAST, SIGMA_API_URL: sigma.proxy.url, ...extra };
}

test('--help lists the commands, the environment variables and the exit codes', async () => {
  const result = await bin(['--help'], {});
  expect(result.code).toBe(0);
  for (const expected of ['list [options]', 'show [options] <name>', 'reconcile <stack dir>', 'emulator [options]']) {
    expect(result.stdout).toContain(expected);
  }
  for (const variable of ['SIGMA_CLIENT_ID, SIGMA_CLIENT_SECRET', 'SIGMA_API_URL', 'TERRAFORM_BINARY']) {
    expect(result.stdout).toContain(variable);
  }
  expect(result.stdout).toMatch(/Exit codes.*\n\s+0 {2}success\n\s+1 {2}.*\n\s+2 {2}usage.*\n\s+3 {2}not found or drift.*\n\s+4 {2}authentication/);
  const show = await bin(['show', '--help'], {});
  expect(show.stdout).toContain('--json');
  expect(show.stdout).toContain('--api-url <url>');
});

test('--version prints the package version', async () => {
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const result = await bin(['--version'], {});
  expect(result.code).toBe(0);
  expect(result.stdout.trim()).toBe(version);
});

test('list --json and show, with credentials from the environment', async () => {
  sigma.emulator.reset();
  const gcp = await createReady(sigma.admin, { name: 'bin_gcp', cloud: 'gcp', destination: 'gcs://acme-audit/bin/' });
  await createReady(sigma.admin, {
    name: 'bin_aws',
    cloud: 'aws',
    destination: 's3://acme-audit/bin/',
    roleArn: 'arn:aws:iam::123456789012:role/sigma-bin',
  });
  const list = await bin(['list', '--json'], env());
  expect(list).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(list.stdout).map((i: { name: string }) => i.name)).toEqual(['bin_aws', 'bin_gcp']);

  const show = await bin(['show', 'bin_gcp'], env());
  expect(show.code).toBe(0);
  expect(show.stdout).toContain((gcp.credentials as { serviceAccount: string }).serviceAccount);
});

test('exit codes reach the shell: 3 for an unknown name, 4 for missing credentials', async () => {
  sigma.emulator.reset();
  const unknown = await bin(['show', 'bin_nope'], env());
  expect(unknown.code).toBe(3);
  expect(unknown.stderr).toBe(
    "error: Sigma has no audit-log storage integration named 'bin_nope' (names are compared without regard to case): " +
      'expected the name of an existing integration, for example `sigma-audit-logs show audit_logs_prod`. Run ' +
      '`sigma-audit-logs list` to see the names.\n',
  );
  const noCredentials = await bin(['list'], { SIGMA_API_URL: sigma.proxy.url });
  expect(noCredentials.code).toBe(4);
  expect(noCredentials.stderr).toMatch(/^error: SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET are not set/);
  expect(noCredentials.stderr.trimEnd().split('\n')).toHaveLength(1);
});

test('reconcile resolves an expression through a terraform binary, then creates the integration', async () => {
  sigma.emulator.reset();
  const terraform = fakeTerraform();
  const stack = synthStack((s) => {
    const tenant = new TerraformVariable(s, 'tenant_id', { type: 'string' });
    new SigmaAuditLogStorageIntegration(s, 'Audit', {
      cloud: StorageCloud.AZURE,
      destination: 'azure://acmeaudit.blob.core.windows.net/audit/bin',
      // A tenant id given as a Terraform variable: an expression in cdk.tf.json.
      tenantId: tenant.stringValue,
      integrationName: 'bin_azure',
      apiUrl: sigma.emulator.url,
      credentialsTimeoutSeconds: 30,
    });
  });
  const { identity } = resourcesOf(stack, 'Audit');
  const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  terraform.setState(stateJson({ [`terraform_data.${identity[0]}`]: { id: 'a1', input: { ...identity[1].input, tenantId } } }));

  const result = await bin(['reconcile', stack.dir], env({ TERRAFORM_BINARY: terraform.binary }));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`  tenantId = ${tenantId} (from the Terraform state: terraform_data.${identity[0]}.input)`);
  expect(result.stdout).toContain('  => bin_azure: created');
  expect(sigma.emulator.state().integrations.map((i) => [i.name, i.tenantId, i.status])).toEqual([['bin_azure', tenantId, 'ready']]);
});

test('no output above holds a client secret or an issued token', () => {
  expectNoSecretPrinted(sigma.proxy);
});
