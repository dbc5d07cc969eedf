/**
 * `sigma-audit-logs reconcile <stack dir>`: Terraform repairs integrations deleted or changed in
 * Sigma. Settings resources are found in `terraform show -json` by their marker (SETTINGS_MARKER_KEY
 * in `input`, the spec as last applied) and checked with the handler's read; the drifted ones are
 * replaced by `terraform apply -replace`, whose create-time apply sets the destination back
 * (settings) or creates the integration again (identity, with its settings, for a deleted one).
 * The credentials data source, read after identity, then updates what depends on the new
 * credentials (AWS trust policy, GCP binding) in the same run.
 *
 * Every integration is checked, and every drifted one repaired in one apply; those it cannot
 * repair (pending, failed, another identity, not checkable) are reported with what to do, and the
 * run exits non-zero. Their data sources would fail the apply's plan, so when there are any the
 * apply is targeted at every resource of the state that does not depend on them.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { credentialVariablesOf, waitOptionsFromEnvironment, withClientFromEnvironment } from '../../handler/environment';
import { SigmaAuditLogsError } from '../../errors/base';
import { DestinationDriftError, IntegrationMissingError, IntegrationPendingError, ProvisioningFailedError } from '../../handler/errors';
import { EXIT_CODES, exitCodeFor } from '../../handler/exit-codes';
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
  /** `name=value` assignments of the stack's input variables, passed to the apply as `-var`. */
  readonly var: string[];
  /** Files of variable values, passed to the apply as `-var-file`. */
  readonly varFile: string[];
  readonly lockTimeout?: string;
  readonly parallelism?: string;
  /** Terraform workspace: TF_WORKSPACE of both Terraform runs. */
  readonly workspace?: string;
}

/** A settings resource of the construct in the state: its address and the spec it was last applied with. */
export interface MarkedSettings {
  readonly address: string;
  readonly spec: Record<string, unknown>;
  /** The address of its identity resource (whose id its `triggers_replace` holds), when found. */
  readonly identityAddress?: string;
  /** The id (and organization) its owner resource records: what the drift check reads. */
  readonly owned?: { readonly integrationId: string };
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
    .option('--var <name=value>', "an input variable of the stack, as Terraform's -var (repeatable; or TF_VAR_<name> in the environment)", collect, [])
    .option('--var-file <path>', "a file of input variable values, as Terraform's -var-file (repeatable)", collect, [])
    .option('--lock-timeout <duration>', "how long the apply waits for the state lock, as Terraform's -lock-timeout (e.g. 10m)")
    .option('--parallelism <n>', "concurrent operations of the apply, as Terraform's -parallelism")
    .option('--workspace <name>', 'Terraform workspace of the stack (default: TF_WORKSPACE, else the selected one)')
    .addHelpText(
      'after',
      `
Run it where the stack is deployed from: it needs that directory's Terraform (initialized, with
access to its state backend), and SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET as for a deploy (or,
for integrations that name other variables, those: each is checked in its own organization).
The apply is of the whole stack, like a deploy; when some integrations cannot be repaired
(pending, failed, another identity, not checkable), it is targeted at every resource that does
not depend on them, and they are reported with what to do (exit code non-zero). Nothing
drifted: it says so and runs no apply. A stack with input variables needs their values as for a
deploy: --var, --var-file or TF_VAR_<name> (with --auto-approve Terraform asks for nothing).

Examples:
  sigma-audit-logs reconcile ${STACK_DIR_EXAMPLE}
  sigma-audit-logs reconcile ${STACK_DIR_EXAMPLE} --auto-approve --var-file prod.tfvars --lock-timeout 10m
`,
    )
    .action(async (stackDir: string, options: ReconcileOptions) => {
      await reconcile(stackDir, options, output, env);
    });
}

/** The outcome of checking one integration against Sigma. */
type Check =
  | { readonly kind: 'as_declared' }
  /** Drifted: repaired by replacing `replace`. */
  | { readonly kind: 'drifted'; readonly description: string; readonly replace: readonly string[] }
  /** Not repairable by this run: `error` says why and what to do. */
  | { readonly kind: 'remains'; readonly description: string; readonly error: SigmaAuditLogsError };

/** An integration of the stack that this run leaves as it is, with why and what to do. */
interface Remaining {
  readonly name: string;
  readonly settings: MarkedSettings;
  readonly error: SigmaAuditLogsError;
}

