/**
 * The cloud names and the rule of the fields one cloud's integrations have alone (roleArn for
 * AWS, tenantId for Azure), which the constructs, the handler and the emulator all apply.
 */
import { TerraformStack, Testing } from 'cdktf';
import { SigmaAuditLogStorageIntegration, StorageCloud } from '../../src';
import { startEmulator } from '../../src/emulator';
import { SpecInvalidError, validateSpec } from '../../src/handler';
import { CLOUD_FIELDS, CLOUD_NAMES, CLOUD_RULE, CloudName, checkCloudFields, isCloudName } from '../../src/rules/cloud';
import { ROLE_ARN_RULE, TENANT_ID_RULE } from '../../src/rules/sigma';
import { call } from '../emulator/helpers';

const ROLE_ARN = ROLE_ARN_RULE.example;
const TENANT_ID = TENANT_ID_RULE.example;
const DESTINATIONS: Record<CloudName, string> = {
  aws: 's3://my-audit-logs/sigma/',
  azure: 'azure://myaccount.blob.core.windows.net/audit-logs/sigma/',
  gcp: 'gcs://my-audit-logs/sigma/',
};

describe('the cloud names', () => {
  test('are the values of the public StorageCloud enum, in its order', () => {
    expect(CLOUD_NAMES).toEqual([StorageCloud.AWS, StorageCloud.AZURE, StorageCloud.GCP]);
  });

  test('the cloud rule accepts exactly them, and names them and an example', () => {
    for (const cloud of CLOUD_NAMES) expect(CLOUD_RULE.test(cloud)).toBe(true);
    for (const other of ['AWS', 'gcs', 's3', '', undefined, 1]) expect(isCloudName(other)).toBe(false);
    expect(CLOUD_RULE.expected).toBe('one of aws, azure, gcp');
    expect(CLOUD_RULE.test(CLOUD_RULE.example)).toBe(true);
  });
});

describe('checkCloudFields', () => {
  test('each field belongs to one cloud, whose rule accepts its example', () => {
    expect(CLOUD_FIELDS.map((f) => [f.field, f.cloud])).toEqual([
      ['roleArn', 'aws'],
      ['tenantId', 'azure'],
    ]);
    for (const field of CLOUD_FIELDS) expect(field.rule.test(field.rule.example)).toBe(true);
  });

  test.each<[string, CloudName, { roleArn?: unknown; tenantId?: unknown }, Array<[string, string]>]>([
    ['aws with a role ARN', 'aws', { roleArn: ROLE_ARN }, []],
    ['azure with a tenant id', 'azure', { tenantId: TENANT_ID }, []],
    ['gcp with neither', 'gcp', {}, []],
    ['aws without a role ARN', 'aws', {}, [['roleArn', 'missing']]],
    ['azure without a tenant id', 'azure', {}, [['tenantId', 'missing']]],
    ['aws with a user ARN', 'aws', { roleArn: 'arn:aws:iam::123456789012:user/bob' }, [['roleArn', 'invalid']]],
    ['azure with a domain for a tenant id', 'azure', { tenantId: 'contoso.onmicrosoft.com' }, [['tenantId', 'invalid']]],
    ['aws with a number for a role ARN', 'aws', { roleArn: 42 }, [['roleArn', 'invalid']]],
    ['aws with a tenant id too', 'aws', { roleArn: ROLE_ARN, tenantId: TENANT_ID }, [['tenantId', 'refused']]],
    ['azure with a role ARN too', 'azure', { roleArn: ROLE_ARN, tenantId: TENANT_ID }, [['roleArn', 'refused']]],
    ['gcp with both', 'gcp', { roleArn: ROLE_ARN, tenantId: TENANT_ID }, [['roleArn', 'refused'], ['tenantId', 'refused']]],
    ['gcp with an empty role ARN (given, so refused)', 'gcp', { roleArn: '' }, [['roleArn', 'refused']]],
  ])('%s', (_label, cloud, values, expected) => {
    expect(checkCloudFields(cloud, values).map((p) => [p.field, p.kind])).toEqual(expected);
  });

  test('a problem names what is expected and gives an example: the rule of the field, or how to leave it out', () => {
    const [missing] = checkCloudFields('aws', {});
    expect(missing).toMatchObject({ expected: ROLE_ARN_RULE.expected, example: ROLE_ARN_RULE.example, owner: { label: 'AWS' } });
    const [refused] = checkCloudFields('gcp', { tenantId: TENANT_ID });
    expect(refused).toMatchObject({
      value: TENANT_ID,
      expected: 'no tenantId (a tenant id is for azure integrations only, this one is gcp)',
      example: 'omit tenantId',
    });
  });
});

