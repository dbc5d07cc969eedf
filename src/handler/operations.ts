/**
 * The three operations of the custom-resource handler, as functions: the handler's CLI and the
 * `sigma-audit-logs reconcile` command both call them. Each takes a Sigma client, a spec and a
 * log; none reads the environment or writes to stdout itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SigmaClient } from '../client/client';
import type { Integration, WhoAmI } from '../client/contract';
import { NameTakenError, NotFoundError } from '../client/errors';
import { parseDestination } from '../destination';
import { showServerText } from '../output/server-text';
import { sameIntegrationName } from '../rules/sigma';
import {
  AdoptionRefusedError,
  ChangedMeanwhileError,
  CloudMismatchError,
  CredentialsTimeoutError,
  DestinationDriftError,
  FieldDifference,
  IdentityMismatchError,
  IntegrationMissingError,
  IntegrationPendingError,
  NameHeldError,
  ProvisioningFailedError,
} from './errors';
import {
  CredentialsSpec,
  IdentitySpec,
  IntegrationSpec,
  LinkedExportsOnDeleteValue,
  LocateResult,
  LocateSpec,
  READ_RESULT_KEYS,
  ReadResult,
  RemovalSpec,
} from './spec';
import { terraformInstant } from './terraform-time';
import { validateCredentialsSpec, validateLocateSpec, validateRemovalSpec, validateSpec } from './validate';

/** A spec that names the integration this resource owns, with what identifies it. */
type OwnedSpec = IdentitySpec & Pick<IntegrationSpec, 'integrationId'>;

/** The calls of the Sigma client the operations use. */
export type HandlerClient = Pick<
  SigmaClient,
  | 'whoami'
  | 'requireAdmin'
  | 'findIntegrationByName'
  | 'getIntegration'
  | 'createIntegration'
  | 'updateIntegrationDestination'
  | 'deleteIntegration'
>;

/** Where the operations report progress: one short line per event, never a secret. */
export interface HandlerLog {
  info(line: string): void;
  warn(line: string): void;
}

