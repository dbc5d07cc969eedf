/**
 * The client against scripted loopback servers, for answers the emulator never gives: malformed
 * bodies, secrets echoed back, a token refused twice, a create or delete whose first attempt
 * reached the server before the connection dropped. Also the base-URL rule and Retry-After parsing.
 */
import { inspect } from 'node:util';
import {
  EndlessPaginationError,
  GaveUpError,
  InsecureApiUrlError,
  InvalidFieldError,
  NameTakenError,
  SchemaMismatchError,
  SigmaClient,
  SigmaClientOptions,
  UnexpectedResponseError,
  MAX_INTEGRATION_PAGES,
  MAX_INTEGRATIONS_PER_ORGANIZATION,
  MIN_ATTEMPT_MS,
  parseRetryAfterMs,
} from '../../src/client';
import { EXIT_CODES, exitCodeFor } from '../../src/handler/exit-codes';
import {
  SCRIPTED_ACCESS_TOKEN,
  SCRIPTED_REFRESH_TOKEN,
  ScriptedReply,
  ScriptedRequest,
  ScriptedServer,
  encodingsOf,
  failureRecorder,
  integrationAnswer,
  leaksOf,
  startScriptedServer,
} from './loopback';
import { HTTP_LIBRARY } from './http-library';

const SECRET = 'scripted-secret-91c4e0';

const servers: ScriptedServer[] = [];
const clients: SigmaClient[] = [];
const observed: string[] = [];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

async function scripted(reply: (req: ScriptedRequest) => ScriptedReply, options: Partial<SigmaClientOptions> = {}) {
  const server = await startScriptedServer(reply);
  servers.push(server);
  const client = new SigmaClient({ httpLibrary: HTTP_LIBRARY,
    baseUrl: server.url,
    clientId: 'scripted-client',
    clientSecret: SECRET,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    onRetry: (e) => observed.push(JSON.stringify(e)),
    onRequest: (e) => observed.push(JSON.stringify(e)),
    ...options,
  });
  clients.push(client);
  return { server, client, apiRequests: () => server.received.filter((r) => r.path !== '/v2/auth/token') };
}

const failure = failureRecorder(observed);

const WHOAMI = { organizationId: 'org-1', memberId: 'member-1', email: 'admin@example.com', accountType: 'Admin' };

describe('base URL', () => {
  test.each([
    'https://aws-api.sigmacomputing.com',
    'https://api.eu.aws.sigmacomputing.com/',
    'https://gateway.example.com/sigma-prefix',
    'http://127.0.0.1:8080',
    'http://127.3.2.1',
    'http://localhost:9000',
    'http://[::1]:9000',
  ])('%s is accepted', (baseUrl) => {
    const client = new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl, clientId: 'id', clientSecret: SECRET });
    clients.push(client);
    expect(client.baseUrl).toBe(baseUrl);
  });

  test.each([
    ['http://aws-api.sigmacomputing.com', 'not a loopback'],
    ['http://10.0.0.8:8080', 'not a loopback'],
    ['http://127.0.0.1.example.com', 'not a loopback'],
    ['ftp://aws-api.sigmacomputing.com', 'scheme'],
    ['aws-api.sigmacomputing.com', 'is not a URL'],
    ['', 'is not a URL'],
  ])('%s is refused with InsecureApiUrlError', (baseUrl, why) => {
    let error: unknown;
    try {
      new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl, clientId: 'id', clientSecret: SECRET });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InsecureApiUrlError);
    const e = error as InsecureApiUrlError;
    observed.push(e.message);
    expect(e.code).toBe('insecure_api_url');
    expect(e.message).toContain(`\`${baseUrl}\``);
    expect(e.message).toContain(why);
    expect(e.message).toContain('https://aws-api.sigmacomputing.com');
  });

  test('user info in the URL is refused and not repeated in the message', () => {
    expect(() => new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl: 'https://me:hunter2@aws-api.sigmacomputing.com', clientId: 'id', clientSecret: SECRET })).toThrow(
      InsecureApiUrlError,
    );
    try {
      new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl: 'https://me:hunter2@aws-api.sigmacomputing.com', clientId: 'id', clientSecret: SECRET });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  test('a path prefix of the base URL is put before every contract path', async () => {
    const server = await startScriptedServer(() => ({ status: 200, body: WHOAMI }));
    servers.push(server);
    const client = new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl: `${server.url}/sigma/`, clientId: 'id', clientSecret: SECRET });
    clients.push(client);
    await client.whoami();
    expect(server.received.map((r) => r.path)).toEqual(['/sigma/v2/auth/token', '/sigma/v2/whoami']);
  });
});

