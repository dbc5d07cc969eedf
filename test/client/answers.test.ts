/**
 * Every answer about an integration is checked against what was asked: a create answered with
 * another integration, an update answered with another id or name, a name that only a Unicode
 * case folding would match. The client fails with AnswerMismatchError (or SchemaMismatchError for
 * a name that breaks the contract's name rule) and makes no further call.
 */
import * as fc from 'fast-check';
import { AnswerMismatchError, SchemaMismatchError, SigmaClient } from '../../src/client';
import { startEmulator } from '../../src/emulator';
import { EXIT_CODES, exitCodeFor } from '../../src/handler/exit-codes';
import { INTEGRATION_NAME_RULE, sameIntegrationName } from '../../src/rules/sigma';
import { ScriptedReply, ScriptedRequest, ScriptedServer, failureRecorder, integrationAnswer, startScriptedServer } from './loopback';
import { HTTP_LIBRARY } from './http-library';

const servers: ScriptedServer[] = [];
const clients: SigmaClient[] = [];
const failure = failureRecorder([]);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

async function scripted(reply: (req: ScriptedRequest) => ScriptedReply) {
  const server = await startScriptedServer(reply);
  servers.push(server);
  const client = new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl: server.url, clientId: 'scripted-client', clientSecret: 'scripted-secret-answers', backoffBaseMs: 5 });
  clients.push(client);
  return { client, apiRequests: () => server.received.filter((r) => r.path !== '/v2/auth/token').map((r) => `${r.method} ${r.path}`) };
}

const CREATE = {
  name: 'audit_logs_ours',
  cloud: 'aws' as const,
  destination: 's3://acme-audit-logs/sigma/',
  roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs',
};

describe('a create answer', () => {
  test('holding another existing integration fails naming both names, and nothing more is called', async () => {
    const { client, apiRequests } = await scripted(() => ({ status: 202, body: integrationAnswer('other_teams', { integrationId: 'id-theirs' }) }));
    const error = await failure(client.createIntegration(CREATE));
    expect(error).toBeInstanceOf(AnswerMismatchError);
    expect(error.code).toBe('answer_mismatch');
    expect(error.message).toContain('POST /v2/audit-logs/storage-integrations was answered with another storage integration');
    expect(error.message).toContain('field `name` is "other_teams", expected "audit_logs_ours"');
    expect(exitCodeFor(error)).toBe(EXIT_CODES.failed);
    expect(apiRequests()).toEqual(['POST /v2/audit-logs/storage-integrations']);
  });

  test('with the declared name in another ASCII case is the integration asked for', async () => {
    const { client } = await scripted(() => ({ status: 202, body: integrationAnswer('AUDIT_LOGS_OURS') }));
    await expect(client.createIntegration(CREATE)).resolves.toMatchObject({ name: 'AUDIT_LOGS_OURS' });
  });

  test('with a KELVIN SIGN for the K of the declared name is refused by the name rule', async () => {
    const { client, apiRequests } = await scripted(() => ({ status: 202, body: integrationAnswer('audit_logs_\u212Aeys', { integrationId: 'id-k' }) }));
    const error = await failure(client.createIntegration({ ...CREATE, name: 'audit_logs_keys' }));
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.message).toContain('field `name` is not an integration name');
    expect(error.message).toContain('(answered: "audit_logs_\\u212aeys")');
    expect(apiRequests()).toHaveLength(1);
  });
});

describe('an update answer', () => {
  test('holding another id fails, and nothing more is called', async () => {
    const { client, apiRequests } = await scripted(() => ({ status: 200, body: integrationAnswer('audit_logs_ours', { integrationId: 'id-theirs' }) }));
    const error = await failure(client.updateIntegrationDestination('id-ours', 's3://acme-audit-logs/new/', false, 'audit_logs_ours'));
    expect(error).toBeInstanceOf(AnswerMismatchError);
    expect(error.message).toContain('field `integrationId` is "id-theirs", expected "id-ours"');
    expect(apiRequests()).toEqual(['PATCH /v2/audit-logs/storage-integrations/id-ours']);
  });

  test('holding another name than the one given fails', async () => {
    const { client } = await scripted(() => ({ status: 200, body: integrationAnswer('other_teams', { integrationId: 'id-ours' }) }));
    const error = await failure(client.updateIntegrationDestination('id-ours', 's3://acme-audit-logs/new/', false, 'audit_logs_ours'));
    expect(error).toBeInstanceOf(AnswerMismatchError);
    expect(error.message).toContain('field `name` is "other_teams", expected "audit_logs_ours"');
  });

  test('holding another name than the one found under that id fails, without a name given', async () => {
    let renamed = false;
    const { client } = await scripted((req) => {
      if (req.method === 'GET') return { status: 200, body: { entries: [integrationAnswer('audit_logs_ours', { integrationId: 'id-ours' })], nextPage: null, total: 1 } };
      renamed = true;
      return { status: 200, body: integrationAnswer('other_teams', { integrationId: 'id-ours' }) };
    });
    const found = await client.findIntegrationByName('Audit_Logs_Ours');
    expect(found?.integrationId).toBe('id-ours');
    const error = await failure(client.updateIntegrationDestination('id-ours', 's3://acme-audit-logs/new/', false));
    expect(renamed).toBe(true);
    expect(error).toBeInstanceOf(AnswerMismatchError);
  });

  test('a read answered with another id fails', async () => {
    const { client } = await scripted(() => ({ status: 200, body: integrationAnswer('audit_logs_ours', { integrationId: 'id-theirs' }) }));
    expect(await failure(client.getIntegration('id-ours'))).toBeInstanceOf(AnswerMismatchError);
  });
});

