import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformDataSource, TerraformOutput, TerraformResource, TerraformStack, Testing } from 'cdktf';
// Types of cdktf's jest matchers (set up at run time by test/setup.ts).
import { AwsAuditLogIntegration, SigmaApiUrl, SigmaCredentials } from '../../src';
import { ROLE_NAME_RULE } from '../../src/aws/rules';
import { ROLE_ARN_RULE } from '../../src/rules/sigma';
import { ACCOUNT, REFERENCE_VALUES, only, synthAws } from './helpers';

/** The Terraform address of a resource or data source (`aws_iam_role.X`, `data.aws_partition.Y`). */
function address(element: TerraformResource | TerraformDataSource): string {
  const base = `${element.terraformResourceType}.${element.friendlyUniqueId}`;
  return element instanceof TerraformDataSource ? `data.${base}` : base;
}

/** Every resource and data source declared under the construct (the Sigma integration's too). */
function elementsOf(construct: AwsAuditLogIntegration): Array<TerraformResource | TerraformDataSource> {
  return construct.node
    .findAll()
    .filter((c): c is TerraformResource | TerraformDataSource => c instanceof TerraformResource || c instanceof TerraformDataSource);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function blockOf(json: any, element: TerraformResource | TerraformDataSource): any {
  const group = element instanceof TerraformDataSource ? json.data : json.resource;
  return group?.[element.terraformResourceType]?.[element.friendlyUniqueId];
}

describe('AwsAuditLogIntegration resources', () => {
  const { construct, stack, json } = synthAws({ prefix: 'sigma/audit', integrationName: 'audit_logs_prod' });
  const synthesized = Testing.synth(stack);
  const partition = address(construct.partition);
  const caller = address(construct.callerIdentity);

  test('declares the access policy, the role, their attachment and the reads of partition and account', () => {
    expect(synthesized).toHaveResourceWithProperties(IamPolicy, { name: construct.roleName, path: '/' });
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: construct.roleName, path: '/' });
    expect(synthesized).toHaveResourceWithProperties(
      IamRolePolicyAttachment,
      { role: `\${${address(construct.role)}.name}`, policy_arn: `\${${address(construct.policy)}.arn}` },
    );
    expect(synthesized).toHaveDataSource(DataAwsPartition);
    expect(synthesized).toHaveDataSource(DataAwsCallerIdentity);
    expect(only(json.resource.aws_iam_role, 'AuditLogs').permissions_boundary).toBeUndefined();
  });

  test('creates an AWS integration for s3://<bucket>/<prefix>/ with the role ARN', () => {
    expect(construct.integration.cloud).toBe('aws');
    expect(construct.integration.integrationName).toBe('audit_logs_prod');
    expect(construct.destination).toBe('s3://my-audit-logs/sigma/audit/');
    const settings = blockOf(json, construct.integration.settings);
    expect(settings.triggers_replace.destination).toBe('s3://my-audit-logs/sigma/audit/');
  });

  test('the role ARN is computed from the partition and account, not read from the role', () => {
    const expected = `arn:\${${partition}.partition}:iam::\${${caller}.account_id}:role/${construct.roleName}`;
    const identity = blockOf(json, construct.integration.identity);
    expect(identity.triggers_replace.roleArn).toBe(expected);
    expect(identity.triggers_replace.roleArn).not.toContain('aws_iam_role');
    const concrete = REFERENCE_VALUES.reduce((arn, [pattern, value]) => arn.replace(new RegExp(`\\$\\{${pattern.source}\\}`), value), expected);
    expect(concrete).toBe(`arn:aws:iam::${ACCOUNT}:role/${construct.roleName}`);
    expect(concrete).toMatch(ROLE_ARN_RULE.pattern);
  });

  test('the trust policy reads the IAM user and external id from the integration\'s credentials', () => {
    const credentials = address(construct.integration.credentials);
    const trust: string = only(json.resource.aws_iam_role, 'AuditLogs').assume_role_policy;
    expect(trust).toContain(`"AWS" = ${credentials}.result["aws_iam_user_arn"]`);
    expect(trust).toContain(`"sts:ExternalId" = ${credentials}.result["aws_external_id"]`);
    expect(trust).toContain('"Action" = ["sts:AssumeRole"]');
  });

  test('the public documents are the deployed ones', () => {
    const output = new TerraformOutput(stack, 'Documents', { value: { trust: construct.trustPolicy, access: construct.accessPolicy } });
    const out = JSON.parse(Testing.synth(stack)).output[output.friendlyUniqueId].value;
    expect(out.trust).toBe(only(json.resource.aws_iam_role, 'AuditLogs').assume_role_policy);
    expect(out.access).toBe(only(json.resource.aws_iam_policy, 'AuditLogs').policy);
  });
});

