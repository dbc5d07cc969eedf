import {
  CloudName,
  DestinationError,
  ParsedDestination,
  azureDestination,
  formatDestination,
  gcsDestination,
  normalizeDestination,
  parseDestination,
  s3Destination,
} from '../../src/destination';

const S3_EXAMPLE = 's3://my-audit-logs/sigma/';
const AZURE_EXAMPLE = 'azure://myaccount.blob.core.windows.net/audit-logs/sigma/';
const GCS_EXAMPLE = 'gcs://my-audit-logs/sigma/';

/** Runs `fn`, which must throw a DestinationError, and returns it. */
function destinationErrorOf(fn: () => unknown): DestinationError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(DestinationError);
  return thrown as DestinationError;
}

/** How a message shows a value: quoted, escaped, long values cut. */
function shown(value: string): string {
  return value.length <= 200 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 200))}... (${value.length} characters in all)`;
}

describe('parseDestination: valid destinations', () => {
  const aws: Array<[string, { bucket: string; prefix: string; url: string }]> = [
    ['s3://my-audit-logs', { bucket: 'my-audit-logs', prefix: '', url: 's3://my-audit-logs/' }],
    ['s3://my-audit-logs/', { bucket: 'my-audit-logs', prefix: '', url: 's3://my-audit-logs/' }],
    ['s3://my-audit-logs/sigma', { bucket: 'my-audit-logs', prefix: 'sigma', url: 's3://my-audit-logs/sigma/' }],
    ['S3://my-audit-logs/sigma/', { bucket: 'my-audit-logs', prefix: 'sigma', url: 's3://my-audit-logs/sigma/' }],
    ['s3://my.audit.logs/a/b/c/', { bucket: 'my.audit.logs', prefix: 'a/b/c', url: 's3://my.audit.logs/a/b/c/' }],
    ['s3://abc/Logs_2024', { bucket: 'abc', prefix: 'Logs_2024', url: 's3://abc/Logs_2024/' }],
    ["s3://abc/x(1)!'=+-.v1/", { bucket: 'abc', prefix: "x(1)!'=+-.v1", url: "s3://abc/x(1)!'=+-.v1/" }],
    ['s3://abc/.hidden/..x/', { bucket: 'abc', prefix: '.hidden/..x', url: 's3://abc/.hidden/..x/' }],
    [`s3://${'a'.repeat(63)}/`, { bucket: 'a'.repeat(63), prefix: '', url: `s3://${'a'.repeat(63)}/` }],
    ['s3://1-2/', { bucket: '1-2', prefix: '', url: 's3://1-2/' }],
  ];
  it.each(aws)('%s', (input, expected) => {
    expect(parseDestination(input)).toEqual({ cloud: 'aws', ...expected });
    expect(parseDestination(input, 'aws')).toEqual({ cloud: 'aws', ...expected });
    expect(normalizeDestination(input)).toBe(expected.url);
  });

  const host = 'myaccount.blob.core.windows.net';
  const azure: Array<[string, { account: string; container: string; folder: string; url: string }]> = [
    [`azure://${host}/audit-logs`, { account: 'myaccount', container: 'audit-logs', folder: '', url: `azure://${host}/audit-logs/` }],
    [`azure://${host}/audit-logs/`, { account: 'myaccount', container: 'audit-logs', folder: '', url: `azure://${host}/audit-logs/` }],
    [
      'AZURE://MyAccount.BLOB.Core.Windows.NET/audit-logs/Sigma/x/',
      { account: 'myaccount', container: 'audit-logs', folder: 'Sigma/x', url: `azure://${host}/audit-logs/Sigma/x/` },
    ],
    ['azure://abc.blob.core.windows.net/a1b', { account: 'abc', container: 'a1b', folder: '', url: 'azure://abc.blob.core.windows.net/a1b/' }],
    [
      `azure://${'a1'.repeat(12)}.blob.core.windows.net/${'c'.repeat(63)}/f`,
      {
        account: 'a1'.repeat(12),
        container: 'c'.repeat(63),
        folder: 'f',
        url: `azure://${'a1'.repeat(12)}.blob.core.windows.net/${'c'.repeat(63)}/f/`,
      },
    ],
    [`azure://${host}/0-a-b/x.y`, { account: 'myaccount', container: '0-a-b', folder: 'x.y', url: `azure://${host}/0-a-b/x.y/` }],
  ];
  it.each(azure)('%s', (input, expected) => {
    expect(parseDestination(input)).toEqual({ cloud: 'azure', ...expected });
    expect(parseDestination(input, 'azure')).toEqual({ cloud: 'azure', ...expected });
    expect(normalizeDestination(input)).toBe(expected.url);
  });

  const dotted = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}`;
  const gcp: Array<[string, { bucket: string; folder: string; url: string }]> = [
    ['gcs://my-audit-logs', { bucket: 'my-audit-logs', folder: '', url: 'gcs://my-audit-logs/' }],
    ['gcs://my-audit-logs/sigma', { bucket: 'my-audit-logs', folder: 'sigma', url: 'gcs://my-audit-logs/sigma/' }],
    ['Gcs://my_audit.logs/a/b/', { bucket: 'my_audit.logs', folder: 'a/b', url: 'gcs://my_audit.logs/a/b/' }],
    // A trailing '/' says "folder", even when the name looks like a file's.
    ['gcs://my-audit-logs/logs.v2/', { bucket: 'my-audit-logs', folder: 'logs.v2', url: 'gcs://my-audit-logs/logs.v2/' }],
    ['gcs://my-audit-logs/sigma/archive', { bucket: 'my-audit-logs', folder: 'sigma/archive', url: 'gcs://my-audit-logs/sigma/archive/' }],
    ['gcs://my-audit-logs/2024.archive-folder', { bucket: 'my-audit-logs', folder: '2024.archive-folder', url: 'gcs://my-audit-logs/2024.archive-folder/' }],
    [`gcs://${dotted}/x/`, { bucket: dotted, folder: 'x', url: `gcs://${dotted}/x/` }],
  ];
  it.each(gcp)('%s', (input, expected) => {
    expect(parseDestination(input)).toEqual({ cloud: 'gcp', ...expected });
    expect(parseDestination(input, 'gcp')).toEqual({ cloud: 'gcp', ...expected });
    expect(normalizeDestination(input)).toBe(expected.url);
  });

  it('accepts a prefix of exactly 1024 bytes', () => {
    const prefix = `${'a'.repeat(511)}/${'b'.repeat(512)}`;
    expect(parseDestination(`s3://my-audit-logs/${prefix}/`)).toMatchObject({ prefix });
  });

  it('accepts every example it gives in its messages', () => {
    for (const example of [S3_EXAMPLE, AZURE_EXAMPLE, GCS_EXAMPLE]) {
      expect(normalizeDestination(example)).toBe(example);
    }
  });
});

