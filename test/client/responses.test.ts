/**
 * The client against scripted loopback servers, for answers the emulator never gives: malformed
 * bodies, secrets echoed back, a token refused twice, a create or delete whose first attempt
 * reached the server before the connection dropped. Also the base-URL rule and Retry-After parsing.
 */
import { inspect } from 'node:util';
import {
  GaveUpError,
  InsecureApiUrlError,
  InvalidFieldError,
  NameTakenError,
  SchemaMismatchError,
  SigmaClient,
  SigmaClientOptions,
  UnexpectedResponseError,
  parseRetryAfterMs,
} from '../../src/client';
import { SCRIPTED_ACCESS_TOKEN, SCRIPTED_REFRESH_TOKEN, ScriptedReply, ScriptedRequest, ScriptedServer, failureRecorder, startScriptedServer } from './loopback';

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
  const client = new SigmaClient({
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

function integration(name: string, overrides: Record<string, unknown> = {}) {
  return {
    integrationId: `id-${name}`,
    name,
    cloud: 'aws',
    destination: 's3://acme-audit-logs/sigma/',
    roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs',
    status: 'pending',
    credentials: null,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    createdBy: 'member-1',
    ...overrides,
  };
}

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
    const client = new SigmaClient({ baseUrl, clientId: 'id', clientSecret: SECRET });
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
      new SigmaClient({ baseUrl, clientId: 'id', clientSecret: SECRET });
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
    expect(() => new SigmaClient({ baseUrl: 'https://me:hunter2@aws-api.sigmacomputing.com', clientId: 'id', clientSecret: SECRET })).toThrow(
      InsecureApiUrlError,
    );
    try {
      new SigmaClient({ baseUrl: 'https://me:hunter2@aws-api.sigmacomputing.com', clientId: 'id', clientSecret: SECRET });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  test('a path prefix of the base URL is put before every contract path', async () => {
    const server = await startScriptedServer(() => ({ status: 200, body: WHOAMI }));
    servers.push(server);
    const client = new SigmaClient({ baseUrl: `${server.url}/sigma/`, clientId: 'id', clientSecret: SECRET });
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
      body: { entries: [integration('ok'), integration('bad', { status: 'provisioning' })], nextPage: null, total: 2 },
    }));
    const error = (await failure(client.listIntegrations())) as SchemaMismatchError;
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.message).toMatch(/^GET \/v2\/audit-logs\/storage-integrations: field `entries\.1\.status` /);
  });

  test('credentials of another cloud than the integration are a mismatch', async () => {
    const { client } = await scripted(() => ({
      status: 200,
      body: integration('x', { status: 'ready', credentials: { serviceAccount: 'sa@proj.iam.gserviceaccount.com' } }),
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

  test('a page token that repeats stops the listing instead of looping', async () => {
    const { client, apiRequests } = await scripted(() => ({ status: 200, body: { entries: [], nextPage: 'same', total: 0 } }));
    const error = (await failure(client.listIntegrations())) as SchemaMismatchError;
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.field).toBe('nextPage');
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
      return { status: 200, body: { entries: [integration('made_before_drop')], nextPage: null, total: 1 } };
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
      return { status: 200, body: { entries: [integration('someone_elses', { destination: 's3://other-bucket/x/' })], nextPage: null, total: 1 } };
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
    const error = await failure(Promise.resolve().then(() => new SigmaClient({ baseUrl: 'http://127.0.0.1:1', clientId: 'someone', clientSecret: '' })));
    expect(error.code).toBe('bad_credentials');
    expect(error.message).toContain('SIGMA_CLIENT_SECRET');
    expect(error.message).toContain('`someone`');
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
