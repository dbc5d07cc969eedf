/**
 * Removal of the client's secrets from text that came from the server, in every form a secret
 * leaves this process in or can come back in, before that text reaches a message or a callback.
 */

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
export class Redactor {
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
