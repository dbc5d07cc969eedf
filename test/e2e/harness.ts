/**
 * What the end-to-end tests share: a Sigma double (the emulator, behind a proxy that records the
 * tokens it issues) and a workspace per stack that synthesizes the stack and runs the real
 * Terraform (and the cdktf CLI) in the synthesized stack folder, keeping every output, log, plan
 * and state it produces for the secret checks.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SigmaClient } from '../../src/client/client';
import type { Integration, ScheduledExport } from '../../src/client/contract';
import { startEmulator } from '../../src/emulator';
import type { RunningEmulator } from '../../src/emulator';
import { RecordingProxy, startRecordingProxy } from '../handler/harness';
import { IntegrationDef, PgBackendDef, STACK_FILE_ENV, StackDef, synthStack } from './stacks';
import { Toolchain, toolchain } from './toolchain';

export const ROOT = path.join(__dirname, '..', '..');
export const SIGMA_CLIENT_ID = 'admin';
export const SIGMA_CLIENT_SECRET = 'admin-secret';

const CDKTF_CLI = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
/** The CDK Terrain CLI, and the preload that runs ./app.ts on cdktn for it. */
const CDKTN_CLI = path.join(ROOT, 'node_modules', '.bin', 'cdktn');
const CDKTN_APP_PRELOAD = path.join(__dirname, 'cdktn-app.cjs');
const TSX_CLI = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SIGMA_CLI = path.join(ROOT, 'bin', 'sigma-audit-logs.js');
/** No single command of these small stacks should come near this. */
const COMMAND_TIMEOUT_MS = 90_000;

// ---------------------------------------------------------------------------------------------
// The Sigma double
// ---------------------------------------------------------------------------------------------

export interface SigmaDoubleOptions {
  /** How long a new integration stays pending; default 150 ms. */
  readonly provisioningDelayMs?: number;
  readonly seed?: number;
  /** The Admin's API client, the only one the organization accepts; default SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET above. */
  readonly admin?: { readonly clientId: string; readonly clientSecret: string };
}

/** The emulator, the recording proxy Terraform's handler talks to, and a client for the tests' own calls. */
export class SigmaDouble {
  public static async start(options: SigmaDoubleOptions = {}): Promise<SigmaDouble> {
    const admin = options.admin ?? { clientId: SIGMA_CLIENT_ID, clientSecret: SIGMA_CLIENT_SECRET };
    const emulator = await startEmulator({
      provisioningDelayMs: options.provisioningDelayMs ?? 150,
      seed: options.seed,
      ...(options.admin === undefined ? {} : { clients: [{ ...admin, accountType: 'Admin' }] }),
    });
    const proxy = await startRecordingProxy(emulator.url);
    return new SigmaDouble(emulator, proxy, admin);
  }

  /** The tests' own calls (scheduled exports, changes behind Terraform's back) go straight to the emulator. */
  public readonly client: SigmaClient;

  private constructor(
    public readonly emulator: RunningEmulator,
    private readonly proxy: RecordingProxy,
    /** The Admin's API client of this organization. */
    public readonly admin: { readonly clientId: string; readonly clientSecret: string },
  ) {
    this.client = new SigmaClient({ baseUrl: emulator.url, clientId: admin.clientId, clientSecret: admin.clientSecret, backoffBaseMs: 5 });
  }

  /** What Terraform's environment gets as SIGMA_API_URL. */
  public get apiUrl(): string {
    return this.proxy.url;
  }

  /** Integrations with this name (compared as Sigma does, without regard to case). */
  public integrationsNamed(name: string): Integration[] {
    return this.emulator.state().integrations.filter((i) => i.name.toLowerCase() === name.toLowerCase());
  }

  /** The one integration with this name; fails when there is none or more than one. */
  public integration(name: string): Integration {
    const found = this.integrationsNamed(name);
    if (found.length !== 1) {
      throw new Error(`expected exactly one integration named '${name}' in the emulator, found ${found.length}: ${JSON.stringify(found)}`);
    }
    return found[0];
  }

