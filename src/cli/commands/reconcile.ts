/**
 * `sigma-audit-logs reconcile <stack dir>`: Terraform repairs integrations deleted or changed in
 * Sigma. Settings resources are found in `terraform show -json` by their marker (SETTINGS_MARKER_KEY
 * in `input`, the spec as last applied) and checked with the handler's read; the drifted ones are
 * replaced by `terraform apply -replace`, whose create-time apply sets the destination back
 * (settings) or creates the integration again (identity, with its settings, for a deleted one).
 * The credentials data source, read after identity, then updates what depends on the new
 * credentials (AWS trust policy, GCP binding) in the same run.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { Command } from 'commander';
import { credentialVariablesOf, waitOptionsFromEnvironment, withClientFromEnvironment } from '../../handler/environment';
import { DestinationDriftError, IntegrationMissingError } from '../../handler/errors';
import { EXIT_CODES } from '../../handler/exit-codes';
import { HandlerLog, locateIntegration, readIntegration } from '../../handler/operations';
import { IntegrationSpec, SETTINGS_MARKER_KEY } from '../../handler/spec';
import { CLIENT_SECRET_ENV } from '../../rules/credentials';
import { validateSpec } from '../../handler/validate';
import { CliCommandError, CliUsageError } from '../errors';
import type { CliEnvironment, CliOutput } from '../io';
import { userAgent } from './connection';

/** Path of the Terraform binary to run; default `terraform` from PATH. */
export const TERRAFORM_BINARY_ENV = 'TERRAFORM_BINARY';

const STACK_DIR_EXAMPLE = 'cdktf.out/stacks/prod';

interface ReconcileOptions {
  readonly autoApprove?: boolean;
  readonly terraform?: string;
}

/** A settings resource of the construct in the state: its address and the spec it was last applied with. */
export interface MarkedSettings {
  readonly address: string;
  readonly spec: Record<string, unknown>;
  /** The address of its identity resource (whose id its `triggers_replace` holds), when found. */
  readonly identityAddress?: string;
  /** The id (and organization) its owner resource records: what the drift check reads. */
  readonly owned?: { readonly integrationId: string; readonly organizationId?: string };
}

/** Terraform could not be started. */
export class TerraformUnavailableError extends CliCommandError {
  public readonly code = 'terraform_unavailable';
  public readonly exitCode = EXIT_CODES.usage;

  constructor(binary: string, configured: boolean, reason: string) {
    super(
      `Terraform could not be run: \`${binary}\` ${reason === 'ENOENT' ? (configured ? 'does not exist' : 'is not on PATH') : `failed to start (${reason})`}. ` +
        `Expected the Terraform or OpenTofu the stack is deployed with: put terraform on PATH, or give its path with --terraform or ` +
        `${TERRAFORM_BINARY_ENV}, for example ${TERRAFORM_BINARY_ENV}=/usr/local/bin/terraform or --terraform "$(command -v tofu)".`,
    );
  }
}

/** `terraform show` or `terraform apply` exited with an error. */
class TerraformFailedError extends CliCommandError {
  public readonly code = 'terraform_failed';

  constructor(
    public readonly exitCode: number,
    command: string,
    stackDir: string,
    status: number | null,
    detail: string,
  ) {
    super(`\`${command}\` in ${stackDir} exited with ${status ?? 'a signal'}: ${detail}`);
  }
}

/** The state has no settings resource with the marker: never deployed, or last deployed by an older version. */
export class NoIntegrationsInStateError extends CliCommandError {
  public readonly code = 'no_integrations_in_state';
  public readonly exitCode = EXIT_CODES.usage;

