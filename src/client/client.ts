/**
 * The Sigma API client: OAuth2 client-credentials tokens, retries, and responses validated
 * against the contract's schemas. Paths, queries and body shapes all come from ./contract; this
 * module only composes them and turns statuses into the package's errors.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import {
  ADMIN_ACCOUNT_TYPE,
  CreateIntegrationRequest,
  CreateScheduledExportRequest,
  Integration,
  MAX_INTEGRATIONS_PER_ORGANIZATION,
  MAX_PAGE_SIZE,
  ScheduledExport,
  WhoAmI,
  createIntegrationRequestSchema,
  createScheduledExportRequestSchema,
  errorBodySchema,
  errorCodes,
  integrationPageSchema,
  integrationSchema,
  paths,
  query,
  scheduledExportListSchema,
  scheduledExportSchema,
  tokenResponseSchema,
  updateIntegrationRequestSchema,
  whoamiSchema,
} from './contract';
import { DESTINATION_EXAMPLES } from '../destination/rules';
import { checkApiBaseUrl } from '../rules/api-url';
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from '../rules/credentials';
import {
  BadCredentialsError,
  CloudChangeRequiresReplacementError,
  EndlessPaginationError,
  FIELD_EXAMPLES,
  ForbiddenError,
  InsecureApiUrlError,
  InvalidClientOptionError,
  InvalidFieldError,
  NameTakenError,
  NotAdminError,
  NotFoundError,
  SchemaMismatchError,
  UnexpectedResponseError,
} from './errors';
import { CallBudget, HttpMethod, ReceivedResponse, RequestEvent, RetryEvent, RetryingTransport } from './http';

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
}

const CLIENT_DEFAULTS = {
  requestTimeoutMs: 30_000,
  maxAttempts: 6,
  deadlineMs: 120_000,
  backoffBaseMs: 250,
  backoffMaxMs: 10_000,
  userAgent: 'cdktf-sigma-audit-logs',
} as const;

/** What a failed call was about, so that a status can name the thing it concerns. */
interface FailureContext {
  readonly notFound?: { readonly resource: string; readonly id: string };
  readonly nameTaken?: { readonly resource: string; readonly name: string };
  readonly cloudChange?: { readonly integrationId: string; readonly destination: string };
  /** The body that was sent, to quote the refused field's value. */
  readonly sent?: Readonly<Record<string, unknown>>;
  /** Cloud of the integration at hand, to pick a matching destination example. */
  readonly cloud?: string;
}

interface ApiRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

/**
 * Most pages of the integration list the client follows: enough for
 * MAX_INTEGRATIONS_PER_ORGANIZATION at MAX_PAGE_SIZE a page, and one more for a last page that may
 * come back empty.
 */
export const MAX_INTEGRATION_PAGES = Math.ceil(MAX_INTEGRATIONS_PER_ORGANIZATION / MAX_PAGE_SIZE) + 1;

const INTEGRATION = 'storage integration';
const SCHEDULED_EXPORT = 'scheduled export';

// ---------------------------------------------------------------------------------------------
// Base URL
// ---------------------------------------------------------------------------------------------

interface ParsedBaseUrl {
  readonly origin: string;
  readonly pathPrefix: string;
}

