import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformVariable, Testing } from 'cdktf';
import { AwsAuditLogIntegration } from '../../src';
import { synthAws, validationErrors } from './helpers';

describe('AwsAuditLogIntegration validation', () => {
  test('every invalid AWS prop of an app is reported in one synth, with path, prop, value, expectation and example', () => {
    const longName = 'r'.repeat(65);
    const message = validationErrors((stack) => {
      new AwsAuditLogIntegration(stack, 'Bad', {
        bucketName: 'My_Bucket',
        prefix: '/logs',
        roleName: 'sigma audit logs',
        rolePath: 'sigma',
        permissionsBoundary: 'arn:aws:iam::12345:policy/boundary',
        kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/audit-logs',
      });
      new AwsAuditLogIntegration(stack, 'AlsoBad', {
        bucketName: 'my-audit-logs',
        prefix: 'logs/*',
        roleName: longName,
        rolePath: '/with space/',
        kmsKeyArn: 'my-key',
      });
    });
    for (const fragment of [
      'prod/Bad: bucketName "My_Bucket" is invalid',
      'my-audit-logs',
      'prod/Bad: prefix "/logs" is invalid',
      'sigma/audit',
      'prod/Bad: roleName "sigma audit logs" is invalid: expected an IAM role name',
      'Example: sigma-audit-logs',
      'prod/Bad: rolePath "sigma" is invalid: expected an IAM path',
      'Example: /sigma/',
      'prod/Bad: permissionsBoundary "arn:aws:iam::12345:policy/boundary" is invalid',
      'arn:aws:iam::123456789012:policy/platform-boundary',
      'prod/Bad: kmsKeyArn "arn:aws:kms:us-east-1:123456789012:alias/audit-logs" is invalid',
      'not an alias',
      'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'prod/AlsoBad: prefix "logs/*" is invalid',
      `prod/AlsoBad: roleName "${longName}" is invalid`,
      'prod/AlsoBad: rolePath "/with space/" is invalid',
      'prod/AlsoBad: kmsKeyArn "my-key" is invalid',
    ]) {
      expect(message).toContain(fragment);
    }
  });

  test('a missing bucket name (from untyped code) is named', () => {
    const message = validationErrors((stack) => {
      new AwsAuditLogIntegration(stack, 'NoBucket', {} as never);
    });
    expect(message).toContain('prod/NoBucket: bucketName is required');
  });

  test.each([
    ['a role path of several levels', { rolePath: '/platform/sigma/' }],
    ['a role name of 64 characters of every allowed kind', { roleName: `Ab0+=,.@_-${'x'.repeat(54)}` }],
    ['an AWS managed permissions boundary', { permissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }],
    ['a permissions boundary with a path', { permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundaries/platform' }],
    ['a multi-Region KMS key', { kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab' }],
    ['a KMS key of GovCloud', { kmsKeyArn: 'arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
    ['an empty prefix (the whole bucket)', { prefix: '' }],
  ])('accepts %s', (_name, props) => {
    expect(() => synthAws(props)).not.toThrow();
  });

  test('values Terraform computes are left to Terraform and the handler', () => {
    expect(() =>
      synthAws({}, (stack) => {
        const text = (name: string): string => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
        return {
          bucketName: new S3Bucket(stack, 'Bucket', {}).bucket,
          prefix: text('prefix'),
          roleName: text('roleName'),
          rolePath: text('rolePath'),
          permissionsBoundary: new IamPolicy(stack, 'Boundary', { policy: '{}' }).arn,
          kmsKeyArn: new KmsKey(stack, 'Key', {}).arn,
        };
      }),
    ).not.toThrow();
  });

  test('the app synthesizes with valid props', () => {
    const { stack } = synthAws({ prefix: 'sigma/audit', roleName: 'sigma-audit-logs', rolePath: '/sigma/' });
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });
});
