/**
 * The examples as a platform engineer adopts them: the package packed as it is published, each
 * example copied to a folder outside the repository and installed from its own lock file (the
 * tarball standing in for the published version), type-checked with its own tsconfig.json and
 * synthesized with its own cdktf.json. Then a copy whose stack declares only the Sigma
 * integration (the cloud providers cannot be installed here) runs the pipeline example's
 * commands against the emulator: diff, deploy, a clean plan, a destination change, and destroy.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { Artifact, ROOT, SigmaDouble, StackWorkspace, artifactsWithSecrets, flattened, succeeded } from './harness';
import { ROLE_ARN } from './stacks';
import { toolchain } from './toolchain';

const EXAMPLES = ['aws', 'azure', 'gcp'] as const;
const PACKAGE = 'cdktf-sigma-audit-logs';
/** npm pack builds the package (jsii, bundles); npm ci of an example installs some 600 packages. */
const SLOW_COMMAND_MS = 10 * 60_000;
const NAME = 'e2e_packed_example';
const STACK = 'sigma-only';

/** What each step took, printed at the end (the lane's time is worth watching). */
const timings: string[] = [];

function timed<T>(what: string, step: () => T): T {
  const started = Date.now();
  try {
    return step();
  } finally {
    timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** A command that needs no Sigma or Terraform settings (pack, install); throws with its output unless it exits 0. */
function sh(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: SLOW_COMMAND_MS, env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

interface Lock {
  packages: Record<string, { version?: string; resolved?: string; integrity?: string }>;
}

/** The run steps of the pipeline example's jobs, by job name. */
function pipelineRuns(): Record<string, string[]> {
  const file = path.join(ROOT, 'examples', 'pipeline', '.github', 'workflows', 'sigma-audit-logs.yml');
  const workflow = parse(readFileSync(file, 'utf8')) as { jobs: Record<string, { steps: Array<{ run?: string }> }> };
  return Object.fromEntries(
    Object.entries(workflow.jobs).map(([job, { steps }]) => [job, steps.flatMap((step) => (step.run === undefined ? [] : [step.run.trim()]))]),
  );
}

/** A stack with only the Sigma integration, written as a user of the published package writes it. */
function sigmaOnlyMain(destination: string): string {
  return `import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { SigmaAuditLogStorageIntegration, StorageCloud } from '${PACKAGE}';

const app = new App();
const stack = new TerraformStack(app, '${STACK}');
const auditLogs = new SigmaAuditLogStorageIntegration(stack, 'AuditLogs', {
  integrationName: '${NAME}',
  cloud: StorageCloud.AWS,
  destination: '${destination}',
  roleArn: '${ROLE_ARN}',
  credentialsTimeoutSeconds: 60,
});
new TerraformOutput(stack, 'integration_id', { value: auditLogs.integrationId });
new TerraformOutput(stack, 'aws_external_id', { value: auditLogs.awsExternalId });
new TerraformOutput(stack, 'destination', { value: auditLogs.liveDestination });
app.synth();
`;
}

const copies = new Map<string, string>();
let work: string;
let tarball: string;
let sigma: SigmaDouble | undefined;
let ws: StackWorkspace | undefined;

beforeAll(() => {
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-packed-example-')));
  expect(path.relative(ROOT, work).startsWith('..')).toBe(true);
  timed('npm pack (prepack: jsii build and bundles)', () => sh('npm', ['pack', '--pack-destination', work], ROOT));
  tarball = path.join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;

  for (const example of EXAMPLES) {
    const dir = path.join(work, example);
    // What a user copies: the folder, without anything a local run may have left in it.
    cpSync(path.join(ROOT, 'examples', example), dir, {
      recursive: true,
      filter: (source) => !['node_modules', 'cdktf.out'].includes(path.basename(source)),
    });
    // The lock records the package as the registry will serve it; the tarball serves it here.
    const lockFile = path.join(dir, 'package-lock.json');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as Lock;
    const entry = lock.packages[`node_modules/${PACKAGE}`];
    expect(entry).toMatchObject({ version: (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version });
    Object.assign(entry, { resolved: `file:${tarball}`, integrity });
    writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
    // npm's own cache (shared by the three installs and by later runs).
    timed(`npm ci (${example})`, () => sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], dir));
    copies.set(example, dir);
  }
}, 4 * SLOW_COMMAND_MS);

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
  console.log(`packed-example timings:\n  ${timings.join('\n  ')}`);
});

