/**
 * Terraform at scale: N Sigma-only integrations deployed, planned and destroyed by the real
 * Terraform of the end-to-end lane against the emulator, next to a floor stack of the same shape
 * whose programs do nothing (`node -e 0`), in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { paths } from '../src/client/contract';
import { StorageCloud } from '../src/destination/cloud';
import { DEFAULT_CLIENTS, startEmulator } from '../src/emulator';
import type { RunningEmulator } from '../src/emulator';
import { SigmaApiUrl } from '../src/sigma/options';
import { SigmaAuditLogStorageIntegration } from '../src/sigma/storage-integration';
import { HANDLER_BUNDLE, ROOT } from './build';
import { ChildResult, GNU_TIME, HAS_GNU_TIME, cleanEnv, runProgram, spread } from './measure';
import { Row, ms, verdict } from './report';

const PARALLELISM = 10;
const ROLE_ARN = 'arn:aws:iam::123456789012:role/sigma-audit-logs-bench';
const TENANT_ID = '11111111-2222-4333-8444-555555555555';
/** The sizes judged against the targets; the others are shown for the trend. */
const JUDGED_SIZES = [30, 100];
const TARGETS = { apply: 2, plan: 1.5 } as const;

/** The floor's programs: a process start and nothing else (a data source must answer a JSON object). */
const FLOOR_COMMAND = 'node -e 0';

export interface Terraform {
  readonly binary: string;
  readonly cliConfigFile: string;
  readonly version: string;
}

/**
 * The Terraform of the end-to-end lane, as scripts/install-terraform.sh reports it (quick when
 * its cache is complete; it builds the toolchain otherwise).
 */
