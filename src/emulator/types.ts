/**
 * Public types of the local Sigma emulator: what tests, the demo and users pass to
 * `startEmulator` and what they get back.
 */
import type { Integration, ScheduledExport } from '../client/contract';

/** An API client the emulator accepts at its token endpoint. */
export interface EmulatorClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Sigma account type of the member the client acts as: `Admin`, `Creator`, `Viewer`... */
  readonly accountType: string;
  /** Where the member's confirmation e-mails go; default `<clientId>@example.com`. */
  readonly email?: string;
}

export interface EmulatorOptions {
  /** Port to listen on; default 0 = any free port. */
  readonly port?: number;
  /** Interface to listen on; default `127.0.0.1`. Anything that is not loopback is refused. */
  readonly host?: string;
  /** Accepted clients; default admin/admin-secret (Admin) and viewer/viewer-secret (Viewer). */
  readonly clients?: EmulatorClient[];
  /** Lifetime of access tokens; default 3600. Fractions are allowed (short-lived tokens in tests). */
  readonly tokenLifetimeSeconds?: number;
  /** How long a new integration stays `pending` before it is `ready`; default 2000. */
  readonly provisioningDelayMs?: number;
  /** Seed of the generator of ids, credentials and fault shares, for deterministic tests. */
  readonly seed?: number;
  /** Receives one line per request (method, path, status, duration). Never given a secret. */
  readonly log?: (line: string) => void;
}

export type FaultKind = 'rate_limit' | 'error' | 'latency' | 'drop';

/**
 * A fault the emulator injects into matching requests. A rule with neither `share` nor `count`
 * applies to every matching request until the faults are cleared; with `count` it applies to
 * the next N matching requests (or, with `share` too, until it has fired N times).
 */
export interface FaultRule {
  readonly kind: FaultKind;
  /** Prefix of the request path; default every `/v2/` path. */
  readonly path?: string;
  /** HTTP method (any case); default any. */
  readonly method?: string;
  /** Status of an `error` fault; default 503. */
  readonly status?: 500 | 502 | 503 | 504;
  /** `Retry-After` of a `rate_limit` fault; default 1 (0 is allowed). */
  readonly retryAfterSeconds?: number;
  /** Delay of a `latency` fault, after which the request is served normally. */
  readonly latencyMs?: number;
  /** Share (0..1) of matching requests that get the fault, drawn from the seeded generator. */
  readonly share?: number;
  /** Number of matching requests that get the fault. */
  readonly count?: number;
}

/** A request the emulator served (status 0: the connection was dropped without a response). */
export interface EmulatorRequestRecord {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly status: number;
}

export type EmulatorEmailKind =
  | 'integration_created'
  | 'integration_ready'
  | 'integration_failed'
  | 'destination_updated'
  | 'integration_deleted';

/** A confirmation e-mail the emulator "sent" (kept in its outbox). Holds no credentials. */
export interface EmulatorEmail {
  readonly kind: EmulatorEmailKind;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly integrationId: string;
  readonly integrationName: string;
  readonly sentAt: string;
}

/** Settings that can be changed while the emulator runs. */
export interface EmulatorConfig {
  /** Applies to integrations created from now on. */
  readonly provisioningDelayMs?: number;
  /** Applies to tokens issued from now on. */
  readonly tokenLifetimeSeconds?: number;
  /** Names (compared case-insensitively) whose provisioning ends `failed` instead of `ready`. */
  readonly failProvisioning?: string[];
}

/** A deep copy of the emulator's state. */
export interface EmulatorState {
  readonly organizationId: string;
  /** As `GET` returns them, in creation order. */
  readonly integrations: Integration[];
  readonly scheduledExports: ScheduledExport[];
  readonly tokens: {
    /** Access tokens issued since start (reset keeps tokens valid and does not zero this). */
    readonly issued: number;
    /** Access tokens that would be accepted now. */
    readonly active: number;
  };
  readonly requests: EmulatorRequestRecord[];
  readonly config: Required<EmulatorConfig>;
  /** Fault rules still in force, with `count` the number of firings left. */
  readonly faults: FaultRule[];
}

export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  close(): Promise<void>;
  /**
   * Back to the state of a fresh start: no integration, export, e-mail or logged request, faults
   * cleared, configuration as given at start. Issued tokens stay valid, so a client need not
   * sign in again after a reset.
   */
  reset(): void;
  state(): EmulatorState;
  /** Confirmation e-mails, in the order they were sent. */
  outbox(): EmulatorEmail[];
  injectFaults(...rules: FaultRule[]): void;
  clearFaults(): void;
  configure(opts: EmulatorConfig): void;
  /** Every access token issued so far is refused with 401 from now on (refresh tokens still work). */
  expireTokens(): void;
  /** API requests served (not `/__emulator/` ones), in order. */
  requests(): ReadonlyArray<EmulatorRequestRecord>;
}
