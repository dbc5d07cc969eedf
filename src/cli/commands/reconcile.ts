/**
 * `sigma-audit-logs reconcile <stack dir>`: runs the handler's `apply` for every integration a
 * synthesized stack declares, with the spec Terraform would pass it. This is the documented
 * repair when a plan fails because an integration was deleted or changed outside Terraform.
 */
import { Command } from 'commander';
import type { SigmaClient } from '../../client/client';
import { clientFromEnvironment, waitOptionsFromEnvironment } from '../../handler/environment';
import { EXIT_CODES, exitCodeFor } from '../../handler/exit-codes';
import { HandlerClient, HandlerLog, WaitOptions, applyIntegration } from '../../handler/operations';
import { IntegrationSpec, SPEC_ENV } from '../../handler/spec';
import { validateSpec } from '../../handler/validate';
import { DESTINATION_EXAMPLES } from '../../destination/rules';
import { INTEGRATION_NAME_EXAMPLE, ROLE_ARN_EXAMPLE, TENANT_ID_EXAMPLE } from '../../rules/sigma';
import { CliCommandError } from '../errors';
import type { CliEnvironment, CliOutput } from '../program';
import { DeclaredIntegration, DeclaredStack, STACK_FILE, readStack } from '../stack/declarations';
import { SpecValue, matchesTemplate, parseJsonencodedObject } from '../stack/spec-expression';
import { TERRAFORM_BINARY_ENV, TerraformState, TerraformStateUnavailableError, readTerraformState } from '../stack/terraform-state';
import { DEFAULT_API_URL, userAgent } from './connection';

const MAX_EXPRESSION_SHOWN = 160;

/** What reconcile did for one declared integration. */
export type ReconcileResult = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

export interface ReconcileOutcome {
  /** Construct path, e.g. `prod/AuditLogs`. */
  readonly path: string;
  /** Integration name, when the spec could be read. */
  readonly name?: string;
  readonly result: ReconcileResult;
  readonly error?: unknown;
}

/** One value of a spec that is a Terraform expression and could not be resolved. */
export interface UnresolvedValue {
  readonly key: string;
  readonly expression: string;
  /** Why it could not be resolved from the state, as a clause. */
  readonly reason: string;
}

/** Spec values that are Terraform expressions the stack's JSON cannot give, and the state did not either. */
export class SpecValueUnresolvedError extends CliCommandError {
  public readonly code = 'spec_value_unresolved';
  public readonly exitCode = EXIT_CODES.usage;

  constructor(
    public readonly integrationPath: string,
    public readonly values: readonly UnresolvedValue[],
  ) {
    const described = values.map(
      (v) => `${v.key} is the Terraform expression ${shorten(v.expression)}, which ${STACK_FILE} alone cannot give, and ${v.reason}`,
    );
    super(
      `${described.length === 1 ? described[0] : `${values.length} values cannot be resolved:\n  - ${described.join('\n  - ')}\n`}. ` +
        'To resolve it, run `cdktf deploy` once (Terraform then records the value in its state, where this command ' +
        `reads it) and run this command again, or declare the value literally in the construct${literalExample(values[0].key)}.`,
    );
  }
}

/** Some integrations of the stack could not be reconciled (each was reported as it failed). */
export class ReconcileFailedError extends CliCommandError {
  public readonly code = 'reconcile_failed';

  constructor(
    public readonly exitCode: number,
    failed: readonly ReconcileOutcome[],
    total: number,
  ) {
    super(
      `${failed.length} of ${total} integration${total === 1 ? '' : 's'} could not be reconciled: ` +
        `${failed.map((o) => `${o.name ?? o.path} (${errorCode(o.error)})`).join(', ')}. Fix the cause given above for ` +
        'each, then run this command again: it is safe to repeat.',
    );
  }
}

export function registerReconcileCommand(program: Command, output: CliOutput, env: CliEnvironment): Command {
  return program
    .command('reconcile')
    .description(
      'Bring every Sigma integration a synthesized stack declares back to its declaration (create it if it was ' +
        'deleted, set its destination back), running the same apply as `cdktf deploy`. Safe to repeat.',
    )
    .argument('<stack dir>', `directory of the synthesized stack, which holds ${STACK_FILE} (for example cdktf.out/stacks/prod)`)
    .addHelpText(
      'after',
      `
The spec of each integration is read from ${STACK_FILE} (the ${SPEC_ENV} of its apply step).
Values that are Terraform expressions there (an AWS role ARN built from the account id, a bucket
name from a resource) are read from the stack's Terraform state, as last applied, with
\`terraform show -json\` run in the stack directory (terraform from PATH, or ${TERRAFORM_BINARY_ENV}).
Integrations declared with enabled: false (count = 0) are skipped.

Credentials are read from SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET; SIGMA_API_URL, when set,
overrides the API URL of every integration, as it does for the handler.

Exit code: 0 when every integration converged or was skipped; otherwise the code of the
failures (see \`sigma-audit-logs --help\`), or 1 if they differ.

Example:
  cdktf synth && sigma-audit-logs reconcile cdktf.out/stacks/prod
`,
    )
    .action(async (stackDir: string) => {
      await reconcileStack(stackDir, output, env);
    });
}

