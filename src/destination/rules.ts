/**
 * Naming rules of each cloud's destination parts. Each `...Problem` function returns undefined
 * when the value is valid, else the broken rule as a predicate ("must be ...") that the caller
 * puts after the part's name; the `check...` validators wrap it in a DestinationError.
 */
import { showValue } from '../errors/show-value';
import { DestinationError } from './errors';
import { CloudName } from '../rules/cloud';

/** Valid destinations of each cloud, shown in messages. */
export const DESTINATION_EXAMPLES: Readonly<Record<CloudName, string>> = {
  aws: 's3://my-audit-logs/sigma/',
  azure: 'azure://myaccount.blob.core.windows.net/audit-logs/sigma/',
  gcp: 'gcs://my-audit-logs/sigma/',
};

/** The form of each cloud's destination, shown in messages. */
export const DESTINATION_FORMS: Readonly<Record<CloudName, string>> = {
  aws: 's3://<bucket>/<prefix>/',
  azure: 'azure://<account>.blob.core.windows.net/<container>/<folder>/',
  gcp: 'gcs://<bucket>/<folder>/',
};

/** The scheme (lower case, with `://`) of each cloud's destination. */
export const DESTINATION_SCHEMES: Readonly<Record<CloudName, string>> = {
  aws: 's3://',
  azure: 'azure://',
  gcp: 'gcs://',
};

/** How messages name each cloud's destinations. */
export const CLOUD_LABELS: Readonly<Record<CloudName, string>> = {
  aws: 'an Amazon S3',
  azure: 'an Azure Blob Storage',
  gcp: 'a Google Cloud Storage',
};

/** Valid values of each part, shown by the part validators. */
const PART_EXAMPLES = {
  s3Bucket: 'my-audit-logs',
  prefix: 'sigma/audit',
  azureAccount: 'myaccount',
  azureContainer: 'audit-logs',
  gcsBucket: 'my-audit-logs',
} as const;

/** Host suffix of the Azure public cloud's Blob Storage endpoints. */
export const AZURE_BLOB_HOST_SUFFIX = '.blob.core.windows.net';

/** S3 keys, Azure blob names and GCS object names are all limited to 1024 bytes (UTF-8). */
const MAX_PREFIX_BYTES = 1024;

const IPV4_LIKE = /^\d+\.\d+\.\d+\.\d+$/;

/** Why the first character that breaks a character rule is refused, for the message. */
function charDetail(value: string, allowed: RegExp, rangeMin: number, rangeMax: number): string {
  if (value.length < rangeMin || value.length > rangeMax) {
    return `; it has ${value.length} character${value.length === 1 ? '' : 's'}`;
  }
  for (const ch of value) {
    if (!allowed.test(ch)) {
      return /[A-Z]/.test(ch) ? '; upper-case letters are not allowed' : `; ${showValue(ch)} is not allowed`;
    }
  }
  if (!/^[a-z0-9]/.test(value)) {
    return `; it starts with ${showValue(value[0])}`;
  }
  return `; it ends with ${showValue(value[value.length - 1])}`;
}

// ---------------------------------------------------------------------------------------------
// Amazon S3 (general purpose bucket naming rules)
// ---------------------------------------------------------------------------------------------

const S3_BUCKET_RULE =
  'must be 3-63 characters of lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit';
