/**
 * `npm run demo`: the whole life of a Sigma audit-log storage integration, with a real Terraform
 * and the local Sigma emulator, in a temporary directory and in under a minute:
 *
 *   1. start the emulator (in this process);
 *   2. synthesize a small AWS stack with SigmaAuditLogStorageIntegration;
 *   3. deploy it (terraform init + apply) and show the integration's credentials and the trust
 *      policy the AWS role would receive;
 *   4. link a scheduled export to the integration (as an admin would in Sigma);
 *   5. change the destination and apply: same integration, the linked export is paused;
 *   6. destroy.
 *
 * Terraform or OpenTofu: TERRAFORM_BINARY if set (and then only it; e.g. TERRAFORM_BINARY=tofu); else the one `npm run e2e:install` builds
 * (with its offline provider mirror); else `terraform` on PATH (1.5 or newer; it downloads the
 * hashicorp/external provider from the registry). Without any, the demo says how to get one and exits with code 1,
 * as it does when a step fails; 0 means every step succeeded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { trustPolicyDocument } from '../src/aws/policies';
import { SigmaClient } from '../src/client/client';
import { StorageCloud } from '../src/destination/cloud';
import { DEFAULT_CLIENTS, startEmulator } from '../src/emulator';
import type { RunningEmulator } from '../src/emulator';
import { SigmaApiUrl } from '../src/sigma/options';

const ROOT = path.join(__dirname, '..');
const STEPS = 6;
const STACK = 'sigma-audit-logs-demo';
const INTEGRATION_NAME = 'audit_logs_demo';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/sigma-audit-logs-demo';
const FIRST_DESTINATION = 's3://acme-audit-logs/sigma/';
const SECOND_DESTINATION = 's3://acme-audit-logs-archive/sigma/';
const MINIMUM_TERRAFORM = [1, 5];

class DemoError extends Error {}

interface Terraform {
  readonly binary: string;
  readonly version: string;
  /** `Terraform` or `OpenTofu`, as the binary names itself in `version`. */
  readonly engine: string;
  /** Where it came from, for the user. */
  readonly origin: string;
  /** Environment it needs on top of the user's (the e2e build's CLI config). */
  readonly env: Record<string, string>;
}

function step(n: number, text: string): void {
  console.log(`\nStep ${n}/${STEPS}: ${text}`);
}

function info(text: string): void {
  console.log(`  ${text}`);
}

