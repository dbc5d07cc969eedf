/**
 * The emulated organization: storage integrations, scheduled exports and the confirmation
 * e-mails, with every rule of the contract. No HTTP here: calls take parsed JSON bodies, which
 * they read with the contract's request schemas and then check by the rules of src/rules and
 * src/destination, and queries, and return response bodies, or throw `ApiError`.
 */
import * as z from '../schema/zod';
import {
  ADMIN_ACCOUNT_TYPE,
  DEFAULT_PAGE_SIZE,
  Integration,
  IntegrationCredentials,
  IntegrationPage,
  MAX_PAGE_SIZE,
  PausedReason,
  ScheduledExport,
  WhoAmI,
  createIntegrationRequestSchema,
  createScheduledExportRequestSchema,
  errorCodes,
  query,
  updateIntegrationRequestSchema,
} from '../client/contract';
import { DESTINATION_EXAMPLES, DestinationError, cloudOfDestination, parseDestination } from '../destination';
import { CLOUD_LABELS } from '../destination/rules';
import { CLOUD_RULE, CloudName, checkCloudFields } from '../rules/cloud';
import { INTEGRATION_NAME_RULE, ROLE_ARN_RULE, TENANT_ID_RULE, sameIntegrationName } from '../rules/sigma';
import type { Rule } from '../rules/rule';
import { showValue } from '../errors/show-value';
import { generateCredentials } from './credentials';
import { ApiError } from './errors';
import { SeededRandom } from './random';
import type { EmulatorEmail, EmulatorEmailKind } from './types';

/** The member a client acts as. */
export interface Member {
  readonly clientId: string;
  readonly memberId: string;
  readonly email: string;
  readonly accountType: string;
}

interface StoredIntegration {
  readonly seq: number;
  readonly integrationId: string;
  readonly name: string;
  readonly cloud: CloudName;
  destination: string;
  readonly roleArn?: string;
  readonly tenantId?: string;
  /** Generated at creation (so ids stay deterministic), shown once ready. */
  readonly credentials: IntegrationCredentials;
  status: 'pending' | 'ready' | 'failed';
  statusMessage?: string;
  readonly readyAt: number;
  readonly createdAt: string;
  updatedAt: string;
  readonly createdBy: string;
}

interface StoredExport {
  readonly seq: number;
  readonly exportId: string;
  readonly name: string;
  readonly integrationId: string;
  destination: string;
  readonly schedule: string;
  status: 'active' | 'paused';
  pausedReason: PausedReason | null;
}

export interface StoreSettings {
  provisioningDelayMs: number;
  failProvisioning: string[];
}

const SCHEDULE_EXAMPLE = '0 2 * * *';
const EXPORT_NAME_EXAMPLE = 'nightly';
const MAX_EXPORT_NAME_LENGTH = 255;
const PAGE_TOKEN_PREFIX = 'p1:';
const FAILED_PROVISIONING_MESSAGE =
  'Provisioning failed: the storage integration could not be created in the Sigma-managed Snowflake account. ' +
  'Delete it and create it again; if it fails again, contact Sigma Support.';

export function invalid(field: string, given: unknown, expected: string, example: string): ApiError {
  return new ApiError(400, errorCodes.invalidRequest, `${field} is ${showValue(given)}; expected ${expected}. Example: ${example}`, field);
}

/** The 400 answer to a field that breaks its rule. */
function refuseUnless(field: string, given: unknown, rule: Rule): void {
  if (!rule.test(given)) throw invalid(field, given, rule.expected, rule.example);
}

/** What each field of a request expects, and an example of the whole body. */
interface BodyRules {
  readonly fields: Readonly<Record<string, Pick<Rule, 'expected' | 'example'>>>;
  readonly example: string;
}

/**
 * The body in the shape the contract's request schema gives it; else a 400 naming the first field
 * that has another type (or is missing), with what it expects.
 */
function parseBody<S extends z.Schema>(schema: S, body: unknown, rules: BodyRules): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const field = String(parsed.error.issues[0].path[0] ?? '');
  const rule = rules.fields[field];
  if (rule === undefined) throw invalid('body', body, 'a JSON object', rules.example);
  throw invalid(field, (body as Record<string, unknown>)[field], rule.expected, rule.example);
}

