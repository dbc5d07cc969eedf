/**
 * The Sigma API client: the calls of the contract, each composed from ./contract's paths and
 * shapes and answered through ./answers. The parts: ./redaction (secrets out of server text),
 * ./token-source (OAuth2 tokens), ./pagination (the integration list), ./http (retries).
 */
import * as z from '../schema/zod';
import { ApiRequest, FailureContext, answerMismatch, expectBody, failure, isSuccess, readErrorBody, requestBody } from './answers';
import {
  ADMIN_ACCOUNT_TYPE,
  CreateIntegrationRequest,
  CreateScheduledExportRequest,
  Integration,
  ScheduledExport,
  WhoAmI,
  createIntegrationRequestSchema,
  createScheduledExportRequestSchema,
  integrationPageSchema,
  integrationSchema,
  paths,
  query,
  scheduledExportListSchema,
  scheduledExportSchema,
  updateIntegrationRequestSchema,
  whoamiSchema,
} from './contract';
import { showValue } from '../errors/show-value';
import { checkApiBaseUrl } from '../rules/api-url';
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from '../rules/credentials';
import { sameIntegrationName } from '../rules/sigma';
import { AnswerMismatchError, BadCredentialsError, InsecureApiUrlError, InvalidClientOptionError, NotAdminError, UnexpectedResponseError } from './errors';
import type { HttpLibrary } from './exchange';
import { CallBudget, ReceivedResponse, RequestEvent, RetryEvent, RetryingTransport } from './http';
import { integrationPages } from './pagination';
import { Redactor } from './redaction';
import { TokenSource } from './token-source';

export { MAX_INTEGRATION_PAGES } from './pagination';

export interface SigmaClientOptions {
  /** https:// only, except loopback hosts (127.0.0.0/8, ::1, localhost). May carry a path prefix (see src/rules/api-url). */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Per request (connect + headers + body). Default 30_000. */
  readonly requestTimeoutMs?: number;
  /** Requests per call for one exchange, retries included. Default 6. */
  readonly maxAttempts?: number;
  /**
   * Total time of one call, token, retries and backoff included. Default 120_000. No attempt is
   * started with less than MIN_ATTEMPT_MS (or requestTimeoutMs, when shorter) of it left.
   */
  readonly deadlineMs?: number;
  /** Backoff base: the n-th retry waits a uniformly random time up to base * 2^(n-1). Default 250. */
  readonly backoffBaseMs?: number;
  /** Ceiling of one backoff wait. Default 10_000. */
  readonly backoffMaxMs?: number;
  readonly onRetry?: (e: RetryEvent) => void;
  /** Called for every HTTP exchange (token requests included), for counting. */
  readonly onRequest?: (e: RequestEvent) => void;
  readonly userAgent?: string;
  /**
   * The HTTP library: 'undici' (default), or 'node' (node's http and https), which starts several
   * times faster in a process that lives for a few requests, as each custom-resource handler run does.
   */
  readonly httpLibrary?: HttpLibrary;
}

const CLIENT_DEFAULTS = {
  requestTimeoutMs: 30_000,
  maxAttempts: 6,
  deadlineMs: 120_000,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  userAgent: 'cdktf-sigma-audit-logs',
} as const;

const INTEGRATION = 'storage integration';
const SCHEDULED_EXPORT = 'scheduled export';

/** Checks the base URL against the API URL rule (throws InsecureApiUrlError) and splits it. */
function parseBaseUrl(baseUrl: string): { readonly origin: string; readonly pathPrefix: string } {
  const checked = checkApiBaseUrl(baseUrl);
  if (!checked.ok) throw new InsecureApiUrlError(baseUrl, checked.problem);
  return { origin: checked.origin, pathPrefix: checked.pathPrefix };
}

/** A numeric option: the fallback when unset, else a positive number (a whole one when `integer`). */
function positive(option: string, value: number | undefined, fallback: number, integer: boolean, example: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidClientOptionError(option, value, integer ? 'a whole number of at least 1' : 'a positive number of milliseconds', String(example));
  }
  return value;
}

function withTrailingSlash(destination: string): string {
  return destination.endsWith('/') ? destination : `${destination}/`;
}

