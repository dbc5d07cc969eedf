/**
 * The applied values of a stack's resources, from `terraform show -json` run in the stack
 * directory: what Terraform evaluated the expressions of the configuration to at the last apply.
 */
import { spawn } from 'node:child_process';
import { EXIT_CODES } from '../../handler/exit-codes';
import { CLIENT_SECRET_ENV } from '../../handler/spec';
import { CliCommandError } from '../errors';
import type { CliEnvironment } from '../program';

/** Path of the Terraform binary to run; default `terraform` from PATH. */
export const TERRAFORM_BINARY_ENV = 'TERRAFORM_BINARY';

const SHOW_TIMEOUT_MS = 120_000;
const MAX_REASON_LENGTH = 300;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `terraform show -json` could not give the stack's state. */
export class TerraformStateUnavailableError extends CliCommandError {
  public readonly code = 'terraform_state_unavailable';
  public readonly exitCode = EXIT_CODES.usage;

  /** @param reason what went wrong, as a clause without final period */
  constructor(public readonly reason: string) {
    super(`The Terraform state could not be read: ${reason}.`);
  }
}

/** The resources of a state, by address. */
export class TerraformState {
  constructor(private readonly valuesByAddress: ReadonlyMap<string, Json>) {}

  /** The `values` of a resource, or of its first instance when it has a count. */
  public values(address: string): Json | undefined {
    return this.valuesByAddress.get(address) ?? this.valuesByAddress.get(`${address}[0]`);
  }
}

/** Runs `terraform show -json -no-color` in `stackDir` and indexes the resources of its state. */
export async function readTerraformState(stackDir: string, env: CliEnvironment): Promise<TerraformState> {
  const configured = env[TERRAFORM_BINARY_ENV]?.trim();
  const binary = configured ? configured : 'terraform';
  const result = await run(binary, ['show', '-json', '-no-color'], stackDir, env).catch((err: NodeJS.ErrnoException) => {
    throw new TerraformStateUnavailableError(
      configured
        ? `${TERRAFORM_BINARY_ENV} is \`${configured}\`, which could not be run (${err.code ?? err.message}); set it to the path of the terraform binary, for example ${TERRAFORM_BINARY_ENV}=/usr/local/bin/terraform`
        : `Terraform could not be run (\`terraform\` ${err.code === 'ENOENT' ? 'is not on PATH' : `failed to start: ${err.code ?? err.message}`}); install it, or set ${TERRAFORM_BINARY_ENV} to its path, for example ${TERRAFORM_BINARY_ENV}=/usr/local/bin/terraform`,
    );
  });
  if (result.code !== 0) {
    throw new TerraformStateUnavailableError(
      `\`terraform show -json\` in ${stackDir} exited with ${result.code === null ? 'a signal' : result.code}: ${firstError(result.stderr)}` +
        (/init/i.test(result.stderr) ? ' (the stack directory was not initialized by `terraform init`: the stack was never deployed from here)' : ''),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new TerraformStateUnavailableError(`\`terraform show -json\` in ${stackDir} printed something other than JSON`);
  }
  const root = isObject(json) && isObject(json.values) ? json.values.root_module : undefined;
  if (!isObject(root)) {
    throw new TerraformStateUnavailableError(`the stack in ${stackDir} has no Terraform state yet (it was never deployed from here)`);
  }
  const valuesByAddress = new Map<string, Json>();
  collect(root, valuesByAddress);
  return new TerraformState(valuesByAddress);
}

function collect(module: Json, into: Map<string, Json>): void {
  for (const resource of Array.isArray(module.resources) ? module.resources : []) {
    if (isObject(resource) && typeof resource.address === 'string' && isObject(resource.values)) {
      into.set(resource.address, resource.values);
    }
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
    if (isObject(child)) collect(child, into);
  }
}

/** The first line of Terraform's error output that says what is wrong. */
function firstError(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.replace(/^[│╷╵\s]+/, '').trim()).filter((line) => line !== '');
  const line = lines.find((l) => l.startsWith('Error:')) ?? lines[0] ?? '(no error output)';
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH)}...` : line;
}

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(binary: string, args: string[], cwd: string, env: CliEnvironment): Promise<RunResult> {
  // Terraform does not need the Sigma client secret to show the state.
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== CLIENT_SECRET_ENV) childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), SHOW_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}
