/**
 * The handler and the CLI against a hostile server on loopback: an integration answered as
 * `failed` whose status message holds the client secret, the bearer token (also in base64 and
 * hex), ANSI colours, a forged "Apply complete!" line and an OSC-8 hidden link; credentials that
 * would put a script URL, a look-alike host or a line break into Terraform's outputs. What the
 * handler prints (into Terraform's output) and what `show` prints carry none of it as such.
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { IntegrationSpec } from '../../src/handler';
import { cli } from '../cli/helpers';
import { SCRIPTED_ACCESS_TOKEN, ScriptedServer, encodingsOf, leaksOf, startScriptedServer } from '../client/loopback';
import { RunResult, azureSpec, buildHandler, queryOf, runHandler } from './harness';

const SECRET = 'hostile-secret-Qm4Xv8Rt2Lp6';
const CLIENT = { SIGMA_CLIENT_ID: 'hostile-client', SIGMA_CLIENT_SECRET: SECRET };
const NAME = 'audit_logs_hostile';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP_ID = '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f';

const FORGED = '\r\n\u001b[32mApply complete! Resources: 0 added, 0 changed, 0 destroyed.\u001b[0m\n';
const HIDDEN_LINK = '\u001b]8;;https://evil.example/steal\u0007see the docs\u001b]8;;\u0007';
const HOSTILE_MESSAGE =
  `container missing (client_secret=${SECRET}, Authorization: Bearer ${SCRIPTED_ACCESS_TOKEN}, ` +
  `echo ${Buffer.from(`Bearer ${SCRIPTED_ACCESS_TOKEN}`).toString('base64')} ` +
  `hex ${Buffer.from(SECRET).toString('hex')})${FORGED}${HIDDEN_LINK}`;

/** Every form of the secret and token that must not be printed, listed here independently of the filter. */
const FORBIDDEN = [
  ...encodingsOf(SECRET, CLIENT.SIGMA_CLIENT_ID),
  ...encodingsOf(SCRIPTED_ACCESS_TOKEN),
  Buffer.from(SECRET).toString('hex'),
  // The middle of base64 of `Bearer <token>`: what survives of it if only standalone base64 were caught.
  Buffer.from(`Bearer ${SCRIPTED_ACCESS_TOKEN}`).toString('base64').slice(12, -4),
];

let bundle: string;
const servers: ScriptedServer[] = [];

beforeAll(async () => {
  bundle = await buildHandler();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (bundle) rmSync(path.dirname(bundle), { recursive: true, force: true });
});

/** The id of the integration the fake server holds. */
const HELD_ID = '4a3f0c8e-2b51-4d7e-9f6a-0e1d2c3b4a59';

function integration(overrides: Record<string, unknown>) {
  return {
    integrationId: HELD_ID,
    name: NAME,
    cloud: 'azure',
    destination: `azure://acmeaudit.blob.core.windows.net/audit/${NAME}/`,
    tenantId: TENANT,
    status: 'ready',
    credentials: null,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    createdBy: 'member-1',
    ...overrides,
  };
}

/** A Sigma that holds one integration, answered as given, to an Admin. */
async function sigmaHolding(answered: Record<string, unknown>): Promise<string> {
  const server = await startScriptedServer((req) => {
    if (req.path === '/v2/whoami') return { status: 200, body: { organizationId: 'o', memberId: 'm', email: 'a@example.com', accountType: 'Admin' } };
    if (req.path.endsWith('/linked-exports')) return { status: 200, body: { entries: [] } };
    if (req.path === '/v2/audit-logs/storage-integrations') return { status: 200, body: { entries: [answered], nextPage: null, total: 1 } };
    return { status: 200, body: answered };
  });
  servers.push(server);
  return server.url;
}

/** The spec of the steps after the create (settings, reads): the integration the fake server holds is the one this stack owns. */
function spec(url: string): IntegrationSpec {
  return { ...createSpec(url), integrationId: HELD_ID };
}

