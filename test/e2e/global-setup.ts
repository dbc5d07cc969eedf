/**
 * Runs once before the end-to-end files: bundles the handler from the current sources (the
 * synthesized stacks carry dist/handler.js) and locates the Terraform toolchain that
 * scripts/install-terraform.sh builds and caches. Without it the run fails here, with the reason:
 * these tests never skip.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TOOLCHAIN_ENV } from './toolchain';

const ROOT = path.join(__dirname, '..', '..');
const EXPECTED_TERRAFORM_VERSION = '1.5.7';

/** Value of an `export NAME=value` line printed with bash's `printf %q`. */
function unquote(name: string, value: string): string {
  if (value.startsWith("$'")) {
    throw new Error(
      `scripts/install-terraform.sh printed ${name} in a quoted form these tests do not read (${value}); ` +
        'set SIGMA_E2E_CACHE to a plain directory path, for example SIGMA_E2E_CACHE=$HOME/.cache/cdktf-sigma-audit-logs',
    );
  }
  return value.replace(/\\(.)/g, '$1');
}

function run(command: string, args: string[], what: string): string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(
      `The end-to-end tests cannot run: ${what} failed (${reason}).\n${result.stderr ?? ''}${result.stdout ?? ''}\n` +
        'They need Terraform 1.5.7 and the hashicorp/external provider, which `bash scripts/install-terraform.sh` builds ' +
        'from the Go module proxy (Go 1.21 or newer on PATH) into a local cache; `npm run e2e` runs it first.',
    );
  }
  return result.stdout;
}

export default function globalSetup(): void {
  run(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], 'bundling the handler (node scripts/bundle.mjs)');

  // Quick when the cache is complete (`npm run e2e` has just built and self-checked it).
  const printed = run('bash', [path.join(ROOT, 'scripts', 'install-terraform.sh'), '--no-verify'], 'bash scripts/install-terraform.sh');
  const exported = new Map<string, string>();
  for (const line of printed.split('\n')) {
    const match = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) exported.set(match[1], unquote(match[1], match[2]));
  }
  const binary = exported.get('TERRAFORM_BINARY');
  const cliConfig = exported.get('TF_CLI_CONFIG_FILE');
  if (!binary || !cliConfig) {
    throw new Error(
      'The end-to-end tests cannot run: scripts/install-terraform.sh printed no `export TERRAFORM_BINARY=...` and ' +
        `\`export TF_CLI_CONFIG_FILE=...\` lines on stdout; it printed:\n${printed}`,
    );
  }

  const versionJson = run(binary, ['version', '-json'], `${binary} version -json`);
  const version = (JSON.parse(versionJson) as { terraform_version?: string }).terraform_version;
  if (version !== EXPECTED_TERRAFORM_VERSION) {
    throw new Error(
      `The end-to-end tests expect Terraform ${EXPECTED_TERRAFORM_VERSION} from scripts/install-terraform.sh, but ${binary} ` +
        `reports ${version}. Delete the cache directory it names on stderr and run \`bash scripts/install-terraform.sh\` again.`,
    );
  }
  process.env[TOOLCHAIN_ENV.binary] = binary;
  // cdktf checks at synth, for every terraform_data resource, that `terraform version` is 1.4 or
  // newer; it runs TERRAFORM_BINARY_NAME (read when cdktf loads), else whatever `terraform` is on PATH.
  process.env.TERRAFORM_BINARY_NAME = binary;
  process.env.CHECKPOINT_DISABLE = '1';
  process.env[TOOLCHAIN_ENV.cliConfig] = cliConfig;
  process.env[TOOLCHAIN_ENV.version] = version;
}
