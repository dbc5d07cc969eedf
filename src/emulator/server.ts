/**
 * The emulator's HTTP server (node:http): routing, bodies, auth, faults, the `/__emulator/`
 * controls and the request log.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { errorCodes, paths } from '../client/contract';
import { showValue } from '../errors/show-value';
import { isLoopbackHost } from '../rules/loopback';
import { TokenIssuer } from './auth';
import { ApiError, EmulatorError } from './errors';
import { FaultInjector } from './faults';
import { SeededRandom, deriveSeed } from './random';
import { Member, Store, StoreSettings } from './store';
import type {
  EmulatorClient,
  EmulatorConfig,
  EmulatorEmail,
  EmulatorOptions,
  EmulatorRequestRecord,
  EmulatorState,
  FaultRule,
  RunningEmulator,
} from './types';

/** The clients accepted when none are given. */
export const DEFAULT_CLIENTS: readonly EmulatorClient[] = [
  { clientId: 'admin', clientSecret: 'admin-secret', accountType: 'Admin' },
  { clientId: 'viewer', clientSecret: 'viewer-secret', accountType: 'Viewer' },
];
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
export const DEFAULT_PROVISIONING_DELAY_MS = 2000;
/** Prefix of the emulator's own controls (not part of Sigma's API). */
export const CONTROL_PREFIX = '/__emulator/';

const MAX_BODY_BYTES = 1024 * 1024;
/** Error code of the 421 answer to a request addressed to a name that is not loopback. */
const MISDIRECTED_REQUEST = 'misdirected_request';
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Independent generator streams derived from the seed. */
const Stream = { Identities: 1, Ids: 2, Faults: 3 } as const;

type Handler = (ctx: RequestContext) => unknown;

interface RequestContext {
  readonly req: IncomingMessage;
  readonly params: URLSearchParams;
  readonly body: Buffer;
  /** Values of the route's `{name}` segments, decoded. */
  readonly pathParams: Record<string, string>;
  /** Set for authenticated routes. */
  member?: Member;
}

interface Route {
  readonly method: string;
  /** Path segments; `{name}` matches one segment. */
  readonly pattern: string[];
  readonly auth: 'none' | 'member' | 'admin';
  readonly status: number;
  readonly handle: Handler;
}

