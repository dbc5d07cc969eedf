/**
 * Spec validation and the wait for credentials, in process (the child-process tests cover the
 * same code end to end; these pin the details of messages and timing cheaply).
 */
import type { Integration } from '../../src/client/contract';
import { SpecInvalidError } from '../../src/handler/errors';
import { EXIT_CODES, exitCodeFor } from '../../src/handler/exit-codes';
import { waitUntilReady } from '../../src/handler/operations';
import { validateLocateSpec, validateRemovalSpec, validateSpec } from '../../src/handler/validate';

const GCP = {
  name: 'audit_logs_prod',
  cloud: 'gcp',
  destination: 'gcs://acme-audit/sigma',
  apiUrl: 'https://aws-api.sigmacomputing.com',
  roleArn: '',
  tenantId: '',
  linkedExportsOnDestinationChange: 'pause',
  linkedExportsOnDelete: 'pause',
  credentialsTimeoutSeconds: 900,
};

function problemsOf(fn: () => unknown): SpecInvalidError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SpecInvalidError) return err;
    throw err;
  }
  throw new Error('expected a SpecInvalidError');
}

describe('validateSpec', () => {
  it('normalises the destination and accepts the data source query, where every value is a string', () => {
    const spec = validateSpec({ ...GCP, credentialsTimeoutSeconds: '900' }, 'the query on stdin');
    expect(spec.destination).toBe('gcs://acme-audit/sigma/');
    expect(spec.credentialsTimeoutSeconds).toBe(900);
  });

  it('reports every problem at once, each with the key, the value, what is expected and an example', () => {
    const error = problemsOf(() =>
      validateSpec({ ...GCP, name: 'has space', cloud: 'aws', linkedExportsOnDelete: 'keep', credentialsTimeoutSeconds: 1.5, apiUrl: 'http://sigma.example.com' }, 'SIGMA_AUDIT_LOGS_SPEC'),
    );
    expect(error.keys.sort()).toEqual(['apiUrl', 'credentialsTimeoutSeconds', 'destination', 'linkedExportsOnDelete', 'name', 'roleArn'].sort());
    expect(error.message).toContain('Invalid spec in SIGMA_AUDIT_LOGS_SPEC (6 problems)');
    expect(error.message).toContain('name "has space" is invalid: expected a letter');
    expect(error.message).toContain('Example: audit_logs_prod');
    expect(error.message).toContain('linkedExportsOnDelete "keep" is invalid: expected pause or delete. Example: pause');
    expect(error.message).toContain('apiUrl "http://sigma.example.com" is invalid: expected the https:// URL');
    expect(error.message).toMatch(/destination "gcs:\/\/acme-audit\/sigma" is invalid: .*Example: s3:\/\//);
    expect(exitCodeFor(error)).toBe(EXIT_CODES.usage);
  });

  it('refuses a role ARN or tenant id on a cloud that has none', () => {
    const error = problemsOf(() =>
      validateSpec({ ...GCP, roleArn: 'arn:aws:iam::123456789012:role/x', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, 'spec'),
    );
    expect(error.keys).toEqual(['roleArn', 'tenantId']);
    expect(error.message).toMatch(/for aws integrations only, this one is gcp/);
  });

  it.each([
    ['https://deployer:hunter2@aws-api.sigmacomputing.com', 'https://***@aws-api.sigmacomputing.com', 'carries a user name or password'],
    ['https://deployer:hunter2@aws api.sigmacomputing.com', 'https://***@aws api.sigmacomputing.com', 'is not a URL'],
    ['https://aws-api.sigmacomputing.com/?tenant=acme', 'https://aws-api.sigmacomputing.com/?tenant=acme', 'has a query or fragment'],
    ['https://aws-api.sigmacomputing.com/#v2', 'https://aws-api.sigmacomputing.com/#v2', 'has a query or fragment'],
  ])('refuses the apiUrl %s, shown as %s, as the construct does: %s', (apiUrl, shown, why) => {
    for (const validate of [validateSpec, validateLocateSpec]) {
      const error = problemsOf(() => validate({ ...GCP, apiUrl }, 'spec'));
      expect(error.keys).toEqual(['apiUrl']);
      expect(error.message).toContain(`apiUrl ${JSON.stringify(shown)} is invalid: expected the https:// URL`);
      expect(error.message).toContain(why);
      expect(error.message).toContain('Example: https://aws-api.sigmacomputing.com');
      expect(error.message).not.toMatch(/hunter2|deployer/);
    }
  });

  it('accepts a loopback http API URL (the emulator), in every form the client accepts', () => {
    for (const apiUrl of ['http://127.0.0.1:8080', 'http://127.1:8080', 'http://localhost.:8080', 'http://[::1]:8080']) {
      expect(validateSpec({ ...GCP, apiUrl }, 'spec').apiUrl).toBe(apiUrl);
    }
  });

  it('checks the credential variable names by the rule the constructs apply, reporting them with the other problems', () => {
    const error = problemsOf(() =>
      validateSpec({ ...GCP, name: 'has space', clientIdVariable: 'ACME-ID', clientSecretVariable: 'SIGMA_AUDIT_LOGS_SPEC' }, 'the query on stdin'),
    );
    expect(error.keys).toEqual(['name', 'clientIdVariable', 'clientSecretVariable']);
    expect(error.message).toContain(
      'clientIdVariable "ACME-ID" is invalid: expected the name of an environment variable: a letter or "_", then letters, digits or "_". Example: SIGMA_STAGING_CLIENT_ID',
    );
    expect(error.message).toContain('clientSecretVariable "SIGMA_AUDIT_LOGS_SPEC" is invalid: expected a variable other than SIGMA_API_URL');
    // One named variable and the default of the other must still be two variables.
    expect(problemsOf(() => validateLocateSpec({ ...GCP, clientIdVariable: 'SIGMA_CLIENT_SECRET' }, 'spec')).keys).toEqual(['clientSecretVariable']);
    expect(problemsOf(() => validateSpec({ ...GCP, clientIdVariable: 7 }, 'spec')).keys).toEqual(['clientIdVariable']);
  });

  it('keeps the credential variables named, and leaves them out when absent or empty (the defaults)', () => {
    const named = { clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' };
    expect(validateSpec({ ...GCP, ...named }, 'spec')).toMatchObject(named);
    expect(validateSpec({ ...GCP, clientIdVariable: '', clientSecretVariable: '' }, 'spec')).not.toHaveProperty('clientIdVariable');
    expect(validateSpec(GCP, 'spec')).not.toHaveProperty('clientSecretVariable');
  });

  it('validateRemovalSpec needs only the identity keys and the owned id, which it requires', () => {
    const identity = { name: 'a1', cloud: 'azure', apiUrl: GCP.apiUrl, roleArn: '', tenantId: '72F988BF-86F1-41AF-91AB-2D7CD011DB47', linkedExportsOnDelete: 'delete' };
    const owned = { ...identity, integrationId: '0b6c7d1e-0000-4000-8000-000000000001' };
    expect(validateRemovalSpec(owned, 'spec')).toEqual(owned);
    const named = { ...owned, clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' };
    expect(validateRemovalSpec(named, 'spec')).toEqual(named);
    expect(problemsOf(() => validateRemovalSpec({ ...owned, tenantId: '' }, 'spec')).keys).toEqual(['tenantId']);
    const withoutId = problemsOf(() => validateRemovalSpec({ ...identity, integrationId: '' }, 'spec'));
    expect(withoutId.keys).toEqual(['integrationId']);
    expect(withoutId.message).toContain('integrationId is missing (the id this stack owns, from its owner resource)');
    expect(problemsOf(() => validateRemovalSpec({ ...owned, integrationId: '../x' }, 'spec')).keys).toEqual(['integrationId']);
  });
});

describe('waitUntilReady', () => {
  const pending: Integration = {
    integrationId: 'id-1',
    name: 'slow',
    cloud: 'gcp',
    destination: 'gcs://b/f/',
    status: 'pending',
    credentials: null,
    createdAt: '',
    updatedAt: '',
    createdBy: 'm',
  };

  it('polls with a growing pause and writes a progress line at least every progressIntervalMs', async () => {
    const checks: number[] = [];
    const lines: Array<{ at: number; line: string }> = [];
    const started = Date.now();
    const client = {
      getIntegration: async () => {
        checks.push(Date.now() - started);
        return checks.length < 10 ? pending : { ...pending, status: 'ready' as const, credentials: { serviceAccount: 'a@b.iam.gserviceaccount.com' } };
      },
    };
    const log = { info: (line: string) => lines.push({ at: Date.now() - started, line }), warn: () => undefined };
    const ready = await waitUntilReady(client, pending, 30, log, { pollIntervalMs: 20, maxPollIntervalMs: 2000, progressIntervalMs: 60 });

    expect(ready.status).toBe('ready');
    expect(checks).toHaveLength(10);
    const gaps = checks.slice(1).map((at, i) => at - checks[i]);
    expect(Math.max(...gaps)).toBeGreaterThan(gaps[0]);
    expect(lines[0].line).toMatch(/'slow' \(id-1\): status pending, 0 s waited \(at most 30 s\)/);
    const lineGaps = lines.slice(1).map((l, i) => l.at - lines[i].at);
    expect(lines.length).toBeGreaterThan(1);
    // Without the cap, pauses would have grown past 500 ms by now.
    for (const gap of lineGaps) expect(gap).toBeLessThan(60 + 350);
  });

  it('stops at the timeout with a message naming the integration and the limit', async () => {
    const client = { getIntegration: async () => pending };
    await expect(waitUntilReady(client, pending, 1, { info: () => undefined, warn: () => undefined }, { pollIntervalMs: 50 })).rejects.toMatchObject({
      code: 'credentials_timeout',
      message: expect.stringMatching(/'slow' \(id-1\) is still pending after 1 s \(credentialsTimeoutSeconds is 1\)/),
    });
  });
});