export function findTerraform(): Terraform {
  const printed = execFileSync('bash', [path.join(ROOT, 'scripts', 'install-terraform.sh'), '--no-verify'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exported = new Map<string, string>();
  for (const line of printed.split('\n')) {
    const match = /^export ([A-Z_]+)=([^'"\\\s]+)$/.exec(line.trim());
    if (match) exported.set(match[1], match[2]);
  }
  const binary = exported.get('TERRAFORM_BINARY');
  const cliConfigFile = exported.get('TF_CLI_CONFIG_FILE');
  if (!binary || !cliConfigFile) {
    throw new Error(`scripts/install-terraform.sh printed no unquoted TERRAFORM_BINARY and TF_CLI_CONFIG_FILE exports; it printed:\n${printed}`);
  }
  const env = cleanEnv({ TF_CLI_CONFIG_FILE: cliConfigFile });
  const version = (JSON.parse(execFileSync(binary, ['version', '-json'], { encoding: 'utf8', env })) as { terraform_version: string }).terraform_version;
  return { binary, cliConfigFile, version };
}

// ---------------------------------------------------------------------------------------------

function cloudOf(index: number): { cloud: StorageCloud; destination: string; roleArn?: string; tenantId?: string } {
  switch (index % 3) {
    case 0:
      return { cloud: StorageCloud.AWS, destination: `s3://audit-logs-${index}/sigma/`, roleArn: ROLE_ARN };
    case 1:
      return { cloud: StorageCloud.AZURE, destination: `azure://auditlogs${index}.blob.core.windows.net/audit-logs/sigma/`, tenantId: TENANT_ID };
    default:
      return { cloud: StorageCloud.GCP, destination: `gcs://audit-logs-${index}/sigma/` };
  }
}

/** Synthesizes `count` integrations (S3, Blob Storage and GCS in turn) into `outdir`; returns the stack folder. */
function synthOurs(outdir: string, count: number, stateFile: string): string {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  new LocalBackend(stack, { path: stateFile });
  for (let index = 0; index < count; index++) {
    new SigmaAuditLogStorageIntegration(stack, `Integration${index}`, {
      integrationName: `bench_integration_${index}`,
      ...cloudOf(index),
      // The production URL, reached through SIGMA_API_URL as a user would reach the emulator.
      apiUrl: SigmaApiUrl.AWS_US,
    });
  }
  app.synth();
  return path.join(outdir, 'stacks', 'bench');
}

/** The parts of a synthesized cdk.tf.json the floor changes or counts. */
interface StackJson {
  resource?: { terraform_data?: Record<string, { provisioner?: Array<{ 'local-exec': { command: string; when?: string } }> }> };
  data?: { external?: Record<string, { program: string[] }> };
  terraform: { backend?: unknown };
}

/**
 * The floor: our synthesized stack with every program replaced by one that does nothing, so that
 * it keeps the same resources, data sources, provisioners, references and postconditions. A floor
 * data source answers the keys the stack reads from the results, with one fixed value (so the
 * postconditions, which compare them, hold).
 */
export function floorOf(ours: StackJson, stateFile: string): StackJson {
  const text = JSON.stringify(ours);
  const keys = new Set<string>();
  for (const match of text.matchAll(/data\.external\.[\w-]+\.result(?:\[\\"(\w+)\\"\]|\.(\w+))/g)) keys.add(match[1] ?? match[2]);
  const answer = JSON.stringify(Object.fromEntries([...keys].sort().map((key) => [key, 'floor'])));
  const program = ['node', '-e', `process.stdout.write(${JSON.stringify(answer)})`];
  const floor = JSON.parse(text) as StackJson;
  for (const source of Object.values(floor.data?.external ?? {})) source.program = program;
  for (const resource of Object.values(floor.resource?.terraform_data ?? {})) {
    for (const provisioner of resource.provisioner ?? []) provisioner['local-exec'].command = FLOOR_COMMAND;
  }
  floor.terraform.backend = { local: { path: stateFile } };
  return floor;
}

function countShape(stack: StackJson): string {
  const resources = Object.values(stack.resource?.terraform_data ?? {});
  const provisioners = resources.flatMap((r) => r.provisioner ?? []);
  const destroyTime = provisioners.filter((p) => p['local-exec'].when === 'destroy').length;
  return (
    `${resources.length} terraform_data (${provisioners.length - destroyTime} create-time and ${destroyTime} destroy-time local-exec), ` +
    `${Object.keys(stack.data?.external ?? {}).length} data "external"`
  );
}

// ---------------------------------------------------------------------------------------------

interface Step {
  readonly wallMs: number;
  /** User + system CPU time of Terraform and every process it ran (NaN without /usr/bin/time). */
  readonly cpuMs: number;
  /** Requests the emulator served during the step (ours only). */
  readonly requests: number;
  /** Handler runs: each is a new process that fetches one token. */
  readonly tokens: number;
  readonly byCall: Map<string, number>;
}

type Verb = 'apply' | 'plan' | 'destroy';

const ARGS: Record<Verb | 'init', string[]> = {
  init: ['init', '-input=false', '-no-color'],
  apply: ['apply', '-auto-approve', '-input=false', '-no-color', `-parallelism=${PARALLELISM}`],
  plan: ['plan', '-input=false', '-no-color', `-parallelism=${PARALLELISM}`, '-detailed-exitcode'],
  destroy: ['destroy', '-auto-approve', '-input=false', '-no-color', `-parallelism=${PARALLELISM}`],
};

class Workspace {
  public constructor(
    private readonly terraform: Terraform,
    private readonly emulator: RunningEmulator,
    public readonly label: string,
    public readonly stackDir: string,
  ) {}

  private env(): Record<string, string> {
    const admin = DEFAULT_CLIENTS.find((client) => client.accountType === 'Admin')!;
    return cleanEnv({
      // The node that runs the benchmark runs the handler; the lane's Terraform, by absolute path.
      PATH: [path.dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter),
      TF_CLI_CONFIG_FILE: this.terraform.cliConfigFile,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      SIGMA_API_URL: this.emulator.url,
      SIGMA_CLIENT_ID: admin.clientId,
      SIGMA_CLIENT_SECRET: admin.clientSecret,
    });
  }

  public async run(verb: Verb | 'init'): Promise<Step> {
    const from = this.emulator.requests().length;
    // CPU time of the whole process tree: on 2 cores, where the wall time goes.
    const timeFile = path.join(path.dirname(this.stackDir), `${this.label}-${verb}.time`);
    const [file, args] = HAS_GNU_TIME
      ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, this.terraform.binary, ...ARGS[verb]]]
      : [this.terraform.binary, ARGS[verb]];
    const result: ChildResult = await runProgram(file, args, { cwd: this.stackDir, env: this.env(), measureRss: false });
    // plan -detailed-exitcode: 0 no changes, 2 changes; a plan right after the apply must be clean.
    if (result.code !== 0) {
      const why = verb === 'plan' && result.code === 2 ? 'a plan with changes right after the apply' : `exit ${result.code}`;
      throw new Error(`terraform ${verb} of the ${this.label} stack: ${why}:\n${`${result.stdout}\n${result.stderr}`.trim().slice(-3000)}`);
    }
    const calls = this.emulator.requests().slice(from);
    const byCall = new Map<string, number>();
    for (const call of calls) {
      const key = `${call.method} ${call.path.replace(/storage-integrations\/[^/?]+/, 'storage-integrations/{id}').replace(/\?.*$/, '')}`;
      byCall.set(key, (byCall.get(key) ?? 0) + 1);
    }
    const cpuMs = HAS_GNU_TIME
      ? readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').reduce((sum, seconds) => sum + Number(seconds) * 1000, 0)
      : Number.NaN;
    return { wallMs: result.wallMs, cpuMs, requests: calls.length, tokens: byCall.get(`POST ${paths.token}`) ?? 0, byCall };
  }
}

interface SizeOutcome {
  readonly count: number;
  readonly ours: Record<Verb, Step>;
  readonly floor: Record<Verb, Step>;
  readonly initMs: { ours: number; floor: number };
  readonly shape: string;
}

async function measureSize(terraform: Terraform, emulator: RunningEmulator, count: number, log: (line: string) => void): Promise<SizeOutcome> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), `sigma-bench-terraform-${count}-`)));
  try {
    const oursDir = synthOurs(path.join(root, 'ours'), count, path.join(root, 'ours.tfstate'));
    const synthesized = JSON.parse(readFileSync(path.join(oursDir, 'cdk.tf.json'), 'utf8')) as StackJson;
    const floorDir = path.join(root, 'floor');
    mkdirSync(floorDir);
    const floorStack = floorOf(synthesized, path.join(root, 'floor.tfstate'));
    writeFileSync(path.join(floorDir, 'cdk.tf.json'), JSON.stringify(floorStack, null, 2));
    const shape = countShape(synthesized);
    if (countShape(floorStack) !== shape) throw new Error(`the floor stack (${countShape(floorStack)}) differs in shape from ours (${shape})`);

    emulator.reset();
    const ours = new Workspace(terraform, emulator, 'package', oursDir);
    const floor = new Workspace(terraform, emulator, 'floor', floorDir);
    const initMs = { ours: (await ours.run('init')).wallMs, floor: (await floor.run('init')).wallMs };
    const oursSteps = {} as Record<Verb, Step>;
    const floorSteps = {} as Record<Verb, Step>;
    for (const verb of ['apply', 'plan', 'destroy'] as const) {
      floorSteps[verb] = await floor.run(verb);
      oursSteps[verb] = await ours.run(verb);
      log(`    ${count} integrations, ${verb}: ${ms(oursSteps[verb].wallMs)}, floor ${ms(floorSteps[verb].wallMs)}; ${oursSteps[verb].requests} requests`);
      const integrations = emulator.state().integrations;
      if (verb === 'apply') {
        const ready = integrations.filter((integration) => integration.status === 'ready').length;
        if (integrations.length !== count || ready !== count) {
          throw new Error(`after the apply of ${count} integrations, Sigma holds ${integrations.length} (${ready} ready)`);
        }
      }
      if (verb === 'destroy' && integrations.length !== 0) throw new Error(`after the destroy, Sigma still holds ${integrations.length} integrations`);
    }
    return { count, ours: oursSteps, floor: floorSteps, initMs, shape };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Where the time goes: handler runs and their calls, CPU of the whole process tree, the extra wall time per run. */
function stepNote(ours: Step, floor: Step): string {
  const perRun = (value: number) => (ours.tokens === 0 ? 'n/a' : `${Math.round(value / ours.tokens)} ms`);
  const cpu = Number.isNaN(ours.cpuMs) ? '' : `; CPU ${ms(ours.cpuMs)} (floor ${ms(floor.cpuMs)}), ${perRun(ours.cpuMs - floor.cpuMs)} more per handler run`;
  return (
    `${ours.tokens} handler runs, ${ours.requests} HTTP requests (${(ours.requests / Math.max(ours.tokens, 1)).toFixed(1)} per run)` +
    `${cpu}; wall ${perRun(ours.wallMs - floor.wallMs)} more per handler run`
  );
}

/**
 * One handler run at a time, against `node -e 0`, alternating: what a run costs when it has the
 * machine to itself (median CPU and wall time), by operation, on one ready integration.
 */
async function handlerRunCosts(emulator: RunningEmulator, runs: number): Promise<string[]> {
  if (!HAS_GNU_TIME) return [];
  emulator.reset();
  const dir = mkdtempSync(path.join(tmpdir(), 'sigma-bench-terraform-runs-'));
  try {
    const admin = DEFAULT_CLIENTS.find((client) => client.accountType === 'Admin')!;
    const env = cleanEnv({ SIGMA_API_URL: emulator.url, SIGMA_CLIENT_ID: admin.clientId, SIGMA_CLIENT_SECRET: admin.clientSecret });
    let count = 0;
    const run = async (args: string[], stdin = '', extra: Record<string, string> = {}) => {
      const timeFile = path.join(dir, `${count++}.time`);
      const result = await runProgram(GNU_TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, ...args], { env: { ...env, ...extra }, stdin, measureRss: false });
      if (result.code !== 0) throw new Error(`node ${args.join(' ')} exited ${result.code}: ${result.stderr.trim().slice(-1000)}`);
      const cpuMs = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').reduce((sum, seconds) => sum + Number(seconds) * 1000, 0);
      return { wallMs: result.wallMs, cpuMs, stdout: result.stdout };
    };
    const target = { name: 'bench_run_cost', ...cloudOf(2), apiUrl: SigmaApiUrl.AWS_US };
    const identity = { name: target.name, cloud: target.cloud, apiUrl: target.apiUrl, roleArn: '', tenantId: '' };
    const spec = { ...identity, destination: target.destination, linkedExportsOnDestinationChange: 'pause', linkedExportsOnDelete: 'pause', credentialsTimeoutSeconds: 60 };
    await run([HANDLER_BUNDLE, 'apply'], '', { SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec) });
    const locateQuery = JSON.stringify({ ...identity, linkedExportsOnDelete: 'pause', identity: 'bench' });
    const located = JSON.parse((await run([HANDLER_BUNDLE, 'locate'], locateQuery)).stdout) as { integration_id: string; organization_id: string };
    const owned = { integrationId: located.integration_id, organizationId: located.organization_id };
    const credentialsQuery = JSON.stringify({ ...identity, linkedExportsOnDelete: 'pause', credentialsTimeoutSeconds: '60', ...owned });
    const probes: Array<[string, () => ReturnType<typeof run>]> = [
      ['`node -e 0`', () => run(['-e', '0'])],
      ['handler `--version` (loads the bundle)', () => run([HANDLER_BUNDLE, '--version'])],
      ['credentials read (2 requests)', () => run([HANDLER_BUNDLE, 'credentials'], credentialsQuery)],
      ['locate read (3 requests)', () => run([HANDLER_BUNDLE, 'locate'], locateQuery)],
      ['settings apply, integration ready', () => run([HANDLER_BUNDLE, 'apply'], '', { SIGMA_AUDIT_LOGS_SPEC: JSON.stringify({ ...spec, ...owned }) })],
    ];
    const samples = probes.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
    for (let round = 0; round < runs; round++) {
      for (const [index, [, probe]] of probes.entries()) {
        const result = await probe();
        samples[index].cpu.push(result.cpuMs);
        samples[index].wall.push(result.wallMs);
      }
    }
    return [
      `one run at a time (${runs} rounds, median CPU / wall; CPU in steps of 10 ms):`,
      ...probes.map(([label], index) => `  ${label}: ${ms(spread(samples[index].cpu).median)} / ${ms(spread(samples[index].wall).median)}`),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TerraformOutcome {
  readonly rows: Row[];
  readonly details: string[];
}

export async function terraformSection(terraform: Terraform, sizes: readonly number[], log: (line: string) => void): Promise<TerraformOutcome> {
  // Provisioning delay 0: the figures are the cost of the handler and of Terraform, not of waiting.
  const emulator = await startEmulator({ provisioningDelayMs: 0, seed: 11 });
  try {
    const outcomes: SizeOutcome[] = [];
    for (const count of sizes) outcomes.push(await measureSize(terraform, emulator, count, log));
    const rows: Row[] = [];
    const details: string[] = [];
    for (const outcome of outcomes) {
      const judged = JUDGED_SIZES.includes(outcome.count);
      for (const verb of ['apply', 'plan', 'destroy'] as const) {
        const ratio = outcome.ours[verb].wallMs / outcome.floor[verb].wallMs;
        const target = verb === 'destroy' ? undefined : TARGETS[verb];
        const step = outcome.ours[verb];
        rows.push({
          what: `${outcome.count} integration${outcome.count === 1 ? '' : 's'}: ${verb}`,
          baseline: ms(outcome.floor[verb].wallMs),
          subject: ms(step.wallMs),
          figure: `${ratio.toFixed(2)}×`,
          target: judged && target !== undefined ? `≤ ${target}×` : '',
          verdict: judged && target !== undefined ? verdict(ratio <= target) : 'info',
          note: stepNote(step, outcome.floor[verb]),
        });
      }
      details.push(
        `${outcome.count} integrations: ${outcome.shape}; init ${ms(outcome.initMs.ours)} (floor ${ms(outcome.initMs.floor)})`,
        ...(['apply', 'plan', 'destroy'] as const).map((verb) => {
          const step = outcome.ours[verb];
          const calls = [...step.byCall.entries()].sort((a, b) => b[1] - a[1]).map(([call, n]) => `${call} ×${n}`);
          return `  ${verb}: ${step.tokens} handler runs, ${step.requests} requests: ${calls.join(', ')}`;
        }),
      );
    }
    details.push(...(await handlerRunCosts(emulator, 15)));
    return { rows, details };
  } finally {
    await emulator.close();
  }
}