describe('what the client sends', () => {
  test('a client-credentials token request, form-encoded, then the call with the bearer token', async () => {
    const { server, client } = await scripted(() => ({ status: 200, body: WHOAMI }));
    await client.whoami();
    const [token, call] = server.received;
    expect(token.method).toBe('POST');
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'scripted-client',
      client_secret: SECRET,
    });
    expect(call.headers.authorization).toBe(`Bearer ${SCRIPTED_ACCESS_TOKEN}`);
  });

  test('a 401 is answered by one refresh-token grant and one repeat; a second 401 is an error', async () => {
    const { server, client, apiRequests } = await scripted(() => ({ status: 401, body: { code: 'unauthorized', message: 'token expired' } }));
    const error = (await failure(client.whoami())) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('GET /v2/whoami');
    expect(apiRequests()).toHaveLength(2);
    const grants = server.received.filter((r) => r.path === '/v2/auth/token').map((r) => new URLSearchParams(r.body));
    expect(grants.map((g) => g.get('grant_type'))).toEqual(['client_credentials', 'refresh_token']);
    expect(grants[1].get('refresh_token')).toBe(SCRIPTED_REFRESH_TOKEN);
  });

  test('deleteLinkedExports and the list page size travel as query parameters', async () => {
    const { apiRequests, client } = await scripted((req) =>
      req.method === 'DELETE' ? { status: 204 } : { status: 200, body: { entries: [], nextPage: null, total: 0 } },
    );
    await client.deleteIntegration('id-1', true);
    await client.listIntegrations();
    const [del, list] = apiRequests();
    expect(del.query.get('deleteLinkedExports')).toBe('true');
    expect(list.query.get('limit')).toBe('100');
  });
});

describe('schema mismatches', () => {
  test('a malformed body names the endpoint and the first offending field', async () => {
    const { client } = await scripted(() => ({ status: 200, body: { ...WHOAMI, email: 42, accountType: null } }));
    const error = (await failure(client.whoami())) as SchemaMismatchError;
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.code).toBe('schema_mismatch');
    expect(error.field).toBe('email');
    expect(error.message).toMatch(/^GET \/v2\/whoami: field `email` /);
    expect(error.message).not.toContain('accountType');
  });

  test('a nested field is named by its dotted path', async () => {
    const { client } = await scripted(() => ({
      status: 200,
      body: { entries: [integrationAnswer('ok'), integrationAnswer('bad', { status: 'provisioning' })], nextPage: null, total: 2 },
    }));
    const error = (await failure(client.listIntegrations())) as SchemaMismatchError;
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.message).toMatch(/^GET \/v2\/audit-logs\/storage-integrations: field `entries\.1\.status` /);
  });

  test('credentials of another cloud than the integration are a mismatch', async () => {
    const { client } = await scripted(() => ({
      status: 200,
      body: integrationAnswer('x', { status: 'ready', credentials: { serviceAccount: 'sa@proj.iam.gserviceaccount.com' } }),
    }));
    const error = (await failure(client.getIntegration('id-x'))) as SchemaMismatchError;
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.field).toMatch(/^credentials/);
  });

  test('a body that is not JSON is a mismatch of the whole body', async () => {
    const { client } = await scripted(() => ({ status: 200, body: '<html>gateway</html>' }));
    const error = (await failure(client.whoami())) as SchemaMismatchError;
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.message).toMatch(/^GET \/v2\/whoami: field `\(body\)` is not JSON/);
  });

});