const CREATE_INTEGRATION: BodyRules = {
  fields: {
    name: INTEGRATION_NAME_RULE,
    cloud: CLOUD_RULE,
    destination: { expected: 'a destination in the cloud of the integration', example: DESTINATION_EXAMPLES.aws },
    roleArn: ROLE_ARN_RULE,
    tenantId: TENANT_ID_RULE,
  },
  example: '{"name": "audit_logs_prod", "cloud": "aws", ...}',
};

/** A PATCH of an integration of this cloud. */
function updateIntegrationRules(cloud: CloudName): BodyRules {
  return {
    fields: {
      destination: { expected: `${CLOUD_LABELS[cloud]} destination`, example: DESTINATION_EXAMPLES[cloud] },
      updateLinkedExports: { expected: 'true or false', example: 'false' },
    },
    example: `{"destination": "${DESTINATION_EXAMPLES[cloud]}"}`,
  };
}

const EXPORT_ID_EXAMPLE = '"<integrationId from GET /v2/audit-logs/storage-integrations>"';
const CREATE_EXPORT: BodyRules = {
  fields: {
    name: { expected: `a non-blank name of at most ${MAX_EXPORT_NAME_LENGTH} characters`, example: `"${EXPORT_NAME_EXAMPLE}"` },
    integrationId: { expected: 'the id of an existing storage integration', example: EXPORT_ID_EXAMPLE },
    schedule: { expected: 'a cron expression of 5 fields (minute hour day-of-month month day-of-week)', example: `"${SCHEDULE_EXAMPLE}"` },
  },
  example: `{"name": "${EXPORT_NAME_EXAMPLE}", "integrationId": "...", "schedule": "${SCHEDULE_EXAMPLE}"}`,
};

