/**
 * The one filter for text this package prints but did not write (what a server, a gateway or a
 * proxy answered: error bodies, status messages, names, destinations, credentials): the secrets
 * and tokens this process holds are redacted in every form secretForms lists, at any place in
 * the text; control characters, escape sequences and non-ASCII are shown as escapes instead of
 * reaching a terminal or a log; and the text is cut to a length a message can hold. The filter
 * is idempotent, so that text filtered by the client and again by a printer shows the same.
 */
import { secretForms } from './secret-forms';

/** What replaces a secret. */
export const REDACTED = '[redacted]';

/** Server text quoted in a message is cut to this many characters: a message is not a dump. */
export const MAX_SERVER_TEXT = 1000;

/** Most tokens kept: old ones stay listed for a while, since a late answer may still echo them. */
const MAX_TOKENS = 32;
/** Most client secrets kept (one per API client the process talks to). */
const MAX_CLIENT_SECRETS = 16;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function alternation(forms: readonly string[], flags: string): RegExp | undefined {
  const sorted = [...new Set(forms)].filter((form) => form !== '').sort((a, b) => b.length - a.length);
  // Longest first, so that a form is replaced whole rather than a shorter one inside it.
  return sorted.length === 0 ? undefined : new RegExp(sorted.map(escapeRegExp).join('|'), flags);
}

/** The patterns of one secret (and the texts built from it): compiled once, when it is added. */
interface SecretPatterns {
  readonly key: string;
  readonly exact?: RegExp;
  readonly anyCase?: RegExp;
  /** Length of its longest form. */
  readonly longest: number;
}

function compile(texts: readonly string[]): SecretPatterns {
  const forms = texts.map(secretForms);
  const exact = forms.flatMap((f) => f.exact);
  const anyCase = forms.flatMap((f) => f.anyCase);
  return {
    key: texts.join('\u0000'),
    exact: alternation(exact, 'g'),
    anyCase: alternation(anyCase, 'gi'),
    longest: Math.max(0, ...exact.map((f) => f.length), ...anyCase.map((f) => f.length)),
  };
}

/** The secrets of this process: client secrets and the tokens issued for them. */
class SecretRegistry {
  readonly #clientSecrets: SecretPatterns[] = [];
  readonly #tokens: SecretPatterns[] = [];

  /** A client secret; with the client id, also `id:secret` (what Basic authentication would encode). */
  public addClientSecret(secret: string, clientId?: string): void {
    this.add(this.#clientSecrets, clientId === undefined ? [secret] : [secret, `${clientId}:${secret}`], MAX_CLIENT_SECRETS);
  }

  public addToken(token: string | undefined): void {
    if (token) this.add(this.#tokens, [token], MAX_TOKENS);
  }

  public redact(text: string): string {
    let out = text;
    for (const patterns of [...this.#clientSecrets, ...this.#tokens]) {
      // Case-insensitive forms first: a base64 run never holds "[redacted]", so the order loses nothing.
      if (patterns.anyCase) out = out.replace(patterns.anyCase, REDACTED);
      if (patterns.exact) out = out.replace(patterns.exact, REDACTED);
    }
    return out;
  }

  /** Length of the longest form: text cut this much past a point holds every form that starts before it. */
  public longestForm(): number {
    return Math.max(0, ...[...this.#clientSecrets, ...this.#tokens].map((p) => p.longest));
  }

  private add(list: SecretPatterns[], texts: readonly string[], max: number): void {
    const key = texts.join('\u0000');
    if (texts[0] === '' || [...this.#clientSecrets, ...this.#tokens].some((p) => p.key === key)) return;
    list.push(compile(texts));
    if (list.length > max) list.shift();
  }
}

/** The secrets this process holds; the Sigma client adds its secret and every token it gets. */
export const processSecrets = new SecretRegistry();

/** A character as an escape: `\n`, `\r`, `\t`, else `\uXXXX` (`\u{XXXXX}` beyond the BMP). */
function escapeChar(char: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  if (named[char]) return named[char];
  const code = char.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The text with every character outside printable ASCII (0x20 to 0x7E) as an escape: control
 * characters (so no ANSI or OSC sequence, carriage return or line break acts on a terminal or
 * forges a log line), and non-ASCII (so a look-alike letter, such as a Cyrillic `с` for a Latin
 * `c`, or an invisible or bidirectional mark shows as what it is).
 */
export function makeVisible(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, escapeChar);
}

/**
 * Server text as this package prints it: secrets redacted, then cut to `maxLength` characters
 * (after redaction, so that no cut leaves a part of a secret behind), then made visible.
 */
export function showServerText(text: string, maxLength?: number): string;
export function showServerText(text: string | undefined, maxLength?: number): string | undefined;
export function showServerText(text: string | undefined, maxLength = MAX_SERVER_TEXT): string | undefined {
  if (text === undefined) return undefined;
  // Only what can reach the cut is searched: a form that starts before it ends within this much.
  const searched = text.length > maxLength + processSecrets.longestForm() ? text.slice(0, maxLength + processSecrets.longestForm()) : text;
  const redacted = processSecrets.redact(searched);
  const cut = redacted.length <= maxLength ? redacted : `${redacted.slice(0, maxLength)}... (${text.length} characters in all)`;
  return makeVisible(cut);
}