/** Starts an emulator on loopback. Resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return emulator;
}

class Emulator implements RunningEmulator {
  public url = '';
  /** The port listened on, which the emulator's own origin carries. */
  private port = 0;
  private readonly server: Server;
  private readonly members: Map<string, Member>;
  private readonly tokens: TokenIssuer;
  private readonly organizationId: string;
  private readonly awsAccountId: string;
  private readonly initialConfig: Required<EmulatorConfig>;
  private readonly settings: StoreSettings;
  private tokenLifetimeSeconds: number;
  private readonly seed: number;
  private readonly seeded: boolean;
  private store!: Store;
  private faults!: FaultInjector;
  private log: EmulatorRequestRecord[] = [];
  private readonly routes: Route[];
  /** Requests waiting on injected latency, released at close. */
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  public constructor(private readonly options: EmulatorOptions) {
    checkOptions(options);
    this.seeded = options.seed !== undefined;
    this.seed = options.seed ?? randomInt(0, 2 ** 32);
    const clients = options.clients ?? DEFAULT_CLIENTS;
    const identities = new SeededRandom(deriveSeed(this.seed, Stream.Identities));
    this.organizationId = identities.uuid();
    this.awsAccountId = `${1 + identities.int(9)}${identities.digits(11)}`;
    this.members = new Map(
      clients.map((c) => [
        c.clientId,
        { clientId: c.clientId, memberId: identities.uuid(), email: c.email ?? `${c.clientId}@example.com`, accountType: c.accountType },
      ]),
    );
    this.initialConfig = {
      provisioningDelayMs: options.provisioningDelayMs ?? DEFAULT_PROVISIONING_DELAY_MS,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      failProvisioning: [],
    };
    this.settings = { provisioningDelayMs: this.initialConfig.provisioningDelayMs, failProvisioning: [] };
    this.tokenLifetimeSeconds = this.initialConfig.tokenLifetimeSeconds;
    this.tokens = new TokenIssuer(new Map(clients.map((c) => [c.clientId, c])), this.tokenLifetimeSeconds);
    this.routes = this.buildRoutes();
    this.resetState(this.seed);
    this.server = createServer((req, res) => void this.onRequest(req, res));
  }

  public listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(
          new EmulatorError(
            'emulator_option_invalid',
            'port',
            error.code === 'EADDRINUSE'
              ? `port ${port} is in use on ${host}; expected a free port, or 0 for any free port. Example: 8787`
              : `the emulator could not listen on ${host}:${port} (${error.code ?? error.message})`,
          ),
        );
      };
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        const address = this.server.address() as AddressInfo;
        this.port = address.port;
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.url = `http://${shownHost}:${address.port}`;
        resolve();
      });
    });
  }

  public close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.store.dispose();
    for (const [timer, release] of this.pending) {
      clearTimeout(timer);
      release();
    }
    this.pending.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  public reset(): void {
    this.store.dispose();
    this.settings.provisioningDelayMs = this.initialConfig.provisioningDelayMs;
    this.settings.failProvisioning = [];
    this.tokenLifetimeSeconds = this.initialConfig.tokenLifetimeSeconds;
    this.tokens.setLifetime(this.tokenLifetimeSeconds);
    // Seeded: the same ids as after start. Unseeded: fresh ids, so none repeats one a user still holds.
    this.resetState(this.seeded ? this.seed : randomInt(0, 2 ** 32));
  }

  public state(): EmulatorState {
    return {
      organizationId: this.organizationId,
      integrations: this.store.allIntegrations(),
      scheduledExports: this.store.allExports(),
      tokens: this.tokens.counts(),
      requests: this.requests(),
      config: this.currentConfig(),
      faults: this.faults.active(),
    };
  }

  public outbox(): EmulatorEmail[] {
    return this.store.outbox();
  }

  public injectFaults(...rules: FaultRule[]): void {
    this.faults.add(rules);
  }

  public clearFaults(): void {
    this.faults.clear();
  }

  public configure(opts: EmulatorConfig): void {
    const config = checkConfig(opts);
    if (config.provisioningDelayMs !== undefined) this.settings.provisioningDelayMs = config.provisioningDelayMs;
    if (config.failProvisioning !== undefined) this.settings.failProvisioning = [...config.failProvisioning];
    if (config.tokenLifetimeSeconds !== undefined) {
      this.tokenLifetimeSeconds = config.tokenLifetimeSeconds;
      this.tokens.setLifetime(config.tokenLifetimeSeconds);
    }
  }

  public expireTokens(): void {
    this.tokens.expireAll();
  }

  public requests(): EmulatorRequestRecord[] {
    return this.log.map((r) => ({ ...r }));
  }

  // -------------------------------------------------------------------------------------------

  private resetState(seed: number): void {
    this.store = new Store(
      this.organizationId,
      this.awsAccountId,
      this.members,
      new SeededRandom(deriveSeed(seed, Stream.Ids)),
      this.settings,
    );
    this.faults = new FaultInjector(new SeededRandom(deriveSeed(seed, Stream.Faults)));
    this.log = [];
  }

  private currentConfig(): Required<EmulatorConfig> {
    return {
      provisioningDelayMs: this.settings.provisioningDelayMs,
      tokenLifetimeSeconds: this.tokenLifetimeSeconds,
      failProvisioning: [...this.settings.failProvisioning],
    };
  }

  private buildRoutes(): Route[] {
    const route = (method: string, path: string, auth: Route['auth'], status: number, handle: Handler): Route => ({
      method,
      // The contract's path builders encode their argument: decode to get `{id}` back.
      pattern: split(decodeURIComponent(path)),
      auth,
      status,
      handle,
    });
    const id = (ctx: RequestContext) => ctx.pathParams.id;
    const json = (ctx: RequestContext) => parseJson(ctx.body);
    return [
      route('POST', paths.token, 'none', 200, (ctx) => this.tokens.grant(parseForm(ctx.req, ctx.body))),
      route('GET', paths.whoami, 'member', 200, (ctx) => this.store.whoami(ctx.member!)),
      route('POST', paths.integrations, 'admin', 202, (ctx) => this.store.createIntegration(ctx.member!, json(ctx))),
      route('GET', paths.integrations, 'admin', 200, (ctx) => this.store.listIntegrations(ctx.params)),
      route('GET', paths.integration('{id}'), 'admin', 200, (ctx) => this.store.getIntegration(id(ctx))),
      route('PATCH', paths.integration('{id}'), 'admin', 200, (ctx) => this.store.updateIntegration(id(ctx), json(ctx))),
      route('DELETE', paths.integration('{id}'), 'admin', 204, (ctx) => this.store.deleteIntegration(id(ctx), ctx.params)),
      route('GET', paths.linkedExports('{id}'), 'admin', 200, (ctx) => this.store.linkedExports(id(ctx))),
      route('POST', paths.scheduledExports, 'admin', 201, (ctx) => this.store.createExport(json(ctx))),
      route('GET', paths.scheduledExports, 'admin', 200, (ctx) => this.store.listExports(ctx.params)),
      route('GET', paths.scheduledExport('{id}'), 'admin', 200, (ctx) => this.store.getExport(id(ctx))),
      // The emulator's own controls: no auth (it listens on loopback only and refuses web pages,
      // see foreignRequestError) and never faulted.
      route('POST', `${CONTROL_PREFIX}reset`, 'none', 204, () => this.reset()),
      route('GET', `${CONTROL_PREFIX}state`, 'none', 200, () => this.state()),
      route('GET', `${CONTROL_PREFIX}outbox`, 'none', 200, () => ({ entries: this.outbox() })),
      route('POST', `${CONTROL_PREFIX}faults`, 'none', 204, (ctx) => {
        const body = parseJson(ctx.body);
        this.controlCall(() => this.faults.add(Array.isArray(body) ? body : [body]));
      }),
      route('DELETE', `${CONTROL_PREFIX}faults`, 'none', 204, () => this.clearFaults()),
      route('POST', `${CONTROL_PREFIX}config`, 'none', 200, (ctx) => {
        const body = parseJson(ctx.body);
        this.controlCall(() => this.configure(body as EmulatorConfig));
        return this.currentConfig();
      }),
      route('POST', `${CONTROL_PREFIX}expire-tokens`, 'none', 204, () => this.expireTokens()),
      route('GET', `${CONTROL_PREFIX}requests`, 'none', 200, () => ({ entries: this.requests() })),
    ];
  }

  /** Runs a control that validates its input, turning its EmulatorError into a 400. */
  private controlCall(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (error instanceof EmulatorError) throw new ApiError(400, errorCodes.invalidRequest, error.message, error.field);
      throw error;
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    const isControl = path.startsWith(CONTROL_PREFIX);
    const record = (status: number) => {
      if (!isControl) this.log.push({ method, path, status });
      this.options.log?.(`${method} ${path} ${status === 0 ? 'dropped' : status} ${Date.now() - started}ms`);
    };

    const foreign = foreignRequestError(req, this.url, this.port);
    if (foreign) {
      record(foreign.status);
      sendError(res, foreign, requestId);
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof ApiError) {
        record(error.status);
        sendError(res, error, requestId);
      } else {
        record(0);
        req.socket.destroy();
      }
      return;
    }

    if (!isControl) {
      const decision = this.faults.decide(method, path);
      if (decision.delayMs > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.pending.delete(timer);
            resolve();
          }, decision.delayMs);
          this.pending.set(timer, resolve);
        });
        if (this.closed) return;
      }
      const fault = decision.terminal;
      if (fault?.kind === 'drop') {
        record(0);
        // No response at all: the client sees the connection reset.
        req.socket.destroy();
        return;
      }
      if (fault) {
        const error = faultError(fault);
        record(error.status);
        sendError(res, error, requestId);
        return;
      }
    }

    let status: number;
    try {
      const { route, pathParams } = this.match(method, path);
      const ctx: RequestContext = { req, params: url.searchParams, body, pathParams };
      if (route.auth !== 'none') {
        const clientId = this.tokens.authenticate(req.headers.authorization);
        ctx.member = this.members.get(clientId);
        if (!ctx.member) throw new ApiError(401, errorCodes.unauthorized, 'The access token belongs to no known client; request a new one.');
        if (route.auth === 'admin') this.store.requireAdmin(ctx.member);
      }
      const result = route.handle(ctx);
      status = route.status;
      if (status === 204 || result === undefined) {
        res.writeHead(status, { 'x-request-id': requestId });
        res.end();
      } else {
        sendJson(res, status, result, requestId);
      }
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(500, errorCodes.internal, `The emulator failed to serve ${method} ${path}: ${(error as Error)?.message ?? String(error)}`);
      status = apiError.status;
      sendError(res, apiError, requestId);
    }
    record(status);
  }

  private match(method: string, path: string): { route: Route; pathParams: Record<string, string> } {
    let segments: string[];
    try {
      segments = split(path).map((s) => decodeURIComponent(s));
    } catch {
      segments = [];
    }
    const candidates = this.routes.filter(
      (r) => r.pattern.length === segments.length && r.pattern.every((p, i) => isParam(p) || p === segments[i]),
    );
    const exact = candidates.find((r) => r.method === method);
    if (exact) {
      const pathParams: Record<string, string> = {};
      exact.pattern.forEach((p, i) => {
        if (isParam(p)) pathParams[p.slice(1, -1)] = segments[i];
      });
      return { route: exact, pathParams };
    }
    if (candidates.length > 0) {
      const allowed = [...new Set(candidates.map((r) => r.method))].join(', ');
      throw new ApiError(405, errorCodes.methodNotAllowed, `${method} is not allowed on ${path}; allowed: ${allowed}.`, undefined, { allow: allowed });
    }
    throw new ApiError(404, errorCodes.notFound, `No endpoint ${showValue(path)}. The API's paths start with /v2/ (for example ${paths.integrations}).`);
  }
}

