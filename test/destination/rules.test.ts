import {
  DestinationError,
  checkAzureContainerName,
  checkAzureStorageAccountName,
  checkGcsBucketName,
  checkPathPrefix,
  checkS3BucketName,
} from '../../src/destination';

type Check = (value: string, field?: string) => DestinationError | undefined;

interface PartCase {
  readonly name: string;
  readonly check: Check;
  readonly defaultField: string;
  readonly example: string;
  readonly valid: string[];
  /** [value, fragment of what is expected]. */
  readonly invalid: Array<[string, string]>;
}

const parts: PartCase[] = [
  {
    name: 'checkS3BucketName',
    check: checkS3BucketName,
    defaultField: 'bucket',
    example: 'my-audit-logs',
    valid: ['abc', 'my-audit-logs', 'my.audit.logs', '0-1', 'a'.repeat(63), 'xn-bucket', 'bucket-s3'],
    invalid: [
      ['', 'it has 0 characters'],
      ['My-Bucket', 'upper-case'],
      ['a'.repeat(64), '3-63 characters'],
      ['a_b', '"_" is not allowed'],
      ['abc-', 'ends with "-"'],
      ['a..b', '".."'],
      ['10.0.0.1', 'IP address'],
      ['xn--abc', '"xn--"'],
      ['logs-s3alias', '"-s3alias"'],
    ],
  },
  {
    name: 'checkAzureStorageAccountName',
    check: checkAzureStorageAccountName,
    defaultField: 'account',
    example: 'myaccount',
    valid: ['abc', 'myaccount', 'a1'.repeat(12)],
    invalid: [
      ['ab', '3-24 characters of lower-case letters and digits'],
      ['a'.repeat(25), 'it has 25 characters'],
      ['MyAccount', 'upper-case'],
      ['my-account', '"-" is not allowed'],
    ],
  },
  {
    name: 'checkAzureContainerName',
    check: checkAzureContainerName,
    defaultField: 'container',
    example: 'audit-logs',
    valid: ['abc', 'audit-logs', '0-a-1', 'c'.repeat(63)],
    invalid: [
      ['ab', '3-63 characters'],
      ['Audit', 'upper-case'],
      ['-audit', 'starts with "-"'],
      ['audit-', 'must not end with a hyphen'],
      ['au--dit', 'two consecutive hyphens'],
      ['$web', '"$" is not allowed'],
    ],
  },
  {
    name: 'checkGcsBucketName',
    check: checkGcsBucketName,
    defaultField: 'bucket',
    example: 'my-audit-logs',
    valid: ['abc', 'my_audit-logs', 'my.audit.logs', `${'a'.repeat(63)}.${'b'.repeat(63)}`],
    invalid: [
      ['ab', '3-63 characters'],
      ['a'.repeat(64), 'it has 64 characters'],
      ['Logs', 'upper-case'],
      ['logs_', 'ends with "_"'],
      ['10.0.0.1', 'IP address'],
      ['googlogs', '"goog"'],
      ['logs-google', '"google"'],
      ['logs-g00gle', '"google"'],
    ],
  },
];

describe.each(parts)('$name', ({ check, defaultField, example, valid, invalid }) => {
  it.each(valid)('accepts %j', (value) => {
    expect(check(value)).toBeUndefined();
  });

  it.each(invalid)('returns (does not throw) an error for %j', (value, fragment) => {
    const error = check(value);
    expect(error).toBeInstanceOf(DestinationError);
    expect(error?.code).toBe('destination_invalid');
    expect(error?.field).toBe(defaultField);
    expect(error?.value).toBe(value);
    expect(error?.example).toBe(example);
    expect(error?.message).toContain(`${defaultField} ${JSON.stringify(value)} is invalid: `);
    expect(error?.message).toContain(fragment);
    expect(error?.message).toContain(`Example: ${example}`);
  });

  it('names the field it is given', () => {
    expect(check(invalid[0][0], 'props.storage')?.message).toMatch(/^props\.storage ".*" is invalid: /);
  });

  it('gives an example that it accepts', () => {
    expect(check(example)).toBeUndefined();
  });
});

describe('checkPathPrefix', () => {
  it.each(['', 'sigma', 'sigma/', 'sigma/audit', "a/B_c/d-e/f.g/h(1)!'=+", '.hidden/...'])('accepts %j for every cloud', (value) => {
    for (const cloud of ['aws', 'azure', 'gcp'] as const) {
      expect(checkPathPrefix(value, cloud)).toBeUndefined();
    }
  });

  it('calls the value a prefix for S3 and a folder for Azure and GCS', () => {
    expect(checkPathPrefix('/x', 'aws')?.field).toBe('prefix');
    expect(checkPathPrefix('/x', 'azure')?.field).toBe('folder');
    expect(checkPathPrefix('/x', 'gcp')?.field).toBe('folder');
    expect(checkPathPrefix('/x', 'gcp', 'props.folder')?.field).toBe('props.folder');
  });

  it.each([
    ['/sigma', 'must not start with "/"'],
    ['/', 'must not start with "/"'],
    ['a//b', '"//"'],
    ['a//', '"//"'],
    ['a/./b', '"." or ".."'],
    ['..', '"." or ".."'],
    ['logs/*', 'must not contain "*"'],
    ['logs/?', 'must not contain "?"'],
    ['${aws:userid}', 'must not contain "$"'],
    ['a b', 'must not contain " "'],
    ['a\nb', 'must not contain "\\n"'],
    ['x'.repeat(1025), 'at most 1024 bytes'],
  ])('refuses %j', (value, fragment) => {
    const error = checkPathPrefix(value, 'aws');
    expect(error).toBeInstanceOf(DestinationError);
    expect(error?.value).toBe(value);
    expect(error?.message).toContain(fragment);
    expect(error?.message).toContain('Example: sigma/audit');
  });

  it('explains why wildcards and policy variables are refused', () => {
    const message = checkPathPrefix('logs/*', 'aws')?.message ?? '';
    expect(message).toContain('IAM policy');
    expect(message).toContain('wildcards');
    expect(message).toContain('policy variable');
  });
});