/**
 * Reconciles every integration of the stack in `stackDir`, printing one block per integration
 * and a summary. Throws ReconcileFailedError (after the summary) if any failed.
 */
export async function reconcileStack(stackDir: string, output: CliOutput, env: CliEnvironment): Promise<ReconcileOutcome[]> {
  const stack = readStack(stackDir);
  const wait = waitOptionsFromEnvironment(env);
  const total = stack.integrations.length;
  if (stack.integrations.some((i) => 'enabled' in i.count && i.count.enabled)) {
    // Missing credentials would fail every integration the same way: stop before the first.
    await clientFromEnvironment(env, DEFAULT_API_URL, indentedLog(output), userAgent()).close();
  }
  output.out(`Reconciling the ${total} Sigma integration${total === 1 ? '' : 's'} declared in ${stack.file}.\n`);

  let state: Promise<TerraformState> | undefined;
  const stateOnce = () => (state ??= readTerraformState(stack.dir, env));
  const outcomes: ReconcileOutcome[] = [];
  for (const [index, integration] of stack.integrations.entries()) {
    output.out(`\n[${index + 1}/${total}] ${integration.path}\n`);
    const outcome = await reconcileOne(stack, integration, stateOnce, output, env, wait);
    outcomes.push(outcome);
    if (outcome.result === 'failed') {
      output.err(`error: ${integration.path}: ${errorMessage(outcome.error)}\n`);
      output.out(`  => ${outcome.name ?? integration.path}: failed (${errorCode(outcome.error)})\n`);
    }
  }

  const count = (result: ReconcileResult) => outcomes.filter((o) => o.result === result).length;
  output.out(
    `\nSummary: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ` +
      `${count('skipped')} skipped (disabled), ${count('failed')} failed.\n`,
  );
  const failed = outcomes.filter((o) => o.result === 'failed');
  if (failed.length > 0) {
    const codes = [...new Set(failed.map((o) => exitCodeOf(o.error)))];
    throw new ReconcileFailedError(codes.length === 1 ? codes[0] : EXIT_CODES.failed, failed, total);
  }
  return outcomes;
}

async function reconcileOne(
  stack: DeclaredStack,
  integration: DeclaredIntegration,
  state: () => Promise<TerraformState>,
  output: CliOutput,
  env: CliEnvironment,
  wait: WaitOptions,
): Promise<ReconcileOutcome> {
  const path = integration.path;
  let name: string | undefined;
  try {
    if ('expression' in integration.count) {
      throw new SpecValueUnresolvedError(path, [
        {
          key: 'count',
          expression: integration.count.expression,
          reason: 'without its value this command cannot tell whether the integration is enabled',
        },
      ]);
    }
    if (!integration.count.enabled) {
      output.out('  => skipped: declared with enabled: false (count = 0), so a deploy deletes it rather than applies it; nothing to do.\n');
      return { path, result: 'skipped' };
    }
    const values = parseJsonencodedObject(integration.specText);
    const literalName = values.get('name');
    if (literalName?.kind === 'literal' && typeof literalName.value === 'string') name = literalName.value;
    const raw = await resolveSpec(integration, values, state, output);
    const spec = validateSpec(raw, `the spec of ${path} in ${stack.file}`);
    name = spec.name;
    const result = await apply(spec, output, env, wait);
    output.out(`  => ${spec.name}: ${result === 'unchanged' ? 'unchanged (already as declared)' : result}\n`);
    return { path, name, result };
  } catch (error) {
    return { path, name, result: 'failed', error };
  }
}

