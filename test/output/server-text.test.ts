/**
 * The output filter, by properties: a secret wrapped in other text (a bearer header, a JSON body,
 * `id:secret`, any prefix and suffix) and then encoded (percent, form, JSON string, base64,
 * base64url, hex, or a text encoding inside a byte encoding) never survives, wherever the
 * encoded text sits. The wrappers and encoders are written here, independently of the filter's
 * own list; the leak check decodes what is printed instead of searching for the filter's forms.
 */
import * as fc from 'fast-check';
import { makeVisible, processSecrets, showServerText } from '../../src/output/server-text';

/** Text encodings a server or gateway may apply; each maps text to text. */
const TEXT_ENCODERS: Record<string, (text: string) => string> = {
  raw: (t) => t,
  uriComponent: (t) => encodeURIComponent(t),
  uriComponentLowerHex: (t) => encodeURIComponent(t).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  form: (t) => new URLSearchParams({ v: t }).toString().slice(2),
  jsonString: (t) => JSON.stringify(t).slice(1, -1),
  jsonAscii: (t) => JSON.stringify(t).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  jsonAsciiUpperHex: (t) => JSON.stringify(t).slice(1, -1).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`),
  jsonSlashes: (t) => JSON.stringify(t).slice(1, -1).replace(/\//g, '\\/'),
};

/** Byte encodings of the UTF-8 of a text; each has a decoder of the runs it leaves in printed text. */
const BYTE_ENCODERS: Record<string, (text: string) => string> = {
  base64: (t) => Buffer.from(t, 'utf8').toString('base64'),
  base64Unpadded: (t) => Buffer.from(t, 'utf8').toString('base64').replace(/=+$/, ''),
  base64url: (t) => Buffer.from(t, 'utf8').toString('base64url'),
  hexLower: (t) => Buffer.from(t, 'utf8').toString('hex'),
  hexUpper: (t) => Buffer.from(t, 'utf8').toString('hex').toUpperCase(),
};

/** Every byte string a reader could decode from base64, base64url or hex runs of `text`, at every alignment. */
function decodable(text: string): Buffer[] {
  const out: Buffer[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]+/g) ?? []) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    for (let shift = 0; shift < 4; shift++) {
      const part = standard.slice(shift);
      out.push(Buffer.from(part.slice(0, part.length - (part.length % 4)), 'base64'));
    }
  }
  for (const run of text.match(/[0-9A-Fa-f]+/g) ?? []) {
    for (let shift = 0; shift < 2; shift++) {
      const part = run.slice(shift);
      out.push(Buffer.from(part.slice(0, part.length - (part.length % 2)), 'hex'));
    }
  }
  return out;
}

/** Secrets: 16 to 40 characters, mostly the usual token characters, some of every other kind. */
const secretChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/='.split('')) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '"', '\\', '%', '&', '?', '#', ':', '@', 'ü', '€', '\u0441', '😀') },
);
const secret = fc.string({ unit: secretChar, minLength: 16, maxLength: 40 });
const filler = fc.string({ maxLength: 30 });

/** How the secret sits in the text that gets encoded. */
const wrapper = fc.oneof(
  fc.constant((s: string) => s),
  fc.constant((s: string) => `Bearer ${s}`),
  fc.constant((s: string) => `some-client-id:${s}`),
  fc.constant((s: string) => JSON.stringify({ client_id: 'c', client_secret: s, grant_type: 'client_credentials' })),
  fc.tuple(filler, filler).map(([before, after]) => (s: string) => `${before}${s}${after}`),
);

/** Wide enough that no cut hides what is searched. */
const NO_CUT = 1_000_000;

describe('showServerText', () => {
  test('a secret wrapped and text-encoded is not printed, in any case of its hex digits', () => {
    fc.assert(
      fc.property(secret, wrapper, fc.constantFrom(...Object.keys(TEXT_ENCODERS)), filler, filler, (s, wrap, encoder, before, after) => {
        processSecrets.addClientSecret(s);
        const encode = TEXT_ENCODERS[encoder];
        const printed = showServerText(`${before}${encode(wrap(s))}${after}`, NO_CUT).toLowerCase();
        const leaked = encode(s).toLowerCase();
        return !printed.includes(leaked) && !printed.includes(makeVisibleByHand(encode(s)).toLowerCase());
      }),
      { numRuns: 300 },
    );
  });

  test('a secret wrapped, optionally text-encoded, then base64 or hex encoded cannot be decoded from what is printed', () => {
    fc.assert(
      fc.property(
        secret,
        wrapper,
        fc.constantFrom(...Object.keys(TEXT_ENCODERS)),
        fc.constantFrom(...Object.keys(BYTE_ENCODERS)),
        filler,
        filler,
        (s, wrap, textEncoder, byteEncoder, before, after) => {
          processSecrets.addClientSecret(s);
          const inner = TEXT_ENCODERS[textEncoder](wrap(s));
          const printed = showServerText(`${before}${BYTE_ENCODERS[byteEncoder](inner)}${after}`, NO_CUT);
          // Two bytes at each end may share characters with the text around the secret.
          const middle = Buffer.from(TEXT_ENCODERS[textEncoder](s), 'utf8');
          const core = middle.subarray(2, middle.length - 2);
          return decodable(printed).every((bytes) => !bytes.includes(core));
        },
      ),
      { numRuns: 400 },
    );
  });

  test('a token the client was issued is redacted like a client secret', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';
    processSecrets.addToken(token);
    const printed = showServerText(`echo ${Buffer.from(`Authorization: Bearer ${token}`).toString('base64')} and ${token}`);
    expect(printed).not.toContain(token);
    expect(decodable(printed).some((bytes) => bytes.includes(Buffer.from(token.slice(2, -2))))).toBe(false);
    expect(printed).toContain('[redacted]');
  });

  test('text without a secret keeps its printable ASCII as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 }), (text) => {
        fc.pre(!text.includes('[redacted]'));
        const printed = showServerText(text, NO_CUT);
        return printed === text || printed.includes('[redacted]');
      }),
    );
  });

  test('no control character, escape sequence or non-ASCII character reaches the output, and filtering twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const printed = showServerText(text, NO_CUT);
        return /^[\x20-\x7e]*$/.test(printed) && showServerText(printed, NO_CUT) === printed;
      }),
    );
  });

  test.each([
    ['an ANSI colour and a forged line', '\u001b[32mApply complete!\u001b[0m\r\nResources: 0 added', '\\u001b[32mApply complete!\\u001b[0m\\r\\nResources: 0 added'],
    ['an OSC-8 hidden link', '\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007', '\\u001b]8;;https://evil.example/\\u0007click\\u001b]8;;\\u0007'],
    ['a Cyrillic look-alike in a destination', 's3://\u0441ompany-audit/logs/', 's3://\\u0441ompany-audit/logs/'],
    ['a bidirectional override', 'abc\u202Egpj.exe', 'abc\\u202egpj.exe'],
    ['an emoji', 'ok \u{1F600}', 'ok \\u{1f600}'],
  ])('%s is shown as escapes', (_what, text, shown) => {
    expect(showServerText(text)).toBe(shown);
  });

  test('long text is cut after the secrets are redacted, so that no part of one remains', () => {
    const s = 'cut-secret-4f9a2c7e1b';
    processSecrets.addClientSecret(s);
    const text = `${'x'.repeat(990)}${s}${'y'.repeat(5000)}`;
    const printed = showServerText(text);
    expect(printed).toBe(`${'x'.repeat(990)}[redacted]... (${text.length} characters in all)`.replace(/^(.{1000}).*?(\.\.\. )/, '$1$2'));
    expect(printed).not.toContain(s.slice(0, 10));
  });
});

/** Non-ASCII as `\uXXXX` escapes, written here rather than taken from the filter. */
function makeVisibleByHand(text: string): string {
  return [...text].map((c) => (c >= ' ' && c <= '~' ? c : c.codePointAt(0)! > 0xffff ? `\\u{${c.codePointAt(0)!.toString(16)}}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
}

test('makeVisible and the escapes written by hand agree', () => {
  expect(makeVisible('a\u0441\n😀')).toBe(makeVisibleByHand('a\u0441\n😀').replace('\\u000a', '\\n'));
});
