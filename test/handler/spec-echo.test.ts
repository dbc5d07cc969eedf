/**
 * A spec the handler cannot use is reported by its shape and the failing key, never echoed: an
 * API URL password in an unparsable SIGMA_AUDIT_LOGS_SPEC or stdin query, or in an `apiUrl`
 * given as an object or an array, does not reach the message.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { SpecInvalidError, parseSpecJson, validateSpec } from '../../src/handler';
import { buildHandler, gcpSpec, runHandler } from './harness';

const PASSWORD = 'url-password-Vq7Nc3Xe';
const URL_WITH_PASSWORD = `https://svc:${PASSWORD}@aws-api.sigmacomputing.com`;
const SPEC = gcpSpec('https://aws-api.sigmacomputing.com', 'audit_logs_echo');

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecInvalidError);
    return (error as Error).message;
  }
  throw new Error('expected a SpecInvalidError');
}

describe('a spec that is not JSON', () => {
  test('is reported by its length and where it breaks, without its text', () => {
    const text = `{"apiUrl": "${URL_WITH_PASSWORD}", "name": oops}`;
    const message = messageOf(() => parseSpecJson(text, 'SIGMA_AUDIT_LOGS_SPEC'));
    expect(message).toBe(
      `Invalid spec in SIGMA_AUDIT_LOGS_SPEC: it is not JSON (a text of ${text.length} characters; it breaks at character ${text.indexOf('oops') + 1}; ` +
        'the text is not shown, as it may hold a secret): expected a JSON object. Example: {"name":"audit_logs_prod","cloud":"gcp",...}',
    );
  });

  test('no part of any unparsable text is echoed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 8, maxLength: 30 }), (prefix, secret) => {
        const text = `${prefix}${secret}{`;
        fc.pre(/[A-Za-z]{6}/.test(secret));
        const message = messageOf(() => parseSpecJson(text, 'the query on stdin'));
        return !message.includes(secret);
      }),
    );
  });

  test('a JSON value that is not an object is reported by its type', () => {
    expect(messageOf(() => parseSpecJson(JSON.stringify([URL_WITH_PASSWORD, 2]), 'SIGMA_AUDIT_LOGS_SPEC'))).toContain(
      'it is a JSON array of 2 items, not a JSON object',
    );
    expect(messageOf(() => parseSpecJson(JSON.stringify(URL_WITH_PASSWORD), 'SIGMA_AUDIT_LOGS_SPEC'))).not.toContain(PASSWORD);
  });
});

describe('an apiUrl of the wrong type', () => {
  test.each([
    ['an object', { scheme: 'https', user: 'svc', password: PASSWORD, host: 'aws-api.sigmacomputing.com' }, 'a JSON object with 4 keys'],
    ['an array', [URL_WITH_PASSWORD], 'a JSON array of 1 item'],
  ])('given as %s is named by its shape', (_what, apiUrl, shape) => {
    const message = messageOf(() => validateSpec({ ...SPEC, apiUrl } as unknown as Record<string, unknown>, 'SIGMA_AUDIT_LOGS_SPEC'));
    expect(message).toContain(`apiUrl (${shape}) is invalid: expected the https:// URL of the Sigma API`);
    expect(message).not.toContain(PASSWORD);
  });

  test('given as a string with a password is shown masked', () => {
    const message = messageOf(() => validateSpec({ ...SPEC, apiUrl: URL_WITH_PASSWORD }, 'SIGMA_AUDIT_LOGS_SPEC'));
    expect(message).toContain('apiUrl "https://***@aws-api.sigmacomputing.com" is invalid');
    expect(message).not.toContain(PASSWORD);
  });
});

describe('the handler', () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = await buildHandler();
  });
  afterAll(() => rmSync(path.dirname(bundle), { recursive: true, force: true }));

  test('prints neither an unparsable SIGMA_AUDIT_LOGS_SPEC nor an unparsable stdin query', async () => {
    const text = `{"apiUrl":"${URL_WITH_PASSWORD}",`;
    const applied = await runHandler(bundle, ['apply'], { env: { SIGMA_AUDIT_LOGS_SPEC: text } });
    const read = await runHandler(bundle, ['read'], { stdin: text });
    for (const run of [applied, read]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^Error \(spec_invalid\): Invalid spec in (SIGMA_AUDIT_LOGS_SPEC|the query on stdin): it is not JSON \(a text of \d+ characters;/);
      expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      expect(run.stdout + run.stderr).not.toContain('aws-api.sigmacomputing.com');
    }
  });

  test('names an apiUrl given as an object by its shape', async () => {
    const run = await runHandler(bundle, ['apply'], {
      env: { SIGMA_AUDIT_LOGS_SPEC: JSON.stringify({ ...SPEC, apiUrl: { href: URL_WITH_PASSWORD } }) },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('apiUrl (a JSON object with 1 key) is invalid');
    expect(run.stderr).not.toContain(PASSWORD);
  });
});
