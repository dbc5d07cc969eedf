/**
 * Runs once before the end-to-end files: bundles the handler from the current sources (the
 * synthesized stacks carry dist/handler.js) and locates the Terraform toolchain that
 * scripts/install-terraform.sh builds and caches. Without it the run fails here, with the reason:
 * these tests never skip. A `terraform` on PATH newer than 1.5.7 and the OpenTofu the script
 * builds are added for the tests that run on every engine (test/e2e/toolchain.ts, `toolchains()`),
 * with the same mirror-only CLI config.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TOOLCHAIN_ENV, Toolchain } from './toolchain';

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

/** The first `terraform` on PATH, as a shell would run it. */
function terraformOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'terraform');
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Compares `1.11.4` with `1.5.7` by number (a pre-release suffix is ignored). */
function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('-')[0].split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The `terraform` on PATH when it is another binary of a newer version than the built one, run
 * with the mirror-only CLI config like every test command.
 */
function newerTerraformOnPath(built: string, builtVersion: string, cliConfig: string): Omit<Toolchain, 'cliConfigFile'>[] {
  const found = terraformOnPath();
  if (!found || realpathSync(found) === realpathSync(built)) return [];
  const result = spawnSync(found, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1' },
    timeout: 30_000,
  });
  let version: string | undefined;
  try {
    version = (JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    version = undefined;
  }
  if (result.status !== 0 || !version) {
    console.warn(`e2e: ignoring ${found}: \`terraform version -json\` failed (${result.status ?? result.error?.message}): ${result.stderr}`);
    return [];
  }
  if (compareVersions(version, builtVersion) <= 0) {
    console.warn(`e2e: ignoring ${found}: Terraform ${version} is not newer than ${builtVersion}`);
    return [];
  }
  return [{ engine: 'Terraform', terraformBinary: found, terraformVersion: version }];
}

/** The OpenTofu that scripts/install-terraform.sh built, as a toolchain; it reports its version as Terraform does. */
function builtOpenTofu(binary: string | undefined): Omit<Toolchain, 'cliConfigFile'> {
  if (!binary) {
    throw new Error(
      'The end-to-end tests cannot run: scripts/install-terraform.sh printed no `export TOFU_BINARY=...` line: ' +
        'run `bash scripts/install-terraform.sh`, which builds OpenTofu as well, and check its output.',
    );
  }
  const versionJson = run(binary, ['version', '-json'], `${binary} version -json`);
  const version = (JSON.parse(versionJson) as { terraform_version?: string }).terraform_version;
  if (!version) throw new Error(`The end-to-end tests cannot run: \`${binary} version -json\` printed no version: ${versionJson}`);
  return { engine: 'OpenTofu', terraformBinary: binary, terraformVersion: version };
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
  const others = [...newerTerraformOnPath(binary, version, cliConfig), builtOpenTofu(exported.get('TOFU_BINARY'))];
  process.env[TOOLCHAIN_ENV.others] = JSON.stringify(others);
  console.log(
    `e2e: Terraform ${version}, ${others.map((other) => `${other.engine} ${other.terraformVersion} (${other.terraformBinary})`).join(', ')}; ` +
      `the handler runs on this Node.js, ${process.version}`,
  );
}
