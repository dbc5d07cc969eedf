/**
 * Finds the Sigma integrations a synthesized stack declares, from its `cdk.tf.json`: each is an
 * identity `terraform_data` resource (and its settings resource) whose create-time `local-exec`
 * runs `handler.js apply` with the spec in SIGMA_AUDIT_LOGS_SPEC, as SigmaAuditLogStorageIntegration
 * writes them.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { EXIT_CODES } from '../../handler/exit-codes';
import { SPEC_ENV } from '../../handler/spec';
import { CliCommandError } from '../errors';

/** The file cdktf synthesizes in each stack directory. */
export const STACK_FILE = 'cdk.tf.json';

const STACK_DIR_EXAMPLE = 'cdktf.out/stacks/prod';
const HANDLER_APPLY = /handler\.js"?\s+apply\s*$/;

/** Whether an integration's resources are declared (count absent or 1) or disabled (count = 0). */
export type DeclaredCount = { readonly enabled: boolean } | { readonly expression: string };

export interface DeclaredIntegration {
  /** Construct path of the integration, e.g. `prod/AuditLogs`. */
  readonly path: string;
  /** Terraform address of the identity resource, e.g. `terraform_data.AuditLogs_Identity_1A2B3C4D`. */
  readonly identityAddress: string;
  /** Terraform address of the settings resource. */
  readonly settingsAddress?: string;
  /** Terraform address of the `external` data source that reads the credentials. */
  readonly credentialsAddress?: string;
  readonly count: DeclaredCount;
  /** The SIGMA_AUDIT_LOGS_SPEC value of the create-time `apply`: `${jsonencode({...})}`. */
  readonly specText: string;
}

export interface DeclaredStack {
  /** The stack directory (where Terraform runs). */
  readonly dir: string;
  /** Its cdk.tf.json. */
  readonly file: string;
  /** In the order of the file. */
  readonly integrations: DeclaredIntegration[];
}

/** The stack directory or its cdk.tf.json cannot be read, or declares no integration. */
export class StackUnreadableError extends CliCommandError {
  public readonly code = 'stack_unreadable';
  public readonly exitCode = EXIT_CODES.usage;