export class Store {
  private readonly integrations = new Map<string, StoredIntegration>();
  private readonly exports = new Map<string, StoredExport>();
  private readonly emails: EmulatorEmail[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;

  public constructor(
    public readonly organizationId: string,
    private readonly awsAccountId: string,
    private readonly members: ReadonlyMap<string, Member>,
    private readonly random: SeededRandom,
    private readonly settings: StoreSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Cancels the provisioning timers (the state is then read lazily if at all). */
  public dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // -------------------------------------------------------------------------------------------
  // Identity
  // -------------------------------------------------------------------------------------------

  public whoami(member: Member): WhoAmI {
    return { organizationId: this.organizationId, memberId: member.memberId, email: member.email, accountType: member.accountType };
  }

  public requireAdmin(member: Member): void {
    if (member.accountType !== ADMIN_ACCOUNT_TYPE) {
      throw new ApiError(
        403,
        errorCodes.forbidden,
        `Client "${member.clientId}" acts as a member with account type "${member.accountType}"; storage integrations and ` +
          `scheduled exports can be managed only by a member with account type "${ADMIN_ACCOUNT_TYPE}". ` +
          'Use the API credentials of an Admin member.',
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Storage integrations
  // -------------------------------------------------------------------------------------------

  public createIntegration(member: Member, body: unknown): Integration {
    const { name, cloud, ...input } = parseBody(createIntegrationRequestSchema, body, CREATE_INTEGRATION);
    refuseUnless('name', name, INTEGRATION_NAME_RULE);
    const destination = this.parseDestinationField(input.destination, cloud);
    const identity = checkIdentityFields(cloud, input.roleArn, input.tenantId);

    const taken = this.findByName(name);
    if (taken) {
      throw new ApiError(
        409,
        errorCodes.conflict,
        `name "${name}" is taken: integration ${taken.integrationId} is named "${taken.name}" and names are unique per ` +
          'organization, compared case-insensitively. Choose another name, or find the existing integration by name and use it.',
      );
    }

    const now = this.now();
    const partition = identity.roleArn?.split(':')[1];
    const integrationId = this.random.uuid();
    const credentials = generateCredentials(this.random, {
      cloud,
      awsPartition: partition,
      awsAccountId: this.awsAccountId,
      tenantId: identity.tenantId,
    });
    const stored: StoredIntegration = {
      seq: ++this.seq,
      integrationId,
      name,
      cloud,
      destination,
      ...identity,
      credentials,
      status: 'pending',
      readyAt: now + this.settings.provisioningDelayMs,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      createdBy: member.memberId,
    };
    this.integrations.set(integrationId, stored);
    this.sendEmail(
      'integration_created',
      stored,
      `Audit log storage integration "${name}" created`,
      `The ${cloud} audit log storage integration "${name}" (${integrationId}) writing to ${destination} was created by ` +
        `${member.email}. Its credentials are being prepared; another e-mail follows when they are available.`,
    );
    this.scheduleSettle(this.settings.provisioningDelayMs);
    return this.view(stored);
  }

  public listIntegrations(params: URLSearchParams): IntegrationPage {
    this.settle();
    const limit = parseLimit(params.get(query.limit));
    const pageToken = params.get(query.page);
    const after = pageToken === null ? 0 : decodePageToken(pageToken);
    const all = [...this.integrations.values()].sort((a, b) => a.seq - b.seq);
    const rest = all.filter((i) => i.seq > after);
    const page = rest.slice(0, limit);
    const nextPage = rest.length > limit ? encodePageToken(page[page.length - 1].seq) : null;
    return { entries: page.map((i) => this.view(i)), nextPage, total: all.length };
  }

  public getIntegration(integrationId: string): Integration {
    this.settle();
    return this.view(this.integration(integrationId));
  }

  public updateIntegration(integrationId: string, body: unknown): Integration {
    this.settle();
    const stored = this.integration(integrationId);
    const { destination: given, updateLinkedExports: updateLinked } = parseBody(updateIntegrationRequestSchema, body, updateIntegrationRules(stored.cloud));
    const otherCloud = cloudOfDestination(given);
    if (otherCloud !== undefined && otherCloud !== stored.cloud) {
      throw new ApiError(
        409,
        errorCodes.cloudChangeRequiresReplacement,
        `destination ${showValue(given)} is in ${otherCloud}, but integration "${stored.name}" (${stored.integrationId}) writes ` +
          `to ${stored.cloud}. A destination can change only within the same cloud (for example ` +
          `${DESTINATION_EXAMPLES[stored.cloud]}); to move to ${otherCloud}, delete this integration and create a new one.`,
      );
    }
    const destination = this.parseDestinationField(given, stored.cloud);
    if (destination === stored.destination) return this.view(stored);

    const previous = stored.destination;
    stored.destination = destination;
    stored.updatedAt = new Date(this.now()).toISOString();
    const linked = this.linked(integrationId);
    for (const exp of linked) {
      if (updateLinked === true) {
        exp.destination = destination;
      } else {
        exp.status = 'paused';
        exp.pausedReason = 'integration_destination_changed';
      }
    }
    const exportsLine =
      linked.length === 0
        ? 'No scheduled export is linked to it.'
        : updateLinked === true
          ? `The destination of its ${linked.length} linked scheduled export(s) was updated.`
          : `Its ${linked.length} linked scheduled export(s) were paused.`;
    this.sendEmail(
      'destination_updated',
      stored,
      `Cloud destination of audit log storage integration "${stored.name}" updated`,
      `The destination of the audit log storage integration "${stored.name}" (${stored.integrationId}) changed from ` +
        `${previous} to ${destination}. ${exportsLine}`,
    );
    return this.view(stored);
  }

  public deleteIntegration(integrationId: string, params: URLSearchParams): void {
    this.settle();
    const stored = this.integration(integrationId);
    const flag = params.get(query.deleteLinkedExports);
    if (flag !== null && flag !== 'true' && flag !== 'false') {
      throw invalid(query.deleteLinkedExports, flag, '"true" or "false"', `?${query.deleteLinkedExports}=false`);
    }
    const deleteLinked = flag === 'true';
    const linked = this.linked(integrationId);
    for (const exp of linked) {
      if (deleteLinked) {
        this.exports.delete(exp.exportId);
      } else {
        exp.status = 'paused';
        exp.pausedReason = 'integration_deleted';
      }
    }
    this.integrations.delete(integrationId);
    const exportsLine =
      linked.length === 0
        ? 'No scheduled export was linked to it.'
        : deleteLinked
          ? `Its ${linked.length} linked scheduled export(s) were deleted.`
          : `Its ${linked.length} linked scheduled export(s) were paused.`;
    this.sendEmail(
      'integration_deleted',
      stored,
      `Audit log storage integration "${stored.name}" deleted`,
      `The audit log storage integration "${stored.name}" (${stored.integrationId}) writing to ${stored.destination} ` +
        `was deleted. ${exportsLine}`,
    );
  }

  public linkedExports(integrationId: string): { entries: ScheduledExport[] } {
    this.integration(integrationId);
    return { entries: this.linked(integrationId).map(viewExport) };
  }

  // -------------------------------------------------------------------------------------------
  // Scheduled exports
  // -------------------------------------------------------------------------------------------

  public createExport(body: unknown): ScheduledExport {
    this.settle();
    const { name, integrationId, schedule } = parseBody(createScheduledExportRequestSchema, body, CREATE_EXPORT);
    const { fields } = CREATE_EXPORT;
    if (name.trim() === '' || name.length > MAX_EXPORT_NAME_LENGTH) throw invalid('name', name, fields.name.expected, fields.name.example);
    const integration = this.integrations.get(integrationId);
    if (!integration) {
      throw invalid('integrationId', integrationId, `${fields.integrationId.expected} of this organization (none has this id)`, EXPORT_ID_EXAMPLE);
    }
    if (!isCronExpression(schedule)) throw invalid('schedule', schedule, fields.schedule.expected, fields.schedule.example);
    const stored: StoredExport = {
      seq: ++this.seq,
      exportId: this.random.uuid(),
      name,
      integrationId,
      destination: integration.destination,
      schedule,
      status: 'active',
      pausedReason: null,
    };
    this.exports.set(stored.exportId, stored);
    return viewExport(stored);
  }

  public listExports(params: URLSearchParams): { entries: ScheduledExport[] } {
    const integrationId = params.get(query.integrationId);
    const entries = [...this.exports.values()]
      .filter((e) => integrationId === null || e.integrationId === integrationId)
      .sort((a, b) => a.seq - b.seq);
    return { entries: entries.map(viewExport) };
  }

  public getExport(exportId: string): ScheduledExport {
    const stored = this.exports.get(exportId);
    if (!stored) {
      throw new ApiError(404, errorCodes.notFound, `No scheduled export has id ${showValue(exportId)}. List them with GET /v2/audit-logs/scheduled-exports.`);
    }
    return viewExport(stored);
  }

  // -------------------------------------------------------------------------------------------
  // State for the emulator's controls
  // -------------------------------------------------------------------------------------------

  public allIntegrations(): Integration[] {
    this.settle();
    return [...this.integrations.values()].sort((a, b) => a.seq - b.seq).map((i) => this.view(i));
  }

  public allExports(): ScheduledExport[] {
    return this.listExports(new URLSearchParams()).entries;
  }

  public outbox(): EmulatorEmail[] {
    this.settle();
    return this.emails.map((e) => ({ ...e }));
  }

  /** Moves every integration whose provisioning time has come to `ready` or `failed`. */
  public settle(): void {
    const now = this.now();
    const due = [...this.integrations.values()].filter((i) => i.status === 'pending' && i.readyAt <= now).sort((a, b) => a.seq - b.seq);
    for (const stored of due) {
      stored.updatedAt = new Date(stored.readyAt).toISOString();
      if (this.settings.failProvisioning.some((name) => sameIntegrationName(name, stored.name))) {
        stored.status = 'failed';
        stored.statusMessage = FAILED_PROVISIONING_MESSAGE;
        this.sendEmail(
          'integration_failed',
          stored,
          `Audit log storage integration "${stored.name}" could not be provisioned`,
          `The audit log storage integration "${stored.name}" (${stored.integrationId}) failed: ${FAILED_PROVISIONING_MESSAGE}`,
        );
      } else {
        stored.status = 'ready';
        this.sendEmail(
          'integration_ready',
          stored,
          `Credentials of audit log storage integration "${stored.name}" are available`,
          `The audit log storage integration "${stored.name}" (${stored.integrationId}) is ready. Read its credentials ` +
            `with GET /v2/audit-logs/storage-integrations/${stored.integrationId} and finish the ${stored.cloud} setup with them.`,
        );
      }
    }
  }

  // -------------------------------------------------------------------------------------------

  private scheduleSettle(delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.settle();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private parseDestinationField(given: string, cloud: CloudName): string {
    try {
      return parseDestination(given, cloud, 'destination').url;
    } catch (error) {
      if (error instanceof DestinationError) {
        throw new ApiError(400, errorCodes.invalidRequest, error.message, error.field);
      }
      throw error;
    }
  }

  private findByName(name: string): StoredIntegration | undefined {
    return [...this.integrations.values()].find((i) => sameIntegrationName(i.name, name));
  }

  private integration(integrationId: string): StoredIntegration {
    const stored = this.integrations.get(integrationId);
    if (!stored) {
      throw new ApiError(
        404,
        errorCodes.notFound,
        `No storage integration has id ${showValue(integrationId)} (it may have been deleted). List them with GET /v2/audit-logs/storage-integrations.`,
      );
    }
    return stored;
  }

  private linked(integrationId: string): StoredExport[] {
    return [...this.exports.values()].filter((e) => e.integrationId === integrationId).sort((a, b) => a.seq - b.seq);
  }

  private view(stored: StoredIntegration): Integration {
    return {
      integrationId: stored.integrationId,
      name: stored.name,
      cloud: stored.cloud,
      destination: stored.destination,
      ...(stored.roleArn !== undefined ? { roleArn: stored.roleArn } : {}),
      ...(stored.tenantId !== undefined ? { tenantId: stored.tenantId } : {}),
      status: stored.status,
      ...(stored.statusMessage !== undefined ? { statusMessage: stored.statusMessage } : {}),
      credentials: stored.status === 'ready' ? { ...stored.credentials } : null,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      createdBy: stored.createdBy,
    };
  }

  private sendEmail(kind: EmulatorEmailKind, integration: StoredIntegration, subject: string, body: string): void {
    const creator = [...this.members.values()].find((m) => m.memberId === integration.createdBy);
    this.emails.push({
      kind,
      to: creator?.email ?? 'unknown@example.com',
      subject,
      body,
      integrationId: integration.integrationId,
      integrationName: integration.name,
      sentAt: new Date(this.now()).toISOString(),
    });
  }
}

/** The role ARN (aws) or tenant id (azure), each required by its cloud and refused by the others. */
function checkIdentityFields(cloud: CloudName, roleArn: unknown, tenantId: unknown): { roleArn?: string; tenantId?: string } {
  const [problem] = checkCloudFields(cloud, { roleArn, tenantId });
  if (problem !== undefined) throw invalid(problem.field, problem.value, problem.expected, problem.example);
  return cloud === 'aws' ? { roleArn: roleArn as string } : cloud === 'azure' ? { tenantId: tenantId as string } : {};
}

function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_PAGE_SIZE)) {
    throw invalid(query.limit, raw, `a whole number from 1 to ${MAX_PAGE_SIZE}`, `?${query.limit}=${DEFAULT_PAGE_SIZE}`);
  }
  return n;
}

function encodePageToken(afterSeq: number): string {
  return Buffer.from(`${PAGE_TOKEN_PREFIX}${afterSeq}`, 'utf8').toString('base64url');
}

function decodePageToken(token: string): number {
  const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const match = /^p1:(\d{1,15})$/.exec(decoded);
  if (!match || encodePageToken(Number(match[1])) !== token) {
    throw invalid(query.page, token, 'the nextPage token of the previous page, unchanged', '?page=<nextPage of the previous response>');
  }
  return Number(match[1]);
}

function isCronExpression(value: string): boolean {
  const fields = value.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[0-9A-Za-z*/,?#LW-]+$/.test(f));
}

/** An export as the API shows it: what is stored, but the creation order. */
function viewExport({ seq: _seq, ...exported }: StoredExport): ScheduledExport {
  return exported;
}