export class SigmaClient {
  /** The base URL calls go to (as given). */
  public readonly baseUrl: string;
  readonly #transport: RetryingTransport;
  readonly #tokens: TokenSource;
  readonly #redactor = new Redactor();
  readonly #deadlineMs: number;
  /** The name of each integration this client has read, by id: what a later answer about the id must carry. */
  readonly #namesById = new Map<string, string>();

  constructor(options: SigmaClientOptions) {
    const { origin, pathPrefix } = parseBaseUrl(options.baseUrl);
    if (typeof options.clientId !== 'string' || options.clientId.trim() === '') {
      throw new BadCredentialsError('', `The Sigma client id is empty (environment variable ${CLIENT_ID_ENV})`);
    }
    if (typeof options.clientSecret !== 'string' || options.clientSecret.trim() === '') {
      throw new BadCredentialsError(
        options.clientId,
        `The Sigma client secret for client id \`${options.clientId}\` is empty (environment variable ${CLIENT_SECRET_ENV})`,
      );
    }
    const requestTimeoutMs = positive('requestTimeoutMs', options.requestTimeoutMs, CLIENT_DEFAULTS.requestTimeoutMs, false, 30_000);
    const maxAttempts = positive('maxAttempts', options.maxAttempts, CLIENT_DEFAULTS.maxAttempts, true, 6);
    this.#deadlineMs = positive('deadlineMs', options.deadlineMs, CLIENT_DEFAULTS.deadlineMs, false, 120_000);
    const backoffBaseMs = positive('backoffBaseMs', options.backoffBaseMs, CLIENT_DEFAULTS.backoffBaseMs, false, 250);
    const backoffMaxMs = positive('backoffMaxMs', options.backoffMaxMs, CLIENT_DEFAULTS.backoffMaxMs, false, 10_000);

    this.baseUrl = options.baseUrl;
    this.#redactor.addClientCredentials(options.clientId, options.clientSecret);
    this.#transport = new RetryingTransport({
      origin,
      pathPrefix,
      requestTimeoutMs,
      maxAttempts,
      backoffBaseMs,
      backoffMaxMs,
      userAgent: options.userAgent ?? CLIENT_DEFAULTS.userAgent,
      httpLibrary: options.httpLibrary,
      onRetry: options.onRetry,
      onRequest: options.onRequest,
      redact: (text) => this.#redactor.redact(text),
    });
    this.#tokens = new TokenSource(this.#transport, options.clientId, options.clientSecret, this.#redactor);
  }

  /** The member the credentials belong to. */
  public async whoami(): Promise<WhoAmI> {
    const request: ApiRequest = { method: 'GET', path: paths.whoami };
    return this.expect(request, await this.exchange(request), whoamiSchema, {});
  }

  /** whoami, failing with NotAdminError unless the account type is Admin. */
  public async requireAdmin(): Promise<WhoAmI> {
    const me = await this.whoami();
    if (me.accountType !== ADMIN_ACCOUNT_TYPE) {
      // Both are server text: filtered like any other a message quotes.
      throw new NotAdminError(this.#redactor.quote(me.accountType, 100), me.email === '' ? undefined : this.#redactor.quote(me.email, 200));
    }
    return me;
  }

  /** Every integration of the organization, all pages followed. */
  public async listIntegrations(): Promise<Integration[]> {
    const all: Integration[] = [];
    for await (const page of this.integrationPages()) {
      all.push(...page);
    }
    return all;
  }

  /** The integration with this name, compared by the contract's rule (sameIntegrationName); stops at the first match. */
  public async findIntegrationByName(name: string): Promise<Integration | undefined> {
    for await (const page of this.integrationPages()) {
      const found = page.find((integration) => sameIntegrationName(integration.name, name));
      if (found) {
        this.#namesById.set(found.integrationId, found.name);
        return found;
      }
    }
    return undefined;
  }

  /** One integration; NotFoundError when it does not exist, AnswerMismatchError when another one is answered. */
  public async getIntegration(integrationId: string): Promise<Integration> {
    const request: ApiRequest = { method: 'GET', path: paths.integration(integrationId) };
    const answer = this.expect(request, await this.exchange(request), integrationSchema, {
      notFound: { resource: INTEGRATION, id: integrationId },
    });
    return this.answerFor(request, answer, { integrationId, name: this.#namesById.get(integrationId) });
  }

  /**
   * Creates an integration (it starts `pending`). If a retried create meets "name taken" after
   * an attempt that may have reached the server, the integration found under that name is
   * returned when it is the one requested (same cloud, destination, role or tenant).
   */
  public async createIntegration(req: CreateIntegrationRequest): Promise<Integration> {
    const path = paths.integrations;
    const body = requestBody(createIntegrationRequestSchema, req, 'POST', path, req.cloud);
    const request: ApiRequest = { method: 'POST', path, json: body };
    const res = await this.exchange(request);
    if (res.status === 409 && res.earlierAttemptMayHaveApplied) {
      const existing = await this.findIntegrationByName(req.name);
      if (existing && isSameIntegration(existing, req)) {
        return existing;
      }
    }
    const answer = this.expect(request, res, integrationSchema, {
      nameTaken: { resource: INTEGRATION, name: req.name },
      sent: body,
      cloud: req.cloud,
    });
    return this.answerFor(request, answer, { name: req.name });
  }

  /**
   * Changes the destination within the integration's cloud; linked exports are paused unless
   * updateLinkedExports. The answer must be the integration asked for: its id, and its name,
   * `expectedName` or else the name this client last read for the id (AnswerMismatchError).
   */
  public async updateIntegrationDestination(
    integrationId: string,
    destination: string,
    updateLinkedExports: boolean,
    expectedName?: string,
  ): Promise<Integration> {
    const path = paths.integration(integrationId);
    const body = requestBody(updateIntegrationRequestSchema, { destination, updateLinkedExports }, 'PATCH', path);
    const request: ApiRequest = { method: 'PATCH', path, json: body };
    const answer = this.expect(request, await this.exchange(request), integrationSchema, {
      notFound: { resource: INTEGRATION, id: integrationId },
      cloudChange: { integrationId, destination },
      sent: body,
    });
    return this.answerFor(request, answer, { integrationId, name: expectedName ?? this.#namesById.get(integrationId) });
  }

  /**
   * Deletes an integration (cannot be undone); linked exports are paused unless deleteLinkedExports.
   * NotFoundError when it does not exist, except when an earlier attempt of this same call may
   * have deleted it.
   */
  public async deleteIntegration(integrationId: string, deleteLinkedExports: boolean): Promise<void> {
    const request: ApiRequest = {
      method: 'DELETE',
      path: paths.integration(integrationId),
      query: { [query.deleteLinkedExports]: String(deleteLinkedExports) },
    };
    const res = await this.exchange(request);
    if (isSuccess(res.status) || (res.status === 404 && res.earlierAttemptMayHaveApplied)) {
      return;
    }
    throw this.failure(request, res, { notFound: { resource: INTEGRATION, id: integrationId } });
  }

  /** The scheduled exports linked to an integration. */
  public async listLinkedExports(integrationId: string): Promise<ScheduledExport[]> {
    const request: ApiRequest = { method: 'GET', path: paths.linkedExports(integrationId) };
    const list = this.expect(request, await this.exchange(request), scheduledExportListSchema, {
      notFound: { resource: INTEGRATION, id: integrationId },
    });
    return list.entries;
  }

  /**
   * Creates a scheduled export through an integration. Retried like every call: a create whose
   * first attempt was cut off after reaching the server may leave a second export of that name.
   */
  public async createScheduledExport(req: CreateScheduledExportRequest): Promise<ScheduledExport> {
    const path = paths.scheduledExports;
    const body = requestBody(createScheduledExportRequestSchema, req, 'POST', path);
    const request: ApiRequest = { method: 'POST', path, json: body };
    return this.expect(request, await this.exchange(request), scheduledExportSchema, {
      notFound: { resource: INTEGRATION, id: req.integrationId },
      nameTaken: { resource: SCHEDULED_EXPORT, name: req.name },
      sent: body,
    });
  }

  /** Scheduled exports, all or those of one integration. */
  public async listScheduledExports(integrationId?: string): Promise<ScheduledExport[]> {
    const request: ApiRequest = {
      method: 'GET',
      path: paths.scheduledExports,
      query: integrationId === undefined ? undefined : { [query.integrationId]: integrationId },
    };
    const list = this.expect(request, await this.exchange(request), scheduledExportListSchema, {
      notFound: integrationId === undefined ? undefined : { resource: INTEGRATION, id: integrationId },
    });
    return list.entries;
  }

  /** One scheduled export; NotFoundError when it does not exist. */
  public async getScheduledExport(exportId: string): Promise<ScheduledExport> {
    const request: ApiRequest = { method: 'GET', path: paths.scheduledExport(exportId) };
    return this.expect(request, await this.exchange(request), scheduledExportSchema, {
      notFound: { resource: SCHEDULED_EXPORT, id: exportId },
    });
  }

  /** Closes the connection pool; the client cannot be used afterwards. */
  public async close(): Promise<void> {
    await this.#transport.close();
  }

  // -------------------------------------------------------------------------------------------

  /** The pages of the integration list, in order (src/client/pagination has the checks that stop a list without end). */
  private integrationPages(): AsyncGenerator<Integration[]> {
    return integrationPages(
      async (token, limit) => {
        const request: ApiRequest = {
          method: 'GET',
          path: paths.integrations,
          query: { [query.limit]: String(limit), ...(token === undefined ? {} : { [query.page]: token }) },
        };
        return this.expect(request, await this.exchange(request), integrationPageSchema, {});
      },
      (token) => this.#redactor.quote(token, 40),
    );
  }

  /** Sends one call with a token; on a 401, renews the token once and repeats the call once. */
  private async exchange(request: ApiRequest): Promise<ReceivedResponse> {
    const budget = CallBudget.start(this.#deadlineMs);
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const send = (token: string) =>
      this.#transport.send(
        {
          method: request.method,
          path: request.path,
          query: request.query,
          body,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        },
        budget,
      );
    const token = await this.#tokens.accessToken(budget);
    const first = await send(token);
    if (first.status !== 401) {
      return first;
    }
    const second = await send(await this.#tokens.afterRejection(token, budget));
    if (second.status === 401) {
      const server = readErrorBody(second.body, this.#redactor);
      throw new UnexpectedResponseError(
        request.method,
        request.path,
        401,
        server.code,
        server.message,
        'The API refused a freshly issued access token twice in a row: check that the base URL serves the token ' +
          "endpoint and the API of the same Sigma organization, and that the API client's owner is still active.",
      );
    }
    return {
      ...second,
      attempts: first.attempts + second.attempts,
      earlierAttemptMayHaveApplied: first.earlierAttemptMayHaveApplied || second.earlierAttemptMayHaveApplied,
    };
  }

  /**
   * The integration answered, once it is the one asked for (AnswerMismatchError otherwise, before
   * any further call); its name is remembered for the id, to check later answers about it.
   */
  private answerFor(request: ApiRequest, answer: Integration, asked: { readonly integrationId?: string; readonly name?: string }): Integration {
    const mismatch = answerMismatch(answer, asked);
    if (mismatch !== undefined) {
      throw new AnswerMismatchError(request.method, request.path, mismatch.field, showValue(mismatch.asked), `"${this.#redactor.quote(mismatch.answered, 200)}"`);
    }
    this.#namesById.set(answer.integrationId, answer.name);
    return answer;
  }

  /** The validated body of a 2xx response, or the error its status means. */
  private expect<S extends z.Schema>(request: ApiRequest, res: ReceivedResponse, schema: S, context: FailureContext): z.output<S> {
    return expectBody(request, res, schema, context, this.#redactor);
  }

  private failure(request: ApiRequest, res: ReceivedResponse, context: FailureContext): Error {
    return failure(request, res, context, this.#redactor);
  }
}

function isSameIntegration(existing: Integration, req: CreateIntegrationRequest): boolean {
  return (
    existing.cloud === req.cloud &&
    withTrailingSlash(existing.destination) === withTrailingSlash(req.destination) &&
    existing.roleArn === req.roleArn &&
    existing.tenantId === req.tenantId
  );
}
