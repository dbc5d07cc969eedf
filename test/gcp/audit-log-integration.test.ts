import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
// cdktf's jest matchers (registered in test/setup.ts): their types.
import type {} from 'cdktf/lib/testing/adapters/jest';
import { AzureAuditLogIntegration, GcsAuditLogIntegration, GcsAuditLogIntegrationProps, SigmaCredentials } from '../../src';
import { synthErrors } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON, read field by field
type Json = Record<string, any>;

const ROLE_ID_PATTERN = /^[A-Za-z0-9_.]{3,64}$/;

function newStack(id = 'stack'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new GoogleProvider(stack, 'google', { project: 'audit-project' });
  return stack;
}

function build(props: Partial<GcsAuditLogIntegrationProps> = {}, stack = newStack(), id = 'AuditLogs'): { stack: TerraformStack; json: Json } {
  new GcsAuditLogIntegration(stack, id, { bucketName: 'audit-bucket', project: 'audit-project', folder: 'sigma', ...props });
  return { stack, json: JSON.parse(Testing.synth(stack, true)) };
}

function onlyEntry(group: Json | undefined): [string, Json] {
  const entries = Object.entries(group ?? {});
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Json];
}

describe('GcsAuditLogIntegration', () => {
  test('the custom role grants exactly the four permissions the exporter needs', () => {
    const { json } = build();
    const [, role] = onlyEntry(json.resource.google_project_iam_custom_role);
    expect([...role.permissions].sort()).toEqual(
      ['storage.buckets.get', 'storage.objects.create', 'storage.objects.delete', 'storage.objects.list'],
    );
    expect(role.project).toBe('audit-project');
  });

  test("the bucket binding gives the custom role to the integration's service account", () => {
    const { stack, json } = build();
    const [credentials] = onlyEntry(pick(json.data.external, /_Credentials_/));
    const [role] = onlyEntry(json.resource.google_project_iam_custom_role);
    expect(Testing.synth(stack)).toHaveResourceWithProperties(StorageBucketIamMember, {
      bucket: 'audit-bucket',
      role: `\${google_project_iam_custom_role.${role}.name}`,
      member: `serviceAccount:\${data.external.${credentials}.result["gcp_service_account"]}`,
    });
    const [, integration] = onlyEntry(pick(json.data.external, /_Destination_/));
    expect(integration.query.cloud).toBe('gcp');
    expect(integration.query.destination).toBe('gcs://audit-bucket/sigma/');
  });

  test('the default role id is a stable prefix plus a suffix drawn once per creation and ignored on later plans', () => {
    const { json } = build();
    const [suffixName, suffix] = onlyEntry(pick(json.resource.terraform_data, /RoleIdSuffix/));
    expect(suffix.input).toBe('${substr(replace(uuid(), "-", ""), 0, 8)}');
    expect(suffix.lifecycle).toEqual({ ignore_changes: ['input'] });
    const [, role] = onlyEntry(json.resource.google_project_iam_custom_role);
    const reference = `\${terraform_data.${suffixName}.output}`;
    expect(role.role_id.endsWith(`_${reference}`)).toBe(true);
    const prefix = role.role_id.slice(0, -reference.length - 1);
    expect(`${prefix}_0123abcd`).toMatch(ROLE_ID_PATTERN);

    // Same construct path, same prefix (only the suffix differs between creations).
    const again = build().json;
    expect(onlyEntry(again.resource.google_project_iam_custom_role)[1].role_id).toBe(role.role_id);
    // Another path, another prefix: two integrations never share a role.
    const other = build({}, newStack('other-stack')).json;
    expect(onlyEntry(other.resource.google_project_iam_custom_role)[1].role_id).not.toBe(role.role_id);
  });

  test('the default role id stays within 64 characters for a long construct path', () => {
    const { json } = build({}, newStack('a-very-long-stack-name-for-the-production-audit-logs'), 'AuditLogsOfTheWholeOrganizationKeptForSevenYears');
    const [suffixName] = onlyEntry(pick(json.resource.terraform_data, /RoleIdSuffix/));
    const [, role] = onlyEntry(json.resource.google_project_iam_custom_role);
    const resolved = role.role_id.replace(`\${terraform_data.${suffixName}.output}`, 'abcdef01');
    expect(resolved).toMatch(ROLE_ID_PATTERN);
    expect(resolved).toMatch(/^sigma_audit_logs_a_very_long/);
  });

  test('an explicit customRoleId is used as is, with no suffix resource', () => {
    const { stack, json } = build({ customRoleId: 'sigmaAuditLogWriter' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ProjectIamCustomRole, { role_id: 'sigmaAuditLogWriter' });
    expect(Object.keys(pick(json.resource.terraform_data, /RoleIdSuffix/))).toHaveLength(0);
  });

  test('a bucket created in the same stack: destination and binding follow its name', () => {
    const stack = newStack();
    const bucket = new StorageBucket(stack, 'Bucket', { name: 'audit-bucket', location: 'US', uniformBucketLevelAccess: true });
    const { json } = build({ bucketName: bucket.name, folder: undefined }, stack);
    expect(onlyEntry(pick(json.data.external, /_Destination_/))[1].query.destination).toBe('gcs://${google_storage_bucket.Bucket.name}/');
    expect(onlyEntry(json.resource.google_storage_bucket_iam_member)[1].bucket).toBe('${google_storage_bucket.Bucket.name}');
  });

  test('enabled: false gives every resource and data source count 0, and nothing references them', () => {
    const { json } = build({ enabled: false });
    const addresses: string[] = [];
    for (const [kind, prefix] of [['resource', ''], ['data', 'data.']] as const) {
      for (const [type, items] of Object.entries(json[kind] as Json)) {
        for (const [name, item] of Object.entries(items as Json)) {
          const address = `${prefix}${type}.${name}`;
          expect({ address, count: (item as Json).count }).toEqual({ address, count: 0 });
          addresses.push(address);
        }
      }
    }
    expect(addresses).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^google_project_iam_custom_role\./),
        expect.stringMatching(/^google_storage_bucket_iam_member\./),
        expect.stringMatching(/^terraform_data\..*RoleIdSuffix/),
      ]),
    );
    const text = JSON.stringify(json);
    for (const address of addresses) {
      expect(text).not.toContain(`${address}.`);
    }
  });

  test('the credential variables reach the Sigma integration', () => {
    const credentials = SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET');
    // Every data source: the locate read, the credentials read and the destination check.
    const sources = Object.values(build({ credentials }).json.data.external as Json) as Json[];
    expect(sources).toHaveLength(3);
    for (const source of sources) {
      expect(source.query).toMatchObject({ clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' });
    }
  });

  test('every invalid prop is reported in one synth, naming the path, prop, value and an example', () => {
    const stack = newStack();
    new GcsAuditLogIntegration(stack, 'Bad', { bucketName: 'Audit Bucket', folder: 'sigma//audit', project: 'Audit-', customRoleId: 'sigma-writer' });
    new GcsAuditLogIntegration(stack, 'ShortRole', { bucketName: 'audit-bucket', project: 'audit-project', customRoleId: 'ab' });
    const message = synthErrors(stack);
    const expected = [
      'stack/Bad: bucketName "Audit Bucket" is invalid',
      'stack/Bad: folder "sigma//audit" is invalid',
      'stack/Bad: project "Audit-" is invalid',
      'stack/Bad: customRoleId "sigma-writer" is invalid',
      'stack/ShortRole: customRoleId "ab" is invalid',
    ];
    for (const text of expected) {
      expect(message).toContain(text);
    }
    const lines = message.split('\n').filter((line) => line.trim().startsWith('[stack/'));
    expect(lines).toHaveLength(expected.length);
    for (const line of lines) {
      expect(line).toMatch(/Example: \S+/);
    }
  });

  test('project ids follow the GCP rules: a valid id passes, an invalid one is reported with its value, the rule and an example', () => {
    const stackWith = (project: string): TerraformStack => {
      const stack = newStack();
      new GcsAuditLogIntegration(stack, 'AuditLogs', { bucketName: 'audit-bucket', project });
      return stack;
    };
    for (const project of ['audit-project', 'a12345', 'a'.repeat(30), 'my-prod-1']) {
      expect(() => Testing.synth(stackWith(project), true)).not.toThrow();
    }
    const invalid = ['a1234', 'a'.repeat(31), '1audit-project', 'audit-project-', 'Audit-project', 'audit_project'];
    const reports = invalid.map((project) => synthErrors(stackWith(project)).split('\n').filter((line) => line.trim().startsWith('[stack/')));
    expect(reports).toEqual(
      invalid.map((project) => [
        expect.stringContaining(
          `stack/AuditLogs: project ${JSON.stringify(project)} is invalid: expected a GCP project id: 6-30 lower-case letters, digits and hyphens, ` +
            'starting with a letter and not ending with a hyphen. Example: my-audit-project',
        ),
      ]),
    );
  });

  test('values Terraform computes are not checked at synth', () => {
    const stack = newStack();
    const value = (name: string): string => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
    new GcsAuditLogIntegration(stack, 'AuditLogs', {
      bucketName: value('bucket'),
      folder: value('folder'),
      project: value('project'),
      customRoleId: value('role'),
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('invalid props of an Azure and a GCS integration in one app are all reported by one synth', () => {
    const stack = newStack();
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new AzureAuditLogIntegration(stack, 'Azure', { storageAccountName: 'Bad_Name', resourceGroupName: 'audit', containerName: 'logs', tenantId: 'x' });
    new GcsAuditLogIntegration(stack, 'Gcs', { bucketName: 'audit-bucket', project: 'p', integrationName: '1-not-a-name' });
    const message = synthErrors(stack);
    expect(message).toContain('stack/Azure: storageAccountName "Bad_Name" is invalid');
    expect(message).toContain('stack/Azure: tenantId "x" is invalid');
    expect(message).toContain('stack/Gcs: project "p" is invalid');
    expect(message).toContain('stack/Gcs/Integration: integrationName "1-not-a-name" is invalid');
  });
});

/** The entries of a resource group whose name matches. */
function pick(group: Json | undefined, name: RegExp): Json {
  return Object.fromEntries(Object.entries(group ?? {}).filter(([key]) => name.test(key)));
}