  /** The scheduled export, or undefined once deleted. */
  public exportById(exportId: string): ScheduledExport | undefined {
    return this.emulator.state().scheduledExports.find((e) => e.exportId === exportId);
  }

  /** A nightly scheduled export linked to the integration, created through the API. */
  public createExport(integrationId: string, name: string): Promise<ScheduledExport> {
    return this.client.createScheduledExport({ name, integrationId, schedule: '0 2 * * *' });
  }

  /** Every secret that must never show: the client secret and every token the emulator issued to the handler. */
  public secrets(): string[] {
    return [this.admin.clientSecret, ...this.proxy.tokens];
  }

  /** Tokens issued through the proxy, i.e. to the handler that Terraform ran. */
  public get issuedTokenCount(): number {
    return this.proxy.tokens.size;
  }

  public async close(): Promise<void> {
    await this.client.close();
    await this.proxy.close();
    await this.emulator.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

export interface CommandResult {
  /** The command line, for messages. */
  readonly command: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin, which is then closed (default: closed at once). */
  readonly input?: string;
}

/** A command still running; `kill` ends its whole process group (Terraform and the handler it started). */
export interface RunningCommand {
  /** The command's own process (the leader of its group). */
  readonly pid: number;
  readonly done: Promise<CommandResult>;
  kill(signal: NodeJS.Signals): void;
}

/** Throws with the command's output unless it exited 0. */
export function succeeded(result: CommandResult): CommandResult {
  if (result.code !== 0) {
    throw new Error(`\`${result.command}\` exited ${result.code ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Output with line breaks and runs of blanks made single spaces (Terraform wraps its messages). */
export function flattened(text: string): string {
  return text.replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------

interface PlanJson {
  readonly resource_changes?: Array<{ address: string; mode: string; change: { actions: string[] } }>;
}

export interface SavedPlan {
  readonly planFile: string;
  /** `terraform plan -detailed-exitcode`: 0 no changes, 1 error, 2 changes. */
  readonly exitCode: number | null;
  readonly result: CommandResult;
  /** `terraform show -json` of the saved plan (undefined when the plan failed). */
  readonly json?: PlanJson;
}

/** The bookkeeping resources of an integration (its claim, owner record and removal step): listed only when they change. */
const BOOKKEEPING_ROLES = ['Claim', 'Owner', 'Removal'];

/**
 * Actions planned per managed resource, keyed by the construct id and resource role
 * (`Audit/Identity`), e.g. `{ "Audit/Identity": ["no-op"], "Audit/Settings": ["delete", "create"] }`.
 */
export function plannedActions(plan: SavedPlan): Record<string, string[]> {
  const actions: Record<string, string[]> = {};
  for (const change of plan.json?.resource_changes ?? []) {
    if (change.mode !== 'managed') continue;
    // terraform_data.<id>_<Role>_<hash>[index]
    const match = /^terraform_data\.(.+)_(Identity|Settings|Claim|Owner|Removal)_[0-9A-F]{8}(\[\d+\])?$/.exec(change.address);
    if (match && BOOKKEEPING_ROLES.includes(match[2]) && change.change.actions.join() === 'no-op') continue;
    const key = match ? `${match[1]}/${match[2]}${match[3] ?? ''}` : change.address;
    actions[key] = change.change.actions;
  }
  return actions;
}

// ---------------------------------------------------------------------------------------------
// The workspace of a stack
// ---------------------------------------------------------------------------------------------

/** One captured text, for the secret checks: where it came from and what it holds. */
export interface Artifact {
  readonly label: string;
  readonly text: string;
}

export interface StackWorkspaceOptions {
  /** The Terraform to run; default the built 1.5.7 (`toolchain()`). */
  readonly toolchain?: Toolchain;
  /** Keep the state in PostgreSQL (Terraform's `pg` backend) instead of a local file. */
  readonly pgBackend?: PgBackendDef;
}

/**
 * A temporary directory holding one stack: its synthesized folder (`cdktf.out/stacks/<name>`,
 * where Terraform runs), its state, saved plans and Terraform's debug logs. Every command's
 * output is kept.
 */
export class StackWorkspace {
  public readonly root: string;
  public readonly stackDir: string;
  private readonly outdir: string;
  private readonly stateFile: string;
  private readonly captured: Artifact[] = [];
  /**
   * Changes to the environment of every later command, over env()'s defaults (undefined removes a
   * variable): for a stack whose integrations reach other organizations than the workspace's.
   */
  public environment: Record<string, string | undefined> = {};
  private commandCount = 0;
  private planCount = 0;

  public constructor(
    private readonly sigma: SigmaDouble,
    public readonly stackName: string,
    private readonly options: StackWorkspaceOptions = {},
  ) {
    this.root = realpathSync(mkdtempSync(path.join(tmpdir(), `sigma-e2e-${stackName}-`)));
    this.outdir = path.join(this.root, 'cdktf.out');
    this.stackDir = path.join(this.outdir, 'stacks', stackName);
    this.stateFile = path.join(this.root, `${stackName}.tfstate`);
    mkdirSync(path.join(this.root, 'logs'));
    mkdirSync(path.join(this.root, 'plans'));
  }

  /** The stack with these integrations. */
  public def(integrations: readonly IntegrationDef[]): StackDef {
    const backend = this.options.pgBackend ? { pgBackend: this.options.pgBackend } : {};
    return { stackName: this.stackName, stateFile: this.stateFile, ...backend, integrations };
  }

  /** Synthesizes the stack in process into the stack folder (state and `.terraform` stay). */
  public synth(integrations: readonly IntegrationDef[]): void {
    synthStack(this.def(integrations), this.outdir);
    this.keep('synthesized cdk.tf.json', readFileSync(path.join(this.stackDir, 'cdk.tf.json'), 'utf8'));
  }

  /** The environment every command gets: the toolchain, the emulator, the Sigma credentials, then `environment`. */
  public env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const tools = this.tools;
    const env: NodeJS.ProcessEnv = {};
    // Nothing of the caller's Terraform or Sigma settings (a developer's TF_CLI_CONFIG_FILE may point anywhere).
    for (const [name, value] of Object.entries(process.env)) {
      if (!/^(TF_|SIGMA_|TERRAFORM_)/.test(name)) env[name] = value;
    }
    const logFile = path.join(this.root, 'logs', `${String(++this.commandCount).padStart(3, '0')}.log`);
    return {
      ...env,
      // The node that runs the tests runs the handler; the built Terraform is the `terraform` on PATH.
      PATH: [path.dirname(process.execPath), path.dirname(tools.terraformBinary), env.PATH ?? ''].join(path.delimiter),
      TF_CLI_CONFIG_FILE: tools.cliConfigFile,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      // Terraform's own debug log, kept for the secret checks.
      TF_LOG: 'TRACE',
      TF_LOG_PATH: logFile,
      SIGMA_API_URL: this.sigma.apiUrl,
      SIGMA_CLIENT_ID,
      SIGMA_CLIENT_SECRET,
      // Short waits: the emulator provisions in milliseconds and retries need no long backoff.
      SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '25',
      SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '5',
      ...this.environment,
      ...extra,
    };
  }

  /** Starts a command in the stack folder (or `cwd`), in its own process group; `input`, if any, is its stdin. */
  public start(file: string, args: readonly string[], options: CommandOptions = {}): RunningCommand {
    const command = [path.basename(file), ...args].join(' ');
    const child = spawn(file, args, {
      cwd: options.cwd ?? this.stackDir,
      env: options.env ?? this.env(),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    // A command may exit without reading its input.
    child.stdin.on('error', () => undefined).end(options.input ?? '');
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => killGroup('SIGKILL'), COMMAND_TIMEOUT_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const done = new Promise<CommandResult>((resolve, reject) => {
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.keep(`output of \`${command}\``, `${stdout}\n${stderr}`);
        resolve({ command, code, signal, stdout, stderr });
      });
    });
    return { pid: child.pid!, done, kill: killGroup };
  }

  public run(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    return this.start(file, args, options).done;
  }

  /** The Terraform this workspace runs. */
  public get tools(): Toolchain {
    return this.options.toolchain ?? toolchain();
  }

  /** The Terraform the tests run, by absolute path. */
  public get terraformBinary(): string {
    return this.tools.terraformBinary;
  }

  public terraform(args: readonly string[]): Promise<CommandResult> {
    return this.run(this.terraformBinary, args);
  }

  public async init(): Promise<void> {
    succeeded(await this.terraform(['init', '-input=false', '-no-color']));
  }

  public async apply(): Promise<CommandResult> {
    return succeeded(await this.terraform(['apply', '-auto-approve', '-input=false', '-no-color']));
  }

  public async destroy(): Promise<CommandResult> {
    return succeeded(await this.terraform(['destroy', '-auto-approve', '-input=false', '-no-color']));
  }

  /** `terraform plan -detailed-exitcode` into a saved plan, and that plan as JSON. */
  public async plan(): Promise<SavedPlan> {
    const planFile = path.join(this.root, 'plans', `${++this.planCount}.tfplan`);
    const result = await this.terraform(['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${planFile}`]);
    if (result.code !== 0 && result.code !== 2) return { planFile, exitCode: result.code, result };
    const shown = succeeded(await this.terraform(['show', '-json', '-no-color', planFile]));
    this.keep(`saved plan ${path.basename(planFile)}`, shown.stdout);
    return { planFile, exitCode: result.code, result, json: JSON.parse(shown.stdout) as PlanJson };
  }

  /** Applies a saved plan as is. */
  public async applyPlan(plan: SavedPlan): Promise<CommandResult> {
    return succeeded(await this.terraform(['apply', '-input=false', '-no-color', plan.planFile]));
  }

  /** `terraform output -json`, as name -> value. */
  public async outputs(): Promise<Record<string, string>> {
    const shown = succeeded(await this.terraform(['output', '-json', '-no-color']));
    const parsed = JSON.parse(shown.stdout) as Record<string, { value: string }>;
    return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
  }

  /**
   * `cdktf deploy` / `cdktf destroy` of the stack (with these integrations), as a user runs it:
   * the CLI synthesizes the app (./app.ts with tsx), then runs `terraform init` and the apply.
   * `--skip-provider-lock`: the CLI would otherwise run `terraform providers lock`, which asks
   * the public registry even when every provider comes from a local mirror.
   */
  public cdktf(verb: 'deploy' | 'destroy', integrations: readonly IntegrationDef[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    return this.frameworkCli(CDKTF_CLI, '', verb, integrations, extraEnv);
  }

  /**
   * `cdktn deploy` / `cdktn destroy`: the same with the CDK Terrain CLI, whose app is ./app.ts on
   * cdktn and the compiled cdktn package (./cdktn-app.cjs). Build that package first
   * (`npm run compile:cdktn`).
   */
  public cdktn(verb: 'deploy' | 'destroy', integrations: readonly IntegrationDef[], extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    // The CLI runs the app command with a shell; only the app gets the preload.
    return this.frameworkCli(CDKTN_CLI, `NODE_OPTIONS='--require "${CDKTN_APP_PRELOAD}"' `, verb, integrations, extraEnv);
  }

  /** `<cli> <verb>` of the stack, whose cdktf.json runs ./app.ts with tsx, after `appPrefix` (shell words). */
  private frameworkCli(
    cli: string,
    appPrefix: string,
    verb: 'deploy' | 'destroy',
    integrations: readonly IntegrationDef[],
    extraEnv: Record<string, string>,
  ): Promise<CommandResult> {
    const stackFile = path.join(this.root, 'stack.json');
    writeFileSync(stackFile, JSON.stringify(this.def(integrations)));
    writeFileSync(
      path.join(this.root, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app: `${appPrefix}"${TSX_CLI}" "${path.join(__dirname, 'app.ts')}"`, output: 'cdktf.out' }),
    );
    const env = this.env({ [STACK_FILE_ENV]: stackFile, TERRAFORM_BINARY_NAME: this.terraformBinary, CI: '1', FORCE_COLOR: '0', ...extraEnv });
    return this.run(cli, [verb, this.stackName, '--auto-approve', '--skip-provider-lock', '--no-color'], { cwd: this.root, env });
  }

  /**
   * `sigma-audit-logs reconcile <stack dir>`, the repair a failed plan names, with the Terraform
   * of the tests by absolute path (TERRAFORM_BINARY); by default as a pipeline runs it, with
   * `--auto-approve`. `input` answers Terraform's approval prompt.
   */
  public reconcile(args: readonly string[] = ['--auto-approve'], input?: string): Promise<CommandResult> {
    // TF_INPUT=0 (the workspace's default) would make Terraform refuse to ask.
    const env = this.env({ TERRAFORM_BINARY: this.terraformBinary, ...(input === undefined ? {} : { TF_INPUT: '1' }) });
    return this.run(process.execPath, [SIGMA_CLI, 'reconcile', this.stackDir, ...args], { env, input });
  }

  /** The state file as Terraform wrote it. */
  public stateText(): string {
    return readFileSync(this.stateFile, 'utf8');
  }

  /** Everything this workspace captured or Terraform wrote: outputs, debug logs, plans, state files, synthesized JSON. */
  public artifacts(): Artifact[] {
    const files: Artifact[] = [];
    const logs = path.join(this.root, 'logs');
    for (const name of readdirSync(logs)) files.push({ label: `Terraform log ${name}`, text: readFileSync(path.join(logs, name), 'utf8') });
    for (const name of readdirSync(this.root)) {
      if (name.includes('.tfstate')) files.push({ label: `state file ${name}`, text: readFileSync(path.join(this.root, name), 'utf8') });
    }
    const synthesized = path.join(this.stackDir, 'cdk.tf.json');
    if (existsSync(synthesized)) files.push({ label: 'cdk.tf.json', text: readFileSync(synthesized, 'utf8') });
    return [...this.captured, ...files];
  }

  public remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private keep(label: string, text: string): void {
    this.captured.push({ label, text });
  }
}

/**
 * Labels of the artifacts that contain one of the secrets (never the secret itself, so that a
 * failure message does not leak it either).
 */
export function artifactsWithSecrets(artifacts: readonly Artifact[], secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const artifact of artifacts) {
    secrets.forEach((secret, index) => {
      if (artifact.text.includes(secret)) found.push(`${artifact.label} contains secret #${index} (${index === 0 ? 'client secret' : 'a token'})`);
    });
  }
  return found;
}

/** Polls until `check` returns a value, for at most `timeoutMs`. */
export async function eventually<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** cdktn-cli's own engines (e.g. `>=22.19.0`): on an older Node.js it crashes with an unrelated TypeError. */
export function requireNodeForCdktnCli(): void {
  const engines = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'cdktn-cli', 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node;
  const minimum = /^>=\s*(\d+)\.(\d+)/.exec(engines ?? '');
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (minimum && (major < Number(minimum[1]) || (major === Number(minimum[1]) && minor < Number(minimum[2])))) {
    throw new Error(
      `cdktn-cli needs Node.js ${engines} and these tests run on ${process.version}: run the end-to-end lane on Node.js 22 or 24, ` +
        'e.g. PATH="$(bash scripts/install-node.sh | head -n 1):$PATH" npm run e2e (as .ci/run does).',
    );
  }
}