describe('parseDestination: invalid destinations', () => {
  /** [input, expected cloud, fragments the message must contain (what is expected), example]. */
  type Case = [string, CloudName | undefined, string[], string];
  const forms = ['s3://<bucket>/<prefix>/', 'azure://<account>.blob.core.windows.net/<container>/<folder>/', 'gcs://<bucket>/<folder>/'];
  const iamRule = ['only ASCII letters, digits and', 'IAM policy', 'wildcards'];

  const general: Case[] = [
    ['', undefined, ['is empty', ...forms], S3_EXAMPLE],
    ['', 'gcp', ['is empty', 'gcs://<bucket>/<folder>/'], GCS_EXAMPLE],
    [' s3://my-audit-logs/', undefined, ['whitespace', 'not trimmed'], S3_EXAMPLE],
    ['s3://my-audit-logs/\n', 'aws', ['whitespace'], S3_EXAMPLE],
    ['\tgcs://my-audit-logs/', 'gcp', ['whitespace'], GCS_EXAMPLE],
    ['ftp://host/x', undefined, forms, S3_EXAMPLE],
    ['my-audit-logs/sigma', undefined, forms, S3_EXAMPLE],
    ['s3:/my-audit-logs', 'aws', ['s3://<bucket>/<prefix>/'], S3_EXAMPLE],
    ['s3:my-audit-logs', undefined, forms, S3_EXAMPLE],
    ['gcs://my-audit-logs/', 'aws', ['Google Cloud Storage destination', 'Amazon S3 destination', 'starts with s3://'], S3_EXAMPLE],
    ['s3://my-audit-logs/', 'azure', ['Amazon S3 destination', 'Azure Blob Storage destination', 'starts with azure://'], AZURE_EXAMPLE],
    ['s3://my-audit-logs/', 'gcp', ['starts with gcs://'], GCS_EXAMPLE],
    [AZURE_EXAMPLE, 'aws', ['starts with s3://'], S3_EXAMPLE],
  ];

  const otherSpellings: Case[] = [
    ['gs://my-audit-logs/sigma', undefined, ['gcs://', 'not gs://', 'the equivalent destination is gcs://my-audit-logs/sigma/'], GCS_EXAMPLE],
    ['GS://my-audit-logs', 'gcp', ['the equivalent destination is gcs://my-audit-logs/'], GCS_EXAMPLE],
    [
      'https://myaccount.blob.core.windows.net/audit-logs/sigma',
      'azure',
      ['azure://', 'not https://', `the equivalent destination is ${AZURE_EXAMPLE}`],
      AZURE_EXAMPLE,
    ],
    ['wasbs://audit-logs@myaccount.blob.core.windows.net/sigma', undefined, [`the equivalent destination is ${AZURE_EXAMPLE}`], AZURE_EXAMPLE],
    ['abfss://audit-logs@MyAccount.dfs.core.windows.net/sigma/', undefined, [`the equivalent destination is ${AZURE_EXAMPLE}`], AZURE_EXAMPLE],
    ['wasb://nothing-else', undefined, ['not wasb://', 'azure://<account>.blob.core.windows.net/<container>/<folder>/'], AZURE_EXAMPLE],
    // No valid equivalent (upper-case container): the form is offered instead.
    ['https://myaccount.blob.core.windows.net/AB', undefined, ['not https://', 'write it as azure://<account>'], AZURE_EXAMPLE],
    ['azure://myaccount.dfs.core.windows.net/audit-logs/sigma', undefined, ['Data Lake', `equivalent destination is ${AZURE_EXAMPLE}`], AZURE_EXAMPLE],
    ['azure://myaccount/audit-logs/sigma/', undefined, ['<account>.blob.core.windows.net', `equivalent destination is ${AZURE_EXAMPLE}`], AZURE_EXAMPLE],
    ['azure://audit-logs@myaccount.blob.core.windows.net/sigma', undefined, ['<container>@<host>', `equivalent destination is ${AZURE_EXAMPLE}`], AZURE_EXAMPLE],
    ['s3a://my-audit-logs/sigma', undefined, ['not s3a://', `equivalent destination is ${S3_EXAMPLE}`], S3_EXAMPLE],
    ['https://my-audit-logs.s3.us-east-1.amazonaws.com/sigma/', undefined, ['https://', `equivalent destination is ${S3_EXAMPLE}`], S3_EXAMPLE],
    ['https://s3.eu-west-1.amazonaws.com/my-audit-logs/sigma', undefined, [`equivalent destination is ${S3_EXAMPLE}`], S3_EXAMPLE],
    ['arn:aws:s3:::my-audit-logs/sigma', 'aws', ['ARN', `equivalent destination is ${S3_EXAMPLE}`], S3_EXAMPLE],
    ['https://storage.googleapis.com/my-audit-logs/sigma', undefined, ['https://', `equivalent destination is ${GCS_EXAMPLE}`], GCS_EXAMPLE],
  ];

  const s3: Case[] = [
    ['s3://My_Bucket/logs', undefined, ['the S3 bucket name "My_Bucket"', '3-63 characters of lower-case letters, digits, dots and hyphens', 'upper-case'], S3_EXAMPLE],
    ['s3://my_bucket/', undefined, ['"my_bucket"', '"_" is not allowed'], S3_EXAMPLE],
    ['s3://ab/', undefined, ['"ab"', '3-63 characters', 'it has 2 characters'], S3_EXAMPLE],
    [`s3://${'a'.repeat(64)}/`, undefined, ['3-63 characters', 'it has 64 characters'], S3_EXAMPLE],
    ['s3://-abc/', undefined, ['starting and ending with a letter or digit', 'starts with "-"'], S3_EXAMPLE],
    ['s3://abc./', undefined, ['ends with "."'], S3_EXAMPLE],
    ['s3://my..bucket/', undefined, ['".."'], S3_EXAMPLE],
    ['s3://192.168.5.4/', undefined, ['"192.168.5.4"', 'IP address'], S3_EXAMPLE],
    ['s3://xn--bucket/', undefined, ['must not start with "xn--"'], S3_EXAMPLE],
    ['s3://sthree-bucket/', undefined, ['must not start with "sthree-"'], S3_EXAMPLE],
    ['s3://amzn-s3-demo-bucket/', undefined, ['must not start with "amzn-s3-demo-"'], S3_EXAMPLE],
    ['s3://bucket-s3alias/', undefined, ['must not end with "-s3alias"'], S3_EXAMPLE],
    ['s3://bucket--ol-s3/', undefined, ['must not end with "--ol-s3"'], S3_EXAMPLE],
    ['s3://bucket.mrap/', undefined, ['must not end with ".mrap"'], S3_EXAMPLE],
    ['s3://bucket--x-s3/', undefined, ['must not end with "--x-s3"'], S3_EXAMPLE],
    ['s3://bucket--table-s3/', undefined, ['must not end with "--table-s3"'], S3_EXAMPLE],
    ['s3://', undefined, ['names no bucket'], S3_EXAMPLE],
    ['s3:///sigma', undefined, ['names no bucket'], S3_EXAMPLE],
    ['s3://my-audit-logs//sigma', undefined, ['the prefix', '"//"'], S3_EXAMPLE],
    ['s3://my-audit-logs/sigma//', undefined, ['the prefix "sigma/"', '"//"'], S3_EXAMPLE],
    ['s3://my-audit-logs/./sigma', undefined, ['the prefix "./sigma"', '"." or ".."'], S3_EXAMPLE],
    ['s3://my-audit-logs/a/../b', undefined, ['"." or ".."'], S3_EXAMPLE],
    ['s3://my-audit-logs/si*ma/', undefined, ['the prefix "si*ma"', 'must not contain "*"', ...iamRule], S3_EXAMPLE],
    ['s3://my-audit-logs/si?ma/', undefined, ['must not contain "?"', ...iamRule], S3_EXAMPLE],
    ['s3://my-audit-logs/${aws:username}/', undefined, ['must not contain "$"', 'policy variable'], S3_EXAMPLE],
    ['s3://my-audit-logs/{x}/', undefined, ['must not contain "{"'], S3_EXAMPLE],
    ['s3://my-audit-logs/my logs/', undefined, ['must not contain " "', 'whitespace'], S3_EXAMPLE],
    ['s3://my-audit-logs/a\tb/', undefined, ['must not contain "\\t"'], S3_EXAMPLE],
    ['s3://my-audit-logs/a\u0001b/', undefined, ['must not contain "\\u0001"', 'control characters'], S3_EXAMPLE],
    ['s3://my-audit-logs/café/', undefined, ['must not contain "é"', 'ASCII'], S3_EXAMPLE],
    ['s3://my-audit-logs/a%20b/', undefined, ['must not contain "%"'], S3_EXAMPLE],
    ['s3://my-audit-logs/a\\b/', undefined, ['must not contain "\\\\"'], S3_EXAMPLE],
    [`s3://my-audit-logs/${'ab/'.repeat(400)}`, undefined, ['at most 1024 bytes', 'it has 1199'], S3_EXAMPLE],
  ];

  const host = 'myaccount.blob.core.windows.net';
  const azure: Case[] = [
    ['azure://', undefined, ['names no storage account host'], AZURE_EXAMPLE],
    [`azure://${host}`, undefined, ['names no container'], AZURE_EXAMPLE],
    [`azure://${host}/`, 'azure', ['names no container'], AZURE_EXAMPLE],
    ['azure://my_account.blob.core.windows.net/audit-logs/', undefined, ['the storage account name "my_account"', '3-24 characters of lower-case letters and digits'], AZURE_EXAMPLE],
    ['azure://ab.blob.core.windows.net/audit-logs/', undefined, ['"ab"', '3-24', 'it has 2 characters'], AZURE_EXAMPLE],
    [`azure://${'a'.repeat(25)}.blob.core.windows.net/audit-logs/`, undefined, ['3-24', 'it has 25 characters'], AZURE_EXAMPLE],
    ['azure://my.account.blob.core.windows.net/audit-logs/', undefined, ['"my.account"', '"." is not allowed'], AZURE_EXAMPLE],
    ['azure://myaccount.blob.core.usgovcloudapi.net/audit-logs/', undefined, ['"myaccount.blob.core.usgovcloudapi.net"', 'exactly <account>.blob.core.windows.net'], AZURE_EXAMPLE],
    [`azure://${host}:443/audit-logs/`, undefined, ['exactly <account>.blob.core.windows.net'], AZURE_EXAMPLE],
    [`azure://${host}/Audit-Logs/`, undefined, ['the container name "Audit-Logs"', 'lower-case letters, digits and hyphens', 'upper-case'], AZURE_EXAMPLE],
    [`azure://${host}/ab/`, undefined, ['"ab"', '3-63 characters', 'it has 2 characters'], AZURE_EXAMPLE],
    [`azure://${host}/${'c'.repeat(64)}/`, undefined, ['3-63 characters', 'it has 64'], AZURE_EXAMPLE],
    [`azure://${host}/-audit/`, undefined, ['starting with a letter or digit', 'starts with "-"'], AZURE_EXAMPLE],
    [`azure://${host}/audit--logs/`, undefined, ['"audit--logs"', 'two consecutive hyphens'], AZURE_EXAMPLE],
    [`azure://${host}/audit-logs-/`, undefined, ['"audit-logs-"', 'must not end with a hyphen'], AZURE_EXAMPLE],
    [`azure://${host}/audit_logs/`, undefined, ['"_" is not allowed'], AZURE_EXAMPLE],
    [`azure://${host}/audit-logs//x`, undefined, ['the folder', '"//"'], AZURE_EXAMPLE],
    [`azure://${host}/audit-logs/a*/`, undefined, ['the folder "a*"', 'must not contain "*"', ...iamRule], AZURE_EXAMPLE],
  ];

  const gcp: Case[] = [
    ['gcs://', undefined, ['names no bucket'], GCS_EXAMPLE],
    ['gcs://My-Bucket/', undefined, ['the GCS bucket name "My-Bucket"', 'lower-case letters, digits, hyphens, underscores and dots', 'upper-case'], GCS_EXAMPLE],
    ['gcs://ab/', undefined, ['"ab"', 'it has 2 characters'], GCS_EXAMPLE],
    [`gcs://${'a'.repeat(64)}/`, undefined, ['3-63 characters (up to 222 if it contains dots', 'it has 64'], GCS_EXAMPLE],
    [`gcs://${'a'.repeat(64)}.b/`, undefined, ['at most 63 characters between two dots', 'has 64'], GCS_EXAMPLE],
    [`gcs://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(40)}/`, undefined, ['up to 222', 'it has 223'], GCS_EXAMPLE],
    ['gcs://-bucket/', undefined, ['starts with "-"'], GCS_EXAMPLE],
    ['gcs://bucket_/', undefined, ['ends with "_"'], GCS_EXAMPLE],
    ['gcs://bucket!/', undefined, ['"!" is not allowed'], GCS_EXAMPLE],
    ['gcs://a..b/', undefined, ['".."'], GCS_EXAMPLE],
    ['gcs://192.168.1.1/', undefined, ['IP address'], GCS_EXAMPLE],
    ['gcs://goog-logs/', undefined, ['must not start with "goog"'], GCS_EXAMPLE],
    ['gcs://my-google-logs/', undefined, ['must not contain "google"'], GCS_EXAMPLE],
    ['gcs://my-g00gle-logs/', undefined, ['"g00gle"'], GCS_EXAMPLE],
    ['gcs://my-go0gle-logs/', undefined, ['must not contain "google" or a look-alike'], GCS_EXAMPLE],
    ['gcs://my-audit-logs/sigma/export.json', undefined, ['names a file ("export.json")', 'use the folder it is in, gcs://my-audit-logs/sigma/', 'end the destination with "/"'], GCS_EXAMPLE],
    ['gcs://my-audit-logs/export.csv.gz', undefined, ['names a file ("export.csv.gz")', 'gcs://my-audit-logs/,'], GCS_EXAMPLE],
    ['gcs://my-audit-logs/sigma/LOG.Parquet', 'gcp', ['names a file'], GCS_EXAMPLE],
    ['gcs://my-audit-logs/sigma/{x}/', undefined, ['the folder "sigma/{x}"', 'must not contain "{"'], GCS_EXAMPLE],
  ];

  function expectRefused([input, expectedCloud, fragments, example]: Case): void {
    const error = destinationErrorOf(() => parseDestination(input, expectedCloud));
    expect(error.code).toBe('destination_invalid');
    expect(error.field).toBe('destination');
    expect(error.value).toBe(input);
    expect(error.example).toBe(example);
    expect(error.message).toContain(`destination ${shown(input)} is invalid: `);
    for (const fragment of fragments) {
      expect(error.message).toContain(fragment);
    }
    expect(error.message).toContain(`Example: ${example}`);
    // The same refusal comes from normalizeDestination.
    expect(() => normalizeDestination(input, expectedCloud)).toThrow(error.message);
  }

  /** A short test title for a case (some inputs are long). */
  function titled(cases: Case[]): Array<[string, Case]> {
    return cases.map((c) => {
      const title = JSON.stringify(c[0].length > 90 ? `${c[0].slice(0, 90)}...` : c[0]);
      return [c[1] === undefined ? title : `${title} as ${c[1]}`, c];
    });
  }

  it.each(titled(general))('refuses %s', (_title, c) => expectRefused(c));
  it.each(titled(otherSpellings))('refuses %s', (_title, c) => expectRefused(c));
  it.each(titled(s3))('refuses %s', (_title, c) => expectRefused(c));
  it.each(titled(azure))('refuses %s', (_title, c) => expectRefused(c));
  it.each(titled(gcp))('refuses %s', (_title, c) => expectRefused(c));

  it('offers equivalents that are themselves valid destinations', () => {
    for (const [input] of otherSpellings) {
      const match = destinationErrorOf(() => parseDestination(input)).message.match(/the equivalent destination is (\S+)\. Example/);
      if (match !== null) {
        expect(normalizeDestination(match[1])).toBe(match[1]);
      }
    }
  });

  it('cuts very long values in the message and says how long they are', () => {
    const input = `s3://my-audit-logs/${'ab/'.repeat(400)}`;
    const error = destinationErrorOf(() => parseDestination(input));
    expect(error.message).toContain(`${JSON.stringify(input.slice(0, 200))}... (${input.length} characters in all)`);
    expect(error.message.length).toBeLessThan(1000);
    expect(error.value).toBe(input);
  });

  it('names the field it was given', () => {
    const error = destinationErrorOf(() => parseDestination('s3://ab/', 'aws', 'props.destination'));
    expect(error.field).toBe('props.destination');
    expect(error.message.startsWith('props.destination "s3://ab/" is invalid: ')).toBe(true);
  });

  it('hides query parameters, which can hold a signature, in the message and the error', () => {
    const secret = 'sig=Zm9vYmFyU2VjcmV0';
    for (const input of [
      `https://myaccount.blob.core.windows.net/audit-logs/sigma?sv=2022-11-02&${secret}`,
      `s3://my-audit-logs/sigma?${secret}`,
      `azure://${'myaccount'}.blob.core.windows.net/audit-logs/x?${secret}`,
      `gcs://my-audit-logs/f?X-Goog-Signature=${secret}`,
      `https://example.com/x?${secret}`,
    ]) {
      const error = destinationErrorOf(() => parseDestination(input));
      expect(error.message).not.toContain('Zm9vYmFyU2VjcmV0');
      expect(error.value).not.toContain('Zm9vYmFyU2VjcmV0');
      expect(JSON.stringify(error)).not.toContain('Zm9vYmFyU2VjcmV0');
      expect(error.message).toContain('query parameters hidden');
    }
    // The SAS URL's equivalent is still offered, without its query.
    const sas = destinationErrorOf(() =>
      parseDestination(`https://myaccount.blob.core.windows.net/audit-logs/sigma?sv=2022-11-02&${secret}`),
    );
    expect(sas.message).toContain(`the equivalent destination is ${AZURE_EXAMPLE}`);
  });

  it('refuses a value that is not a string, or an unknown expected cloud, with a DestinationError', () => {
    expect(destinationErrorOf(() => parseDestination(undefined as unknown as string)).message).toContain('must be a string');
    const error = destinationErrorOf(() => parseDestination(S3_EXAMPLE, 'ibm' as CloudName));
    expect(error.field).toBe('expectedCloud');
    expect(error.message).toContain('"ibm"');
  });
});