/** The spec of the create step: no id yet. */
function createSpec(url: string): IntegrationSpec {
  return azureSpec(url, NAME, { destination: `azure://acmeaudit.blob.core.windows.net/audit/${NAME}/` });
}

function env(url: string): Record<string, string> {
  return { ...CLIENT, SIGMA_API_URL: url, SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '20', SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '5' };
}

/** What is printed shows no secret, no escape or bell character, and no line that a forged text starts. */
function expectInert(printed: string): void {
  expect(leaksOf([printed], FORBIDDEN)).toEqual([]);
  // No control character but the line ends the programs write themselves.
  expect([...printed].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f')))).toEqual([]);
  expect(printed).not.toMatch(/^\s*(\\u001b\[32m)?Apply complete!/m);
}

describe('a failed integration whose status message is hostile', () => {
  const failed = integration({ status: 'failed', statusMessage: HOSTILE_MESSAGE });

  test('the handler reports it with the message filtered: secrets redacted, escapes visible, one line', async () => {
    const url = await sigmaHolding(failed);
    const run: RunResult = await runHandler(bundle, ['apply'], { env: { ...env(url), SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec(url)) } });
    expect(run.code).toBe(1);
    const printed = run.stdout + run.stderr;
    expect(run.stderr).toContain('Error (provisioning_failed)');
    expect(run.stderr).toContain('[redacted]');
    expect(run.stderr).toContain('\\r\\n\\u001b[32mApply complete!');
    expect(run.stderr).toContain('\\u001b]8;;https://evil.example/steal\\u0007');
    // The error is one line: the forged text does not start a line of its own.
    expect(run.stderr.split('\n').filter((line) => line.includes('provisioning_failed'))).toHaveLength(1);
    expectInert(printed);
  });

  test('`show` prints it filtered, as text and as JSON', async () => {
    const url = await sigmaHolding(failed);
    const text = await cli(['show', NAME, '--api-url', url], CLIENT);
    const json = await cli(['show', NAME, '--api-url', url, '--json'], CLIENT);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('failed (container missing (client_secret=[redacted]');
    expect(JSON.parse(json.stdout).statusMessage).toContain('\\u001b[32mApply complete!');
    for (const printed of [text.stdout + text.stderr, json.stdout + json.stderr]) expectInert(printed);
  });

  test('`list` prints it filtered', async () => {
    const url = await sigmaHolding(failed);
    const listed = await cli(['list', '--api-url', url, '--json'], CLIENT);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)[0].statusMessage).toContain('[redacted]');
    expectInert(listed.stdout + listed.stderr);
  });
});

