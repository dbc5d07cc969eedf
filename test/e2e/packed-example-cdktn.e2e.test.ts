/**
 * The cdktn package as a platform engineer on CDK Terrain adopts it: both packages packed as they
 * are published, examples/aws copied out of the repository and moved to cdktn by the rule the
 * README spells out (scripts/frameworks.mjs: the imports and package.json, nothing else),
 * installed with `npm ci` from its cdktn lock (examples/aws/cdktn/package-lock.json, the tarball
 * standing in for the published version), type-checked and synthesized with `cdktn synth`. Then
 * the copy, holding only the Sigma integration (the AWS provider cannot be installed here), is
 * deployed against the emulator with `cdktn deploy`, planned clean and destroyed with `cdktn destroy`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, SigmaDouble, StackWorkspace, artifactsWithSecrets, requireNodeForCdktnCli, succeeded } from './harness';
import { ROLE_ARN } from './stacks';
import { toolchain } from './toolchain';

const PACKAGE = 'cdktn-sigma-audit-logs';
const PACKAGE_DIR = path.join(ROOT, 'packages', PACKAGE);
/** npm pack builds both packages (jsii, bundles); npm ci of the example installs some 300 packages. */
const SLOW_COMMAND_MS = 10 * 60_000;
const NAME = 'e2e_packed_example_cdktn';
const STACK = 'sigma-only';

const timings: string[] = [];

function timed<T>(what: string, step: () => T): T {
  const started = Date.now();
  try {
    return step();
  } finally {
    timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** A command that needs no Sigma or Terraform settings; throws with its output unless it exits 0. */
function sh(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: SLOW_COMMAND_MS, env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A stack with only the Sigma integration, written for cdktf as the cdktf README shows it; the rule moves it to cdktn. */
function sigmaOnlyMain(destination: string): string {
  return `import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { SigmaAuditLogStorageIntegration, StorageCloud } from 'cdktf-sigma-audit-logs';

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
app.synth();
`;
}

/** Moves the copy in `dir` to cdktn in place, as a user does by hand (scripts/frameworks.mjs). */
function moveToCdktn(dir: string): void {
  sh(process.execPath, [path.join(ROOT, 'scripts', 'frameworks.mjs'), 'cdktn-example', dir], ROOT);
}

let work: string;
let dir: string;
let sigma: SigmaDouble | undefined;
let ws: StackWorkspace | undefined;

beforeAll(() => {
  requireNodeForCdktnCli();
  work = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-packed-example-cdktn-')));
  // The root's pack builds both packages (prepack); the cdktn one packs from its own folder.
  timed('npm pack (prepack: both packages built)', () => sh('npm', ['pack', '--pack-destination', work], ROOT));
  timed(`npm pack (${PACKAGE})`, () => sh('npm', ['pack', '--pack-destination', work], PACKAGE_DIR));
  const tarball = path.join(work, readdirSync(work).find((name) => name.startsWith(`${PACKAGE}-`) && name.endsWith('.tgz'))!);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;

  dir = path.join(work, 'aws');
  cpSync(path.join(ROOT, 'examples', 'aws'), dir, {
    recursive: true,
    filter: (source) => !['node_modules', 'cdktf.out', 'cdktn'].includes(path.basename(source)),
  });
  moveToCdktn(dir);
  copyFileSync(path.join(ROOT, 'examples', 'aws', 'cdktn', 'package-lock.json'), path.join(dir, 'package-lock.json'));
  const lockFile = path.join(dir, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, Record<string, string>> };
  Object.assign(lock.packages[`node_modules/${PACKAGE}`], { resolved: `file:${tarball}`, integrity });
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  timed('npm ci (aws on cdktn)', () => sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], dir));
}, 4 * SLOW_COMMAND_MS);

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
  console.log(`packed-example (cdktn) timings:\n  ${timings.join('\n  ')}`);
});