  /** `unmarked`: addresses of the identity and settings resources an older version deployed, without the marker. */
  constructor(stackDir: string, unmarked: readonly string[] = []) {
    super(
      unmarked.length === 0
        ? `The Terraform state of ${stackDir} holds no Sigma integration to check (no terraform_data resource with ` +
            `${SETTINGS_MARKER_KEY} in its input). Expected a stack deployed with this version of cdktf-sigma-audit-logs: ` +
            'run `cdktf deploy` once, then this command again.'
        : `The Terraform state of ${stackDir} holds no Sigma integration to check: its settings resources were deployed ` +
            `by an older version of cdktf-sigma-audit-logs and lack ${SETTINGS_MARKER_KEY} in their input. Deploy once with ` +
            'this version: it records it, with the id of each integration. If that plan stops because an integration was ' +
            'deleted in Sigma, create it again, after `cdktf synth` with this version, with ' +
            `\`terraform apply ${unmarked.map((a) => `-replace=${a}`).join(' ')}\` in that directory, then run this command again.`,
    );
  }
}

export function registerReconcileCommand(program: Command, output: CliOutput, env: CliEnvironment): Command {
  return program
    .command('reconcile')
    .description(
      'Repair the Sigma integrations of a deployed stack that were deleted or changed in Sigma: finds them in the ' +
        'Terraform state, asks Sigma which drifted, and replaces their resources with `terraform apply -replace`.',
    )
    .argument('<stack dir>', `directory of the synthesized stack, where Terraform runs (for example ${STACK_DIR_EXAMPLE})`)
    .option('--auto-approve', "apply without asking (pipelines); otherwise Terraform shows its plan and asks for 'yes'")
    .option('--terraform <path>', `Terraform or OpenTofu binary, e.g. tofu (default: $${TERRAFORM_BINARY_ENV}, else terraform from PATH)`)
    .addHelpText(
      'after',
      `
Run it where the stack is deployed from: it needs that directory's Terraform (initialized, with
access to its state backend), and SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET as for a deploy (or,
for integrations that name other variables, those: each is checked in its own organization).
The apply is of the whole stack, like a deploy. Nothing drifted: it says so and runs no apply.

Example:
  sigma-audit-logs reconcile ${STACK_DIR_EXAMPLE}
`,
    )
    .action(async (stackDir: string, options: ReconcileOptions) => {
      await reconcile(stackDir, options, output, env);
    });
}