describe('formatDestination and the builders', () => {
  it('build the normalised destination from its parts', () => {
    expect(s3Destination('my-audit-logs')).toBe('s3://my-audit-logs/');
    expect(s3Destination('my-audit-logs', '')).toBe('s3://my-audit-logs/');
    expect(s3Destination('my-audit-logs', 'sigma')).toBe(S3_EXAMPLE);
    expect(s3Destination('my-audit-logs', 'sigma/')).toBe(S3_EXAMPLE);
    expect(s3Destination('my-audit-logs', 'a/b')).toBe('s3://my-audit-logs/a/b/');
    expect(azureDestination('myaccount', 'audit-logs')).toBe('azure://myaccount.blob.core.windows.net/audit-logs/');
    expect(azureDestination('myaccount', 'audit-logs', 'sigma/')).toBe(AZURE_EXAMPLE);
    expect(gcsDestination('my-audit-logs')).toBe('gcs://my-audit-logs/');
    expect(gcsDestination('my-audit-logs', 'sigma')).toBe(GCS_EXAMPLE);
    expect(formatDestination({ cloud: 'aws', bucket: 'my-audit-logs', prefix: 'sigma' })).toBe(S3_EXAMPLE);
    expect(formatDestination({ cloud: 'azure', account: 'myaccount', container: 'audit-logs', folder: 'sigma' })).toBe(AZURE_EXAMPLE);
    expect(formatDestination({ cloud: 'gcp', bucket: 'my-audit-logs', folder: 'sigma' })).toBe(GCS_EXAMPLE);
  });

  it('rebuilds the url from the parts of a parsed destination, ignoring its url', () => {
    const parsed: ParsedDestination = { cloud: 'aws', bucket: 'my-audit-logs', prefix: 'other', url: 's3://stale/' };
    expect(formatDestination(parsed)).toBe('s3://my-audit-logs/other/');
  });

  const refusals: Array<[string, () => string, string, string, string]> = [
    ['bad S3 bucket', () => s3Destination('My_Bucket', 'sigma'), 'bucket', 'My_Bucket', 'my-audit-logs'],
    ['S3 prefix with a wildcard', () => s3Destination('my-audit-logs', 'logs/*'), 'prefix', 'logs/*', 'sigma/audit'],
    ['S3 prefix with a leading slash', () => s3Destination('my-audit-logs', '/logs'), 'prefix', '/logs', 'sigma/audit'],
    ['bad account', () => azureDestination('My-Account', 'audit-logs'), 'account', 'My-Account', 'myaccount'],
    ['bad container', () => azureDestination('myaccount', 'a--b'), 'container', 'a--b', 'audit-logs'],
    ['bad Azure folder', () => azureDestination('myaccount', 'audit-logs', 'a//b'), 'folder', 'a//b', 'sigma/audit'],
    ['bad GCS bucket', () => gcsDestination('google-logs'), 'bucket', 'google-logs', 'my-audit-logs'],
    ['bad GCS folder', () => gcsDestination('my-audit-logs', '..'), 'folder', '..', 'sigma/audit'],
    ['unknown cloud', () => formatDestination({ cloud: 'ibm' } as unknown as ParsedDestination), 'cloud', 'ibm', 'aws'],
  ];
  it.each(refusals)('refuse a %s', (_name, build, field, value, example) => {
    const error = destinationErrorOf(build);
    expect(error.field).toBe(field);
    expect(error.value).toBe(value);
    expect(error.message).toContain(`${field} ${JSON.stringify(value)} is invalid: `);
    expect(error.message).toContain(`Example: ${example}`);
  });
});