/** Checks the base URL against the API URL rule (throws InsecureApiUrlError) and splits it. */
function parseBaseUrl(baseUrl: string): ParsedBaseUrl {
  const checked = checkApiBaseUrl(baseUrl);
  if (!checked.ok) throw new InsecureApiUrlError(baseUrl, checked.problem);
  return { origin: checked.origin, pathPrefix: checked.pathPrefix };
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

function positive(option: string, value: number | undefined, fallback: number, integer: boolean, example: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidClientOptionError(option, value, integer ? 'a whole number of at least 1' : 'a positive number of milliseconds', String(example));
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/** Percent-encodes the UTF-8 bytes of `text`, except the ASCII characters `keep` matches. */
function percentEncode(text: string, keep: RegExp): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && keep.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Base64 and base64url of `text`, with and without padding. */
function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const padded = bytes.toString('base64');
  return [padded, padded.replace(/=+$/, ''), bytes.toString('base64url')];
}

/**
 * Every form in which a secret leaves this process (the form-encoded token request, the bearer
 * header) or can come back in server text: raw; percent-encoded as encodeURIComponent, as
 * application/x-www-form-urlencoded and as RFC 3986 do it, with a space as `+` or `%20`; the
 * inner text of a JSON string, with non-ASCII as `\u` escapes or not and `/` as `\/` or not;
 * base64 and base64url. Hex digits and `\u` escapes come in either case: matching ignores case.
 */
function secretForms(secret: string): string[] {
  const percent = [
    percentEncode(secret, /[A-Za-z0-9\-_.!~*'()]/), // encodeURIComponent
    percentEncode(secret, /[A-Za-z0-9*\-._]/), // URLSearchParams, with %20 for a space
    percentEncode(secret, /[A-Za-z0-9\-._~]/), // RFC 3986 unreserved only
  ].flatMap((form) => [form, form.replace(/%20/g, '+')]);
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const jsonForms = [json, asciiJson].flatMap((form) => [form, form.replace(/\//g, '\\/')]);
  return [secret, ...percent, ...jsonForms, ...base64Forms(secret)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Server text quoted in a message is cut to this many characters: a message is not a dump. */
const MAX_QUOTED_SERVER_TEXT = 1000;

/** Removes known secrets, in every form they can take (secretForms), from text that came from the server. */
class Redactor {
  /** Forms of the client secret and of the Basic credentials built from it: always kept. */
  #permanent: string[] = [];
  /** Forms of each token, oldest first. */
  readonly #tokens: string[][] = [];
  #pattern: RegExp | undefined;

  public addClientCredentials(clientId: string, clientSecret: string): void {
    // Basic authentication would send base64 of `id:secret`; a gateway may use it or echo it.
    this.#permanent = [...secretForms(clientSecret), ...base64Forms(`${clientId}:${clientSecret}`)];
    this.#pattern = undefined;
  }

  public add(token: string | undefined): void {
    if (!token || this.#tokens.some((forms) => forms[0] === token)) {
      return;
    }
    this.#tokens.push(secretForms(token));
    // Old tokens stay listed for a while: a late error body may still echo them.
    if (this.#tokens.length > 32) {
      this.#tokens.shift();
    }
    this.#pattern = undefined;
  }

  public redact(text: string): string;
  public redact(text: string | undefined): string | undefined;
  public redact(text: string | undefined): string | undefined {
    if (text === undefined) {
      return undefined;
    }
    return text.replace(this.pattern(), '[redacted]');
  }

  /** Server text as a message may quote it: redacted first, then cut, so that no cut leaves a part of a secret behind. */
  public quote(text: string, maxLength?: number): string;
  public quote(text: string | undefined, maxLength?: number): string | undefined;
  public quote(text: string | undefined, maxLength = MAX_QUOTED_SERVER_TEXT): string | undefined {
    const redacted = this.redact(text);
    return redacted === undefined || redacted.length <= maxLength
      ? redacted
      : `${redacted.slice(0, maxLength)}… (${redacted.length - maxLength} more characters)`;
  }

  private pattern(): RegExp {
    if (this.#pattern === undefined) {
      const forms = [...new Set([...this.#permanent, ...this.#tokens.flat()])].filter((form) => form !== '');
      // Longest first, so that a form is replaced whole rather than a shorter one inside it.
      forms.sort((a, b) => b.length - a.length);
      this.#pattern = forms.length === 0 ? /(?!)/g : new RegExp(forms.map(escapeRegExp).join('|'), 'gi');
    }
    return this.#pattern;
  }
}

interface ServerError {
  readonly code?: string;
  readonly message?: string;
  readonly field?: string;
}

function readErrorBody(body: string, redactor: Redactor): ServerError {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  const parsed = errorBodySchema.partial().safeParse(json);
  if (!parsed.success) {
    return {};
  }
  return {
    code: redactor.quote(parsed.data.code),
    message: redactor.quote(parsed.data.message),
    field: redactor.quote(parsed.data.field),
  };
}

function decode<S extends z.ZodType>(schema: S, method: string, path: string, body: string, redactor: Redactor): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SchemaMismatchError(method, path, '(body)', `is not JSON (${body.length} characters received)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.');
    throw new SchemaMismatchError(method, path, redactor.quote(field), redactor.quote(issue.message));
  }
  return parsed.data;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

function withTrailingSlash(destination: string): string {
  return destination.endsWith('/') ? destination : `${destination}/`;
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

interface HeldToken {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** performance.now() time after which the token is no longer used. */
  readonly renewAt: number;
}

type Grant = { readonly grant_type: 'client_credentials' } | { readonly grant_type: 'refresh_token'; readonly refresh_token: string };

/** Obtains, caches and renews access tokens; at most one token request is in flight at a time. */
class TokenSource {
  #held: HeldToken | undefined;
  #inflight: Promise<string> | undefined;
  private readonly formBody: (grant: Grant) => string;

  constructor(
    private readonly transport: RetryingTransport,
    private readonly clientId: string,
    clientSecret: string,
    private readonly redactor: Redactor,
  ) {
    // The secret lives only in the closure of the grant body builder, not in an inspectable field.
    this.formBody = (grant: Grant) => new URLSearchParams({ ...grant, client_id: clientId, client_secret: clientSecret }).toString();
  }

  /** A token to send now: the cached one unless it is close to expiry. */
  public accessToken(budget: CallBudget): Promise<string> {
    if (this.#inflight) {
      return this.#inflight;
    }
    if (this.#held && performance.now() < this.#held.renewAt) {
      return Promise.resolve(this.#held.accessToken);
    }
    return this.renew(budget);
  }

  /** A token to repeat a call with, after `rejected` got a 401. */
  public afterRejection(rejected: string, budget: CallBudget): Promise<string> {
    if (this.#inflight) {
      return this.#inflight;
    }
    if (this.#held && this.#held.accessToken !== rejected) {
      return Promise.resolve(this.#held.accessToken); // another call already renewed it
    }
    return this.renew(budget);
  }

  private renew(budget: CallBudget): Promise<string> {
    const refreshToken = this.#held?.refreshToken;
    this.#held = undefined;
    const pending = (async () => {
      if (refreshToken !== undefined) {
        const refreshed = await this.grant({ grant_type: 'refresh_token', refresh_token: refreshToken }, budget);
        if (refreshed !== undefined) {
          return refreshed;
        }
      }
      const issued = await this.grant({ grant_type: 'client_credentials' }, budget);
      if (issued === undefined) {
        throw new BadCredentialsError(this.clientId, `Sigma refused the API credentials of client id \`${this.clientId}\` (POST ${paths.token} answered 401 Unauthorized)`);
      }
      return issued;
    })();
    this.#inflight = pending;
    const clear = () => {
      if (this.#inflight === pending) {
        this.#inflight = undefined;
      }
    };
    pending.then(clear, clear);
    return pending;
  }

  /** Runs one grant; undefined when a refresh token was refused (the caller falls back). */
  private async grant(grant: Grant, budget: CallBudget): Promise<string | undefined> {
    const requestedAt = performance.now();
    const res = await this.transport.send(
      {
        method: 'POST',
        path: paths.token,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: this.formBody(grant),
      },
      budget,
    );
    if (!isSuccess(res.status)) {
      const server = readErrorBody(res.body, this.redactor);
      if (grant.grant_type === 'refresh_token' && (res.status === 400 || res.status === 401)) {
        return undefined;
      }
      if (res.status === 401) {
        throw new BadCredentialsError(
          this.clientId,
          `Sigma refused the API credentials of client id \`${this.clientId}\` (POST ${paths.token} answered 401 Unauthorized` +
            `${server.code ? ` with code \`${server.code}\`` : ''})`,
        );
      }
      throw new UnexpectedResponseError('POST', paths.token, res.status, server.code, server.message);
    }
    const token = decode(tokenResponseSchema, 'POST', paths.token, res.body, this.redactor);
    this.redactor.add(token.access_token);
    this.redactor.add(token.refresh_token);
    const lifetimeMs = token.expires_in * 1000;
    // Renew shortly before expiry: a tenth of the lifetime, at most a minute.
    const marginMs = Math.min(60_000, lifetimeMs / 10);
    this.#held = {
      accessToken: token.access_token,
      refreshToken: token.refresh_token ?? (grant.grant_type === 'refresh_token' ? grant.refresh_token : undefined),
      renewAt: requestedAt + lifetimeMs - marginMs,
    };
    return token.access_token;
  }
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

export class SigmaClient {
  /** The base URL calls go to (as given). */
  public readonly baseUrl: string;
  readonly #transport: RetryingTransport;
  readonly #tokens: TokenSource;
  readonly #redactor = new Redactor();
  readonly #deadlineMs: number;

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
      throw new NotAdminError(me.accountType, me.email);
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

  /** The integration with this name, compared case-insensitively as Sigma does; stops at the first match. */
  public async findIntegrationByName(name: string): Promise<Integration | undefined> {
    const wanted = name.toLowerCase();
    for await (const page of this.integrationPages()) {
      const found = page.find((integration) => integration.name.toLowerCase() === wanted);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  /** One integration; NotFoundError when it does not exist. */
  public async getIntegration(integrationId: string): Promise<Integration> {
    const request: ApiRequest = { method: 'GET', path: paths.integration(integrationId) };
    return this.expect(request, await this.exchange(request), integrationSchema, {
      notFound: { resource: INTEGRATION, id: integrationId },
    });
  }

  /**
   * Creates an integration (it starts `pending`). If a retried create meets "name taken" after
   * an attempt that may have reached the server, the integration found under that name is
   * returned when it is the one requested (same cloud, destination, role or tenant).
   */
  public async createIntegration(req: CreateIntegrationRequest): Promise<Integration> {
    const path = paths.integrations;
    const body = this.requestBody(createIntegrationRequestSchema, req, 'POST', path, req.cloud);
    const request: ApiRequest = { method: 'POST', path, json: body };
    const res = await this.exchange(request);
    if (res.status === 409 && res.earlierAttemptMayHaveApplied) {
      const existing = await this.findIntegrationByName(req.name);
      if (existing && isSameIntegration(existing, req)) {
        return existing;
      }
    }
    return this.expect(request, res, integrationSchema, {
      nameTaken: { resource: INTEGRATION, name: req.name },
      sent: body,
      cloud: req.cloud,
    });
  }

  /** Changes the destination within the integration's cloud; linked exports are paused unless updateLinkedExports. */
  public async updateIntegrationDestination(integrationId: string, destination: string, updateLinkedExports: boolean): Promise<Integration> {
    const path = paths.integration(integrationId);
    const body = this.requestBody(updateIntegrationRequestSchema, { destination, updateLinkedExports }, 'PATCH', path);
    const request: ApiRequest = { method: 'PATCH', path, json: body };
    return this.expect(request, await this.exchange(request), integrationSchema, {
      notFound: { resource: INTEGRATION, id: integrationId },
      cloudChange: { integrationId, destination },
      sent: body,
    });
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
    const body = this.requestBody(createScheduledExportRequestSchema, req, 'POST', path);
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

  /**
   * The pages of the integration list, in order. Stops with EndlessPaginationError when a page
   * repeats a next-page token, brings nothing new but a next-page token, or the pages go on past
   * MAX_INTEGRATION_PAGES or MAX_INTEGRATIONS_PER_ORGANIZATION: a server that hands out fresh
   * tokens forever would otherwise be followed without end.
   */
  private async *integrationPages(): AsyncGenerator<Integration[]> {
    const method = 'GET';
    const path = paths.integrations;
    const tokens = new Set<string>();
    const ids = new Set<string>();
    let page: string | undefined;
    for (let number = 1; ; number++) {
      const request: ApiRequest = {
        method,
        path,
        query: { [query.limit]: String(MAX_PAGE_SIZE), ...(page === undefined ? {} : { [query.page]: page }) },
      };
      const data = this.expect(request, await this.exchange(request), integrationPageSchema, {});
      const before = ids.size;
      for (const integration of data.entries) {
        ids.add(integration.integrationId);
      }
      yield data.entries;
      const next = data.nextPage ?? undefined;
      if (next === undefined) {
        return;
      }
      const token = () => `\`${this.#redactor.quote(next, 40)}\``;
      const problem =
        next === page
          ? `page ${number} gives its own token ${token()} as the next page`
          : tokens.has(next)
            ? `page ${number} gives the next-page token ${token()}, which an earlier page already gave`
            : data.entries.length === 0
              ? `page ${number} holds no entries but gives a next-page token`
              : ids.size === before
                ? `page ${number} holds only integrations that earlier pages already listed, but gives a next-page token`
                : ids.size > MAX_INTEGRATIONS_PER_ORGANIZATION
                  ? `the first ${number} pages list ${ids.size} integrations, and still give a next-page token`
                  : number >= MAX_INTEGRATION_PAGES
                    ? `page ${number} still gives a next-page token`
                    : undefined;
      if (problem !== undefined) {
        throw new EndlessPaginationError(method, path, problem, MAX_INTEGRATION_PAGES, MAX_INTEGRATIONS_PER_ORGANIZATION);
      }
      tokens.add(next);
      page = next;
    }
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

  /** The validated body of a 2xx response, or the error its status means. */
  private expect<S extends z.ZodType>(request: ApiRequest, res: ReceivedResponse, schema: S, context: FailureContext): z.output<S> {
    if (!isSuccess(res.status)) {
      throw this.failure(request, res, context);
    }
    return decode(schema, request.method, request.path, res.body, this.#redactor);
  }

  private failure(request: ApiRequest, res: ReceivedResponse, context: FailureContext): Error {
    const { method, path } = request;
    const server = readErrorBody(res.body, this.#redactor);
    switch (res.status) {
      case 400: {
        const field = server.field ?? '(not named by the server)';
        return new InvalidFieldError(
          method,
          path,
          field,
          server.message ?? 'no reason given',
          context.sent?.[field],
          fieldExample(field, context.cloud),
        );
      }
      case 403:
        return new ForbiddenError(method, path, server.message);
      case 404:
        if (context.notFound) {
          return new NotFoundError(context.notFound.resource, context.notFound.id, method, path);
        }
        break;
      case 409:
        if (server.code === errorCodes.cloudChangeRequiresReplacement && context.cloudChange) {
          return new CloudChangeRequiresReplacementError(context.cloudChange.integrationId, context.cloudChange.destination, server.message);
        }
        if (context.nameTaken && server.code !== errorCodes.cloudChangeRequiresReplacement) {
          return new NameTakenError(context.nameTaken.resource, context.nameTaken.name);
        }
        break;
      default:
        break;
    }
    return new UnexpectedResponseError(method, path, res.status, server.code, server.message);
  }

  /** The request body as the contract shapes it; a value of the wrong type is refused before sending. */
  private requestBody<S extends z.ZodType>(schema: S, value: unknown, method: string, path: string, cloud?: string): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.map(String).join('.') || '(body)';
      const given = issue.path.length === 1 && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[String(issue.path[0])] : undefined;
      throw new InvalidFieldError(method, path, field, `${issue.message} (refused before sending)`, given, fieldExample(field, cloud));
    }
    return parsed.data;
  }
}

function fieldExample(field: string, cloud: string | undefined): string | undefined {
  if (field === 'destination') {
    return cloud === 'azure' || cloud === 'gcp' ? DESTINATION_EXAMPLES[cloud] : DESTINATION_EXAMPLES.aws;
  }
  return FIELD_EXAMPLES[field];
}

function isSameIntegration(existing: Integration, req: CreateIntegrationRequest): boolean {
  return (
    existing.cloud === req.cloud &&
    withTrailingSlash(existing.destination) === withTrailingSlash(req.destination) &&
    existing.roleArn === req.roleArn &&
    existing.tenantId === req.tenantId
  );
}