function terraformVersion(binary: string): string | undefined {
  const result = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (result.error || result.status !== 0) return undefined;
  try {
    return (JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** The engine's own name, from the first word of `<binary> version` (OpenTofu reports its version as Terraform does in -json). */
function engineName(binary: string): string {
  const result = spawnSync(binary, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  return /^OpenTofu\b/.test(result.stdout ?? '') ? 'OpenTofu' : 'Terraform';
}

function recentEnough(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM_TERRAFORM[0] || (major === MINIMUM_TERRAFORM[0] && minor >= MINIMUM_TERRAFORM[1]);
}

/** The toolchain `npm run e2e:install` caches (see scripts/install-terraform.sh), if built. */
function e2eToolchain(): { binary: string; cliConfig: string } | undefined {
  const cache = process.env.SIGMA_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'cdktf-sigma-audit-logs');
  const envFile = path.join(cache, 'env.json');
  if (!existsSync(envFile)) return undefined;
  const env = JSON.parse(readFileSync(envFile, 'utf8')) as { TERRAFORM_BINARY?: string; TF_CLI_CONFIG_FILE?: string };
  if (!env.TERRAFORM_BINARY || !env.TF_CLI_CONFIG_FILE || !existsSync(env.TERRAFORM_BINARY)) return undefined;
  return { binary: env.TERRAFORM_BINARY, cliConfig: env.TF_CLI_CONFIG_FILE };
}

function findTerraform(): Terraform {
  const explicit = process.env.TERRAFORM_BINARY;
  const built = e2eToolchain();
  // An explicit choice is the only candidate: falling back from it would run another Terraform unasked.
  const candidates: Array<Omit<Terraform, 'version' | 'engine'>> = explicit
    ? [{ binary: explicit, origin: 'TERRAFORM_BINARY', env: {} }]
    : [
        ...(built ? [{ binary: built.binary, origin: 'the build of `npm run e2e:install`', env: { TF_CLI_CONFIG_FILE: built.cliConfig } }] : []),
        { binary: 'terraform', origin: 'PATH', env: {} },
      ];

  const refused: string[] = [];
  for (const candidate of candidates) {
    const version = terraformVersion(candidate.binary);
    if (version === undefined) {
      if (candidate.origin !== 'PATH') refused.push(`${candidate.binary} (from ${candidate.origin}) does not run`);
      continue;
    }
    if (!recentEnough(version)) {
      refused.push(`${candidate.binary} (from ${candidate.origin}) is Terraform ${version}`);
      continue;
    }
    return { ...candidate, version, engine: engineName(candidate.binary) };
  }
  throw new DemoError(
    [
      `No Terraform ${MINIMUM_TERRAFORM.join('.')} or newer (or OpenTofu) found${refused.length > 0 ? ` (${refused.join('; ')})` : ''}. To get one, either:`,
      '  - run `npm run e2e:install`, which builds Terraform 1.5.7 and the hashicorp/external provider from source',
      '    (needs Go 1.21 or newer) into a local cache that this demo uses without any network access; or',
      '  - install Terraform 1.5 or newer (https://developer.hashicorp.com/terraform/install) and put it on PATH,',
      '    or set TERRAFORM_BINARY to its path (for example TERRAFORM_BINARY=/usr/local/bin/terraform);',
      '  - or run it with OpenTofu: TERRAFORM_BINARY=tofu (or its path), with OpenTofu 1.6 or newer.',
    ].join('\n'),
  );
}

/**
 * cdktf and the construct, loaded once the Terraform is chosen: at synth, cdktf checks the version
 * of TERRAFORM_BINARY_NAME (read when it loads, default: `terraform` on PATH) for every
 * terraform_data resource.
 */
async function loadCdktf(terraform: Terraform) {
  process.env.TERRAFORM_BINARY_NAME = terraform.binary;
  process.env.CHECKPOINT_DISABLE = '1';
  Object.assign(process.env, terraform.env);
  const cdktf = await import('cdktf');
  const { SigmaAuditLogStorageIntegration } = await import('../src/sigma/storage-integration');
  return { ...cdktf, SigmaAuditLogStorageIntegration };
}

type Library = Awaited<ReturnType<typeof loadCdktf>>;

function synthesize(lib: Library, outdir: string, stateFile: string, destination: string): string {
  const { App, Fn, LocalBackend, SigmaAuditLogStorageIntegration, TerraformOutput, TerraformStack } = lib;
  const app = new App({ outdir });
  const stack = new TerraformStack(app, STACK);
  new LocalBackend(stack, { path: stateFile });
  const integration = new SigmaAuditLogStorageIntegration(stack, 'AuditLogs', {
    integrationName: INTEGRATION_NAME,
    cloud: StorageCloud.AWS,
    destination,
    roleArn: ROLE_ARN,
    // The deploy reaches the emulator through SIGMA_API_URL, which takes precedence.
    apiUrl: SigmaApiUrl.AWS_US,
  });
  new TerraformOutput(stack, 'integration_id', { value: integration.integrationId });
  new TerraformOutput(stack, 'destination', { value: integration.liveDestination });
  new TerraformOutput(stack, 'aws_iam_user_arn', { value: integration.awsIamUserArn });
  new TerraformOutput(stack, 'aws_external_id', { value: integration.awsExternalId });
  new TerraformOutput(stack, 'trust_policy', {
    value: Fn.jsonencode(trustPolicyDocument({ iamUserArn: integration.awsIamUserArn, externalId: integration.awsExternalId })),
  });
  app.synth();
  return path.join(outdir, 'stacks', STACK);
}

/** Lines of Terraform's output worth showing: the handler's progress and the summaries. */
function worthShowing(line: string): boolean {
  if (/\(local-exec\): Executing:/.test(line)) return false;
  return /\(local-exec\):|^(Apply|Destroy) complete!|^Plan:|^No changes\./.test(line.trim());
}

function runTerraform(terraform: Terraform, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(terraform.binary, [...args, '-no-color'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const onData = (chunk: string) => {
      output += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (worthShowing(line)) info(`| ${line.replace(/^.*\(local-exec\): /, '')}`);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new DemoError(`\`terraform ${args.join(' ')}\` failed with exit code ${code}. Its output:\n${output}`));
    });
  });
}

async function outputs(terraform: Terraform, cwd: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const result = spawnSync(terraform.binary, ['output', '-json', '-no-color'], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new DemoError(`\`terraform output -json\` failed: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as Record<string, { value: string }>;
  return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
}

function ensureHandlerBundle(): void {
  if (existsSync(path.join(ROOT, 'dist', 'handler.js'))) return;
  info('Building the custom-resource handler bundle (npm run bundle)...');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new DemoError('`npm run bundle` failed (output above).');
}

async function main(): Promise<void> {
  const terraform = findTerraform();
  console.log(`Sigma audit-log storage integration demo, with ${terraform.engine} ${terraform.version} (${terraform.binary}, from ${terraform.origin}).`);
  ensureHandlerBundle();
  const lib = await loadCdktf(terraform);

  const workdir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-audit-logs-demo-')));
  const stateFile = path.join(workdir, `${STACK}.tfstate`);
  // Ctrl-C also reaches Terraform (same process group), which stops; leave no temporary files.
  process.once('SIGINT', () => {
    rmSync(workdir, { recursive: true, force: true });
    process.exit(130);
  });
  let emulator: RunningEmulator | undefined;
  let client: SigmaClient | undefined;
  let deployed = false;
  let stackDir = '';
  let env: NodeJS.ProcessEnv = {};
  try {
    step(1, 'starting the local Sigma emulator...');
    emulator = await startEmulator({ provisioningDelayMs: 1500 });
    const admin = DEFAULT_CLIENTS.find((c) => c.accountType === 'Admin')!;
    client = new SigmaClient({ baseUrl: emulator.url, clientId: admin.clientId, clientSecret: admin.clientSecret });
    info(`Emulator listening on ${emulator.url}; ${terraform.engine} reaches it through SIGMA_API_URL.`);
    env = {
      ...process.env,
      ...terraform.env,
      // The node running this demo runs the handler too.
      PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      SIGMA_API_URL: emulator.url,
      SIGMA_CLIENT_ID: admin.clientId,
      SIGMA_CLIENT_SECRET: admin.clientSecret,
      SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '250',
    };

    step(2, `synthesizing a small AWS stack with cdktf (integration '${INTEGRATION_NAME}', destination ${FIRST_DESTINATION})...`);
    stackDir = synthesize(lib, path.join(workdir, 'cdktf.out'), stateFile, FIRST_DESTINATION);
    info(`Stack folder: ${stackDir}`);

    step(3, `deploying it with ${terraform.engine} (init, apply)...`);
    await runTerraform(terraform, ['init', '-input=false'], stackDir, env);
    deployed = true;
    await runTerraform(terraform, ['apply', '-auto-approve', '-input=false'], stackDir, env);
    const first = await outputs(terraform, stackDir, env);
    info(`Integration id:      ${first.integration_id}`);
    info(`Destination:         ${first.destination}`);
    info(`Sigma's IAM user:    ${first.aws_iam_user_arn}`);
    info(`External id:         ${first.aws_external_id}`);
    info('Trust policy the AWS role receives (rendered by Terraform from those credentials):');
    for (const line of JSON.stringify(JSON.parse(first.trust_policy), null, 2).split('\n')) info(`    ${line}`);

    step(4, 'linking a nightly scheduled export to the integration (through the Sigma API)...');
    const nightly = await client.createScheduledExport({ name: 'nightly', integrationId: first.integration_id, schedule: '0 2 * * *' });
    info(`Scheduled export '${nightly.name}' (${nightly.exportId}): ${nightly.status}, writing to ${nightly.destination}`);

    step(5, `changing the destination to ${SECOND_DESTINATION} and applying...`);
    synthesize(lib, path.join(workdir, 'cdktf.out'), stateFile, SECOND_DESTINATION);
    await runTerraform(terraform, ['apply', '-auto-approve', '-input=false'], stackDir, env);
    const second = await outputs(terraform, stackDir, env);
    const paused = await client.getScheduledExport(nightly.exportId);
    info(`Integration id:      ${second.integration_id} (${second.integration_id === first.integration_id ? 'the same' : 'a NEW one'})`);
    info(`Destination:         ${second.destination}`);
    info(`Credentials:         ${second.aws_external_id === first.aws_external_id ? 'unchanged' : 'CHANGED'}`);
    info(`Scheduled export '${paused.name}': ${paused.status}${paused.pausedReason ? ` (${paused.pausedReason})` : ''}; resume it in Sigma once the new destination is ready.`);

    step(6, 'destroying the stack...');
    await runTerraform(terraform, ['destroy', '-auto-approve', '-input=false'], stackDir, env);
    deployed = false;
    const left = await client.listIntegrations();
    info(`Integrations left in Sigma: ${left.length}`);
    console.log('\nDone.');
  } finally {
    if (deployed) {
      // A step failed after the deploy: leave nothing behind in the emulator's temporary world.
      await runTerraform(terraform, ['destroy', '-auto-approve', '-input=false'], stackDir, env).catch(() => undefined);
    }
    await client?.close();
    await emulator?.close();
    rmSync(workdir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\n${error instanceof DemoError ? error.message : `The demo failed: ${(error as Error)?.stack ?? String(error)}`}`);
    process.exit(1);
  },
);
