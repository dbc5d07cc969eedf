/**
 * The three operations of the custom-resource handler, as functions: the handler's CLI and the
 * `sigma-audit-logs reconcile` command both call them. Each takes a Sigma client, a spec and a
 * log; none reads the environment or writes to stdout itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SigmaClient } from '../client/client';
import type { Integration } from '../client/contract';
import { NameTakenError, NotFoundError } from '../client/errors';
import { parseDestination } from '../destination';
import {
  ChangedMeanwhileError,
  CloudMismatchError,
  CredentialsTimeoutError,
  DestinationDriftError,
  FieldDifference,
  IdentityMismatchError,
  IntegrationMissingError,
  IntegrationPendingError,
  ProvisioningFailedError,
} from './errors';
import { CredentialsSpec, IdentitySpec, IntegrationSpec, LinkedExportsOnDeleteValue, READ_RESULT_KEYS, ReadResult } from './spec';
import { validateCredentialsSpec, validateIdentitySpec, validateSpec } from './validate';

/** The calls of the Sigma client the operations use. */
export type HandlerClient = Pick<
  SigmaClient,
  'requireAdmin' | 'findIntegrationByName' | 'getIntegration' | 'createIntegration' | 'updateIntegrationDestination' | 'deleteIntegration'
>;

/** Where the operations report progress: one short line per event, never a secret. */
export interface HandlerLog {
  info(line: string): void;
  warn(line: string): void;
}

/** How the operations wait for a pending integration. */
export interface WaitOptions {
  /** First pause between two status checks, in ms; it grows by half each time. Default 1000. */
  readonly pollIntervalMs?: number;
  /** Longest pause between two status checks, in ms. Default 10 000 (or 10 × pollIntervalMs if smaller). */
  readonly maxPollIntervalMs?: number;
  /** Longest time without a progress line while waiting, in ms. Default 15 000. */
  readonly progressIntervalMs?: number;
}

export interface ReadOptions extends WaitOptions {
  /** The stack directory, named in the repair command of drift and missing-integration errors. */
  readonly stackDir: string;
  /**
   * What a read does with a pending integration: `wait` until it is ready (bounded by
   * credentialsTimeoutSeconds), or `fail` at once with IntegrationPendingError, as the data
   * sources do while Terraform plans. Default `wait`.
   */
  readonly whenPending?: 'wait' | 'fail';
}

/** How `deleteIntegration` chooses what happens to linked exports. */
export interface DeleteOptions {
  /**
   * linkedExportsOnDelete as the configuration being deployed declares it; takes precedence over
   * the spec's, which the destroy-time step can only take from what the last deploy stored.
   */
  readonly declaredLinkedExportsOnDelete?: LinkedExportsOnDeleteValue;
}

/** What `deleteIntegration` did. */
export type DeleteOutcome = 'deleted' | 'absent' | 'left_alone';

const DEFAULT_POLL_INTERVAL_MS = 1_000;
const DEFAULT_MAX_POLL_INTERVAL_MS = 10_000;
const DEFAULT_PROGRESS_INTERVAL_MS = 15_000;
const POLL_GROWTH = 1.5;

function label(integration: Integration): string {
  return `'${integration.name}' (${integration.integrationId})`;
}

/**
 * The live destination in its normalised form, so that `…/logs` and `…/logs/` compare equal.
 * A destination the parser refuses (set by some other tool) is compared as Sigma returns it.
 */
function liveDestination(integration: Integration): string {
  try {
    return parseDestination(integration.destination, integration.cloud).url;
  } catch {
    return integration.destination;
  }
}

/** The role ARN or tenant id that differs from the declared one, if any ('' declared: not checked). */
function identityDifference(integration: Integration, spec: IdentitySpec): FieldDifference | undefined {
  const roleArn = spec.roleArn ?? '';
  const tenantId = spec.tenantId ?? '';
  if (roleArn !== '' && (integration.roleArn ?? '') !== roleArn) {
    return { field: 'roleArn', live: integration.roleArn ?? '', declared: roleArn };
  }
  // GUIDs compare without regard to case.
  if (tenantId !== '' && (integration.tenantId ?? '').toLowerCase() !== tenantId.toLowerCase()) {
    return { field: 'tenantId', live: integration.tenantId ?? '', declared: tenantId };
  }
  return undefined;
}