describe.each(EXAMPLES)('examples/%s, copied out of the repository and installed from its lock file', (example) => {
  test('type-checks with its own tsconfig.json (npm run typecheck)', () => {
    timed(`npm run typecheck (${example})`, () => sh('npm', ['run', 'typecheck'], copies.get(example)!));
  }, SLOW_COMMAND_MS);

  test('synthesizes with its own cdktf.json, with the handler of the installed package', () => {
    const dir = copies.get(example)!;
    const env = { ...process.env, TERRAFORM_BINARY_NAME: toolchain().terraformBinary, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' };
    const result = timed(`npx cdktf synth (${example})`, () =>
      spawnSync('npx', ['cdktf', 'synth'], { cwd: dir, env, encoding: 'utf8', timeout: SLOW_COMMAND_MS }),
    );
    expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: '' });
    const stackDir = path.join(dir, 'cdktf.out', 'stacks', `${example}-audit-logs`);
    expect(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).toContain('"terraform_data"');
    const assets = path.join(stackDir, 'assets', 'SigmaAuditLogsHandler');
    const [hash] = readdirSync(assets);
    expect(readFileSync(path.join(assets, hash, 'handler.js'))).toEqual(readFileSync(path.join(dir, 'node_modules', PACKAGE, 'dist', 'handler.js')));
  }, SLOW_COMMAND_MS);
});

describe('a copied example holding only the Sigma integration, through the pipeline example against the emulator', () => {
  const runs = pipelineRuns();
  let dir: string;
  const extra: Artifact[] = [];

  beforeAll(async () => {
    sigma = await SigmaDouble.start();
    ws = new StackWorkspace(sigma, STACK);
    dir = copies.get('aws')!;
    writeFileSync(path.join(dir, 'main.ts'), sigmaOnlyMain('s3://acme-audit/sigma/first/'));
  });

  /**
   * A command of the pipeline example, run in the copy as its job runs it, with the emulator's
   * settings. The cdktf commands also get `--skip-provider-lock`: the CLI would otherwise run
   * `terraform providers lock`, which asks the public Terraform registry even when every
   * provider comes from the local mirror.
   */
  async function step(command: string) {
    const args = /^npx cdktf (diff|deploy|destroy)/.test(command) ? `${command} --skip-provider-lock` : command;
    const env = ws!.env({ TERRAFORM_BINARY_NAME: toolchain().terraformBinary, CI: '1', FORCE_COLOR: '0' });
    const started = Date.now();
    const result = await ws!.run('bash', ['-c', args], { cwd: dir, env });
    timings.push(`${args}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  }

  test('the pipeline installs with npm ci, type-checks and diffs on a pull request, and deploys from main', async () => {
    // npm ci: done above for this copy, from this same lock.
    expect(runs.diff).toEqual(['npm ci', 'npm run typecheck', 'npx cdktf diff']);
    expect(runs.deploy).toEqual(['npm ci', 'npx cdktf deploy --auto-approve']);

    succeeded(await step('npm run typecheck'));
    const diff = succeeded(await step('npx cdktf diff'));
    expect(flattened(diff.stdout)).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
    expect(sigma!.integrationsNamed(NAME)).toEqual([]);

    const deployed = succeeded(await step('npx cdktf deploy --auto-approve'));
    expect(deployed.stdout).toContain(`Creating Sigma integration '${NAME}'`);
    expect(sigma!.integration(NAME)).toMatchObject({ status: 'ready', destination: 's3://acme-audit/sigma/first/', roleArn: ROLE_ARN });
  }, 5 * 60_000);

  test('the next plan is clean', async () => {
    const stackDir = path.join(dir, 'cdktf.out', 'stacks', STACK);
    const plan = await ws!.run(toolchain().terraformBinary, ['plan', '-input=false', '-no-color', '-detailed-exitcode'], { cwd: stackDir });
    expect({ code: plan.code, output: plan.code === 0 ? '' : plan.stdout + plan.stderr }).toEqual({ code: 0, output: '' });
  }, 2 * 60_000);

  test('a destination change deploys in place: same integration and credentials', async () => {
    const before = sigma!.integration(NAME);
    writeFileSync(path.join(dir, 'main.ts'), sigmaOnlyMain('s3://acme-audit/sigma/second/'));
    const diff = succeeded(await step('npx cdktf diff'));
    expect(flattened(diff.stdout)).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
    succeeded(await step('npx cdktf deploy --auto-approve'));
    const after = sigma!.integration(NAME);
    expect(after).toMatchObject({ integrationId: before.integrationId, destination: 's3://acme-audit/sigma/second/', credentials: before.credentials });
  }, 5 * 60_000);

  test('cdktf destroy deletes the integration in Sigma', async () => {
    succeeded(await step('npx cdktf destroy --auto-approve'));
    expect(sigma!.integrationsNamed(NAME)).toEqual([]);
    const stateFiles = readdirSync(dir).filter((name) => name.includes('.tfstate'));
    expect(stateFiles).not.toEqual([]);
    for (const name of stateFiles) extra.push({ label: `state file ${name}`, text: readFileSync(path.join(dir, name), 'utf8') });
  }, 5 * 60_000);

  test('no client secret or token in any output, log, state or synthesized file', () => {
    const synthesized = path.join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json');
    extra.push({ label: 'cdk.tf.json', text: readFileSync(synthesized, 'utf8') });
    expect(artifactsWithSecrets([...ws!.artifacts(), ...extra], sigma!.secrets())).toEqual([]);
  });
});
