/**
 * The repair flow with the real Terraform: deploy a stack whose destination is a Terraform
 * expression, delete the integration behind Terraform's back, see the plan fail with the repair
 * command, run `reconcile` (which reads the destination from `terraform show -json`), and see the
 * plan clean again.
 *
 * Uses the offline Terraform toolchain of scripts/install-terraform.sh (Terraform 1.5.7 and a
 * provider mirror, so that `terraform init` never goes to the network), which `npm run e2e`
 * installs first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Token } from 'cdktf';
import { SigmaAuditLogStorageIntegration, StorageCloud } from '../../src';
import { TerraformData } from '../../src/terraform/terraform-data';
import { ADMIN, FAST, Sigma, cli, removeTempDirs, startSigma } from '../cli/helpers';
import { synthStack } from '../cli/stack';

interface Toolchain {
  readonly binary: string;
  readonly cliConfig: string;
}

/** The toolchain scripts/install-terraform.sh caches, if it was installed on this machine. */
function installedToolchain(): Toolchain | undefined {
  const cache =
    process.env.SIGMA_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'cdktf-sigma-audit-logs');
  const envFile = path.join(cache, 'env.json');
  if (!existsSync(envFile)) return undefined;
  const settings = JSON.parse(readFileSync(envFile, 'utf8')) as { TERRAFORM_BINARY?: string; TF_CLI_CONFIG_FILE?: string };
  if (!settings.TERRAFORM_BINARY || !settings.TF_CLI_CONFIG_FILE || !existsSync(settings.TERRAFORM_BINARY)) return undefined;
  return { binary: settings.TERRAFORM_BINARY, cliConfig: settings.TF_CLI_CONFIG_FILE };
}

const toolchain = installedToolchain();
if (!toolchain) throw new Error('The Terraform toolchain is not installed: run `npm run e2e:install` (npm run e2e does it first).');

interface Run {
  readonly code: number | null;
  readonly output: string;
}

describe('reconcile with the real Terraform (toolchain of scripts/install-terraform.sh)', () => {
  let sigma: Sigma;

  beforeAll(async () => {
      sigma = await startSigma(100);
  });

  afterAll(async () => {
    await sigma?.close();
    removeTempDirs();
  });

  /** Only what Terraform and the handler need: no TF_* of the test runner's environment. */
  function environment(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? homedir(),
      TF_CLI_CONFIG_FILE: toolchain!.cliConfig,
      CHECKPOINT_DISABLE: '1',
      ...ADMIN,
      ...FAST,
    };
  }

  function terraform(args: string[], cwd: string): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(toolchain!.binary, [...args, '-no-color', '-input=false'], { cwd, env: environment(), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  }

  test('deploy, delete behind its back, plan fails naming reconcile, reconcile, plan is clean', async () => {
    const stack = synthStack((s) => {
      // The bucket comes from another resource: the destination is an expression in cdk.tf.json.
      const bucket = new TerraformData(s, 'Bucket', { input: { name: 'acme-e2e-audit' } });
      new SigmaAuditLogStorageIntegration(s, 'Audit', {
        cloud: StorageCloud.GCP,
        destination: `gcs://${Token.asString(bucket.output.lookup('name'))}/sigma`,
        integrationName: 'e2e_gcp',
        apiUrl: sigma.emulator.url,
        credentialsTimeoutSeconds: 30,
      });
    });
    expect(await terraform(['init'], stack.dir)).toMatchObject({ code: 0 });
    const applied = await terraform(['apply', '-auto-approve'], stack.dir);
    expect(applied.output).toContain('Apply complete!');
    const [deployed] = sigma.emulator.state().integrations;
    expect([deployed.name, deployed.destination, deployed.status]).toEqual(['e2e_gcp', 'gcs://acme-e2e-audit/sigma/', 'ready']);

    await sigma.admin.deleteIntegration(deployed.integrationId, false);
    const broken = await terraform(['plan'], stack.dir);
    expect(broken.code).not.toBe(0);
    expect(broken.output.replace(/\s+/g, ' ')).toContain(`sigma-audit-logs reconcile ${stack.dir}`);

    const result = await cli(['reconcile', stack.dir], { ...environment(), TERRAFORM_BINARY: toolchain!.binary });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ {2}destination = gcs:\/\/acme-e2e-audit\/sigma \(from the Terraform state: terraform_data\.Audit_Settings_[0-9A-F]+\.triggers_replace\)\n/);
    expect(result.stdout).toContain('  => e2e_gcp: created');
    const [recreated] = sigma.emulator.state().integrations;
    expect([recreated.name, recreated.destination, recreated.status]).toEqual(['e2e_gcp', 'gcs://acme-e2e-audit/sigma/', 'ready']);

    const clean = await terraform(['plan', '-detailed-exitcode'], stack.dir);
    expect(clean.output).toContain('No changes.');
    expect(clean.code).toBe(0);
  });
});

