/**
 * The one rule for Sigma API base URLs, which the constructs (at synth) and the client (handler
 * and CLI, at run time) share, and the masking of URL credentials in messages.
 */
import fc from 'fast-check';
import { SigmaApiUrl } from '../../src';
import { API_URL_EXAMPLE, checkApiBaseUrl, maskUrlCredentials } from '../../src/rules/api-url';

describe('maskUrlCredentials', () => {
  test.each([
    ['https://me:hunter2@aws-api.sigmacomputing.com/x', 'https://***@aws-api.sigmacomputing.com/x'],
    ['https://me@aws-api.sigmacomputing.com', 'https://***@aws-api.sigmacomputing.com'],
    ['https://me:hunter2@aws api.sigmacomputing.com', 'https://***@aws api.sigmacomputing.com'],
    ['//me:hunter2@host', '//***@host'],
    ['me:hunter2@host', '***@host'],
    ['https:me:hunter2@host', '***@host'],
    ['http:\\\\me:hunter2@127.0.0.1', 'http:\\\\***@127.0.0.1'],
    ['https://me:hun/ter#2@host', 'https://***@host'],
    ['https://me:hun@ter2@host', 'https://***@host'],
    ['  https://me:hunter2@host', '  https://***@host'],
    // A user name that looks like a scheme with one backslash is no scheme: masked with the rest.
    ['me:\\:hunter2@host', '***@host'],
  ])('%s is shown as %s', (given, shown) => {
    expect(maskUrlCredentials(given)).toBe(shown);
  });

  test('a URL without "@" is shown as given', () => {
    for (const url of ['https://aws-api.sigmacomputing.com/sigma', 'http://127.0.0.1:8080', 'not a url', '']) {
      expect(maskUrlCredentials(url)).toBe(url);
    }
  });

  test('no user name or password survives, whatever characters it holds and whether or not the URL parses', () => {
    const secret = fc.string({ minLength: 1, maxLength: 20 }).map((s) => `Pw7x${s}`);
    const shapes = [
      (u: string, p: string) => `https://${u}:${p}@aws-api.sigmacomputing.com/prefix`,
      (u: string, p: string) => `http://${u}:${p}@sigma example.com`,
      (u: string, p: string) => `//${u}:${p}@host`,
      (u: string, p: string) => `${u}:${p}@host`,
      (u: string, p: string) => `https:/${u}:${p}@host?x=1`,
    ];
    fc.assert(
      fc.property(secret, secret, fc.constantFrom(...shapes), (user, password, shape) => {
        const url = shape(`U${user}`, password);
        const checked = checkApiBaseUrl(url);
        if (checked.ok) throw new Error(`${maskUrlCredentials(url)} was accepted`);
        for (const text of [maskUrlCredentials(url), checked.shown, checked.problem]) {
          expect(text).not.toContain(password);
          expect(text).not.toContain(`U${user}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkApiBaseUrl', () => {
  test.each([
    ['https://aws-api.sigmacomputing.com', 'https://aws-api.sigmacomputing.com', ''],
    ['https://gateway.example.com:8443/sigma-prefix/', 'https://gateway.example.com:8443', '/sigma-prefix'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080', ''],
    ['http://127.1:8080/x', 'http://127.0.0.1:8080', '/x'],
    ['http://localhost:9000', 'http://localhost:9000', ''],
    ['http://[::1]:9000', 'http://[::1]:9000', ''],
  ])('%s is accepted: origin %s, path prefix "%s"', (url, origin, pathPrefix) => {
    expect(checkApiBaseUrl(url)).toEqual({ ok: true, origin, pathPrefix });
  });

  test('every SigmaApiUrl value is accepted, and the example is one of them', () => {
    for (const url of Object.values(SigmaApiUrl)) expect(checkApiBaseUrl(url).ok).toBe(true);
    expect(Object.values(SigmaApiUrl)).toContain(API_URL_EXAMPLE);
  });

  test.each([
    ['https://me:hunter2@aws-api.sigmacomputing.com', 'https://***@aws-api.sigmacomputing.com', 'carries a user name or password'],
    ['https://me:hunter2@aws api.sigmacomputing.com', 'https://***@aws api.sigmacomputing.com', 'is not a URL (its user info'],
    // Parses as the host "me", port 12, with the rest of the password in the path.
    ['https://me:12/hunter2@aws-api.sigmacomputing.com', 'https://***@aws-api.sigmacomputing.com', 'carries a user name or password'],
    ['https://aws-api.sigmacomputing.com/?tenant=1', 'https://aws-api.sigmacomputing.com/?tenant=1', 'has a query or fragment'],
    ['https://aws-api.sigmacomputing.com/?', 'https://aws-api.sigmacomputing.com/?', 'has a query or fragment'],
    ['https://aws-api.sigmacomputing.com#top', 'https://aws-api.sigmacomputing.com#top', 'has a query or fragment'],
    ['http://aws-api.sigmacomputing.com', 'http://aws-api.sigmacomputing.com', 'uses plain http:// with the host `aws-api.sigmacomputing.com`'],
    ['http://127.0.0.1.example.com', 'http://127.0.0.1.example.com', 'not a loopback address'],
    ['ftp://aws-api.sigmacomputing.com', 'ftp://aws-api.sigmacomputing.com', 'uses the scheme `ftp:`'],
    ['aws-api.sigmacomputing.com', 'aws-api.sigmacomputing.com', 'is not a URL'],
  ])('%s is refused, shown as %s: %s', (url, shown, problem) => {
    const checked = checkApiBaseUrl(url);
    expect(checked).toMatchObject({ ok: false, shown, example: API_URL_EXAMPLE });
    if (checked.ok) return;
    expect(checked.problem).toContain(problem);
    expect(checked.expected).toMatch(/^the https:\/\/ URL of the Sigma API.*no user name, password, query or fragment/);
  });
});