/** Some integrations of the stack are not repaired; the message says, for each, why and what to do. */
export class IntegrationsNotRepairedError extends CliCommandError {
  public readonly code = 'integrations_not_repaired';
  /** The exit code of the first one's problem (3 another identity, 4 credentials, 5 pending, 1 otherwise). */
  public readonly exitCode: number;

  constructor(stackDir: string, remaining: readonly Remaining[], repaired: number) {
    const count = remaining.length === 1 ? '1 Sigma integration' : `${remaining.length} Sigma integrations`;
    super(
      `${count} of the stack in ${stackDir} ${remaining.length === 1 ? 'was' : 'were'} not repaired` +
        `${repaired > 0 ? ` (the ${repaired} other drifted one${repaired === 1 ? ' was' : 's were'} repaired)` : ''}:\n` +
        remaining.map(({ name, error }) => `  - ${name}: ${whatToDo(error)}`).join('\n') +
        '\nRun reconcile again once that is done: it is safe to repeat.',
    );
    this.exitCode = exitCodeFor(remaining[0].error);
  }
}

/** Why an integration is not repaired and what to do, from the error its check ended with. */
function whatToDo(error: SigmaAuditLogsError): string {
  if (error instanceof IntegrationPendingError) {
    return (
      `pending in Sigma (${error.integrationId}): Sigma is still provisioning its credentials. Wait until ` +
      `\`npx sigma-audit-logs show ${error.integrationName}\` says ready (usually a few minutes).`
    );
  }
  if (error instanceof ProvisioningFailedError) {
    return (
      `${error.message} Once it is deleted, reconcile creates it again (the stack's apply would fail on it until then).`
    );
  }
  return error.message;
}

/** Replaces the resources of every drifted integration of the stack in one apply; reports those it cannot repair. */
async function reconcile(stackDir: string, options: ReconcileOptions, output: CliOutput, env: CliEnvironment): Promise<void> {
  if (!statSync(stackDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliUsageError(
      `<stack dir> \`${stackDir}\` is not a directory: expected the directory of a deployed stack, for example ` +
        `\`sigma-audit-logs reconcile ${STACK_DIR_EXAMPLE}\`.`,
    );
  }
  const passed = terraformArguments(options);
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
  const drifted: Array<{ settings: MarkedSettings; replace: readonly string[] }> = [];
  const remaining: Remaining[] = [];
  for (const settings of marked) {
    const declared = validateSpec(settings.spec, `${SETTINGS_MARKER_KEY} of ${settings.address} in the Terraform state`);
    // Deployed by a version that recorded no id: checked by name, as that version did (a deploy records the id).
    const spec = settings.owned === undefined ? declared : { ...declared, ...settings.owned };
    const check = await checkIntegration(spec, settings, stackDir, output, env);
    output.out(`  ${spec.name}: ${check.kind === 'as_declared' ? 'as declared' : check.description}\n`);
    if (check.kind === 'drifted') drifted.push({ settings, replace: check.replace });
    if (check.kind === 'remains') remaining.push({ name: spec.name, settings, error: check.error });
  }
  if (drifted.length === 0) {
    if (remaining.length > 0) throw new IntegrationsNotRepairedError(stackDir, remaining, 0);
    output.out('Nothing drifted: nothing to repair.\n');
    return;
  }

  // The data sources of an integration left as it is would fail the apply's plan: the apply is
  // then targeted at every resource of the state that does not depend on them.
  // The replaced resources are targeted in any case: should one depend on an integration left
  // as it is, Terraform's plan fails on it and says so, rather than skip the repair silently.
  const replaced = drifted.flatMap(({ replace }) => replace);
  const targets = remaining.length === 0 ? undefined : [...new Set([...targetsAvoiding(state, remaining), ...replaced])];
  const args = [
    'apply',
    ...replaced.map((address) => `-replace=${address}`),
    ...(targets ?? []).map((address) => `-target=${address}`),
    ...passed,
    // No prompt for input variables (their values come from --var, --var-file or TF_VAR_*).
    ...(options.autoApprove ? ['-auto-approve', '-input=false'] : []),
    // Terraform colours its output even into a pipe or a log file.
    ...(process.stdout.isTTY ? [] : ['-no-color']),
  ];
  const shownArgs = args.map(withoutValue).join(' ');
  if (targets !== undefined) {
    output.out(
      `Targeting the apply at the ${targets.length} resource${targets.length === 1 ? '' : 's'} of the state that do not depend on ` +
        `${remaining.map((r) => r.name).join(', ')}, which cannot be repaired now (see below).\n`,
    );
  }
  output.out(`Replacing the resources of the drifted integrations: terraform ${shownArgs}\n`);
  const applied = await terraform(args, {}, 'stream');
  if (applied.status !== 0) {
    const detail = "Terraform's output above says why (or the apply was not approved). Fix the cause and run reconcile again: it is safe to repeat.";
    if (remaining.length > 0) output.err(`error: ${new IntegrationsNotRepairedError(stackDir, remaining, 0).message}\n`);
    throw new TerraformFailedError(EXIT_CODES.failed, `terraform ${shownArgs}`, stackDir, applied.status, detail);
  }
  if (remaining.length > 0) throw new IntegrationsNotRepairedError(stackDir, remaining, drifted.length);
}

/**
 * Terraform's own arguments given to reconcile, for the apply, checked first so that a typo
 * fails before anything runs.
 */
function terraformArguments(options: ReconcileOptions): string[] {
  const args: string[] = [];
  for (const assignment of options.var) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*=/s.test(assignment)) {
      throw new CliUsageError(
        `--var ${showVar(assignment)} is invalid: expected <name>=<value> with the name of an input variable of the stack, ` +
          'for example --var bucket=acme-audit-logs.',
      );
    }
    args.push('-var', assignment);
  }
  for (const file of options.varFile) {
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) {
      throw new CliUsageError(`--var-file \`${file}\` is not a file: expected a .tfvars or .tfvars.json file, for example --var-file prod.tfvars.`);
    }
    args.push(`-var-file=${path.resolve(file)}`);
  }
  if (options.lockTimeout !== undefined) {
    if (!/^\d+(ms|s|m|h)$/.test(options.lockTimeout)) {
      throw new CliUsageError(`--lock-timeout "${options.lockTimeout}" is invalid: expected a duration in ms, s, m or h, for example --lock-timeout 10m.`);
    }
    args.push(`-lock-timeout=${options.lockTimeout}`);
  }
  if (options.parallelism !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(options.parallelism)) {
      throw new CliUsageError(`--parallelism "${options.parallelism}" is invalid: expected a whole number from 1 to 9999, for example --parallelism 4.`);
    }
    args.push(`-parallelism=${options.parallelism}`);
  }
  return args;
}