/** The spec as a plain object: literals as written, expressions from the Terraform state. */
async function resolveSpec(
  integration: DeclaredIntegration,
  values: ReadonlyMap<string, SpecValue>,
  state: () => Promise<TerraformState>,
  output: CliOutput,
): Promise<Record<string, unknown>> {
  const raw: Record<string, unknown> = {};
  const expressions: Array<[string, Extract<SpecValue, { kind: 'expression' }>]> = [];
  for (const [key, value] of values) {
    if (value.kind === 'literal') raw[key] = value.value;
    else expressions.push([key, value]);
  }
  if (expressions.length === 0) return raw;

  let snapshot: TerraformState;
  try {
    snapshot = await state();
  } catch (err) {
    if (!(err instanceof TerraformStateUnavailableError)) throw err;
    const reason = `it could not be resolved from the Terraform state: ${err.reason}`;
    throw new SpecValueUnresolvedError(
      integration.path,
      expressions.map(([key, value]) => ({ key, expression: value.text, reason })),
    );
  }
  // Where the applied value of each spec key is kept: identity `input`, settings `triggers_replace`,
  // and the credentials data source's `query` (every key, as strings).
  const sources: Array<[string | undefined, string]> = [
    [integration.identityAddress, 'input'],
    [integration.settingsAddress, 'triggers_replace'],
    [integration.credentialsAddress, 'query'],
  ];
  const unresolved: UnresolvedValue[] = [];
  for (const [key, expression] of expressions) {
    let found: { value: string | number; where: string } | undefined;
    for (const [address, attribute] of sources) {
      const holder = address === undefined ? undefined : snapshot.values(address)?.[attribute];
      const value = typeof holder === 'object' && holder !== null ? (holder as Record<string, unknown>)[key] : undefined;
      if (typeof value === 'string' || typeof value === 'number') {
        found = { value, where: `${address}.${attribute}` };
        break;
      }
    }
    if (found === undefined) {
      const deployed = snapshot.values(integration.identityAddress) !== undefined;
      unresolved.push({
        key,
        expression: expression.text,
        reason: deployed
          ? `none of ${sources.map(([a, attribute]) => `${a}.${attribute}`).join(', ')} holds its applied value in the Terraform state`
          : `the Terraform state has no applied value for it (it has no ${integration.identityAddress}: the integration was never deployed from here)`,
      });
    } else if (expression.template && !matchesTemplate(expression.template, String(found.value))) {
      unresolved.push({
        key,
        expression: expression.text,
        reason:
          `the Terraform state holds ${JSON.stringify(found.value)} (in ${found.where}), which the current configuration no ` +
          'longer produces: the stack was changed since its last deploy',
      });
    } else {
      raw[key] = found.value;
      output.out(`  ${key} = ${String(found.value)} (from the Terraform state: ${found.where})\n`);
    }
  }
  if (unresolved.length > 0) throw new SpecValueUnresolvedError(integration.path, unresolved);
  return raw;
}

/** Runs the handler's apply; tells whether it created, updated or left the integration as it was. */
async function apply(
  spec: IntegrationSpec,
  output: CliOutput,
  env: CliEnvironment,
  wait: WaitOptions,
): Promise<Exclude<ReconcileResult, 'skipped' | 'failed'>> {
  const log = indentedLog(output);
  const client = clientFromEnvironment(env, spec.apiUrl, log, userAgent());
  try {
    const observed = observeChanges(client);
    await applyIntegration(observed.client, spec, log, wait);
    return observed.created ? 'created' : observed.updated ? 'updated' : 'unchanged';
  } finally {
    await client.close();
  }
}

/** The client the handler's operations need, noting the calls that change something. */
function observeChanges(client: SigmaClient): { client: HandlerClient; readonly created: boolean; readonly updated: boolean } {
  const seen = { created: false, updated: false };
  return {
    get created() {
      return seen.created;
    },
    get updated() {
      return seen.updated;
    },
    client: {
      requireAdmin: () => client.requireAdmin(),
      findIntegrationByName: (name) => client.findIntegrationByName(name),
      getIntegration: (id) => client.getIntegration(id),
      createIntegration: async (request) => {
        const created = await client.createIntegration(request);
        seen.created = true;
        return created;
      },
      updateIntegrationDestination: async (id, destination, updateLinkedExports) => {
        const updated = await client.updateIntegrationDestination(id, destination, updateLinkedExports);
        seen.updated = true;
        return updated;
      },
      deleteIntegration: (id, deleteLinkedExports) => client.deleteIntegration(id, deleteLinkedExports),
    },
  };
}

/** The handler's own progress lines, indented under the integration's heading. */
function indentedLog(output: CliOutput): HandlerLog {
  return {
    info: (line) => output.out(`  ${line}\n`),
    warn: (line) => output.out(`  Warning: ${line}\n`),
  };
}

/** A literal declaration of a spec key, as a construct prop. */
const LITERAL_EXAMPLES: Readonly<Record<string, string>> = {
  roleArn: `roleArn: '${ROLE_ARN_EXAMPLE}'`,
  tenantId: `tenantId: '${TENANT_ID_EXAMPLE}'`,
  destination: `destination: '${DESTINATION_EXAMPLES.aws}'`,
  name: `integrationName: '${INTEGRATION_NAME_EXAMPLE}'`,
  apiUrl: `apiUrl: '${DEFAULT_API_URL}'`,
  credentialsTimeoutSeconds: 'credentialsTimeoutSeconds: 900',
};

function literalExample(key: string): string {
  return key in LITERAL_EXAMPLES ? ` (for example ${LITERAL_EXAMPLES[key]})` : '';
}

function exitCodeOf(error: unknown): number {
  return error instanceof CliCommandError ? error.exitCode : exitCodeFor(error);
}

function errorCode(error: unknown): string {
  return typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'unexpected_error';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function shorten(expression: string): string {
  const shown = expression.length > MAX_EXPRESSION_SHOWN ? `${expression.slice(0, MAX_EXPRESSION_SHOWN)}...` : expression;
  return `\`${shown}\``;
}