describe('AwsAuditLogIntegration settings', () => {
  test('a role name, path and permissions boundary are applied to the role and the role ARN', () => {
    const boundary = 'arn:aws:iam::123456789012:policy/platform-boundary';
    const { construct, json } = synthAws({ roleName: 'sigma-export', rolePath: '/sigma/exports/', permissionsBoundary: boundary });
    const role = only(json.resource.aws_iam_role, 'AuditLogs');
    expect(role).toMatchObject({ name: 'sigma-export', path: '/sigma/exports/', permissions_boundary: boundary });
    expect(only(json.resource.aws_iam_policy, 'AuditLogs')).toMatchObject({ name: 'sigma-export', path: '/sigma/exports/' });
    expect(blockOf(json, construct.integration.identity).triggers_replace.roleArn).toMatch(/:role\/sigma\/exports\/sigma-export$/);
  });

  test('a trailing "/" of the prefix is optional', () => {
    const withSlash = synthAws({ prefix: 'sigma/audit/' });
    const without = synthAws({ prefix: 'sigma/audit' });
    expect(withSlash.construct.destination).toBe(without.construct.destination);
    expect(only(withSlash.json.resource.aws_iam_policy, 'AuditLogs').policy).toBe(
      only(without.json.resource.aws_iam_policy, 'AuditLogs').policy,
    );
  });

  test('no prefix: the destination is the bucket root', () => {
    expect(synthAws({}).construct.destination).toBe('s3://my-audit-logs/');
  });

  test('Sigma options reach the integration', () => {
    const { construct, json } = synthAws({ apiUrl: SigmaApiUrl.AWS_EUROPE, credentialsTimeoutSeconds: 60 });
    const identity = blockOf(json, construct.integration.identity);
    expect(identity.triggers_replace.apiUrl).toBe(SigmaApiUrl.AWS_EUROPE);
    expect(blockOf(json, construct.integration.credentials).query.credentialsTimeoutSeconds).toBe('60');
  });

  test('the credential variables reach the integration (its data source query and identity input)', () => {
    const credentials = SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET');
    const { construct, json } = synthAws({ credentials });
    const named = { clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' };
    expect(blockOf(json, construct.integration.credentials).query).toMatchObject(named);
    expect(blockOf(json, construct.integration.identity).input).toMatchObject(named);
  });
});

describe('default role name', () => {
  test('is a valid IAM role name, stable across synths and distinct per construct path', () => {
    const first = synthAws({}).construct.roleName;
    expect(synthAws({}).construct.roleName).toBe(first);
    expect(first).toMatch(/^sigma-audit-logs-[0-9a-f]{8}$/);
    expect(first).toMatch(ROLE_NAME_RULE.pattern);

    const app = Testing.app();
    const names = ['prod', 'staging'].flatMap((stackId) => {
      const stack = new TerraformStack(app, stackId);
      return ['AuditLogs', 'Other'].map((id) => new AwsAuditLogIntegration(stack, id, { bucketName: 'my-audit-logs' }).roleName);
    });
    expect(new Set([first, ...names]).size).toBe(4);
  });
});

describe('values Terraform computes', () => {
  test('a bucket and a KMS key created in the same stack can be used', () => {
    let bucket: S3Bucket | undefined;
    let key: KmsKey | undefined;
    const { construct, json } = synthAws({ prefix: 'sigma' }, (stack) => {
      bucket = new S3Bucket(stack, 'Bucket', { bucketPrefix: 'audit-logs-' });
      key = new KmsKey(stack, 'Key', {});
      return { bucketName: bucket.bucket, kmsKeyArn: key.arn };
    });
    const bucketRef = `\${${address(bucket!)}.bucket}`;
    expect(blockOf(json, construct.integration.settings).triggers_replace.destination).toBe(`s3://${bucketRef}/sigma/`);
    const policy: string = only(json.resource.aws_iam_policy, 'AuditLogs').policy;
    expect(policy).toContain(`s3:::${bucketRef}/sigma/*`);
    expect(policy).toContain(`"Resource" = [${address(key!)}.arn]`);
  });
});

describe('enabled: false', () => {
  test('every resource and data source has count = 0, and none is referred to but by instance', () => {
    const { construct, json } = synthAws({ enabled: false, prefix: 'sigma' });
    const elements = elementsOf(construct);
    expect(elements.map((e) => e.terraformResourceType).sort()).toEqual(
      [
        'aws_caller_identity',
        'aws_iam_policy',
        'aws_iam_role',
        'aws_iam_role_policy_attachment',
        'aws_partition',
        ...['external', 'external', 'external'],
        ...['terraform_data', 'terraform_data', 'terraform_data', 'terraform_data', 'terraform_data'],
      ].sort(),
    );
    const text = JSON.stringify(json);
    for (const element of elements) {
      expect(blockOf(json, element).count).toBe(0);
      // `type.name.attribute` is refused by Terraform for a resource with count; `type.name[0]` is not.
      expect(text).not.toContain(`${address(element)}.`);
    }
    expect(construct.roleArn).toBe('');
    expect(construct.trustPolicy).toBe('');
    expect(construct.accessPolicy).toBe('');
  });

  test('when enabled, no resource has a count', () => {
    const { construct, json } = synthAws({});
    for (const element of elementsOf(construct)) {
      expect(blockOf(json, element).count).toBeUndefined();
    }
  });
});