/** Fails unless the integration found under the declared name is of the declared cloud, role and tenant. */
function requireSameIdentity(integration: Integration, spec: IdentitySpec): void {
  if (integration.cloud !== spec.cloud) {
    throw new CloudMismatchError(integration.name, integration.integrationId, integration.cloud, spec.cloud);
  }
  const difference = identityDifference(integration, spec);
  if (difference) {
    throw new IdentityMismatchError(integration.name, integration.integrationId, difference);
  }
}

/** The integration of that name, once the credentials are known to be an Admin's (every operation's first call). */
async function findAsAdmin(client: HandlerClient, name: string): Promise<Integration | undefined> {
  await client.requireAdmin();
  return client.findIntegrationByName(name);
}

/**
 * Polls a pending integration until it is ready, with a growing pause, for at most
 * `timeoutSeconds`; a progress line at least every progressIntervalMs.
 */
export async function waitUntilReady(
  client: Pick<HandlerClient, 'getIntegration'>,
  integration: Integration,
  timeoutSeconds: number,
  log: HandlerLog,
  options: WaitOptions = {},
): Promise<Integration> {
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const maxPollIntervalMs = options.maxPollIntervalMs ?? Math.min(DEFAULT_MAX_POLL_INTERVAL_MS, pollIntervalMs * 10);
  const progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  const started = Date.now();
  const deadline = started + timeoutSeconds * 1000;
  let current = integration;
  let pause = pollIntervalMs;
  let lastProgress: number | undefined;
  for (;;) {
    if (current.status === 'ready') return current;
    if (current.status === 'failed') {
      throw new ProvisioningFailedError(current.name, current.integrationId, current.statusMessage);
    }
    const now = Date.now();
    const waitedSeconds = Math.round((now - started) / 1000);
    if (now >= deadline) {
      throw new CredentialsTimeoutError(current.name, current.integrationId, waitedSeconds, timeoutSeconds);
    }
    if (lastProgress === undefined || now - lastProgress >= progressIntervalMs) {
      log.info(
        `Waiting for Sigma to provision the credentials of integration ${label(current)}: status ${current.status}, ` +
          `${waitedSeconds} s waited (at most ${timeoutSeconds} s).`,
      );
      lastProgress = now;
    }
    await sleep(Math.max(0, Math.min(pause, deadline - now, lastProgress + progressIntervalMs - now)));
    pause = Math.min(pause * POLL_GROWTH, maxPollIntervalMs);
    current = await client.getIntegration(current.integrationId);
  }
}

/**
 * Creates the integration; if the name turns out to be taken, the integration holding it is
 * returned (`created` false).
 */
async function createOrFind(client: HandlerClient, spec: IntegrationSpec, log: HandlerLog): Promise<{ integration: Integration; created: boolean }> {
  log.info(`Creating Sigma integration '${spec.name}' (${spec.cloud}, ${spec.destination}).`);
  try {
    const created = await client.createIntegration({
      name: spec.name,
      cloud: spec.cloud,
      destination: spec.destination,
      ...(spec.roleArn ? { roleArn: spec.roleArn } : {}),
      ...(spec.tenantId ? { tenantId: spec.tenantId } : {}),
    });
    return { integration: created, created: true };
  } catch (err) {
    if (!(err instanceof NameTakenError)) throw err;
    // Created meanwhile, e.g. by an earlier attempt of this create whose answer was lost.
    const existing = await client.findIntegrationByName(spec.name);
    if (existing === undefined) throw err;
    log.info(`Integration ${label(existing)} exists already; using it.`);
    return { integration: existing, created: false };
  }
}

/**
 * Fails with ChangedMeanwhileError unless the integration apply just brought to the declaration
 * still matches it: another writer may have changed it since.
 */
function requireStillDeclared(integration: Integration, spec: IntegrationSpec): void {
  const live = liveDestination(integration);
  const difference =
    live !== spec.destination ? { field: 'destination', live, declared: spec.destination } : identityDifference(integration, spec);
  if (difference) {
    throw new ChangedMeanwhileError(integration.name, integration.integrationId, difference);
  }
}