describe('examples/aws moved to cdktn, copied out of the repository and installed from its cdktn lock', () => {
  test('the move changed the imports and package.json only, to cdktn', () => {
    const main = readFileSync(path.join(dir, 'main.ts'), 'utf8');
    expect(main).not.toMatch(/from '(cdktf|cdktf-sigma-audit-logs|@cdktf\/[^']*)'/);
    expect(main).toContain(`from '${PACKAGE}'`);
    const original = readFileSync(path.join(ROOT, 'examples', 'aws', 'main.ts'), 'utf8');
    const codeOf = (source: string) => source.split('\n').filter((line) => !line.startsWith('import '));
    expect(codeOf(main)).toEqual(codeOf(original));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@cdktn/provider-aws', 'cdktn', PACKAGE, 'constructs']);
  });

  test('type-checks with its own tsconfig.json (npm run typecheck)', () => {
    timed('npm run typecheck', () => sh('npm', ['run', 'typecheck'], dir));
  }, SLOW_COMMAND_MS);

  test('`cdktn synth` synthesizes it with cdktn and the handler of the installed package', () => {
    const env = { ...process.env, TERRAFORM_BINARY_NAME: toolchain().terraformBinary, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' };
    const result = timed('npx cdktn synth', () => spawnSync('npx', ['cdktn', 'synth'], { cwd: dir, env, encoding: 'utf8', timeout: SLOW_COMMAND_MS }));
    expect({ status: result.status, output: result.status === 0 ? '' : `${result.stdout}${result.stderr}` }).toEqual({ status: 0, output: '' });
    const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'aws-audit-logs');
    const config = JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { '//': { metadata: { version: string } }; resource: object };
    expect(config['//'].metadata.version).toBe(JSON.parse(readFileSync(path.join(dir, 'node_modules', 'cdktn', 'package.json'), 'utf8')).version);
    expect(Object.keys(config.resource)).toEqual(expect.arrayContaining(['terraform_data', 'aws_iam_role', 'aws_s3_bucket']));
    const assets = path.join(stackDir, 'assets', 'SigmaAuditLogsHandler');
    const [hash] = readdirSync(assets);
    expect(readFileSync(path.join(assets, hash, 'handler.js'))).toEqual(readFileSync(path.join(dir, 'node_modules', PACKAGE, 'dist', 'handler.js')));
  }, SLOW_COMMAND_MS);
});

describe('the copy holding only the Sigma integration, deployed with the cdktn CLI against the emulator', () => {
  beforeAll(async () => {
    sigma = await SigmaDouble.start();
    ws = new StackWorkspace(sigma, STACK);
  });

  /** `npx cdktn …` in the copy with the emulator's settings; `--skip-provider-lock` as in the cdktf test (no registry here). */
  async function cdktn(args: string) {
    const env = ws!.env({ TERRAFORM_BINARY_NAME: toolchain().terraformBinary, CI: '1', FORCE_COLOR: '0' });
    const started = Date.now();
    const result = await ws!.run('bash', ['-c', `npx cdktn ${args} --skip-provider-lock`], { cwd: dir, env });
    timings.push(`npx cdktn ${args}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  }

  test('`cdktn deploy` creates the integration, the next plan is clean, `cdktn destroy` deletes it; no secret left behind', async () => {
    writeFileSync(path.join(dir, 'main.ts'), sigmaOnlyMain('s3://acme-audit/sigma/first/'));
    moveToCdktn(dir);
    const deployed = succeeded(await cdktn('deploy --auto-approve'));
    expect(deployed.stdout).toContain(`Creating Sigma integration '${NAME}'`);
    expect(sigma!.integration(NAME)).toMatchObject({ status: 'ready', destination: 's3://acme-audit/sigma/first/', roleArn: ROLE_ARN });

    const stackDir = path.join(dir, 'cdktf.out', 'stacks', STACK);
    const plan = await ws!.run(toolchain().terraformBinary, ['plan', '-input=false', '-no-color', '-detailed-exitcode'], { cwd: stackDir });
    expect({ code: plan.code, output: plan.code === 0 ? '' : plan.stdout + plan.stderr }).toEqual({ code: 0, output: '' });

    succeeded(await cdktn('destroy --auto-approve'));
    expect(sigma!.integrationsNamed(NAME)).toEqual([]);
    const synthesized = { label: 'cdk.tf.json', text: readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8') };
    expect(artifactsWithSecrets([...ws!.artifacts(), synthesized], sigma!.secrets())).toEqual([]);
  }, 10 * 60_000);
});
