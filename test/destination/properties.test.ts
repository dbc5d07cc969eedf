import * as fc from 'fast-check';
import {
  DestinationError,
  azureDestination,
  checkAzureContainerName,
  checkGcsBucketName,
  checkS3BucketName,
  formatDestination,
  gcsDestination,
  normalizeDestination,
  parseDestination,
  s3Destination,
} from '../../src/destination';

/** Parses, and returns the thrown value instead of throwing it. */
function attempt(input: string): { parsed?: ReturnType<typeof parseDestination>; error?: unknown } {
  try {
    return { parsed: parseDestination(input) };
  } catch (error) {
    return { error };
  }
}

function expectOnlyDestinationErrors(input: string): void {
  const { error } = attempt(input);
  if (error !== undefined) {
    expect(error).toBeInstanceOf(DestinationError);
    expect((error as DestinationError).message).toMatch(/^destination ".*" is invalid: .+\. Example: \S+$/s);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/** Characters that matter to the parser, and a few that must be refused. */
const structuralChar = fc.constantFrom(
  ...'abcxyzAZ09-_.:/@?#=*${}() \t\n%\\é'.split(''),
  '.blob.core.windows.net',
  '.dfs.core.windows.net',
  'google',
  '.json',
  '//',
  '\u0000',
);
const structuralTail = fc.string({ unit: structuralChar, maxLength: 20 });
const scheme = fc.constantFrom(
  's3://',
  'S3://',
  'azure://',
  'Azure://',
  'gcs://',
  'GCS://',
  'gs://',
  's3a://',
  'https://',
  'wasbs://',
  'abfss://',
  'arn:aws:s3:::',
  's3://my-audit-logs/',
  'azure://myaccount.blob.core.windows.net/',
  'azure://myaccount.blob.core.windows.net/audit-logs/',
  'gcs://my-audit-logs/',
  'https://myaccount.blob.core.windows.net/',
  '',
);

const segment = fc.stringMatching(/^[A-Za-z0-9!_.'()=+-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
const prefix = fc.array(segment, { maxLength: 4 }).map((segments) => segments.join('/'));

const s3Bucket = fc
  .stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
  .filter((name) => checkS3BucketName(name) === undefined);
const azureAccount = fc.stringMatching(/^[a-z0-9]{3,24}$/);
const azureContainer = fc
  .stringMatching(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/)
  .filter((name) => checkAzureContainerName(name) === undefined);
const gcsBucket = fc
  .stringMatching(/^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/)
  .filter((name) => checkGcsBucketName(name) === undefined);

/** Upper-cases the ASCII letters of `value` when `upper` is set (schemes and hosts ignore case). */
function cased(value: string, upper: boolean): string {
  return upper ? value.toUpperCase() : value;
}

/** Valid destinations, written in the ways a user may write them. */
const validInput = fc.oneof(
  fc
    .tuple(fc.boolean(), s3Bucket, prefix, fc.boolean())
    .map(([upper, bucket, p, slash]) => `${cased('s3', upper)}://${bucket}${p ? `/${p}` : ''}${slash ? '/' : ''}`),
  fc
    .tuple(fc.boolean(), azureAccount, fc.boolean(), azureContainer, prefix, fc.boolean())
    .map(
      ([upper, account, upperHost, container, p, slash]) =>
        `${cased('azure', upper)}://${cased(`${account}.blob.core.windows.net`, upperHost)}/${container}${p ? `/${p}` : ''}${slash ? '/' : ''}`,
    ),
  // A GCS destination written without the trailing '/' must not end in a file extension.
  fc.tuple(fc.boolean(), gcsBucket, prefix).map(([upper, bucket, p]) => `${cased('gcs', upper)}://${bucket}/${p ? `${p}/` : ''}`),
  fc
    .tuple(gcsBucket, prefix)
    .filter(([, p]) => !/\.[A-Za-z0-9]{1,8}$/.test(p))
    .map(([bucket, p]) => `gcs://${bucket}${p ? `/${p}` : ''}`),
);

/** Valid destinations and near misses. */
const anyInput = fc.oneof(
  validInput,
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.tuple(scheme, structuralTail).map(([s, tail]) => s + tail),
  fc.tuple(validInput, structuralTail).map(([valid, tail]) => valid + tail),
);

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('parseDestination properties', () => {
  it('throws nothing but a DestinationError for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), expectOnlyDestinationErrors));
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), expectOnlyDestinationErrors));
  });

  it('throws nothing but a DestinationError for the schemes followed by random tails', () => {
    fc.assert(fc.property(fc.tuple(scheme, structuralTail).map(([s, tail]) => s + tail), expectOnlyDestinationErrors));
    fc.assert(fc.property(fc.tuple(validInput, structuralTail).map(([valid, tail]) => valid + tail), expectOnlyDestinationErrors));
  });

  it('accepts every generated valid destination', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        expect(attempt(input).error).toBeUndefined();
      }),
    );
  });

  it('normalises idempotently: a normalised destination is its own normal form', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const { parsed } = attempt(input);
        if (parsed !== undefined) {
          expect(normalizeDestination(parsed.url)).toBe(parsed.url);
          expect(parseDestination(parsed.url)).toEqual(parsed);
          expect(parsed.url.endsWith('/')).toBe(true);
        }
      }),
    );
  });

  it('formatDestination(parseDestination(x)) equals normalizeDestination(x)', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const { parsed } = attempt(input);
        if (parsed === undefined) {
          expect(() => normalizeDestination(input)).toThrow(DestinationError);
        } else {
          expect(formatDestination(parsed)).toBe(normalizeDestination(input));
        }
      }),
    );
  });
});

describe('builders round-trip through parseDestination', () => {
  const trailingSlash = fc.boolean();

  it('s3Destination', () => {
    fc.assert(
      fc.property(s3Bucket, prefix, trailingSlash, (bucket, p, slash) => {
        const url = s3Destination(bucket, p && slash ? `${p}/` : p);
        expect(parseDestination(url)).toEqual({ cloud: 'aws', bucket, prefix: p, url });
      }),
    );
  });

  it('azureDestination', () => {
    fc.assert(
      fc.property(azureAccount, azureContainer, prefix, trailingSlash, (account, container, folder, slash) => {
        const url = azureDestination(account, container, folder && slash ? `${folder}/` : folder);
        expect(parseDestination(url)).toEqual({ cloud: 'azure', account, container, folder, url });
      }),
    );
  });

  it('gcsDestination', () => {
    fc.assert(
      fc.property(gcsBucket, prefix, trailingSlash, (bucket, folder, slash) => {
        const url = gcsDestination(bucket, folder && slash ? `${folder}/` : folder);
        expect(parseDestination(url)).toEqual({ cloud: 'gcp', bucket, folder, url });
      }),
    );
  });
});