  constructor(
    public readonly stackDir: string,
    problem: string,
  ) {
    super(
      `${problem}. Expected the directory of a stack synthesized by \`cdktf synth\`, which holds ${STACK_FILE}, for ` +
        `example \`sigma-audit-logs reconcile ${STACK_DIR_EXAMPLE}\`.`,
    );
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `<stackDir>/cdk.tf.json` (a path to the file itself is accepted too). */
export function readStack(stackDir: string): DeclaredStack {
  const { dir, file } = locateStackFile(stackDir);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StackUnreadableError(stackDir, `${file} could not be read as JSON (${(err as Error).message})`);
  }
  if (!isObject(json)) throw new StackUnreadableError(stackDir, `${file} does not hold a JSON object`);
  const integrations = findIntegrations(json);
  if (integrations.length === 0) {
    throw new StackUnreadableError(
      stackDir,
      `${file} declares no Sigma audit-log storage integration (no terraform_data resource runs the handler's apply ` +
        `with ${SPEC_ENV})`,
    );
  }
  return { dir, file, integrations };
}

function locateStackFile(stackDir: string): { dir: string; file: string } {
  if (!existsSync(stackDir)) throw new StackUnreadableError(stackDir, `The stack directory \`${stackDir}\` does not exist`);
  if (statSync(stackDir).isFile()) {
    if (path.basename(stackDir) === STACK_FILE) return { dir: path.dirname(stackDir), file: stackDir };
    throw new StackUnreadableError(stackDir, `\`${stackDir}\` is a file, not a stack directory`);
  }
  const file = path.join(stackDir, STACK_FILE);
  if (existsSync(file)) return { dir: stackDir, file };
  // A common slip: the cdktf output directory instead of one of its stacks.
  const stacksDir = path.join(stackDir, 'stacks');
  const stacks = existsSync(stacksDir)
    ? readdirSync(stacksDir).filter((name) => existsSync(path.join(stacksDir, name, STACK_FILE)))
    : [];
  if (stacks.length > 0) {
    throw new StackUnreadableError(
      stackDir,
      `\`${stackDir}\` holds no ${STACK_FILE}; it is cdktf's output directory, whose stacks are ` +
        stacks.map((name) => `\`${path.join(stacksDir, name)}\``).join(', '),
    );
  }
  throw new StackUnreadableError(stackDir, `\`${stackDir}\` holds no ${STACK_FILE}`);
}

interface ApplyResource {
  readonly id: string;
  readonly config: Json;
  readonly specText: string;
}

/** The create-time `apply` provisioner's spec, if the resource has one. */
function applySpec(config: Json): string | undefined {
  const provisioners = Array.isArray(config.provisioner) ? config.provisioner : [config.provisioner];
  for (const provisioner of provisioners) {
    const exec = isObject(provisioner) ? provisioner['local-exec'] : undefined;
    if (!isObject(exec) || (exec.when !== undefined && exec.when !== 'create')) continue;
    const spec = isObject(exec.environment) ? exec.environment[SPEC_ENV] : undefined;
    if (typeof exec.command === 'string' && HANDLER_APPLY.test(exec.command) && typeof spec === 'string') return spec;
  }
  return undefined;
}

function dependsOn(config: Json): string[] {
  return Array.isArray(config.depends_on) ? config.depends_on.filter((d): d is string => typeof d === 'string') : [];
}

function countOf(config: Json): DeclaredCount {
  const count = config.count;
  if (count === undefined) return { enabled: true };
  if (typeof count === 'number' || (typeof count === 'string' && /^\s*\d+\s*$/.test(count))) return { enabled: Number(count) > 0 };
  return { expression: typeof count === 'string' ? count : JSON.stringify(count) };
}

function constructPath(config: Json, fallback: string): string {
  const metadata = isObject(config['//']) && isObject(config['//'].metadata) ? config['//'].metadata : undefined;
  const resourcePath = typeof metadata?.path === 'string' ? metadata.path : undefined;
  return resourcePath ? resourcePath.replace(/\/[^/]+$/, '') : fallback;
}

function findIntegrations(json: Json): DeclaredIntegration[] {
  const resources = isObject(json.resource) && isObject(json.resource.terraform_data) ? json.resource.terraform_data : {};
  const applying: ApplyResource[] = [];
  for (const [id, config] of Object.entries(resources)) {
    if (!isObject(config)) continue;
    const specText = applySpec(config);
    if (specText !== undefined) applying.push({ id, config, specText });
  }
  // The settings resource depends on its identity resource; both run the same apply.
  const settingsOf = new Map<string, ApplyResource>();
  const identities: ApplyResource[] = [];
  for (const resource of applying) {
    const identity = applying.find((other) => other !== resource && dependsOn(resource.config).includes(`terraform_data.${other.id}`));
    if (identity) settingsOf.set(identity.id, resource);
    else identities.push(resource);
  }
  const dataSources = isObject(json.data) && isObject(json.data.external) ? json.data.external : {};
  return identities.map((identity) => {
    const settings = settingsOf.get(identity.id);
    const identityAddress = `terraform_data.${identity.id}`;
    const credentials = Object.entries(dataSources).find(([, config]) => isObject(config) && dependsOn(config).includes(identityAddress));
    return {
      path: constructPath(identity.config, identity.id),
      identityAddress,
      settingsAddress: settings ? `terraform_data.${settings.id}` : undefined,
      credentialsAddress: credentials ? `data.external.${credentials[0]}` : undefined,
      count: countOf(identity.config),
      specText: (settings ?? identity).specText,
    };
  });
}
