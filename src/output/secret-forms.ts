/**
 * The forms a secret can take in text: the ways it leaves this process (a form-encoded token
 * request, a bearer header) and the ways a server, gateway or proxy can echo it back. Each form
 * is a literal to search for; forms are split by whether case matters.
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

/**
 * Percent-encoded as encodeURIComponent, as application/x-www-form-urlencoded and as RFC 3986 do
 * it, with a space as `+` or `%20`, and hex digits in either case (matching text ignores case,
 * but base64 of it does not).
 */
function percentForms(text: string): string[] {
  return [
    percentEncode(text, /[A-Za-z0-9\-_.!~*'()]/), // encodeURIComponent
    percentEncode(text, /[A-Za-z0-9*\-._]/), // URLSearchParams, with %20 for a space
    percentEncode(text, /[A-Za-z0-9\-._~]/), // RFC 3986 unreserved only
  ]
    .flatMap((form) => [form, form.replace(/%20/g, '+')])
    .flatMap((form) => [form, form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())]);
}

/** The inner text of a JSON string: non-ASCII as `\u` escapes (either case) or not, `/` as `\/` or not. */
function jsonForms(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  const ascii = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const upperAscii = ascii.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`);
  return [json, ascii, upperAscii].flatMap((form) => [form, form.replace(/\//g, '\\/')]);
}

/**
 * The text forms of a secret: raw or inside a JSON string (a request body a gateway echoes), and
 * each of these as it is, percent-encoded or inside a JSON string again (the echo quoted in a URL
 * or in another JSON text).
 */
function textForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const inner of [secret, ...jsonForms(secret)]) {
    for (const form of [inner, ...percentForms(inner), ...jsonForms(inner)]) forms.add(form);
  }
  return [...forms];
}

/**
 * The base64 characters that encode only the bytes of `bytes`, when they sit at byte offset
 * `offset` (0, 1 or 2 modulo 3) of a longer text: base64 of any text that contains them holds
 * this run. The characters shared with the bytes before and after are left out, so the run does
 * not depend on what surrounds the secret.
 */
function base64Core(bytes: Buffer, offset: 0 | 1 | 2): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  const start = [0, 2, 3][offset];
  const total = offset + bytes.length;
  const end = Math.floor(total / 3) * 4 + [0, 1, 2][total % 3];
  return end > start ? encoded.slice(start, end) : '';
}

/** Shortest base64 run that is searched for: a shorter one would match ordinary text. */
const MIN_BASE64_CORE = 8;

/**
 * Forms whose case matters (base64 and base64url runs, at each of the three byte offsets, of
 * every text form) and forms whose case does not (the text forms, whose hex digits and `\u`
 * escapes come in either case, and hex of their UTF-8 bytes).
 */
export function secretForms(secret: string): { readonly exact: string[]; readonly anyCase: string[] } {
  const texts = textForms(secret);
  const exact = new Set<string>();
  const anyCase = new Set<string>(texts);
  for (const text of texts) {
    const bytes = Buffer.from(text, 'utf8');
    anyCase.add(bytes.toString('hex'));
    // The whole text alone, padded or not: short secrets have no run long enough to search for.
    const base64 = bytes.toString('base64');
    for (const whole of [base64, base64.replace(/=+$/, ''), bytes.toString('base64url')]) exact.add(whole);
    for (const offset of [0, 1, 2] as const) {
      const core = base64Core(bytes, offset);
      if (core.length < MIN_BASE64_CORE) continue;
      exact.add(core);
      exact.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return { exact: [...exact], anyCase: [...anyCase].filter((form) => form !== '') };
}
