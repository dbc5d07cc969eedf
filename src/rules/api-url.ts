/**
 * The rule for a Sigma API base URL, dependency-free so that the constructs (at synth), the
 * handler and the CLI (through the client, at run time) refuse the same values with the same
 * words; and the one way any message shows an API URL: with its user name and password masked.
 */
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from './credentials';
import { isLoopbackHost } from './loopback';

export const API_URL_EXPECTED =
  'the https:// URL of the Sigma API: scheme, host, optional port and optional path prefix, with no user name, ' +
  'password, query or fragment (plain http:// only for a loopback host, 127.0.0.0/8, ::1 or localhost, such as a local emulator)';
/** Sigma's AWS US API (SigmaApiUrl.AWS_US). */
export const API_URL_EXAMPLE = 'https://aws-api.sigmacomputing.com';

/** What replaces the user info of a URL in every message. */
const URL_CREDENTIALS_MASK = '***';

/** A base URL that passes the rule, split for the client. */
export interface ApiUrlParts {
  readonly ok: true;
  /** `scheme://host[:port]` */
  readonly origin: string;
  /** The path before every API path, without a trailing slash: '' or `/prefix`. */
  readonly pathPrefix: string;
}

/** Why a base URL fails the rule. */
export interface ApiUrlProblem {
  readonly ok: false;
  /** The value as messages may show it (user info masked). */
  readonly shown: string;
  /** What is wrong, as a clause after the value: "is not a URL", "uses the scheme `ftp:`", ... */
  readonly problem: string;
  readonly expected: string;
  readonly example: string;
}

/**
 * Where the authority (user info, host, port) of a URL-ish string starts: after `http:` or
 * `https:` and any slashes, after another `scheme:` and two or more slashes, after leading
 * slashes, else at the start (`user:pass@host`). A user name such as `me:\` is no scheme: it is
 * masked with the rest.
 */
const AUTHORITY_START = /^[\s\p{Cc}]*(?:https?:[/\\]+|[A-Za-z][A-Za-z0-9+.-]*:[/\\]{2,}|[/\\]+)?/iu;

/**
 * The text with everything from the start of the authority to the last `@` replaced by `***`,
 * whether or not it parses as a URL: a password may hold `/`, `\`, `?`, `#` or `@` unencoded,
 * which breaks parsing or moves the parser's end of the host, so the mask errs on the side of
 * hiding more (an `@` in a path hides the host too). Text without `@` is returned unchanged.
 */
export function maskUrlCredentials(text: string): string {
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const start = AUTHORITY_START.exec(text)?.[0].length ?? 0;
  return `${text.slice(0, Math.min(start, at))}${URL_CREDENTIALS_MASK}${text.slice(at)}`;
}

/**
 * Checks a Sigma API base URL: https://, or http:// to a loopback host; no user info (no "@" at
 * all), query or fragment; an optional path prefix. Returns its origin and path prefix, or what
 * is wrong with the value shown masked.
 */
export function checkApiBaseUrl(value: string): ApiUrlParts | ApiUrlProblem {
  const shown = maskUrlCredentials(value);
  const refuse = (problem: string): ApiUrlProblem => ({ ok: false, shown, problem, expected: API_URL_EXPECTED, example: API_URL_EXAMPLE });
  // Any "@" counts as user info, as in maskUrlCredentials: a password holding "/", "\" or "#"
  // moves the parser's end of the host, and https://me:12/pw@host would otherwise pass as the
  // host "me" with the password in the path.
  const masked = `its user info, up to the last "@", is shown as ${URL_CREDENTIALS_MASK}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse(shown === value ? 'is not a URL' : `is not a URL (${masked})`);
  }
  if (url.username !== '' || url.password !== '' || value.includes('@')) {
    return refuse(
      `carries a user name or password (${masked}); the Sigma client id and secret belong in the environment ` +
        `variables ${CLIENT_ID_ENV} and ${CLIENT_SECRET_ENV}`,
    );
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      return refuse(
        `uses plain http:// with the host \`${url.hostname}\`, which is not a loopback address: the client secret and ` +
          'tokens would cross the network unencrypted',
      );
    }
  } else if (url.protocol !== 'https:') {
    return refuse(`uses the scheme \`${url.protocol}\``);
  }
  // href keeps an empty query or fragment ("https://host/?") that search and hash report as ''.
  if (url.href.includes('?') || url.href.includes('#')) return refuse('has a query or fragment');
  return { ok: true, origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}
