/**
 * Sigma's rules of an integration's fields, each applied alike by the constructs (at synth) and
 * the handler (in a spec).
 */
import { TerraformStack, Testing } from 'cdktf';
import { SigmaAuditLogStorageIntegration, StorageCloud } from '../../src';
import { CredentialsTimeoutError, SpecInvalidError, validateSpec } from '../../src/handler';
import { Rule } from '../../src/rules/rule';
import { CREDENTIALS_TIMEOUT_RULE, INTEGRATION_NAME_RULE, ROLE_ARN_RULE, TENANT_ID_RULE } from '../../src/rules/sigma';

const SPEC = {
  name: 'audit_logs_prod',
  cloud: 'gcp',
  destination: 'gcs://my-audit-logs/sigma/',
  apiUrl: 'https://aws-api.sigmacomputing.com',
  roleArn: '',
  tenantId: '',
  linkedExportsOnDestinationChange: 'pause',
  linkedExportsOnDelete: 'pause',
  credentialsTimeoutSeconds: 900,
};

describe.each<[string, Rule, unknown[], unknown[]]>([
  ['integration name', INTEGRATION_NAME_RULE, ['a', 'audit_logs-1', `a${'b'.repeat(62)}`], ['', '1a', 'a.b', `a${'b'.repeat(63)}`, 7]],
  ['role ARN', ROLE_ARN_RULE, ['arn:aws-us-gov:iam::123456789012:role/team/x'], ['arn:aws:iam::12345:role/x', 'arn:aws:iam::123456789012:user/x']],
  ['tenant id', TENANT_ID_RULE, ['72F988BF-86F1-41AF-91AB-2D7CD011DB47'], ['contoso.onmicrosoft.com', '72f988bf86f141af91ab2d7cd011db47']],
  ['credentials timeout', CREDENTIALS_TIMEOUT_RULE, [1, 900, 86_400], [0, -1, 1.5, 86_401, '900', undefined]],
])('the %s rule', (_name, rule, valid, invalid) => {
  test('accepts its own example', () => {
    // A number rule's example is written as the user writes it in a message: digits.
    expect(rule.test(rule === CREDENTIALS_TIMEOUT_RULE ? Number(rule.example) : rule.example)).toBe(true);
  });

  test('accepts valid values and refuses invalid ones', () => {
    expect(valid.filter((value) => !rule.test(value))).toEqual([]);
    expect(invalid.filter((value) => rule.test(value))).toEqual([]);
  });

  test('names what it expects', () => {
    expect(rule.expected.length).toBeGreaterThan(5);
  });
});

describe('credentialsTimeoutSeconds, at synth and in a spec', () => {
  const synthReports = (credentialsTimeoutSeconds: number): boolean => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    new SigmaAuditLogStorageIntegration(stack, 'Integration', { cloud: StorageCloud.GCP, destination: SPEC.destination, credentialsTimeoutSeconds });
    try {
      Testing.synth(stack, true);
      return false;
    } catch (error) {
      return /credentialsTimeoutSeconds .* is invalid: expected a whole number of seconds from 1 to 86400\. Example: 900/.test((error as Error).message);
    }
  };
  const specRefuses = (credentialsTimeoutSeconds: number | string): boolean => {
    try {
      validateSpec({ ...SPEC, credentialsTimeoutSeconds }, 'spec');
      return false;
    } catch (error) {
      if (!(error instanceof SpecInvalidError)) throw error;
      return error.message.includes('expected a whole number of seconds from 1 to 86400. Example: 900');
    }
  };

  test.each([0, 1, 900, 86_400, 86_401, 2.5])('%s is refused by both or by neither', (seconds) => {
    expect(specRefuses(seconds)).toBe(!CREDENTIALS_TIMEOUT_RULE.test(seconds));
    expect(synthReports(seconds)).toBe(!CREDENTIALS_TIMEOUT_RULE.test(seconds));
  });

  test('the data source query writes it as a string, which the spec reads as the number', () => {
    expect(specRefuses('86400')).toBe(false);
    expect(specRefuses('86401')).toBe(true);
  });

  test('the default is the one the rule names', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    new SigmaAuditLogStorageIntegration(stack, 'Integration', { cloud: StorageCloud.GCP, destination: SPEC.destination });
    expect(Testing.synth(stack)).toContain(`"credentialsTimeoutSeconds": "${CREDENTIALS_TIMEOUT_RULE.defaultSeconds}"`);
  });
});

test('a credentials timeout suggests raising the wait to a value the rule accepts', () => {
  for (const timeoutSeconds of [1, 60, 900, 50_000, 86_400]) {
    const message = new CredentialsTimeoutError('audit_logs_prod', 'id-1', timeoutSeconds, timeoutSeconds).message;
    const suggested = Number(/for example to (\d+)\./.exec(message)?.[1]);
    expect([timeoutSeconds, CREDENTIALS_TIMEOUT_RULE.test(suggested)]).toEqual([timeoutSeconds, true]);
    expect(suggested).toBeGreaterThanOrEqual(Math.min(timeoutSeconds * 2, CREDENTIALS_TIMEOUT_RULE.maxSeconds));
  }
});
