/**
 * `list`, `show` and `reconcile` through the package's real bin (`node bin/sigma-audit-logs.js`),
 * as child processes: the bundle, process exit codes and the streams as a user gets them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ADMIN, FAST, Sigma, capturedOutput, createReady, expectNoSecretPrinted, removeTempDirs, startSigma, tempDir } from './helpers';
import { RECORDED, RECORDED_SHOW_JSON, deployRecorded, fakeTerraform, withOwners } from './terraform';
import { NodeRun, runNode } from '../support/child-process';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'sigma-audit-logs.js');

let sigma: Sigma;


/** Runs the bin with only this environment (and PATH). */
function bin(args: string[], env: Record<string, string | undefined>, stdin?: string): Promise<NodeRun> {
  return runNode(BIN, args, { cwd: ROOT, env, stdin, capture: capturedOutput });
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
  for (const expected of ['list [options]', 'show [options] <name>', 'reconcile [options] <stack dir>', 'emulator [options]']) {
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

test("reconcile without --auto-approve: Terraform asks on the bin's stdin; 'no' leaves it at exit 1, 'yes' applies", async () => {
  sigma.emulator.reset();
  const ids = await deployRecorded(sigma.admin);
  await sigma.admin.deleteIntegration(ids.gcp, false);
  const terraform = fakeTerraform();
  terraform.setShow({ stdout: withOwners(RECORDED_SHOW_JSON, ids) });
  const stackDir = tempDir('sigma-bin-stack-');
  const applies = () => terraform.calls().filter((call) => call.args[0] === 'apply');

  const declined = await bin(['reconcile', stackDir], env({ TERRAFORM_BINARY: terraform.binary }), 'no\n');
  expect(declined.code).toBe(1);
  expect(declined.stdout).toContain('  fixture_gcp: missing in Sigma\n');
  expect(declined.stdout).toContain(`terraform apply -replace=${RECORDED.gcp.identityAddress} -replace=${RECORDED.gcp.address}`);
  expect(declined.stdout).toContain("Only 'yes' will be accepted to approve.");
  expect(declined.stderr).toContain('or the apply was not approved');
  expect(applies().map((call) => call.args)).toEqual([['apply', `-replace=${RECORDED.gcp.identityAddress}`, `-replace=${RECORDED.gcp.address}`, '-no-color']]);

  const approved = await bin(['reconcile', stackDir], env({ TERRAFORM_BINARY: terraform.binary }), 'yes\n');
  expect(approved).toMatchObject({ code: 0, stderr: '' });
  expect(applies()).toHaveLength(2);
});

test('an interrupt during the apply leaves Terraform to stop by itself: reconcile waits for it and reports its result', async () => {
  sigma.emulator.reset();
  const ids = await deployRecorded(sigma.admin);
  await sigma.admin.deleteIntegration(ids.aws, false);
  const terraform = fakeTerraform();
  terraform.setShow({ stdout: withOwners(RECORDED_SHOW_JSON, ids) });
  terraform.setApply({ stdout: 'Apply complete!\n', delayMs: 500 });
  const child = spawn(process.execPath, [BIN, 'reconcile', tempDir('sigma-bin-stack-'), '--auto-approve'], {
    env: { PATH: process.env.PATH, ...env({ TERRAFORM_BINARY: terraform.binary }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // Only reconcile's own process is interrupted: Terraform (here, the fake) carries on.
    if (chunk.includes('Applying...')) child.kill('SIGINT');
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  capturedOutput.push(stdout);
  expect(stdout).toContain('Applying...');
  expect([code, signal]).toEqual([0, null]);
  expect(stdout).toContain('Apply complete!');
});

test('no output above holds a client secret or an issued token', () => {
  expectNoSecretPrinted(sigma.proxy);
});