/** `Host`: a name or a bracketed IPv6 address, then an optional port. */
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/@[\]]+)(?::\d{1,5})?$/;
/** A serialized `Origin` of plain http: scheme, host, optional port, nothing else. */
const HTTP_ORIGIN = /^http:\/\/(\[[0-9A-Fa-f:.]+\]|[^\s:/@[\]]+)(?::(\d{1,5}))?$/;

/**
 * Why a request must not be served, if it must not: the emulator answers only requests addressed
 * to a loopback name and not sent by a web page of another origin, on every route (the controls
 * and the API alike hold credentials and tokens), so that a page open in the developer's browser
 * can neither read nor drive it.
 * - `Host` must name loopback (127.0.0.0/8, `localhost`, `[::1]`): DNS rebinding makes a page's own
 *   name resolve to this machine, and the browser then sends that name. Any port is accepted: the
 *   port says nothing about the page, and a local port forward (or a test's recording proxy)
 *   keeps its own.
 * - `Origin`, when present, must be the emulator's own (http, a loopback name, its port): browsers
 *   send it with every cross-site request that can change something, including the form posts a
 *   page may send to any site without asking. Other clients send none.
 */
function foreignRequestError(req: IncomingMessage, url: string, port: number): ApiError | undefined {
  const host = req.headers.host;
  const hostName = host === undefined ? undefined : HOST_HEADER.exec(host)?.[1];
  if (hostName === undefined || !isLoopbackHost(hostName)) {
    return new ApiError(
      421,
      MISDIRECTED_REQUEST,
      `Host header is ${showValue(host)}; the emulator answers only requests addressed to a loopback name (127.0.0.1, localhost or [::1]), ` +
        `so that a web page cannot reach it through a name of its own. Use the URL the emulator printed: ${url}`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const match = HTTP_ORIGIN.exec(origin);
    if (match === null || !isLoopbackHost(match[1]) || Number(match[2] ?? 80) !== port) {
      return new ApiError(
        403,
        errorCodes.forbidden,
        `Origin header is ${showValue(origin)}: the request comes from a web page of another site, and the emulator answers browsers only ` +
          `from its own origin (http://127.0.0.1:${port}, http://localhost:${port} or http://[::1]:${port}). Programs other than browsers send no Origin header.`,
      );
    }
  }
  return undefined;
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function split(path: string): string[] {
  return path.split('/').filter((s, i) => i > 0 || s !== '');
}

function faultError(fault: FaultRule): ApiError {
  switch (fault.kind) {
    case 'rate_limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      return new ApiError(429, errorCodes.rateLimited, `Too many requests (injected fault); retry after ${seconds} second(s).`, undefined, {
        'retry-after': String(seconds),
      });
    }
    default: {
      const status = fault.status ?? 503;
      const code =
        status === 500 ? errorCodes.internal : status === 502 ? errorCodes.badGateway : status === 504 ? errorCodes.gatewayTimeout : errorCodes.unavailable;
      return new ApiError(status, code, `The service failed with ${status} (injected fault); the request may be retried.`);
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        reject(new ApiError(413, errorCodes.invalidRequest, `The request body has ${size} bytes; at most ${MAX_BODY_BYTES} are accepted.`));
      } else {
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') {
    throw new ApiError(400, errorCodes.invalidRequest, 'The request body is empty; expected a JSON object. Example: {"destination": "s3://my-audit-logs/sigma/"}', 'body');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      400,
      errorCodes.invalidRequest,
      `The request body is not valid JSON (${(error as Error).message}); expected a JSON object. Example: {"destination": "s3://my-audit-logs/sigma/"}`,
      'body',
    );
  }
}