describe('lists that do not end', () => {
  /** A list page of `entries` whose next-page token is `nextPage`. */
  const page = (entries: unknown[], nextPage: string | null) => ({ status: 200, body: { entries, nextPage, total: entries.length } });
  /** Where the hostile servers below end their lists after all, so that a client without bounds ends too. */
  const GIVE_UP_AFTER = 3 * MAX_INTEGRATION_PAGES;

  /** Pages of `perPage` new integrations, each with a new token, for `pages` pages, then a last page. */
  function freshPagesFor(pages: number, perPage: number) {
    let served = 0;
    return (req: ScriptedRequest): ScriptedReply => {
      served += 1;
      const entries = Array.from({ length: perPage }, (_, i) => integrationAnswer(`n${served}_${i}`));
      return page(entries, served < pages ? `token-${served}-${req.query.get('page') ?? 'first'}` : null);
    };
  }

  test('a server handing out a new page token forever is stopped after the page bound, naming the endpoint', async () => {
    // Past the bound, a last page: without a bound the listing would end "successfully".
    const { client, apiRequests } = await scripted(freshPagesFor(GIVE_UP_AFTER, 1));
    const started = performance.now();

    const error = (await failure(client.listIntegrations())) as EndlessPaginationError;

    expect(error).toBeInstanceOf(EndlessPaginationError);
    expect(error.code).toBe('endless_pagination');
    expect(exitCodeFor(error)).toBe(EXIT_CODES.failed);
    expect(error.message).toMatch(/^GET \/v2\/audit-logs\/storage-integrations: the list does not end: /);
    expect(error.message).toContain(`page ${MAX_INTEGRATION_PAGES} still gives a next-page token`);
    expect(apiRequests().length).toBeLessThanOrEqual(MAX_INTEGRATION_PAGES);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('the search by name the handler uses stops there too', async () => {
    const { client, apiRequests } = await scripted(freshPagesFor(GIVE_UP_AFTER, 1));
    const error = await failure(client.findIntegrationByName('absent'));
    expect(error).toBeInstanceOf(EndlessPaginationError);
    expect(apiRequests().length).toBeLessThanOrEqual(MAX_INTEGRATION_PAGES);
  });

  test('pages listing more integrations than an organization holds stop the listing', async () => {
    const perPage = 1000; // a server ignoring the limit of 100
    const pagesToExceed = Math.floor(MAX_INTEGRATIONS_PER_ORGANIZATION / perPage) + 1;
    const { client, apiRequests } = await scripted(freshPagesFor(3 * pagesToExceed, perPage));
    const error = (await failure(client.listIntegrations())) as EndlessPaginationError;
    expect(error).toBeInstanceOf(EndlessPaginationError);
    expect(error.message).toContain(`list ${pagesToExceed * perPage} integrations, and still give a next-page token`);
    expect(apiRequests()).toHaveLength(pagesToExceed);
  });

  test('a page with no entries but a next-page token stops the listing at once', async () => {
    let served = 0;
    const { client, apiRequests } = await scripted(() => page([], (served += 1) < GIVE_UP_AFTER ? `token-${served}` : null));
    const error = (await failure(client.listIntegrations())) as EndlessPaginationError;
    expect(error).toBeInstanceOf(EndlessPaginationError);
    expect(error.problem).toBe('page 1 holds no entries but gives a next-page token');
    expect(apiRequests()).toHaveLength(1);
  });

  test('a page that gives its own token as the next one stops the listing', async () => {
    const { client, apiRequests } = await scripted((req) => page([integrationAnswer(`for_${req.query.get('page') ?? 'first'}`)], 'same'));
    const error = (await failure(client.listIntegrations())) as EndlessPaginationError;
    expect(error).toBeInstanceOf(EndlessPaginationError);
    expect(error.problem).toBe('page 2 gives its own token `same` as the next page');
    expect(apiRequests()).toHaveLength(2);
  });

  test('a next-page token that an earlier page gave stops the listing', async () => {
    const next: Record<string, string> = { first: 'a', a: 'b', b: 'a' };
    const { client, apiRequests } = await scripted((req) => {
      const current = req.query.get('page') ?? 'first';
      return page([integrationAnswer(`on_${current}`)], next[current]);
    });
    const error = (await failure(client.listIntegrations())) as EndlessPaginationError;
    expect(error).toBeInstanceOf(EndlessPaginationError);
    expect(error.problem).toBe('page 3 gives the next-page token `a`, which an earlier page already gave');
    expect(apiRequests()).toHaveLength(3);
  });

  test('new tokens over the same integrations stop the listing', async () => {
    let served = 0;
    const { client, apiRequests } = await scripted(() => page([integrationAnswer('always_me')], (served += 1) < GIVE_UP_AFTER ? `token-${served}` : null));
    const error = (await failure(client.listIntegrations())) as EndlessPaginationError;
    expect(error).toBeInstanceOf(EndlessPaginationError);
    expect(error.problem).toBe('page 2 holds only integrations that earlier pages already listed, but gives a next-page token');
    expect(apiRequests()).toHaveLength(2);
  });
});

describe('a first attempt that may have reached the server', () => {
  test('a create retried after a dropped connection returns the integration its first attempt made', async () => {
    let posts = 0;
    const { client } = await scripted((req) => {
      if (req.method === 'POST') {
        posts += 1;
        return posts === 1 ? 'drop' : { status: 409, body: { code: 'conflict', message: 'name taken' } };
      }
      return { status: 200, body: { entries: [integrationAnswer('made_before_drop')], nextPage: null, total: 1 } };
    });
    const created = await client.createIntegration({
      name: 'MADE_BEFORE_DROP',
      cloud: 'aws',
      destination: 's3://acme-audit-logs/sigma',
      roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs',
    });
    expect(created.integrationId).toBe('id-made_before_drop');
  });

  test('...but not one that differs from the request: then the name is taken', async () => {
    let posts = 0;
    const { client } = await scripted((req) => {
      if (req.method === 'POST') {
        posts += 1;
        return posts === 1 ? 'drop' : { status: 409, body: { code: 'conflict', message: 'name taken' } };
      }
      return { status: 200, body: { entries: [integrationAnswer('someone_elses', { destination: 's3://other-bucket/x/' })], nextPage: null, total: 1 } };
    });
    const error = await failure(
      client.createIntegration({ name: 'someone_elses', cloud: 'aws', destination: 's3://acme-audit-logs/sigma/', roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs' }),
    );
    expect(error).toBeInstanceOf(NameTakenError);
  });

  test('a 409 on a first attempt is a taken name, without looking further', async () => {
    const { client, apiRequests } = await scripted(() => ({ status: 409, body: { code: 'conflict', message: 'name taken' } }));
    const error = await failure(
      client.createIntegration({ name: 'taken', cloud: 'aws', destination: 's3://acme-audit-logs/sigma/', roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs' }),
    );
    expect(error).toBeInstanceOf(NameTakenError);
    expect(apiRequests().map((r) => r.method)).toEqual(['POST']);
  });

  test('a delete retried after a dropped connection that then meets 404 has succeeded', async () => {
    let deletes = 0;
    const { client } = await scripted(() => {
      deletes += 1;
      return deletes === 1 ? 'drop' : { status: 404, body: { code: 'not_found', message: 'no such integration' } };
    });
    await expect(client.deleteIntegration('id-gone', false)).resolves.toBeUndefined();
  });
});

describe('retries', () => {
  test('a 5xx the server keeps answering gives up with the last status', async () => {
    const { client } = await scripted(() => ({ status: 502, body: { code: 'bad_gateway', message: 'upstream' } }), { maxAttempts: 2 });
    const error = (await failure(client.whoami())) as GaveUpError;
    expect(error).toBeInstanceOf(GaveUpError);
    expect(error.lastReason).toBe('502 Bad Gateway');
  });

  test('the gave-up message tells a deploy or CLI user what to do there, naming no client option', async () => {
    const { client } = await scripted(() => ({ status: 503, body: { code: 'service_unavailable', message: 'busy' } }), { maxAttempts: 3 });
    const error = (await failure(client.whoami())) as GaveUpError;
    expect(error.message).not.toMatch(/deadlineMs|maxAttempts|requestTimeoutMs|backoff|client option/i);
    // What already happened, and what the reader can do where they are.
    expect(error.message).toMatch(/^GET \/v2\/whoami: gave up after 3 attempts in \d+ ms \(all 3 attempts were used\); last failure: 503 /);
    expect(error.message).toContain("Check Sigma's status page");
    expect(error.message).toContain('the network, proxy or firewall between this machine and the API URL');
    expect(error.message).toContain('run the deploy (or the command) again');
  });

  test('no attempt starts with less than the minimum time left: a wait that would leave less gives up at once', async () => {
    // Retry-After: 1 leaves about 200 ms of a 1200 ms deadline: too little for an attempt.
    const { client, apiRequests } = await scripted(
      () => ({ status: 503, headers: { 'retry-after': '1' }, body: { code: 'service_unavailable', message: 'busy' } }),
      { deadlineMs: 1200 },
    );
    const error = (await failure(client.whoami())) as GaveUpError;
    expect(error).toBeInstanceOf(GaveUpError);
    expect(apiRequests()).toHaveLength(1);
    expect(error.lastReason).toBe('503 Service Unavailable');
    expect(error.stopReason).toMatch(/^the server asked to wait 1000 ms \(Retry-After\), but only \d+ ms of the call's deadline of 1200 ms were left/);
    expect(error.stopReason).toContain(`the ${MIN_ATTEMPT_MS} ms an attempt is given at least`);
  });
});

describe('secrets', () => {
  test('a secret or token echoed by the server is redacted from the error', async () => {
    const { client } = await scripted((req) => ({
      status: 400,
      body: { code: 'invalid_request', field: 'destination', message: `bad request from ${req.headers.authorization} using ${SECRET}` },
    }));
    const error = (await failure(client.updateIntegrationDestination('id-1', 's3://acme-audit-logs/x/', false))) as InvalidFieldError;
    expect(error).toBeInstanceOf(InvalidFieldError);
    expect(error.message).toContain('[redacted]');
    expect(error.message).toContain('`destination`');
    expect(error.message).toContain('s3://acme-audit-logs/x/');
  });

  test('logging or serializing a client after use shows neither the secret nor its tokens', async () => {
    const { client } = await scripted(() => ({ status: 200, body: WHOAMI }));
    await client.whoami();
    const text = inspect(client, { depth: 10, showHidden: true }) + JSON.stringify(client);
    expect(text).toContain('baseUrl');
    for (const secret of [SECRET, SCRIPTED_ACCESS_TOKEN, SCRIPTED_REFRESH_TOKEN]) {
      expect(text).not.toContain(secret);
    }
  });

  test('an empty client secret is refused before any request, naming the variable', async () => {
    const error = await failure(Promise.resolve().then(() => new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl: 'http://127.0.0.1:1', clientId: 'someone', clientSecret: '' })));
    expect(error.code).toBe('bad_credentials');
    expect(error.message).toContain('SIGMA_CLIENT_SECRET');
    expect(error.message).toContain('`someone`');
  });

  describe('in the other forms they take on the wire', () => {
    // Every character an encoding treats specially: form and URL syntax, JSON escapes, non-ASCII.
    const ODD_SECRET = 'MARK+ER/s3cr=t "quoted" back\\slash %41 ünï€😀 &end?';
    const ODD_CLIENT = 'echo-client';
    // A bearer token is a b64token (RFC 6750): letters, digits and - . _ ~ + /, then = padding.
    const ODD_TOKEN = 'tok+en/with.odd~chars_-+/==';
    const forms = [...encodingsOf(ODD_SECRET, ODD_CLIENT), ...encodingsOf(ODD_TOKEN)];

    /** What a gateway echoing a request might say: its body and headers, as received and re-encoded. */
    function echo(req: ScriptedRequest): string {
      const params = Object.fromEntries(new URLSearchParams(req.body));
      const asJson = JSON.stringify({ ...params, authorization: req.headers.authorization });
      const basic = Buffer.from(`${params.client_id}:${params.client_secret}`, 'utf8');
      return [
        `received ${req.body}`,
        `as logged ${req.body.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
        `fields ${asJson}`,
        `ascii ${asJson.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`,
        `slashes ${asJson.replace(/\//g, '\\/')}`,
        `headers ${JSON.stringify(req.headers)}`,
        `query ${encodeURIComponent(params.client_secret ?? '')} ${encodeURIComponent(req.headers.authorization ?? '')}`,
        `Authorization: Basic ${basic.toString('base64')} (${basic.toString('base64url')})`,
        `bearer ${Buffer.from(req.headers.authorization ?? '').toString('base64')}`,
      ].join('; ');
    }

    /** A client of a scripted server with the odd credentials; every error it raises is kept for the leak check. */
    async function oddClient(reply: (req: ScriptedRequest) => ScriptedReply, token: (req: ScriptedRequest) => ScriptedReply) {
      const server = await startScriptedServer(reply, { token });
      servers.push(server);
      const texts: string[] = [];
      const client = new SigmaClient({ httpLibrary: HTTP_LIBRARY,
        baseUrl: server.url,
        clientId: ODD_CLIENT,
        clientSecret: ODD_SECRET,
        backoffBaseMs: 5,
        backoffMaxMs: 20,
        onRetry: (e) => texts.push(JSON.stringify(e)),
        onRequest: (e) => texts.push(JSON.stringify(e)),
      });
      clients.push(client);
      return { server, client, texts, failure: failureRecorder(texts) };
    }

    const issued = { status: 200, body: { access_token: ODD_TOKEN, refresh_token: ODD_TOKEN, token_type: 'bearer', expires_in: 3600 } };

    test('the secret in no form survives a token endpoint that echoes the request in a 400', async () => {
      const { client, texts, failure: fails, server } = await oddClient(
        () => ({ status: 200, body: WHOAMI }),
        (req) => ({ status: 400, body: { code: echo(req), field: echo(req), message: echo(req) } }),
      );
      const error = await fails(client.whoami());
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      // The server did echo it, so the check below is not vacuous.
      expect(leaksOf([JSON.stringify(server.received)], encodingsOf(ODD_SECRET))).not.toEqual([]);
      expect(leaksOf(texts, forms)).toEqual([]);
      expect(error.message).toContain('[redacted]');
    });

    test('the secret in no form survives a token endpoint that echoes the request in a 401', async () => {
      const { client, texts, failure: fails } = await oddClient(
        () => ({ status: 200, body: WHOAMI }),
        (req) => ({ status: 401, body: { code: echo(req), message: echo(req) } }),
      );
      const error = await fails(client.whoami());
      expect(error.code).toBe('bad_credentials');
      expect(leaksOf(texts, forms)).toEqual([]);
      expect(error.message).toContain('[redacted]');
    });

    test('a token in no form survives an API that echoes the request in a 400, a repeated 401 and page tokens', async () => {
      const { client, texts, failure: fails } = await oddClient((req) => {
        if (req.path.endsWith('/storage-integrations')) {
          // An "endless" list whose page token echoes the bearer token.
          return { status: 200, body: { entries: [integrationAnswer('x')], nextPage: `auth=${encodeURIComponent(req.headers.authorization ?? '')}`, total: 1 } };
        }
        return req.method === 'PATCH'
          ? { status: 400, body: { code: echo(req), field: echo(req), message: echo(req) } }
          : { status: 401, body: { code: echo(req), message: echo(req) } };
      }, () => issued);
      const errors = [
        await fails(client.updateIntegrationDestination('id-1', 's3://acme-audit-logs/x/', false)),
        await fails(client.whoami()),
        await fails(client.listIntegrations()),
      ];
      expect(leaksOf(texts, forms)).toEqual([]);
      expect(errors.map((e) => e.code)).toEqual(['invalid_field', 'unexpected_response', 'endless_pagination']);
      for (const e of errors) expect(e.message).toContain('[redacted]');
    });
  });

  test('no error text, stack or callback payload of this file contains the secret or a token', () => {
    expect(observed.length).toBeGreaterThan(20);
    const leaks = observed.filter((text) => [SECRET, SCRIPTED_ACCESS_TOKEN, SCRIPTED_REFRESH_TOKEN].some((s) => text.includes(s)));
    expect(leaks).toEqual([]);
  });
});

describe('Retry-After', () => {
  test('delta-seconds and HTTP dates are read; anything else is ignored', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});
