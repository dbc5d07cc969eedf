/**
 * OAuth2 client-credentials tokens for the client: obtained, cached, renewed shortly before
 * expiry (by refresh token first), and added to the redactor as soon as they are issued.
 */
import { performance } from 'node:perf_hooks';
import { decode, isSuccess, readErrorBody } from './answers';
import { paths, tokenResponseSchema } from './contract';
import { BadCredentialsError, UnexpectedResponseError } from './errors';
import { CallBudget, RetryingTransport } from './http';
import { Redactor } from './redaction';

interface HeldToken {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** performance.now() time after which the token is no longer used. */
  readonly renewAt: number;
}

type Grant = { readonly grant_type: 'client_credentials' } | { readonly grant_type: 'refresh_token'; readonly refresh_token: string };

/** Obtains, caches and renews access tokens; at most one token request is in flight at a time. */
export class TokenSource {
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