describe('find by name', () => {
  test('a listed name with a look-alike letter stops the listing instead of matching', async () => {
    const { client } = await scripted(() => ({
      status: 200,
      body: { entries: [integrationAnswer('audit_logs_\u212Aeys', { integrationId: 'id-theirs' })], nextPage: null, total: 1 },
    }));
    const error = await failure(client.findIntegrationByName('audit_logs_keys'));
    expect(error).toBeInstanceOf(SchemaMismatchError);
    expect(error.message).toContain('field `entries.0.name`');
  });

  test('the emulator keeps names unique by the same rule, and the client finds them by it', async () => {
    const emulator = await startEmulator({ provisioningDelayMs: 0, seed: 3 });
    try {
      const client = new SigmaClient({ httpLibrary: HTTP_LIBRARY, baseUrl: emulator.url, clientId: 'admin', clientSecret: 'admin-secret' });
      clients.push(client);
      await client.createIntegration(CREATE);
      await expect(client.createIntegration({ ...CREATE, name: 'AUDIT_LOGS_OURS' })).rejects.toMatchObject({ code: 'name_taken' });
      expect((await client.findIntegrationByName('Audit_Logs_Ours'))?.name).toBe('audit_logs_ours');
      expect(await client.findIntegrationByName('audit_logs_our')).toBeUndefined();
    } finally {
      await emulator.close();
    }
  });
});

describe('sameIntegrationName', () => {
  /** Characters that Unicode case mapping turns into an ASCII letter (or from one): never the same name. */
  const LOOK_ALIKES: Array<[string, string]> = [
    ['\u212A', 'k'], // KELVIN SIGN lower-cases to k
    ['\u0130', 'i'], // LATIN CAPITAL LETTER I WITH DOT ABOVE
    ['\u017F', 's'], // LATIN SMALL LETTER LONG S upper-cases to S
    ['\u0131', 'i'], // LATIN SMALL LETTER DOTLESS I upper-cases to I
    ['\u212B', 'a'], // ANGSTROM SIGN
  ];

  test.each(LOOK_ALIKES)('%s is not the letter %s in any case', (lookAlike, letter) => {
    expect(sameIntegrationName(`audit_${lookAlike}`, `audit_${letter}`)).toBe(false);
    expect(sameIntegrationName(`audit_${lookAlike}`, `audit_${letter.toUpperCase()}`)).toBe(false);
  });

  const name = fc.stringMatching(INTEGRATION_NAME_RULE.pattern);
  const flipAsciiCase = (text: string, flips: boolean[]) =>
    [...text].map((c, i) => (flips[i % flips.length] && /[a-z]/i.test(c) ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');

  test('a name is the same name in any mix of ASCII cases', () => {
    fc.assert(fc.property(name, fc.array(fc.boolean(), { minLength: 1 }), (n, flips) => sameIntegrationName(n, flipAsciiCase(n, flips))));
  });

  test('changing one character to anything but its other ASCII case makes another name', () => {
    fc.assert(
      fc.property(name, fc.nat(), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }), (n, at, replacement) => {
        const i = at % n.length;
        fc.pre(replacement.toLowerCase() !== n[i].toLowerCase() || !/[a-z]/i.test(replacement));
        fc.pre(replacement !== n[i]);
        return !sameIntegrationName(n, `${n.slice(0, i)}${replacement}${n.slice(i + 1)}`);
      }),
    );
  });
});

test("whoami's account type and e-mail are shown filtered when they are not Admin's", async () => {
  const { client } = await scripted(() => ({
    status: 200,
    body: { organizationId: 'o', memberId: 'm', email: 'x@example.com\r\nApply complete!', accountType: '\u001b[32mAdmin\u001b[0m' },
  }));
  const error = await failure(client.requireAdmin());
  expect(error.code).toBe('not_admin');
  expect(error.message).toContain('`x@example.com\\r\\nApply complete!`, whose account type is `\\u001b[32mAdmin\\u001b[0m`');
  for (const control of ['\r', '\n', '\u001b']) expect(error.message).not.toContain(control);
});