/** A `--var` as messages show it: its name only, since a value may be secret. */
function showVar(assignment: string): string {
  const name = assignment.split('=')[0];
  return assignment.includes('=') && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `${name}=…` : '(not of the form <name>=<value>)';
}

/** An argument of the apply as reconcile prints it: a variable's value is left out. */
function withoutValue(arg: string, index: number, args: readonly string[]): string {
  return index > 0 && args[index - 1] === '-var' ? showVar(arg) : arg;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * The addresses a repair replaces: the settings resource for another destination (its apply sets
 * the declared one again); for a deleted integration its identity too, since a new integration
 * has new credentials, read after identity. The one place that knows which resources of an
 * integration a repair replaces.
 */
export function addressesToReplace(settings: MarkedSettings, drift: 'missing' | 'destination'): string[] {
  return drift === 'missing' && settings.identityAddress !== undefined ? [settings.identityAddress, settings.address] : [settings.address];
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
      return { owned: { integrationId: input.integrationId } };
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
 * How the integration compares with its spec in Sigma: as declared, drifted (missing, or another
 * destination: repairable), or not repairable by this run (pending, failed, another identity,
 * or not checkable, e.g. its organization's credentials are missing). Asked with the
 * credentials of the integration's own organization: the variables its spec names, as the
 * handler reads them in the deploy. A pending integration is not waited for.
 */
async function checkIntegration(
  spec: IntegrationSpec,
  settings: MarkedSettings,
  stackDir: string,
  output: CliOutput,
  env: CliEnvironment,
): Promise<Check> {
  const log: HandlerLog = { info: (line) => output.out(`    ${line}\n`), warn: (line) => output.out(`    Warning: ${line}\n`) };
  const source = { variables: credentialVariablesOf(spec), apiUrlVariable: spec.apiUrlVariable, integrationName: spec.name };
  try {
    await withClientFromEnvironment(env, spec.apiUrl, log, userAgent(), source, async (client) => {
      const integrationId = spec.integrationId ?? (await locateIntegration(client, spec)).integration_id;
      return readIntegration(client, { ...spec, integrationId }, log, { ...waitOptionsFromEnvironment(env), stackDir, whenPending: 'fail' });
    });
    return { kind: 'as_declared' };
  } catch (err) {
    // Gone, with its name held by another integration: a new one could not be created, and that one
    // is not this stack's; it remains, reported.
    if (err instanceof IntegrationMissingError && err.owned?.nameHeldBy === undefined) {
      return { kind: 'drifted', description: 'missing in Sigma', replace: addressesToReplace(settings, 'missing') };
    }
    if (err instanceof DestinationDriftError) {
      const description = `destination is ${err.liveDestination} in Sigma, ${err.declaredDestination} declared`;
      return { kind: 'drifted', description, replace: addressesToReplace(settings, 'destination') };
    }
    if (!(err instanceof SigmaAuditLogsError)) throw err;
    return { kind: 'remains', description: `not repaired: ${remainsBecause(err)}`, error: err };
  }
}

/** A few words on why an integration is not repaired, for its line of the check. */
function remainsBecause(error: SigmaAuditLogsError): string {
  switch (error.code) {
    case 'integration_pending':
      return 'pending in Sigma (still provisioning)';
    case 'provisioning_failed':
      return 'failed in Sigma';
    case 'identity_mismatch':
    case 'cloud_mismatch':
      return 'another integration holds the name in Sigma';
    case 'integration_missing':
      return 'deleted in Sigma, and another integration holds its name';
    default:
      return `could not be checked (${error.code})`;
  }
}

/**
 * The resources of the state a targeted apply may include while these integrations are left as
 * they are: every managed resource (by its address without instance key) except theirs (settings,
 * identity and its claim) and any that depends on them or on their data sources (found by the
 * integration name in their query).
 */
export function targetsAvoiding(shown: unknown, remaining: ReadonlyArray<Pick<Remaining, 'name' | 'settings'>>): string[] {
  const resources = stateResources(shown);
  const names = new Set(remaining.map((r) => r.name.toLowerCase()));
  const avoided = new Set<string>();
  for (const { settings } of remaining) {
    avoided.add(withoutIndex(settings.address));
    if (settings.identityAddress === undefined) continue;
    const identity = withoutIndex(settings.identityAddress);
    avoided.add(identity);
    // Its claim, which identity depends on: the integration's own, though nothing it reads.
    for (const claim of resources.find((r) => r.target === identity)?.dependsOn ?? []) {
      const claimed = resources.find((r) => r.target === withoutIndex(claim));
      if (claimed && isObject(claimed.values) && isObject(claimed.values.input) && 'claimedAt' in claimed.values.input) avoided.add(claimed.target);
    }
  }
  for (const resource of resources) {
    const query = isObject(resource.values) && isObject(resource.values.query) ? resource.values.query : undefined;
    if (resource.mode === 'data' && typeof query?.name === 'string' && names.has(query.name.toLowerCase())) avoided.add(resource.target);
  }
  // Whatever depends on an avoided resource, directly or through another: Terraform would include that one too.
  for (let grown = true; grown; ) {
    grown = false;
    for (const resource of resources) {
      if (!avoided.has(resource.target) && resource.dependsOn.some((address) => avoided.has(withoutIndex(address)))) {
        avoided.add(resource.target);
        grown = true;
      }
    }
  }
  return [...new Set(resources.filter((r) => r.mode === 'managed' && !avoided.has(r.target)).map((r) => r.target))];
}

interface StateResource {
  readonly mode: string;
  /** The address without instance key, as -target takes it (all instances). */
  readonly target: string;
  readonly dependsOn: string[];
  readonly values: unknown;
}

/** Every resource and data source of `terraform show -json`, child modules included. */
function stateResources(shown: unknown): StateResource[] {
  const found: StateResource[] = [];
  const visit = (module: unknown): void => {
    if (!isObject(module)) return;
    for (const resource of asArray(module.resources)) {
      if (!isObject(resource) || typeof resource.address !== 'string') continue;
      const dependsOn = asArray(resource.depends_on).filter((a): a is string => typeof a === 'string');
      found.push({ mode: String(resource.mode), target: withoutIndex(resource.address), dependsOn, values: resource.values });
    }
    asArray(module.child_modules).forEach(visit);
  };
  visit(isObject(shown) && isObject(shown.values) ? shown.values.root_module : undefined);
  return found;
}

/** `terraform_data.a[0]` or `terraform_data.a["x"]` → `terraform_data.a` (module instance keys stay). */
function withoutIndex(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
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
        env: { ...env, ...(options.workspace === undefined ? {} : { TF_WORKSPACE: options.workspace }), ...envChanges },
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