/** The same declarations, judged by the three layers that apply the rule. */
describe('the constructs, the handler and the emulator refuse the same cloud fields', () => {
  const cases: Array<[CloudName, { roleArn?: string; tenantId?: string }]> = [];
  for (const cloud of CLOUD_NAMES) {
    for (const roleArn of [undefined, ROLE_ARN, 'arn:aws:iam::1234:role/r']) {
      for (const tenantId of [undefined, TENANT_ID, 'contoso']) cases.push([cloud, { roleArn, tenantId }]);
    }
  }
  const expected = (cloud: CloudName, values: { roleArn?: string; tenantId?: string }): string[] =>
    checkCloudFields(cloud, values).map((p) => p.field);

  test('at synth, the Sigma construct reports the fields the rule finds', () => {
    for (const [cloud, values] of cases) {
      const stack = new TerraformStack(Testing.app(), 'prod');
      new SigmaAuditLogStorageIntegration(stack, 'Integration', { cloud: cloud as StorageCloud, destination: DESTINATIONS[cloud], ...values });
      let report = '';
      try {
        Testing.synth(stack, true);
      } catch (error) {
        report = (error as Error).message;
      }
      const reported = ['roleArn', 'tenantId'].filter((field) => new RegExp(`Integration: ${field} `).test(report));
      expect([cloud, values, reported]).toEqual([cloud, values, expected(cloud, values)]);
    }
  });

  test('in a spec, the handler reports the fields the rule finds ("" standing for none)', () => {
    for (const [cloud, values] of cases) {
      const spec = {
        name: 'audit_logs_prod',
        cloud,
        destination: DESTINATIONS[cloud],
        apiUrl: 'https://aws-api.sigmacomputing.com',
        roleArn: values.roleArn ?? '',
        tenantId: values.tenantId ?? '',
        linkedExportsOnDestinationChange: 'pause',
        linkedExportsOnDelete: 'pause',
        credentialsTimeoutSeconds: 900,
      };
      let keys: string[] = [];
      try {
        validateSpec(spec, 'spec');
      } catch (error) {
        if (!(error instanceof SpecInvalidError)) throw error;
        keys = error.keys;
      }
      expect([cloud, values, keys]).toEqual([cloud, values, expected(cloud, values)]);
    }
  });

  test('in a create request, the emulator answers 400 naming the first field the rule finds', async () => {
    const emulator = await startEmulator({ seed: 3, provisioningDelayMs: 0 });
    try {
      const token = (
        await call(emulator.url, 'POST', '/v2/auth/token', {
          raw: { body: 'grant_type=client_credentials&client_id=admin&client_secret=admin-secret', contentType: 'application/x-www-form-urlencoded' },
        })
      ).body.access_token as string;
      let n = 0;
      for (const [cloud, values] of cases) {
        const body = { name: `case_${n++}`, cloud, destination: DESTINATIONS[cloud], ...values };
        const reply = await call(emulator.url, 'POST', '/v2/audit-logs/storage-integrations', { token, json: body });
        const [first] = expected(cloud, values);
        expect([cloud, values, reply.status, reply.body?.field]).toEqual([cloud, values, first === undefined ? 202 : 400, first]);
      }
    } finally {
      await emulator.close();
    }
  });
});