/**
 * Brings the integration named in the spec to the declared state and waits until its
 * credentials are ready: create it if absent, update its destination if it differs (linked
 * exports per linkedExportsOnDestinationChange). Idempotent: on a converged integration it makes
 * no call that changes anything. Returns the ready integration, read after the last change this
 * run made, so that a concurrent writer (another deploy of the same name) makes it fail with
 * ChangedMeanwhileError instead of reporting another writer's destination as ready.
 */
export async function applyIntegration(
  client: HandlerClient,
  specInput: IntegrationSpec,
  log: HandlerLog,
  options: WaitOptions = {},
): Promise<Integration> {
  const spec = validateSpec(specInput, 'the spec');
  // The answer to this run's own create or update, if it made one: it says nothing of later writers.
  let written: Integration | undefined;
  let integration = await findAsAdmin(client, spec.name);
  if (integration === undefined) {
    const outcome = await createOrFind(client, spec, log);
    integration = outcome.integration;
    if (outcome.created) written = integration;
  }
  requireSameIdentity(integration, spec);

  const live = liveDestination(integration);
  if (live !== spec.destination) {
    const updateLinkedExports = spec.linkedExportsOnDestinationChange === 'update';
    log.info(
      `Changing the destination of integration ${label(integration)} from ${live} to ${spec.destination}; its linked ` +
        `scheduled exports, if any, will be ${updateLinkedExports ? 'pointed at the new destination' : 'paused'}.`,
    );
    integration = await client.updateIntegrationDestination(integration.integrationId, spec.destination, updateLinkedExports);
    written = integration;
  }

  integration = await waitUntilReady(client, integration, spec.credentialsTimeoutSeconds, log, options);
  if (integration === written) integration = await client.getIntegration(integration.integrationId);
  requireStillDeclared(integration, spec);
  log.info(`Integration ${label(integration)} is ${integration.status}: ${integration.cloud}, ${liveDestination(integration)}.`);
  return integration;
}

/** The `external` data source's result for a ready integration. */
export function toReadResult(integration: Integration): ReadResult {
  const result = Object.fromEntries(READ_RESULT_KEYS.map((key) => [key, ''])) as ReadResult;
  result.integration_id = integration.integrationId;
  result.name = integration.name;
  result.cloud = integration.cloud;
  result.destination = liveDestination(integration);
  result.status = integration.status;
  const credentials = integration.credentials;
  if (credentials === null) return result;
  if (integration.cloud === 'aws' && 'iamUserArn' in credentials) {
    result.aws_iam_user_arn = credentials.iamUserArn;
    result.aws_external_id = credentials.externalId;
  } else if (integration.cloud === 'azure' && 'consentUrl' in credentials) {
    result.azure_consent_url = credentials.consentUrl;
    result.azure_multi_tenant_app_name = credentials.multiTenantAppName;
    result.azure_app_client_id = appClientId(credentials.consentUrl);
  } else if (integration.cloud === 'gcp' && 'serviceAccount' in credentials) {
    result.gcp_service_account = credentials.serviceAccount;
  }
  return result;
}

/** The `client_id` query parameter of an Azure consent URL: the multi-tenant app's client id. */
function appClientId(consentUrl: string): string {
  try {
    return new URL(consentUrl).searchParams.get('client_id') ?? '';
  } catch {
    return '';
  }
}

/** The integration named in the spec, when it is the declared one; else IntegrationMissingError (or a mismatch error). */
async function findDeclared(client: HandlerClient, spec: CredentialsSpec, stackDir: string): Promise<Integration> {
  const integration = await findAsAdmin(client, spec.name);
  if (integration === undefined) {
    throw new IntegrationMissingError(spec.name, stackDir);
  }
  requireSameIdentity(integration, spec);
  return integration;
}

/**
 * Reads the integration named in the spec, waiting (bounded) while it is pending, unless told
 * not to (ReadOptions.whenPending). Fails with
 * IntegrationMissingError or DestinationDriftError (naming the repair command) when Sigma no
 * longer matches the declaration; changes nothing.
 */