function parseForm(req: IncomingMessage, body: Buffer): URLSearchParams {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== FORM_CONTENT_TYPE) {
    throw new ApiError(
      400,
      errorCodes.invalidRequest,
      `Content-Type is ${showValue(type || undefined)}; the token endpoint expects "${FORM_CONTENT_TYPE}". Example body: grant_type=client_credentials&client_id=<id>&client_secret=<secret>`,
      'Content-Type',
    );
  }
  return new URLSearchParams(body.toString('utf8'));
}

function sendJson(res: ServerResponse, status: number, value: unknown, requestId: string, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-request-id': requestId,
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: ApiError, requestId: string): void {
  const body: Record<string, string> = { code: error.code, message: error.message, requestId };
  if (error.status === 400) body.field = error.field ?? 'body';
  sendJson(res, error.status, body, requestId, error.headers);
}

// ---------------------------------------------------------------------------------------------
// Option checks
// ---------------------------------------------------------------------------------------------

function optionError(field: string, given: unknown, expected: string, example: string): EmulatorError {
  return new EmulatorError('emulator_option_invalid', field, `${field} is ${showValue(given)}; expected ${expected}. Example: ${example}`);
}

function checkOptions(options: EmulatorOptions): void {
  if (options.host !== undefined && (typeof options.host !== 'string' || !isLoopbackHost(options.host))) {
    throw new EmulatorError(
      'emulator_host_not_loopback',
      'host',
      `host is ${showValue(options.host)}; expected a loopback address (127.0.0.0/8, ::1 or localhost), because the emulator ` +
        'serves unauthenticated controls and test credentials. Example: 127.0.0.1',
    );
  }
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw optionError('port', options.port, 'a whole number from 0 to 65535 (0 = any free port)', '8787');
  }
  if (options.seed !== undefined && (!Number.isInteger(options.seed) || options.seed < 0 || options.seed >= 2 ** 32)) {
    throw optionError('seed', options.seed, 'a whole number from 0 to 4294967295', '42');
  }
  if (options.clients !== undefined) {
    if (!Array.isArray(options.clients) || options.clients.length === 0) {
      throw optionError('clients', options.clients, 'at least one client', '[{"clientId": "admin", "clientSecret": "...", "accountType": "Admin"}]');
    }
    const seen = new Set<string>();
    options.clients.forEach((client, i) => {
      for (const key of ['clientId', 'clientSecret', 'accountType'] as const) {
        if (typeof client?.[key] !== 'string' || client[key] === '') {
          // A secret is never shown, only whether it was given.
          const given = key === 'clientSecret' ? (client?.[key] === undefined ? undefined : '<hidden>') : client?.[key];
          throw optionError(`clients[${i}].${key}`, given, 'a non-empty string', key === 'accountType' ? '"Admin"' : '"admin"');
        }
      }
      if (seen.has(client.clientId)) throw optionError(`clients[${i}].clientId`, client.clientId, 'a client id not used by another client', '"admin2"');
      seen.add(client.clientId);
    });
  }
  checkConfig({ provisioningDelayMs: options.provisioningDelayMs, tokenLifetimeSeconds: options.tokenLifetimeSeconds });
}

