/**
 * OAuth2 tokens of the emulated token endpoint: client-credentials and refresh-token grants,
 * bearer access tokens that expire.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { errorCodes, TokenResponse } from '../client/contract';
import { ApiError } from './errors';
import { invalid } from './store';

interface AccessToken {
  readonly clientId: string;
  readonly expiresAt: number;
}

export interface ClientRecord {
  readonly clientId: string;
  readonly clientSecret: string;
}

const GRANT_EXAMPLE = 'grant_type=client_credentials&client_id=<id>&client_secret=<secret>';

/**
 * Whether a client secret given is the expected one, in a time that depends on neither's content
 * nor length: their SHA-256 digests (always 32 bytes) are compared with `timingSafeEqual`.
 */
function secretsMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export class TokenIssuer {
  private readonly access = new Map<string, AccessToken>();
  /** Refresh token -> client id. Refresh tokens do not expire. */
  private readonly refresh = new Map<string, string>();
  private issuedCount = 0;

  public constructor(
    private readonly clients: ReadonlyMap<string, ClientRecord>,
    private lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  public setLifetime(seconds: number): void {
    this.lifetimeSeconds = seconds;
  }

  /** Answers `POST /v2/auth/token` with its form fields. */
  public grant(form: URLSearchParams): TokenResponse {
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials' && grantType !== 'refresh_token') {
      throw invalid('grant_type', grantType ?? undefined, '"client_credentials" or "refresh_token"', GRANT_EXAMPLE);
    }
    const clientId = form.get('client_id');
    const secret = form.get('client_secret');
    if (clientId === null || clientId === '') {
      throw invalid('client_id', clientId ?? undefined, 'the client id of your API credentials', GRANT_EXAMPLE);
    }
    if (secret === null || secret === '') {
      // The secret itself is never repeated, only whether it was given.
      throw new ApiError(400, errorCodes.invalidRequest, `client_secret is missing; expected the client secret of client "${clientId}". Example: ${GRANT_EXAMPLE}`, 'client_secret');
    }
    const client = this.clients.get(clientId);
    // An unknown client is compared too, so that the time taken does not tell which ids exist.
    if (!secretsMatch(secret, client?.clientSecret ?? '') || !client) {
      throw new ApiError(
        401,
        errorCodes.unauthorized,
        `Client id "${clientId}" and the client secret given do not match any API credentials. Check SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET.`,
      );
    }
    if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token');
      if (refreshToken === null || refreshToken === '') {
        throw new ApiError(400, errorCodes.invalidRequest, `refresh_token is missing; expected the refresh_token of an earlier token response. Example: grant_type=refresh_token&refresh_token=<refresh token>&client_id=<id>&client_secret=<secret>`, 'refresh_token');
      }
      if (this.refresh.get(refreshToken) !== clientId) {
        throw new ApiError(401, errorCodes.unauthorized, `The refresh token given was not issued to client "${clientId}". Request a new token with grant_type=client_credentials.`);
      }
    }
    return this.issue(clientId);
  }

  /** The client id of a bearer token, or 401. */
  public authenticate(authorization: string | undefined): string {
    const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!match) {
      throw new ApiError(
        401,
        errorCodes.unauthorized,
        `Authorization header is ${authorization === undefined ? 'missing' : 'not a bearer token'}; expected "Authorization: Bearer <access_token>" with a token from POST /v2/auth/token.`,
      );
    }
    const token = this.access.get(match[1]);
    if (!token) {
      throw new ApiError(401, errorCodes.unauthorized, 'The access token is unknown or no longer valid; request a new one from POST /v2/auth/token.');
    }
    if (token.expiresAt <= this.now()) {
      throw new ApiError(401, errorCodes.unauthorized, 'The access token has expired; refresh it or request a new one from POST /v2/auth/token.');
    }
    return token.clientId;
  }

  public expireAll(): void {
    this.access.clear();
  }

  public counts(): { issued: number; active: number } {
    const now = this.now();
    let active = 0;
    for (const token of this.access.values()) if (token.expiresAt > now) active++;
    return { issued: this.issuedCount, active };
  }

  private issue(clientId: string): TokenResponse {
    // Tokens come from the system's random source, not the seeded one: they are secrets, and a
    // reset (which reseeds) must not reissue a token that is still valid.
    const accessToken = randomBytes(24).toString('base64url');
    const refreshToken = randomBytes(24).toString('base64url');
    this.access.set(accessToken, { clientId, expiresAt: this.now() + this.lifetimeSeconds * 1000 });
    this.refresh.set(refreshToken, clientId);
    this.issuedCount++;
    this.prune();
    return { access_token: accessToken, refresh_token: refreshToken, token_type: 'bearer', expires_in: Math.max(1, Math.ceil(this.lifetimeSeconds)) };
  }

  /** Forgets expired access tokens, so a long-running emulator does not grow without bound. */
  private prune(): void {
    if (this.access.size < 1000) return;
    const now = this.now();
    for (const [token, record] of this.access) if (record.expiresAt <= now) this.access.delete(token);
  }
}
