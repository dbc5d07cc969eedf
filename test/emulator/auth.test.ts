import * as crypto from 'node:crypto';
import { errorCodes, paths, tokenResponseSchema, whoamiSchema } from '../../src/client/contract';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { accessToken, awsBody, call, expectError, sleep, tokenRequest } from './helpers';

describe('emulator authentication', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 7,
      provisioningDelayMs: 10,
      clients: [
        { clientId: 'admin', clientSecret: 'admin-secret', accountType: 'Admin', email: 'ops@example.org' },
        { clientId: 'viewer', clientSecret: 'viewer-secret', accountType: 'Viewer' },
        { clientId: 'creator', clientSecret: 'creator-secret', accountType: 'Creator' },
      ],
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  test('token: client_credentials grant returns a bearer token with the configured lifetime', async () => {
    const reply = await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'admin-secret' });
    expect(reply.status).toBe(200);
    const token = tokenResponseSchema.parse(reply.body);
    expect(token.token_type).toBe('bearer');
    expect(token.expires_in).toBe(3600);
    expect(token.refresh_token).toEqual(expect.any(String));
  });

  test('token: wrong client secret or unknown client id gets 401 unauthorized, without the secret in the message', async () => {
    const wrongSecret = await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'not-the-secret' });
    expectError(wrongSecret, 401, errorCodes.unauthorized);
    expect(wrongSecret.body.message).not.toContain('not-the-secret');
    const unknownId = await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'admin-secret' });
    expectError(unknownId, 401, errorCodes.unauthorized);
    expect(unknownId.body.message).not.toContain('admin-secret');
  });

  test('token: the client secret is compared in constant time; the right one is accepted, wrong ones of the same or another length are refused', async () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      const statuses: Record<string, number> = {};
      for (const secret of ['admin-secret', 'admin-secreT', 'xxxxxxxxxxxx', 'admin', 'admin-secret-and-more', 'a']) {
        statuses[secret] = (await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'admin', client_secret: secret })).status;
      }
      statuses['unknown client'] = (await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'admin-secret' })).status;
      expect(statuses).toEqual({
        'admin-secret': 200,
        'admin-secreT': 401,
        xxxxxxxxxxxx: 401,
        admin: 401,
        'admin-secret-and-more': 401,
        a: 401,
        'unknown client': 401,
      });
      // Every check went through the constant-time comparison, on values of one fixed length,
      // so that neither the time taken nor the length of the secret tells anything.
      expect(compare).toHaveBeenCalledTimes(7);
      const lengths = new Set(compare.mock.calls.flatMap(([a, b]) => [(a as Buffer).byteLength, (b as Buffer).byteLength]));
      expect(lengths.size).toBe(1);
    } finally {
      compare.mockRestore();
    }
  });

  test('token: a grant without grant_type, or a JSON body, gets 400 naming the field', async () => {
    expectError(await tokenRequest(emulator.url, { client_id: 'admin', client_secret: 'admin-secret' }), 400, errorCodes.invalidRequest, 'grant_type');
    const json = await call(emulator.url, 'POST', paths.token, { json: { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'admin-secret' } });
    expectError(json, 400, errorCodes.invalidRequest, 'Content-Type');
  });

  test('token: refresh_token grant issues a new access token that works', async () => {
    const first = await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'admin', client_secret: 'admin-secret' });
    emulator.expireTokens();
    expectError(await call(emulator.url, 'GET', paths.whoami, { token: first.body.access_token }), 401, errorCodes.unauthorized);
    const refreshed = await tokenRequest(emulator.url, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      client_id: 'admin',
      client_secret: 'admin-secret',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect((await call(emulator.url, 'GET', paths.whoami, { token: refreshed.body.access_token })).status).toBe(200);
  });

  test('token: a refresh token of another client, or an unknown one, gets 401', async () => {
    const viewer = await tokenRequest(emulator.url, { grant_type: 'client_credentials', client_id: 'viewer', client_secret: 'viewer-secret' });
    const stolen = await tokenRequest(emulator.url, {
      grant_type: 'refresh_token',
      refresh_token: viewer.body.refresh_token,
      client_id: 'admin',
      client_secret: 'admin-secret',
    });
    expectError(stolen, 401, errorCodes.unauthorized);
    const unknown = await tokenRequest(emulator.url, { grant_type: 'refresh_token', refresh_token: 'made-up', client_id: 'admin', client_secret: 'admin-secret' });
    expectError(unknown, 401, errorCodes.unauthorized);
  });

  test('token: access tokens expire after the token lifetime', async () => {
    emulator.configure({ tokenLifetimeSeconds: 0.2 });
    const token = await accessToken(emulator);
    expect((await call(emulator.url, 'GET', paths.whoami, { token })).status).toBe(200);
    await sleep(250);
    const expired = await call(emulator.url, 'GET', paths.whoami, { token });
    expectError(expired, 401, errorCodes.unauthorized);
    expect(expired.body.message).toMatch(/expired/);
  });

  test('token: a call with no token or an unknown token gets 401 unauthorized', async () => {
    expectError(await call(emulator.url, 'GET', paths.whoami), 401, errorCodes.unauthorized);
    expectError(await call(emulator.url, 'GET', paths.integrations, { token: 'made-up' }), 401, errorCodes.unauthorized);
  });

  test('token: expireTokens makes every issued access token get 401', async () => {
    const admin = await accessToken(emulator);
    const viewer = await accessToken(emulator, 'viewer', 'viewer-secret');
    emulator.expireTokens();
    expectError(await call(emulator.url, 'GET', paths.whoami, { token: admin }), 401, errorCodes.unauthorized);
    expectError(await call(emulator.url, 'GET', paths.whoami, { token: viewer }), 401, errorCodes.unauthorized);
  });

  test("whoami: returns the organization, member, e-mail and account type of the token's client", async () => {
    const admin = whoamiSchema.parse((await call(emulator.url, 'GET', paths.whoami, { token: await accessToken(emulator) })).body);
    const viewer = whoamiSchema.parse((await call(emulator.url, 'GET', paths.whoami, { token: await accessToken(emulator, 'viewer', 'viewer-secret') })).body);
    expect(admin).toMatchObject({ email: 'ops@example.org', accountType: 'Admin' });
    expect(viewer).toMatchObject({ email: 'viewer@example.com', accountType: 'Viewer' });
    expect(viewer.organizationId).toBe(admin.organizationId);
    expect(viewer.memberId).not.toBe(admin.memberId);
  });

  test('admin only: every storage-integration and scheduled-export call by a non-Admin gets 403 forbidden', async () => {
    const admin = await accessToken(emulator);
    const created = await call(emulator.url, 'POST', paths.integrations, { token: admin, json: awsBody('guarded') });
    expect(created.status).toBe(202);
    const id = created.body.integrationId as string;
    for (const clientId of ['viewer', 'creator']) {
      const token = await accessToken(emulator, clientId, `${clientId}-secret`);
      const calls: Array<[string, string, unknown?]> = [
        ['POST', paths.integrations, awsBody('other')],
        ['GET', paths.integrations],
        ['GET', paths.integration(id)],
        ['PATCH', paths.integration(id), { destination: 's3://my-audit-logs/other/' }],
        ['DELETE', paths.integration(id)],
        ['GET', paths.linkedExports(id)],
        ['POST', paths.scheduledExports, { name: 'nightly', integrationId: id, schedule: '0 2 * * *' }],
        ['GET', paths.scheduledExports],
        ['GET', paths.scheduledExport('x')],
      ];
      for (const [method, path, json] of calls) {
        const reply = await call(emulator.url, method, path, { token, json });
        expectError(reply, 403, errorCodes.forbidden);
        expect(reply.body.message).toContain('"Admin"');
      }
    }
    // Nothing the non-Admins tried changed anything.
    const after = await call(emulator.url, 'GET', paths.integration(id), { token: admin });
    expect(after.body.destination).toBe('s3://my-audit-logs/sigma/');
    expect(emulator.state().integrations).toHaveLength(1);
  });
});