function checkConfig(input: unknown): EmulatorConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw optionError('config', input, 'an object', '{"provisioningDelayMs": 50}');
  }
  const config = input as Record<string, unknown>;
  const known = ['provisioningDelayMs', 'tokenLifetimeSeconds', 'failProvisioning'];
  const unknown = Object.keys(config).find((k) => !known.includes(k));
  if (unknown !== undefined) throw optionError(unknown, config[unknown], `one of the settings ${known.join(', ')}`, '{"provisioningDelayMs": 50}');
  const delay = config.provisioningDelayMs;
  if (delay !== undefined && (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0)) {
    throw optionError('provisioningDelayMs', delay, 'a number of milliseconds, 0 or more', '2000');
  }
  const lifetime = config.tokenLifetimeSeconds;
  if (lifetime !== undefined && (typeof lifetime !== 'number' || !Number.isFinite(lifetime) || lifetime <= 0)) {
    throw optionError('tokenLifetimeSeconds', lifetime, 'a number of seconds greater than 0', '3600');
  }
  const fail = config.failProvisioning;
  if (fail !== undefined && (!Array.isArray(fail) || fail.some((n) => typeof n !== 'string'))) {
    throw optionError('failProvisioning', fail, 'an array of integration names', '["audit_logs_broken"]');
  }
  return config as EmulatorConfig;
}