describe('credentials that would reach Terraform outputs are held to their documented shapes', () => {
  const azure = (consentUrl: string, multiTenantAppName = 'abcdefsnowflakepacint_1234567890123') =>
    integration({ credentials: { consentUrl, multiTenantAppName } });
  const consent = (host: string) => `https://${host}/${TENANT}/oauth2/authorize?client_id=${APP_ID}&response_type=code`;

  test.each([
    ['a javascript: URL', azure(`javascript:alert(1)//${consent('login.microsoftonline.com')}`), 'credentials.consentUrl'],
    ['a look-alike host', azure(consent('login.microsoftonline.com.evil.example')), 'credentials.consentUrl'],
    ['a homoglyph host', azure(consent('login.micr\u043esoftonline.com')), 'credentials.consentUrl'],
    ['user info before the host', azure(consent('login.microsoftonline.com@evil.example')), 'credentials.consentUrl'],
    ['plain http', azure(consent('login.microsoftonline.com').replace('https:', 'http:')), 'credentials.consentUrl'],
    ['a client id that is not a GUID', azure(consent('login.microsoftonline.com').replace(APP_ID, 'evil')), 'credentials.consentUrl'],
    ['an app name with a line break and ANSI', azure(consent('login.microsoftonline.com'), `app_1\n\u001b[31mpwned`), 'credentials.multiTenantAppName'],
  ])('%s fails the read, naming the field and showing the value filtered, with no result', async (_what, answered, field) => {
    const url = await sigmaHolding(answered);
    const run = await runHandler(bundle, ['read'], { env: env(url), stdin: queryOf(spec(url)) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Error (schema_mismatch)');
    expect(run.stderr).toContain(`${field}\` is not a`);
    expect(run.stderr).toContain('(answered: "');
    expectInert(run.stdout + run.stderr);
  });

  test('a documented consent URL passes, and reaches the result as answered', async () => {
    const url = await sigmaHolding(azure(consent('login.microsoftonline.com')));
    const run = await runHandler(bundle, ['read'], { env: env(url), stdin: queryOf(spec(url)) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).azure_consent_url).toBe(consent('login.microsoftonline.com'));
  });

  test('an AWS user ARN with a line break is refused', async () => {
    const aws = integration({
      cloud: 'aws',
      destination: `s3://acme-audit/${NAME}/`,
      tenantId: undefined,
      roleArn: 'arn:aws:iam::123456789012:role/sigma',
      credentials: { iamUserArn: 'arn:aws:iam::123456789012:user/x\nApply complete!', externalId: 'AB12345_SFCRole=2_abc=' },
    });
    const url = await sigmaHolding(aws);
    const awsSpec = { ...spec(url), cloud: 'aws' as const, destination: `s3://acme-audit/${NAME}/`, tenantId: '', roleArn: 'arn:aws:iam::123456789012:role/sigma' };
    const run = await runHandler(bundle, ['read'], { env: env(url), stdin: queryOf(awsSpec) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("credentials.iamUserArn` is not an IAM user ARN");
    expect(run.stderr).toContain('user/x\\nApply complete!');
    expectInert(run.stdout + run.stderr);
  });
});

test('a destination with a look-alike letter is drift, and the message shows the letter that differs', async () => {
  const lookAlike = `azure://\u0430cmeaudit.blob.core.windows.net/audit/${NAME}/`; // Cyrillic а
  const url = await sigmaHolding(
    integration({
      destination: lookAlike,
      credentials: {
        consentUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/authorize?client_id=${APP_ID}&response_type=code`,
        multiTenantAppName: 'abcdefsnowflakepacint_1234567890123',
      },
    }),
  );
  const run = await runHandler(bundle, ['read'], { env: env(url), stdin: queryOf(spec(url)) });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('Error (destination_drift)');
  expect(run.stderr).toContain(`is azure://\\u0430cmeaudit.blob.core.windows.net/audit/${NAME}/, but this stack declares azure://acmeaudit`);
  expectInert(run.stdout + run.stderr);
});

test("a create answered with another team's integration fails the apply, and that integration is not touched", async () => {
  const theirs = integration({ integrationId: 'b7e1c2d3-0000-4000-8000-000000000001', name: 'other_teams_logs', status: 'ready' });
  const server = await startScriptedServer((req) => {
    if (req.path === '/v2/whoami') return { status: 200, body: { organizationId: 'o', memberId: 'm', email: 'a@example.com', accountType: 'Admin' } };
    if (req.method === 'GET' && req.path === '/v2/audit-logs/storage-integrations') return { status: 200, body: { entries: [], nextPage: null, total: 0 } };
    if (req.method === 'POST') return { status: 202, body: { ...theirs, credentials: null, status: 'pending' } };
    return { status: 200, body: theirs };
  });
  servers.push(server);
  const run = await runHandler(bundle, ['apply'], { env: { ...env(server.url), SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(createSpec(server.url)) } });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Error (answer_mismatch)');
  expect(run.stderr).toContain('field `name` is "other_teams_logs", expected "audit_logs_hostile"');
  const calls = server.received.filter((r) => r.path !== '/v2/auth/token').map((r) => `${r.method} ${r.path}`);
  expect(calls).toEqual(['GET /v2/whoami', 'GET /v2/audit-logs/storage-integrations', 'POST /v2/audit-logs/storage-integrations']);
});