/** How the operations wait for a pending integration. */
export interface WaitOptions {
  /** First pause between two status checks, in ms; it grows by half each time. Default 250. */
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

// A first check soon after the create: Sigma may provision in well under a second, and a pause
// growing by half each time adds only a few checks to a provisioning of minutes.
const DEFAULT_POLL_INTERVAL_MS = 250;
const DEFAULT_MAX_POLL_INTERVAL_MS = 10_000;
const DEFAULT_PROGRESS_INTERVAL_MS = 15_000;
const POLL_GROWTH = 1.5;

/** An integration as the log names it: its name and id are the server's text. */
function label(integration: Integration): string {
  return `'${showServerText(integration.name)}' (${showServerText(integration.integrationId)})`;
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
  // A first pause set shorter (tests) caps the pauses at ten times it.
  const maxPollIntervalMs =
    options.maxPollIntervalMs ?? (options.pollIntervalMs === undefined ? DEFAULT_MAX_POLL_INTERVAL_MS : Math.min(DEFAULT_MAX_POLL_INTERVAL_MS, pollIntervalMs * 10));
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

/** Where the create step finds the claim this resource recorded before its first create. */
export interface Claim {
  /** When the claim was recorded (RFC 3339), in the state since the first deploy that declared the integration. */
  readonly claimedAt: string;
  /** When the running plan was made (RFC 3339). */
  readonly plannedAt: string;
}

export interface ApplyOptions extends WaitOptions {
  /** The create step's claim (CLAIMED_AT_ENV, PLANNED_AT_ENV); without it, no integration found by name is taken as this stack's own. */
  readonly claim?: Claim;
  /** The stack directory, named in the repair command when the owned integration is gone. */
  readonly stackDir?: string;
}

/** Tolerance between this machine's clock (claim, plan) and Sigma's (createdAt). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Whether an integration found under the declared name is the one an earlier deploy of this
 * stack created but lost the answer of (the handler or Terraform was killed, or the create timed
 * out waiting for credentials): the claim predates this plan (so an earlier deploy ran the create
 * step), the integration was created by the same Sigma member between the claim and this plan,
 * and it has exactly the declared cloud, role ARN or tenant id, and destination. The first deploy
 * of a claim never takes an existing integration for its own.
 */
export function isOwnLostCreate(integration: Integration, spec: IntegrationSpec, memberId: string, claim: Claim | undefined): boolean {
  if (claim === undefined) return false;
  const claimed = terraformInstant(claim.claimedAt);
  const planned = terraformInstant(claim.plannedAt);
  const created = Date.parse(integration.createdAt);
  if (claimed === undefined || planned === undefined || !Number.isFinite(created) || claimed >= planned) return false;
  return (
    integration.createdBy === memberId &&
    created >= claimed - CLOCK_SKEW_MS &&
    created <= planned + CLOCK_SKEW_MS &&
    integration.cloud === spec.cloud &&
    identityDifference(integration, spec) === undefined &&
    liveDestination(integration) === spec.destination
  );
}

/** Fails unless the integration has the declared name (compared by Sigma's rule) and identity. */
function requireDeclared(integration: Integration, spec: IdentitySpec): void {
  if (!sameIntegrationName(integration.name, spec.name)) {
    throw new IdentityMismatchError(spec.name, integration.integrationId, { field: 'name', live: integration.name, declared: spec.name });
  }
  requireSameIdentity(integration, spec);
}

/**
 * The integration of the spec's id (recorded by the owner resource, or located by the locate read,
 * whose answer the owner's postconditions hold to the record); IntegrationMissingError when gone,
 * or when locate found none ('' or no id).
 */
async function getOwned(client: HandlerClient, spec: OwnedSpec, stackDir: string): Promise<Integration> {
  const integrationId = spec.integrationId;
  if (!integrationId) throw new IntegrationMissingError(spec.name, stackDir);
  let integration: Integration;
  try {
    integration = await client.getIntegration(integrationId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw await whyMissing(client, spec, integrationId, stackDir);
  }
  requireDeclared(integration, spec);
  return integration;
}

/** Only on the failure path: who holds the name now. */
async function whyMissing(client: HandlerClient, spec: OwnedSpec, integrationId: string, stackDir: string): Promise<Error> {
  const holder = await client.findIntegrationByName(spec.name);
  return new IntegrationMissingError(spec.name, stackDir, { integrationId, nameHeldBy: holder?.integrationId });
}

/** The integration to adopt, once it is known to be the declared one. */
async function getAdopted(client: HandlerClient, spec: IdentitySpec, adoptIntegrationId: string): Promise<Integration> {
  let integration: Integration;
  try {
    integration = await client.getIntegration(adoptIntegrationId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw new AdoptionRefusedError(spec.name, adoptIntegrationId, 'Sigma has no integration of that id in the organization these credentials reach');
  }
  if (!sameIntegrationName(integration.name, spec.name)) {
    throw new AdoptionRefusedError(spec.name, adoptIntegrationId, `it is named '${integration.name}'`);
  }
  if (integration.cloud !== spec.cloud) {
    throw new AdoptionRefusedError(spec.name, adoptIntegrationId, `it writes to ${integration.cloud}, not ${spec.cloud}`);
  }
  const difference = identityDifference(integration, spec);
  if (difference) {
    throw new AdoptionRefusedError(spec.name, adoptIntegrationId, `its ${difference.field} is '${difference.live || '(none)'}', not '${difference.declared}'`);
  }
  return integration;
}

/**
 * The create step: the integration to adopt, or this stack's own lost create, or a new one. A
 * name held by any other integration stops it before any change (NameHeldError).
 */
async function createOwned(client: HandlerClient, spec: IntegrationSpec, me: WhoAmI, log: HandlerLog, claim: Claim | undefined): Promise<{ integration: Integration; created: boolean }> {
  if (spec.adoptIntegrationId) {
    const adopted = await getAdopted(client, spec, spec.adoptIntegrationId);
    log.info(`Adopting Sigma integration ${label(adopted)}: this stack manages it from now on (a destroy deletes it).`);
    return { integration: adopted, created: false };
  }
  const existing = await client.findIntegrationByName(spec.name);
  if (existing !== undefined) {
    if (!isOwnLostCreate(existing, spec, me.memberId, claim)) throw new NameHeldError(spec.name, existing);
    log.info(`Integration ${label(existing)} was created by an earlier deploy of this stack whose answer was lost; using it.`);
    return { integration: existing, created: false };
  }
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
    // Taken between the look-up and the create: by someone else (the client itself recognises
    // the answer of its own earlier attempt of this create).
    if (!(err instanceof NameTakenError)) throw err;
    const holder = await client.findIntegrationByName(spec.name);
    throw holder === undefined ? err : new NameHeldError(spec.name, holder);
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
 * Brings the integration to the declared state and waits until its credentials are ready.
 *
 * Without `integrationId` (the create step): adopts `adoptIntegrationId`, or recognises this
 * stack's own lost create (isOwnLostCreate), or creates the integration; a name held by any other
 * integration stops it before any change. With `integrationId` (the settings step): acts on that
 * integration alone, which must still have the declared name and identity, and updates its
 * destination if it differs (linked exports per linkedExportsOnDestinationChange).
 *
 * Idempotent: on a converged integration it makes no call that changes anything. Returns the
 * ready integration, read after the last change this run made, so that a concurrent writer makes
 * it fail with ChangedMeanwhileError instead of reporting another writer's destination as ready.
 */
export async function applyIntegration(
  client: HandlerClient,
  specInput: IntegrationSpec,
  log: HandlerLog,
  options: ApplyOptions = {},
): Promise<Integration> {
  const spec = validateSpec(specInput, 'the spec');
  const me = await client.requireAdmin();
  // The answer to this run's own create or update, if it made one: it says nothing of later writers.
  let written: Integration | undefined;
  let integration: Integration;
  if (spec.integrationId) {
    integration = await getOwned(client, spec, options.stackDir ?? '.');
  } else {
    const outcome = await createOwned(client, spec, me, log, options.claim);
    integration = outcome.integration;
    if (outcome.created) written = integration;
  }
  requireDeclared(integration, spec);
  const integrationId = integration.integrationId;

  const live = liveDestination(integration);
  if (live !== spec.destination) {
    const updateLinkedExports = spec.linkedExportsOnDestinationChange === 'update';
    log.info(
      `Changing the destination of integration ${label(integration)} from ${showServerText(live)} to ${spec.destination}; its linked ` +
        `scheduled exports, if any, will be ${updateLinkedExports ? 'pointed at the new destination' : 'paused'}.`,
    );
    integration = await client.updateIntegrationDestination(integrationId, spec.destination, updateLinkedExports, spec.name);
    written = integration;
  }

  integration = await waitUntilReady(client, integration, spec.credentialsTimeoutSeconds, log, options);
  if (integration === written) integration = await client.getIntegration(integrationId);
  if (integration.integrationId !== integrationId) {
    throw new ChangedMeanwhileError(spec.name, integrationId, { field: 'integrationId', live: integration.integrationId, declared: integrationId });
  }
  requireStillDeclared(integration, spec);
  log.info(`Integration ${label(integration)} is ${integration.status}: ${integration.cloud}, ${showServerText(liveDestination(integration))}.`);
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

/**
 * Finds the integration the name (or adoptIntegrationId) leads to, with the organization the
 * credentials reach: after the create step, what the owner resource records; in every later plan,
 * what the owner's postconditions compare with the record, and the id the reads act on. An
 * integration found must have the declared cloud and role ARN or tenant id; none found is '' (the
 * postconditions then say the owned one is gone, or in another organization). Changes nothing.
 */
export async function locateIntegration(client: HandlerClient, specInput: LocateSpec): Promise<LocateResult> {
  const spec = validateLocateSpec(specInput, 'the query');
  const me = await client.whoami();
  let integration: Integration | undefined;
  if (spec.adoptIntegrationId) {
    integration = await getAdopted(client, spec, spec.adoptIntegrationId);
  } else {
    integration = await client.findIntegrationByName(spec.name);
    if (integration === undefined) return { integration_id: '', organization_id: me.organizationId };
    requireDeclared(integration, spec);
  }
  return { integration_id: integration.integrationId, organization_id: me.organizationId };
}

/**
 * Reads the integration of the spec's id, waiting (bounded) while it is pending, unless told not
 * to (ReadOptions.whenPending). Fails
 * with IntegrationMissingError or DestinationDriftError (naming the repair command) when Sigma no
 * longer matches the declaration; changes nothing.
 */
export async function readIntegration(
  client: HandlerClient,
  specInput: IntegrationSpec,
  log: HandlerLog,
  options: ReadOptions,
): Promise<ReadResult> {
  const spec = validateSpec(specInput, 'the spec');
  const integration = await getOwned(client, spec, options.stackDir);
  const live = liveDestination(integration);
  if (live !== spec.destination) {
    throw new DestinationDriftError(integration.name, integration.integrationId, live, spec.destination, options.stackDir);
  }
  const ready = await readyForRead(client, integration, spec.credentialsTimeoutSeconds, log, options);
  return toReadResult(ready);
}

/**
 * Reads the id, status and credentials of the integration of the spec's id, waiting (bounded)
 * while it is pending unless told not to (ReadOptions.whenPending), whatever its destination:
 * they stay the same when the destination changes. Fails with IntegrationMissingError (naming
 * the repair command) when it is gone; changes nothing.
 */
export async function readCredentials(
  client: HandlerClient,
  specInput: CredentialsSpec,
  log: HandlerLog,
  options: ReadOptions,
): Promise<ReadResult> {
  const spec = validateCredentialsSpec(specInput, 'the spec');
  const integration = await getOwned(client, spec, options.stackDir);
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
 * Deletes the integration this stack owns (by its id), its linked exports per the declared
 * linkedExportsOnDelete (options), else the spec's. Idempotent: an absent integration is success.
 * An integration of that id that no longer has the declared name, cloud or identity is left
 * alone, with a warning; no other integration is ever deleted.
 */
export async function deleteIntegration(
  client: HandlerClient,
  specInput: RemovalSpec,
  log: HandlerLog,
  options: DeleteOptions = {},
): Promise<DeleteOutcome> {
  const spec = validateRemovalSpec(specInput, 'the spec');
  const integrationId = spec.integrationId as string;
  await client.requireAdmin();
  let integration: Integration;
  try {
    integration = await client.getIntegration(integrationId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    log.info(`Sigma has no integration ${integrationId} ('${spec.name}'): nothing to delete.`);
    return 'absent';
  }
  if (!sameIntegrationName(integration.name, spec.name) || integration.cloud !== spec.cloud) {
    log.warn(
      `Integration ${integrationId} is now '${showServerText(integration.name)}' (${integration.cloud}), not '${spec.name}' (${spec.cloud}) ` +
        'as this stack recorded it: it is left alone.',
    );
    return 'left_alone';
  }
  const difference = identityDifference(integration, spec);
  if (difference) {
    log.warn(
      `Integration ${label(integration)} has ${difference.field} '${showServerText(difference.live) || '(none)'}', not '${difference.declared}' ` +
        'as recorded: it is left alone. Delete it in Sigma if it is no longer used.',
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
    await client.deleteIntegration(integrationId, deleteLinkedExports);
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