const S3_BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const S3_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function s3BucketProblem(name: string): string | undefined {
  if (!S3_BUCKET_PATTERN.test(name)) {
    return S3_BUCKET_RULE + charDetail(name, /[a-z0-9.-]/, 3, 63);
  }
  if (name.includes('..')) {
    return 'must not contain two adjacent dots ("..")';
  }
  if (IPV4_LIKE.test(name)) {
    return 'must not be formatted as an IP address';
  }
  const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) {
    return `must not start with ${showValue(prefix)}, a prefix AWS reserves`;
  }
  const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix !== undefined) {
    return `must not end with ${showValue(suffix)}, a suffix AWS reserves`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Azure Blob Storage
// ---------------------------------------------------------------------------------------------

const AZURE_ACCOUNT_PATTERN = /^[a-z0-9]{3,24}$/;

export function azureAccountProblem(name: string): string | undefined {
  if (!AZURE_ACCOUNT_PATTERN.test(name)) {
    return 'must be 3-24 characters of lower-case letters and digits' + charDetail(name, /[a-z0-9]/, 3, 24);
  }
  return undefined;
}

const AZURE_CONTAINER_RULE =
  'must be 3-63 characters of lower-case letters, digits and hyphens, starting with a letter or digit';
const AZURE_CONTAINER_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;

export function azureContainerProblem(name: string): string | undefined {
  if (!AZURE_CONTAINER_PATTERN.test(name)) {
    return AZURE_CONTAINER_RULE + charDetail(name, /[a-z0-9-]/, 3, 63);
  }
  if (name.includes('--')) {
    return 'must not contain two consecutive hyphens ("--")';
  }
  if (name.endsWith('-')) {
    return 'must not end with a hyphen';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Google Cloud Storage
// ---------------------------------------------------------------------------------------------

const GCS_BUCKET_RULE =
  'must be 3-63 characters (up to 222 if it contains dots, with at most 63 between two dots) of lower-case letters, ' +
  'digits, hyphens, underscores and dots, starting and ending with a letter or digit';
const GCS_BUCKET_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,220}[a-z0-9]$/;

export function gcsBucketProblem(name: string): string | undefined {
  const maxLength = name.includes('.') ? 222 : 63;
  if (!GCS_BUCKET_PATTERN.test(name) || name.length > maxLength) {
    return GCS_BUCKET_RULE + charDetail(name, /[a-z0-9_.-]/, 3, maxLength);
  }
  if (name.includes('..')) {
    return 'must not contain two adjacent dots ("..")';
  }
  const longPart = name.split('.').find((part) => part.length > 63);
  if (longPart !== undefined) {
    return `must have at most 63 characters between two dots; one part has ${longPart.length}`;
  }
  if (IPV4_LIKE.test(name)) {
    return 'must not be formatted as an IP address';
  }
  if (name.startsWith('goog')) {
    return 'must not start with "goog", a prefix Google reserves';
  }
  // Google also refuses look-alikes of its name, such as "g00gle".
  if (name.replace(/0/g, 'o').includes('google')) {
    return 'must not contain "google" or a look-alike such as "g00gle"';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Prefix / folder (all clouds)
// ---------------------------------------------------------------------------------------------

const SEGMENT_CHAR = /^[A-Za-z0-9!_.'()=+-]$/;

/** The word messages use for the path inside the bucket or container. */
export function prefixTerm(cloud: CloudName): 'prefix' | 'folder' {
  return cloud === 'aws' ? 'prefix' : 'folder';
}

function utf8Length(value: string): number {
  let bytes = 0;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Rules of the path segments under the bucket or container (already split on '/', the
 * optional trailing '/' removed).
 */
export function segmentsProblem(segments: readonly string[]): string | undefined {
  if (segments.some((segment) => segment === '')) {
    return 'must not contain an empty segment ("//", or a "/" at the start)';
  }
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    return 'must not contain a "." or ".." segment';
  }
  for (const segment of segments) {
    for (const ch of segment) {
      if (!SEGMENT_CHAR.test(ch)) {
        return (
          `must not contain ${showValue(ch)}: a segment may contain only ASCII letters, digits and ! - _ . ' ( ) = +, ` +
          'because the path can become part of an IAM policy resource, where * and ? are wildcards and ${...} a ' +
          'policy variable that would widen or change the grant (so *, ?, $, {, }, whitespace and control characters ' +
          'are refused)'
        );
      }
    }
  }
  const bytes = utf8Length(segments.join('/'));
  if (bytes > MAX_PREFIX_BYTES) {
    return `must be at most ${MAX_PREFIX_BYTES} bytes long; it has ${bytes}`;
  }
  return undefined;
}

/**
 * Rules of a prefix/folder given on its own: '' for the root, else segments joined by '/'
 * with an optional trailing '/'.
 */
export function prefixProblem(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  if (value.startsWith('/')) {
    return 'must not start with "/" (write "sigma/audit", not "/sigma/audit"; use "" for the root)';
  }
  return segmentsProblem(splitPrefix(value));
}

/** Segments of a prefix/folder given on its own; one trailing '/' is optional. */
export function splitPrefix(value: string): string[] {
  const withoutTrailingSlash = value.endsWith('/') ? value.slice(0, -1) : value;
  return withoutTrailingSlash === '' ? [] : withoutTrailingSlash.split('/');
}

// ---------------------------------------------------------------------------------------------
// Part validators: return (never throw) the error, so a caller can report every problem at once
// ---------------------------------------------------------------------------------------------

function partError(
  value: string,
  field: string,
  subject: string,
  example: string,
  problem: (value: string) => string | undefined,
): DestinationError | undefined {
  if (typeof value !== 'string') {
    return new DestinationError({ field, value: String(value), expected: `${subject} must be a string`, example });
  }
  const broken = problem(value);
  return broken === undefined ? undefined : new DestinationError({ field, value, expected: `${subject} ${broken}`, example });
}

/** Checks an S3 bucket name. */
export function checkS3BucketName(value: string, field: string = 'bucket'): DestinationError | undefined {
  return partError(value, field, 'an S3 bucket name', PART_EXAMPLES.s3Bucket, s3BucketProblem);
}

/**
 * Checks an S3 prefix or an Azure/GCS folder: '' (the root) or segments joined by '/', with
 * an optional trailing '/' and no leading '/'. `field` defaults to `prefix` for aws, else `folder`.
 */
export function checkPathPrefix(value: string, cloud: CloudName, field?: string): DestinationError | undefined {
  const term = prefixTerm(cloud);
  return partError(value, field ?? term, `a ${term}`, PART_EXAMPLES.prefix, prefixProblem);
}

/** Checks an Azure storage account name. */
export function checkAzureStorageAccountName(value: string, field: string = 'account'): DestinationError | undefined {
  return partError(value, field, 'an Azure storage account name', PART_EXAMPLES.azureAccount, azureAccountProblem);
}

/** Checks an Azure Blob Storage container name. */
export function checkAzureContainerName(value: string, field: string = 'container'): DestinationError | undefined {
  return partError(value, field, 'an Azure container name', PART_EXAMPLES.azureContainer, azureContainerProblem);
}

/** Checks a Google Cloud Storage bucket name. */
export function checkGcsBucketName(value: string, field: string = 'bucket'): DestinationError | undefined {
  return partError(value, field, 'a GCS bucket name', PART_EXAMPLES.gcsBucket, gcsBucketProblem);
}
