/**
 * `sigma-audit-logs list` and `show`, run in-process against the emulator over loopback.
 */
import type { CliEnvironment } from '../../src/cli/program';
import { ADMIN, FAST, Sigma, VIEWER, cli, createReady, expectNoSecretPrinted, startSigma } from './helpers';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/sigma-audit-logs';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

let sigma: Sigma;

beforeAll(async () => {
  sigma = await startSigma();
});

afterAll(async () => {
  await sigma?.close();
});

beforeEach(() => {
  sigma.emulator.reset();
});

/** Credentials and the API URL (through the recording proxy) in the environment, as a user sets them. */
function env(extra: Record<string, string | undefined> = {}): CliEnvironment {
  return { ...ADMIN, ...FAST, SIGMA_API_URL: sigma.proxy.url, ...extra };
}

async function twoIntegrations() {
  const gcp = await createReady(sigma.admin, { name: 'audit_gcp', cloud: 'gcp', destination: 'gcs://acme-audit/sigma/' });
  const aws = await createReady(sigma.admin, { name: 'Audit_aws', cloud: 'aws', destination: 's3://acme-audit/sigma/', roleArn: ROLE_ARN });
  return { gcp, aws };
}

describe('list', () => {
  test('prints every integration as a table: name, cloud, status, destination, id, sorted by name', async () => {
    const { gcp, aws } = await twoIntegrations();
    const result = await cli(['list'], env());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(/\s{2,}/)).toEqual(['NAME', 'CLOUD', 'STATUS', 'DESTINATION', 'ID']);
    expect(lines[1].split(/\s{2,}/)).toEqual(['Audit_aws', 'aws', 'ready', 's3://acme-audit/sigma/', aws.integrationId]);
    expect(lines[2].split(/\s{2,}/)).toEqual(['audit_gcp', 'gcp', 'ready', 'gcs://acme-audit/sigma/', gcp.integrationId]);
    // Columns line up.
    expect(lines[1].indexOf(' aws ') + 1).toBe(lines[0].indexOf('CLOUD'));
    expect(lines[2].indexOf(gcp.integrationId)).toBe(lines[0].indexOf('ID'));
  });

  test('--json prints an array a script can read', async () => {
    const { gcp, aws } = await twoIntegrations();
    const result = await cli(['list', '--json'], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { name: 'Audit_aws', cloud: 'aws', status: 'ready', destination: 's3://acme-audit/sigma/', integrationId: aws.integrationId },
      { name: 'audit_gcp', cloud: 'gcp', status: 'ready', destination: 'gcs://acme-audit/sigma/', integrationId: gcp.integrationId },
    ]);
  });

  test('an organization without integrations: a sentence, or [] with --json', async () => {
    expect((await cli(['list'], env())).stdout).toBe('This Sigma organization has no audit-log storage integration.\n');
    expect(JSON.parse((await cli(['list', '--json'], env())).stdout)).toEqual([]);
  });

  test('--api-url takes precedence over SIGMA_API_URL', async () => {
    await twoIntegrations();
    // SIGMA_API_URL points at a closed port: the call succeeds only if --api-url is used.
    const result = await cli(['list', '--json', '--api-url', sigma.proxy.url], env({ SIGMA_API_URL: 'http://127.0.0.1:9' }));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(2);
  });

  test('an insecure --api-url is refused with exit code 2 before any request', async () => {
    const before = sigma.emulator.requests().length;
    const result = await cli(['list', '--api-url', 'http://sigma.example.com'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Sigma API base URL `http:\/\/sigma\.example\.com` uses plain http:\/\/.*https:\/\/aws-api\.sigmacomputing\.com/);
    expect(result.stdout).toBe('');
    expect(sigma.emulator.requests().length).toBe(before);
  });
});