/** Replaces the settings of every drifted integration of the stack; nothing drifted, no apply. */
async function reconcile(stackDir: string, options: ReconcileOptions, output: CliOutput, env: CliEnvironment): Promise<void> {
  if (!statSync(stackDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliUsageError(
      `<stack dir> \`${stackDir}\` is not a directory: expected the directory of a deployed stack, for example ` +
        `\`sigma-audit-logs reconcile ${STACK_DIR_EXAMPLE}\`.`,
    );
  }
  const terraform = terraformRunner(stackDir, options, output, env);
  // Terraform does not need the Sigma client secret to show the state.
  const shown = await terraform(['show', '-json', '-no-color'], { [CLIENT_SECRET_ENV]: undefined }, 'capture');
  if (shown.status !== 0) {
    const remedy = 'Run reconcile in the directory the stack is deployed from, after `cdktf deploy` (or `terraform init`) there';
    const detail = `${firstError(shown.stderr)}. ${remedy}, with access to its state backend.`;
    throw new TerraformFailedError(EXIT_CODES.usage, 'terraform show -json', stackDir, shown.status, detail);
  }
  const state: unknown = JSON.parse(shown.stdout);
  const marked = markedSettings(state);
  if (marked.length === 0) throw new NoIntegrationsInStateError(stackDir, unmarkedSettings(state));

  output.out(`Checking the ${marked.length} Sigma integration${marked.length === 1 ? '' : 's'} of the Terraform state in ${stackDir}:\n`);
  const drifted: string[] = [];
  for (const { address, spec: raw, identityAddress, owned } of marked) {
    const declared = validateSpec(raw, `${SETTINGS_MARKER_KEY} of ${address} in the Terraform state`);
    // Deployed by a version that recorded no id: checked by name, as that version did (a deploy records the id).
    const drift = await driftOf(owned === undefined ? declared : { ...declared, ...owned }, stackDir, output, env);
    output.out(`  ${declared.name}: ${drift?.description ?? 'as declared'}\n`);
    // A new integration has new credentials: they are read after identity, so identity goes too.
    if (drift?.missing && identityAddress !== undefined) drifted.push(identityAddress);
    if (drift !== undefined) drifted.push(address);
  }
  if (drifted.length === 0) {
    output.out('Nothing drifted: nothing to repair.\n');
    return;
  }
  const args = [
    'apply',
    ...drifted.map((address) => `-replace=${address}`),
    ...(options.autoApprove ? ['-auto-approve', '-input=false'] : []),
    // Terraform colours its output even into a pipe or a log file.
    ...(process.stdout.isTTY ? [] : ['-no-color']),
  ];
  output.out(`Replacing the resources of the drifted integrations: terraform ${args.join(' ')}\n`);
  const applied = await terraform(args, {}, 'stream');
  if (applied.status !== 0) {
    const detail = "Terraform's output above says why (or the apply was not approved). Fix the cause and run reconcile again: it is safe to repeat.";
    throw new TerraformFailedError(EXIT_CODES.failed, `terraform ${args.join(' ')}`, stackDir, applied.status, detail);
  }
}

/**
 * The construct's settings resources in `terraform show -json` output, with the spec each was
 * last applied with. Disabled integrations (count = 0) have no instance, so none is returned.
 */
export function markedSettings(shown: unknown): MarkedSettings[] {
  const found: MarkedSettings[] = [];
  const visit = (module: unknown): void => {
    if (!isObject(module)) return;
    const data = asArray(module.resources).filter(
      (resource): resource is Record<string, unknown> & { values: Record<string, unknown> } =>
        isObject(resource) && resource.mode === 'managed' && resource.type === 'terraform_data' && isObject(resource.values),
    );
    for (const resource of data) {
      const spec = isObject(resource.values.input) ? resource.values.input[SETTINGS_MARKER_KEY] : undefined;
      if (!isObject(spec)) continue;
      const identityId = isObject(resource.values.triggers_replace) ? resource.values.triggers_replace.identity : undefined;
      const identity = data.find((other) => typeof identityId === 'string' && identityId !== '' && other.values.id === identityId);
      found.push({
        address: String(resource.address),
        spec,
        ...(identity ? { identityAddress: String(identity.address) } : {}),
        ...ownerOf(data, identityId),
      });
    }
    asArray(module.child_modules).forEach(visit);
  };
  visit(isObject(shown) && isObject(shown.values) ? shown.values.root_module : undefined);
  return found;
}

/** The owner resource of the identity with this id: the one whose input records an integration id. */
function ownerOf(data: ReadonlyArray<{ values: Record<string, unknown> }>, identityId: unknown): Pick<MarkedSettings, 'owned'> {
  if (typeof identityId !== 'string' || identityId === '') return {};
  for (const other of data) {
    const triggers = other.values.triggers_replace;
    const input = other.values.input;
    if (isObject(triggers) && triggers.identity === identityId && isObject(input) && typeof input.integrationId === 'string') {
      const organizationId = typeof input.organizationId === 'string' ? { organizationId: input.organizationId } : {};
      return { owned: { integrationId: input.integrationId, ...organizationId } };
    }
  }
  return {};
}

/**
 * Addresses of the identity and settings resources of the settings without the marker (deployed
 * by an older version), known by their `triggers_replace`: the identity's id, the destination and
 * its linked-exports policy.
 */
export function unmarkedSettings(shown: unknown): string[] {
  const found: string[] = [];
  const visit = (module: unknown): void => {
    if (!isObject(module)) return;
    const data = asArray(module.resources).filter(
      (resource): resource is Record<string, unknown> & { values: Record<string, unknown> } =>
        isObject(resource) && resource.mode === 'managed' && resource.type === 'terraform_data' && isObject(resource.values),
    );
    for (const resource of data) {
      const triggers = resource.values.triggers_replace;
      const marked = isObject(resource.values.input) && resource.values.input[SETTINGS_MARKER_KEY] !== undefined;
      if (!marked && isObject(triggers) && ['identity', 'destination', 'linkedExportsOnDestinationChange'].every((key) => key in triggers)) {
        const identity = data.find((other) => other.values.id === triggers.identity);
        if (identity) found.push(String(identity.address));
        found.push(String(resource.address));
      }
    }
    asArray(module.child_modules).forEach(visit);
  };
  visit(isObject(shown) && isObject(shown.values) ? shown.values.root_module : undefined);
  return found;
}

/**
 * How the integration differs from its spec in Sigma (missing, or another destination), or
 * undefined. Asked with the credentials of the integration's own organization: the variables its
 * spec names, as the handler reads them in the deploy.
 */
async function driftOf(
  spec: IntegrationSpec,
  stackDir: string,
  output: CliOutput,
  env: CliEnvironment,
): Promise<{ description: string; missing: boolean } | undefined> {
  const log: HandlerLog = { info: (line) => output.out(`    ${line}\n`), warn: (line) => output.out(`    Warning: ${line}\n`) };
  const source = { variables: credentialVariablesOf(spec), apiUrlVariable: spec.apiUrlVariable, integrationName: spec.name };
  try {
    await withClientFromEnvironment(env, spec.apiUrl, log, userAgent(), source, async (client) => {
      const integrationId = spec.integrationId ?? (await locateIntegration(client, spec)).integration_id;
      return readIntegration(client, { ...spec, integrationId }, log, { ...waitOptionsFromEnvironment(env), stackDir });
    });
    return undefined;
  } catch (err) {
    // Gone, and its name held by another integration: a new one could not be created, and that one is not this stack's.
    if (err instanceof IntegrationMissingError && err.owned?.nameHeldBy === undefined) return { description: 'missing in Sigma', missing: true };
    if (err instanceof DestinationDriftError) {
      return { description: `destination is ${err.liveDestination} in Sigma, ${err.declaredDestination} declared`, missing: false };
    }
    throw err;
  }
}

/**
 * Runs terraform in the stack directory, its output captured, or streamed as it comes with our
 * input as its own (for the approval prompt, unless --auto-approve).
 */
function terraformRunner(stackDir: string, options: ReconcileOptions, output: CliOutput, env: CliEnvironment) {
  const configured = options.terraform ?? (env[TERRAFORM_BINARY_ENV]?.trim() || undefined);
  const binary = configured ?? 'terraform';
  return (args: string[], envChanges: CliEnvironment, mode: 'capture' | 'stream') =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const streaming = mode === 'stream';
      const child = spawn(binary, args, {
        cwd: stackDir,
        env: { ...env, ...envChanges },
        stdio: [streaming && !options.autoApprove ? 'inherit' : 'ignore', 'pipe', 'pipe'],
      });
      // An interrupt reaches Terraform too, which stops gracefully; were we to exit, its output
      // pipe would break and kill it in the middle of the apply.
      const stay = () => undefined;
      const signals = streaming ? (['SIGINT', 'SIGTERM'] as const) : [];
      signals.forEach((signal) => process.on(signal, stay));
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (streaming ? output.out(chunk) : (stdout += chunk)));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (streaming ? output.err(chunk) : (stderr += chunk)));
      child.on('error', (err: NodeJS.ErrnoException) => reject(new TerraformUnavailableError(binary, configured !== undefined, err.code ?? err.message)));
      child.on('close', (status) => {
        signals.forEach((signal) => process.off(signal, stay));
        resolve({ status, stdout, stderr });
      });
    });
}

/** The first line of Terraform's error output that says what is wrong. */
function firstError(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.replace(/^[│╷╵\s]+/, '').trim()).filter((line) => line !== '');
  return lines.find((l) => l.startsWith('Error:')) ?? lines[0] ?? '(no error output)';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