export async function readIntegration(
  client: HandlerClient,
  specInput: IntegrationSpec,
  log: HandlerLog,
  options: ReadOptions,
): Promise<ReadResult> {
  const spec = validateSpec(specInput, 'the spec');
  const integration = await findDeclared(client, spec, options.stackDir);
  const live = liveDestination(integration);
  if (live !== spec.destination) {
    throw new DestinationDriftError(integration.name, integration.integrationId, live, spec.destination, options.stackDir);
  }
  const ready = await readyForRead(client, integration, spec.credentialsTimeoutSeconds, log, options);
  return toReadResult(ready);
}

/**
 * Reads the id, status and credentials of the integration named in the spec, waiting (bounded)
 * while it is pending unless told not to, whatever its destination: they stay the same when the destination changes.
 * Fails with IntegrationMissingError (naming the repair command) when it is gone; changes nothing.
 */
export async function readCredentials(
  client: HandlerClient,
  specInput: CredentialsSpec,
  log: HandlerLog,
  options: ReadOptions,
): Promise<ReadResult> {
  const spec = validateCredentialsSpec(specInput, 'the spec');
  const integration = await findDeclared(client, spec, options.stackDir);
  return toReadResult(await readyForRead(client, integration, spec.credentialsTimeoutSeconds, log, options));
}

/** The integration once ready, as a read waits for it (or not: ReadOptions.whenPending). */
function readyForRead(client: HandlerClient, integration: Integration, timeoutSeconds: number, log: HandlerLog, options: ReadOptions): Promise<Integration> {
  if (options.whenPending === 'fail' && integration.status === 'pending') {
    throw new IntegrationPendingError(integration.name, integration.integrationId);
  }
  return waitUntilReady(client, integration, timeoutSeconds, log, options);
}

/**
 * Deletes the integration named in the spec, its linked exports per the declared
 * linkedExportsOnDelete (options), else the spec's. Idempotent: an absent integration is success.
 * An integration of that name that is not the declared one (another cloud, role or tenant) is
 * left alone, with a warning.
 */
export async function deleteIntegration(
  client: HandlerClient,
  specInput: IdentitySpec,
  log: HandlerLog,
  options: DeleteOptions = {},
): Promise<DeleteOutcome> {
  const spec = validateIdentitySpec(specInput, 'the spec');
  const integration = await findAsAdmin(client, spec.name);
  if (integration === undefined) {
    log.info(`Sigma has no integration named '${spec.name}': nothing to delete.`);
    return 'absent';
  }
  if (integration.cloud !== spec.cloud) {
    log.warn(
      `The name '${spec.name}' is held by integration ${integration.integrationId}, which writes to ${integration.cloud}, ` +
        `not to ${spec.cloud} as declared: it is not the integration this resource created, so it is left alone.`,
    );
    return 'left_alone';
  }
  const difference = identityDifference(integration, spec);
  if (difference) {
    log.warn(
      `Integration ${label(integration)} has ${difference.field} '${difference.live || '(none)'}', not '${difference.declared}' ` +
        'as declared: it was recreated outside Terraform, so it is left alone. Delete it in Sigma if it is no longer used.',
    );
    return 'left_alone';
  }
  const declared = options.declaredLinkedExportsOnDelete;
  const policy = declared ?? spec.linkedExportsOnDelete;
  const policySource =
    declared === undefined
      ? 'as the spec gives it'
      : `as the configuration being deployed declares it${declared === spec.linkedExportsOnDelete ? '' : `; the last deploy stored ${spec.linkedExportsOnDelete}`}`;
  const deleteLinkedExports = policy === 'delete';
  try {
    await client.deleteIntegration(integration.integrationId, deleteLinkedExports);
  } catch (err) {
    // Deleted meanwhile: the outcome wanted.
    if (!(err instanceof NotFoundError)) throw err;
  }
  log.info(
    `Deleted integration ${label(integration)}; its linked scheduled exports, if any, were ` +
      `${deleteLinkedExports ? 'deleted' : 'paused'} (linkedExportsOnDelete ${policy}, ${policySource}).`,
  );
  return 'deleted';
}
