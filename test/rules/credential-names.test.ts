/**
 * A credential variable name that looks like a secret (the value given where its name belongs)
 * is refused, by the constructs at synth, by the handler's spec check and by the CLI, and the
 * value is never shown: only its length and why it looks like one.
 */
import { TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import { SigmaAuditLogStorageIntegration, SigmaCredentials, StorageCloud } from '../../src';
import { SpecInvalidError, validateSpec } from '../../src/handler';
import { credentialVariableProblems, secretLikeName } from '../../src/rules/credentials';

const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORDS = ['SIGMA', 'CLIENT', 'SECRET', 'ID', 'STAGING', 'PROD', 'PRODUCTION', 'US', 'EAST', 'EU', 'WEST', 'TEAM', 'DATA', 'AUDIT', 'LOGS', 'ORG', 'TF', 'VAR', 'CI', 'KEY', 'V2', 'SANDBOX'];

/** Secrets as API clients and token issuers hand them out. */
const secrets = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{16,64}$/),
  fc.stringMatching(/^[0-9A-F]{16,64}$/).filter((s) => /[0-9]/.test(s) && /[A-F]/.test(s)),
  fc.string({ unit: fc.constantFrom(...base62.split('')), minLength: 32, maxLength: 64 }),
  fc.uuid().map((u) => u.replace(/-/g, '')),
);

/** Names as people write them: words joined by `_`, upper- or lower-case, maybe a number at the end. */
const names = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 7 }), fc.option(fc.stringMatching(/^[0-9]{1,8}$/)), fc.boolean())
  .map(([words, number, lower]) => {
    const name = [...words, ...(number === null ? [] : [number])].join('_');
    return lower ? name.toLowerCase() : name;
  });

describe('secretLikeName', () => {
  test('finds every generated secret', () => {
    fc.assert(fc.property(secrets, (secret) => secretLikeName(secret) !== undefined));
  });

  test('passes names of words, upper- or lower-case', () => {
    fc.assert(fc.property(names, (name) => secretLikeName(name) === undefined));
  });

  test('never quotes the value in its reason or in the problem', () => {
    fc.assert(
      fc.property(secrets, (secret) => {
        const [problem] = credentialVariableProblems({ clientIdVariable: 'SIGMA_CLIENT_ID', clientSecretVariable: secret });
        const text = JSON.stringify(problem);
        return problem.key === 'clientSecretVariable' && !text.includes(secret) && problem.value === `(${secret.length} characters, not shown)`;
      }),
    );
  });
});

const SECRET = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

test('the construct refuses a secret given as a variable name at synth, showing its length only', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SigmaAuditLogStorageIntegration(stack, 'Audit', {
    cloud: StorageCloud.GCP,
    destination: 'gcs://my-audit-logs/sigma/',
    credentials: SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', SECRET),
  });
  let message = '';
  try {
    Testing.synth(stack, true);
  } catch (error) {
    message = String(error);
  }
  expect(message).toContain('credentials.clientSecretVariable "(64 characters, not shown)" is invalid');
  expect(message).toContain('looks like a secret (it is 64 lower-case hex digits, as keys and secrets are)');
  expect(message).not.toContain(SECRET);
});

test("the handler's spec check refuses it too, without the value", () => {
  const spec = {
    name: 'audit_logs_prod',
    cloud: 'gcp',
    destination: 'gcs://my-audit-logs/sigma/',
    apiUrl: 'https://aws-api.sigmacomputing.com',
    roleArn: '',
    tenantId: '',
    linkedExportsOnDestinationChange: 'pause',
    linkedExportsOnDelete: 'pause',
    credentialsTimeoutSeconds: 900,
    clientIdVariable: SECRET,
  };
  let error: unknown;
  try {
    validateSpec(spec, 'SIGMA_AUDIT_LOGS_SPEC');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SpecInvalidError);
  expect((error as Error).message).toContain('clientIdVariable "(64 characters, not shown)" is invalid');
  expect((error as Error).message).not.toContain(SECRET);
});