describe('an API URL with a user name and password', () => {
  const UNPARSABLE = 'https://deployer:hunter2-Xq7@sigma gateway.example.com';

  test.each([
    ['--api-url', ['list', '--api-url', UNPARSABLE], {}],
    ['SIGMA_API_URL', ['show', 'audit_gcp'], { SIGMA_API_URL: UNPARSABLE }],
  ])('that does not parse (%s) is refused with exit code 2, the password never printed', async (_source, args, extra) => {
    const before = sigma.emulator.requests().length;
    const result = await cli(args, env(extra));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: Sigma API base URL `https:\/\/\*\*\*@sigma gateway\.example\.com` is not a URL/);
    expect(result.stdout + result.stderr).not.toMatch(/hunter2|deployer/);
    expect(sigma.emulator.requests().length).toBe(before);
  });

  test('that parses is refused with exit code 2, shown masked', async () => {
    const result = await cli(['list', '--api-url', 'https://deployer:12/hunter2@aws-api.sigmacomputing.com'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('`https://***@aws-api.sigmacomputing.com` carries a user name or password');
    expect(result.stdout + result.stderr).not.toMatch(/hunter2|deployer/);
  });
});

describe('show', () => {
  test('aws: status, destination, role ARN, IAM user ARN and external id, no linked export', async () => {
    const { aws } = await twoIntegrations();
    const credentials = aws.credentials as { iamUserArn: string; externalId: string };
    const result = await cli(['show', 'Audit_aws'], env());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Integration Audit_aws\n/);
    expect(result.stdout).toMatch(new RegExp(`id: +${aws.integrationId}\n`));
    expect(result.stdout).toMatch(/status: +ready\n/);
    expect(result.stdout).toMatch(/destination: +s3:\/\/acme-audit\/sigma\/\n/);
    expect(result.stdout).toContain(`role ARN:     ${ROLE_ARN}`);
    expect(result.stdout).toMatch(new RegExp(`IAM user ARN: +${credentials.iamUserArn.replace(/[/]/g, '\\/')}\n`));
    expect(result.stdout).toMatch(new RegExp(`external id: +${credentials.externalId}\n`));
    expect(result.stdout).toContain('Linked scheduled exports: none.');

    const json = JSON.parse((await cli(['show', 'Audit_aws', '--json'], env())).stdout);
    expect(json).toMatchObject({
      integrationId: aws.integrationId,
      name: 'Audit_aws',
      cloud: 'aws',
      status: 'ready',
      destination: 's3://acme-audit/sigma/',
      roleArn: ROLE_ARN,
      credentials: { iamUserArn: credentials.iamUserArn, externalId: credentials.externalId },
      linkedExports: [],
    });
  });

  test('gcp: service account, and a linked export paused by a destination change, with its reason', async () => {
    const { gcp } = await twoIntegrations();
    const exported = await sigma.admin.createScheduledExport({ name: 'nightly', integrationId: gcp.integrationId, schedule: '0 2 * * *' });
    await sigma.admin.updateIntegrationDestination(gcp.integrationId, 'gcs://acme-audit/moved/', false);
    const serviceAccount = (gcp.credentials as { serviceAccount: string }).serviceAccount;

    const result = await cli(['show', 'audit_gcp'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/destination: +gcs:\/\/acme-audit\/moved\/\n/);
    expect(result.stdout).toMatch(new RegExp(`service account: +${serviceAccount}\n`));
    expect(result.stdout).toContain('Linked scheduled exports (1):');
    const row = result.stdout.split('\n').find((line) => line.trimStart().startsWith('nightly'));
    expect(row?.trim().split(/\s{2,}/)).toEqual(['nightly', 'paused', 'integration_destination_changed', '0 2 * * *', exported.exportId]);
    expect(result.stdout).toContain("integration_destination_changed: paused because the integration's destination changed");

    const json = JSON.parse((await cli(['show', 'audit_gcp', '--json'], env())).stdout);
    expect(json.credentials).toEqual({ serviceAccount });
    expect(json.linkedExports).toEqual([
      {
        exportId: exported.exportId,
        name: 'nightly',
        status: 'paused',
        pausedReason: 'integration_destination_changed',
        schedule: '0 2 * * *',
        destination: 'gcs://acme-audit/sigma/',
      },
    ]);
  });

  test('azure: consent URL, multi-tenant app name, the name to search for and the app client id', async () => {
    const azure = await createReady(sigma.admin, {
      name: 'audit_azure',
      cloud: 'azure',
      destination: 'azure://acmeaudit.blob.core.windows.net/audit/sigma/',
      tenantId: TENANT_ID,
    });
    const credentials = azure.credentials as { consentUrl: string; multiTenantAppName: string };
    const searchName = credentials.multiTenantAppName.split('_')[0];
    const clientId = new URL(credentials.consentUrl).searchParams.get('client_id');
    expect(searchName.length).toBeGreaterThan(0);

    const result = await cli(['show', 'audit_azure'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`tenant id:    ${TENANT_ID}`);
    expect(result.stdout).toContain(credentials.consentUrl);
    expect(result.stdout).toMatch(new RegExp(`multi-tenant app name: +${credentials.multiTenantAppName}\n`));
    expect(result.stdout).toContain(`(search for "${searchName}")`);

    const json = JSON.parse((await cli(['show', 'audit_azure', '--json'], env())).stdout);
    expect(json.credentials).toEqual({
      consentUrl: credentials.consentUrl,
      multiTenantAppName: credentials.multiTenantAppName,
      appSearchName: searchName,
      appClientId: clientId,
    });
  });

  test('a pending integration: credentials are not available yet (null in JSON)', async () => {
    sigma.emulator.configure({ provisioningDelayMs: 60_000 });
    await sigma.admin.createIntegration({ name: 'slow', cloud: 'gcp', destination: 'gcs://acme-audit/slow/' });
    const result = await cli(['show', 'slow'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/status: +pending\n/);
    expect(result.stdout).toContain('not available yet: Sigma is still provisioning them');
    expect(JSON.parse((await cli(['show', 'slow', '--json'], env())).stdout).credentials).toBeNull();
  });

  test('names are found without regard to case', async () => {
    await twoIntegrations();
    const json = JSON.parse((await cli(['show', 'AUDIT_GCP', '--json'], env())).stdout);
    expect(json.name).toBe('audit_gcp');
  });

  test('an unknown name exits 3 with one line that names it and how to see the names', async () => {
    await twoIntegrations();
    const result = await cli(['show', 'audit_nope'], env());
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("Sigma has no audit-log storage integration named 'audit_nope'");
    expect(result.stderr).toContain('`sigma-audit-logs list`');
  });

  test('a missing name argument is a usage error (exit 2)', async () => {
    const result = await cli(['show'], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required argument 'name'");
  });
});

describe('credentials', () => {
  test.each([
    ['both missing', { SIGMA_CLIENT_ID: undefined, SIGMA_CLIENT_SECRET: undefined }, 'SIGMA_CLIENT_ID and SIGMA_CLIENT_SECRET are not set'],
    ['secret empty', { SIGMA_CLIENT_SECRET: '' }, 'SIGMA_CLIENT_SECRET is not set'],
  ])('%s: exit 4 naming the environment variables, before any request', async (_label, overrides, message) => {
    const before = sigma.emulator.requests().length;
    for (const args of [['list'], ['show', 'audit_gcp']]) {
      const result = await cli(args, env(overrides));
      expect(result.code).toBe(4);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
    expect(sigma.emulator.requests().length).toBe(before);
  });

  test('credentials of a non-Admin: exit 4 naming the account type', async () => {
    const result = await cli(['list'], env(VIEWER));
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('whose account type is `Viewer`');
  });

  test('refused credentials: exit 4 naming the client id, never the secret', async () => {
    const result = await cli(['list'], env({ SIGMA_CLIENT_SECRET: 'wrong-secret-4Fj9' }));
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('client id `admin`');
    expect(result.stderr).not.toContain('wrong-secret-4Fj9');
  });
});

describe('credentials under other variables (--client-id-env, --client-secret-env)', () => {
  // The default variables hold a Viewer's pair: a listing succeeds only with the named Admin pair.
  const named = { SIGMA_STAGING_CLIENT_ID: 'admin', SIGMA_STAGING_CLIENT_SECRET: ADMIN.SIGMA_CLIENT_SECRET, ...VIEWER };
  // SIGMA_API_URL reaches the default variables only: named ones go to the URL given with them.
  const options = () => ['--client-id-env', 'SIGMA_STAGING_CLIENT_ID', '--client-secret-env', 'SIGMA_STAGING_CLIENT_SECRET', '--api-url', sigma.proxy.url];

  test('without --api-url, SIGMA_API_URL is not applied to the named variables, and the warning says so', async () => {
    const result = await cli(['list', '--client-id-env', 'SIGMA_STAGING_CLIENT_ID', '--client-secret-env', 'SIGMA_STAGING_CLIENT_SECRET', '--api-url', 'http://127.0.0.1:9'], env(named));
    expect(result.stderr).not.toContain('SIGMA_API_URL is not applied');
    const implicit = await cli(['list', '--client-id-env', 'SIGMA_STAGING_CLIENT_ID', '--client-secret-env', 'SIGMA_STAGING_CLIENT_SECRET'], {
      ...env(named),
      SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '1',
    });
    expect(implicit.stderr).toContain('SIGMA_API_URL is not applied to the credentials read from SIGMA_STAGING_CLIENT_ID / SIGMA_STAGING_CLIENT_SECRET');
  }, 60_000);

  test('list and show read the client id and secret from the variables named', async () => {
    const { gcp } = await twoIntegrations();
    const listed = await cli(['list', '--json', ...options()], env(named));
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(2);
    const shown = await cli(['show', 'audit_gcp', '--json', ...options()], env(named));
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ integrationId: gcp.integrationId });
  });

  test('a named variable that is not set: exit 4 naming it, before any request', async () => {
    const before = sigma.emulator.requests().length;
    const result = await cli(['list', ...options()], env({ ...VIEWER, SIGMA_STAGING_CLIENT_ID: 'admin' }));
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: SIGMA_STAGING_CLIENT_SECRET is not set \(or empty\): /);
    expect(result.stderr).toContain('`export SIGMA_STAGING_CLIENT_SECRET=<client secret>`');
    expect(sigma.emulator.requests().length).toBe(before);
  });

  test('refused or non-Admin credentials are reported under the variables named', async () => {
    const refused = await cli(['list', ...options()], env({ ...named, SIGMA_STAGING_CLIENT_SECRET: 'staging-wrong-8Kd2' }));
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('read from the environment variables SIGMA_STAGING_CLIENT_ID and SIGMA_STAGING_CLIENT_SECRET');
    expect(refused.stderr).not.toMatch(/SIGMA_CLIENT_ID|staging-wrong-8Kd2/);
    const viewer = await cli(['list', ...options()], env({ ...ADMIN, SIGMA_STAGING_CLIENT_ID: 'viewer', SIGMA_STAGING_CLIENT_SECRET: VIEWER.SIGMA_CLIENT_SECRET }));
    expect(viewer.code).toBe(4);
    expect(viewer.stderr).toContain('(SIGMA_STAGING_CLIENT_ID / SIGMA_STAGING_CLIENT_SECRET)');
  });

  test('a name that is not a variable name is a usage error (exit 2), naming the option and an example', async () => {
    const before = sigma.emulator.requests().length;
    const result = await cli(['list', '--client-id-env', 'staging-id', '--client-secret-env', 'SIGMA_CLIENT_ID'], env(named));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --client-id-env "staging-id" is invalid: expected the name of an environment variable');
    expect(result.stderr).toContain('for example --client-id-env SIGMA_STAGING_CLIENT_ID --client-secret-env SIGMA_STAGING_CLIENT_SECRET');
    const same = await cli(['show', 'x', '--client-secret-env', 'SIGMA_CLIENT_ID'], env(named));
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("error: --client-secret-env \"SIGMA_CLIENT_ID\" is invalid: expected another variable than the client id's (SIGMA_CLIENT_ID)");
    expect(sigma.emulator.requests().length).toBe(before);
  });

  test('the help names the options and their defaults', async () => {
    const result = await cli(['list', '--help'], env());
    expect(result.stdout).toContain('--client-id-env <name>');
    expect(result.stdout).toContain('(default: "SIGMA_CLIENT_ID")');
    expect(result.stdout).toContain('--client-secret-env <name>');
  });
});

// Last, so that it sees the output of every test above.
describe('secrets', () => {
  test('no output above holds a client secret or an issued token', () => {
    expectNoSecretPrinted(sigma.proxy);
  });
});
