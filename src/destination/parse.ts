/**
 * Parsing, validation and normalisation of `s3://`, `azure://` and `gcs://` destinations,
 * shared by the constructs, the custom-resource handler and the emulator.
 */
import { showValue } from '../errors/show-value';
import { CLOUD_NAMES, CLOUD_RULE, CloudName, isCloudName } from '../rules/cloud';
import { DestinationError, hasQueryParameters } from './errors';
import {
  AZURE_BLOB_HOST_SUFFIX,
  CLOUD_LABELS,
  DESTINATION_EXAMPLES,
  DESTINATION_FORMS,
  DESTINATION_SCHEMES,
  azureAccountProblem,
  azureContainerProblem,
  checkAzureContainerName,
  checkAzureStorageAccountName,
  checkGcsBucketName,
  checkPathPrefix,
  checkS3BucketName,
  gcsBucketProblem,
  prefixTerm,
  s3BucketProblem,
  segmentsProblem,
  splitPrefix,
} from './rules';
import {
  AzureDestination,
  AzureDestinationParts,
  DestinationParts,
  GcsDestination,
  GcsDestinationParts,
  ParsedDestination,
  S3Destination,
  S3DestinationParts,
} from './types';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** A segment that ends like a file name (`export.json`); GCS destinations must name folders. */
const FILE_EXTENSION = /\.[A-Za-z0-9]{1,8}$/;

/** Lower-cases ASCII only: other characters must stay as given, so that they are refused. */
function asciiLowerCase(value: string): string {
  return value.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/** The cloud whose scheme the destination starts with (in any case), if any. */
export function cloudOfDestination(destination: string): CloudName | undefined {
  const lower = asciiLowerCase(destination);
  return CLOUD_NAMES.find((cloud) => lower.startsWith(DESTINATION_SCHEMES[cloud]));
}

function buildUrl(cloud: CloudName, authority: string, segments: readonly string[]): string {
  const path = segments.length === 0 ? '' : `${segments.join('/')}/`;
  return `${DESTINATION_SCHEMES[cloud]}${authority}/${path}`;
}

function allForms(expectedCloud: CloudName | undefined): string {
  if (expectedCloud !== undefined) {
    return `${CLOUD_LABELS[expectedCloud]} destination of the form ${DESTINATION_FORMS[expectedCloud]}`;
  }
  return `one of ${DESTINATION_FORMS.aws}, ${DESTINATION_FORMS.azure} or ${DESTINATION_FORMS.gcp}`;
}

// ---------------------------------------------------------------------------------------------
// Other spellings of a storage location, refused with the destination they stand for
// ---------------------------------------------------------------------------------------------

interface OtherSpelling {
  readonly pattern: RegExp;
  readonly cloud: CloudName;
  /** The destination the input stands for (possibly invalid: it is parsed before it is offered). */
  readonly equivalent: (match: RegExpMatchArray) => string;
  readonly reason: (match: RegExpMatchArray) => string;
}

// Query strings and fragments are dropped from the equivalent: a pasted URL may carry a signature.
const REST_OF_URL = '(/[^?#]*)?(?:[?#].*)?$';

const OTHER_SPELLINGS: readonly OtherSpelling[] = [
  {
    pattern: new RegExp(`^(https?)://([^/?#@]+?)\\.(?:blob|dfs)\\.core\\.windows\\.net${REST_OF_URL}`, 'is'),
    cloud: 'azure',
    equivalent: (m) => `azure://${m[2]}${AZURE_BLOB_HOST_SUFFIX}${m[3] ?? '/'}`,
    reason: (m) => `an Azure destination starts with azure://, not ${asciiLowerCase(m[1])}://`,
  },
  {
    pattern: new RegExp(`^(wasbs?|abfss?)://([^/?#@]+)@([^/?#@]+?)\\.(?:blob|dfs)\\.core\\.windows\\.net${REST_OF_URL}`, 'is'),
    cloud: 'azure',
    equivalent: (m) => `azure://${m[3]}${AZURE_BLOB_HOST_SUFFIX}/${m[2]}${m[4] ?? '/'}`,
    reason: (m) =>
      `an Azure destination starts with azure:// and names the storage account host before the container, ` +
      `not ${asciiLowerCase(m[1])}://<container>@<account>...`,
  },
  {
    pattern: /^(wasbs?|abfss?):\/\//i,
    cloud: 'azure',
    equivalent: () => '',
    reason: (m) => `an Azure destination starts with azure://, not ${asciiLowerCase(m[1])}://`,
  },
  {
    pattern: /^gs:\/\/(.*)$/is,
    cloud: 'gcp',
    equivalent: (m) => `gcs://${m[1]}`,
    reason: () => 'a Google Cloud Storage destination starts with gcs://, not gs://',
  },
  {
    pattern: new RegExp(`^https?://storage\\.(?:googleapis|cloud\\.google)\\.com${REST_OF_URL}`, 'is'),
    cloud: 'gcp',
    equivalent: (m) => `gcs://${(m[1] ?? '/').slice(1)}`,
    reason: () => 'a Google Cloud Storage destination is written gcs://<bucket>/<folder>/, not as an https:// URL',
  },
  {
    pattern: /^(s3[an]):\/\/(.*)$/is,
    cloud: 'aws',
    equivalent: (m) => `s3://${m[2]}`,
    reason: (m) => `an S3 destination starts with s3://, not ${asciiLowerCase(m[1])}://`,
  },
  {
    // Path-style S3 URL: https://s3.<region>.amazonaws.com/<bucket>/<key>
    pattern: new RegExp(`^https?://s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com${REST_OF_URL}`, 'is'),
    cloud: 'aws',
    equivalent: (m) => `s3://${(m[1] ?? '/').slice(1)}`,
    reason: () => 'an S3 destination is written s3://<bucket>/<prefix>/, not as an https:// URL',
  },
  {
    // Virtual-hosted-style S3 URL: https://<bucket>.s3.<region>.amazonaws.com/<key>
    pattern: new RegExp(`^https?://([^/?#@]+?)\\.s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com${REST_OF_URL}`, 'is'),
    cloud: 'aws',
    equivalent: (m) => `s3://${m[1]}${m[2] ?? '/'}`,
    reason: () => 'an S3 destination is written s3://<bucket>/<prefix>/, not as an https:// URL',
  },
  {
    pattern: /^arn:aws[a-z-]*:s3:::(.*)$/is,
    cloud: 'aws',
    equivalent: (m) => `s3://${m[1]}`,
    reason: () => 'an S3 destination is written s3://<bucket>/<prefix>/, not as an ARN',
  },
];

/**
 * The refusal of a destination that stands for `equivalent`: offers the equivalent when it is
 * valid, else the form to write.
 */
function refuseWithEquivalent(
  input: string,
  field: string,
  cloud: CloudName,
  reason: string,
  equivalent: string,
): DestinationError {
  let offer = `; write it as ${DESTINATION_FORMS[cloud]}`;
  if (equivalent !== '') {
    try {
      offer = `; the equivalent destination is ${parseDestination(equivalent).url}`;
    } catch (e) {
      if (!(e instanceof DestinationError)) {
        throw e;
      }
    }
  }
  return new DestinationError({ field, value: input, expected: reason + offer, example: DESTINATION_EXAMPLES[cloud] });
}

function otherSpellingError(input: string, field: string): DestinationError | undefined {
  for (const spelling of OTHER_SPELLINGS) {
    const match = input.match(spelling.pattern);
    if (match !== null) {
      return refuseWithEquivalent(input, field, spelling.cloud, spelling.reason(match), spelling.equivalent(match));
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Parses and validates a destination, and returns its parts and normalised form (`url`).
 * Throws a DestinationError naming `field` when the destination breaks a rule, or when it is
 * not of `expectedCloud`.
 */
export function parseDestination(input: string, expectedCloud: 'aws', field?: string): S3Destination;
export function parseDestination(input: string, expectedCloud: 'azure', field?: string): AzureDestination;
export function parseDestination(input: string, expectedCloud: 'gcp', field?: string): GcsDestination;
export function parseDestination(input: string, expectedCloud?: CloudName, field?: string): ParsedDestination;
export function parseDestination(input: string, expectedCloud?: CloudName, field: string = 'destination'): ParsedDestination {
  if (expectedCloud !== undefined && !isCloudName(expectedCloud)) {
    throw new DestinationError({
      field: 'expectedCloud',
      value: String(expectedCloud),
      expected: `the expected cloud must be ${CLOUD_RULE.expected}`,
      example: CLOUD_RULE.example,
    });
  }
  const example = DESTINATION_EXAMPLES[expectedCloud ?? 'aws'];
  if (typeof input !== 'string') {
    throw new DestinationError({ field, value: String(input), expected: `must be a string, ${allForms(expectedCloud)}`, example });
  }
  const refuse = (expected: string, cloud?: CloudName): DestinationError =>
    new DestinationError({ field, value: input, expected, example: DESTINATION_EXAMPLES[cloud ?? expectedCloud ?? 'aws'] });

  if (input === '') {
    throw refuse(`is empty; expected ${allForms(expectedCloud)}`);
  }
  if (input.trim() !== input) {
    throw refuse('starts or ends with whitespace (a space, tab or line break); remove it, as destinations are not trimmed');
  }

  const schemeMatch = input.match(SCHEME);
  const cloud = schemeMatch === null ? undefined : cloudOfDestination(schemeMatch[0]);
  if (schemeMatch === null || cloud === undefined) {
    throw otherSpellingError(input, field) ?? refuse(`must be ${allForms(expectedCloud)}`);
  }
  const scheme = DESTINATION_SCHEMES[cloud];
  if (expectedCloud !== undefined && cloud !== expectedCloud) {
    throw refuse(
      `it is ${CLOUD_LABELS[cloud]} destination (${scheme}), but ${CLOUD_LABELS[expectedCloud]} destination is ` +
        `expected here, which starts with ${DESTINATION_SCHEMES[expectedCloud]}`,
    );
  }

  const rest = input.slice(schemeMatch[0].length);
  if (hasQueryParameters(rest)) {
    throw refuse(
      'must not have query parameters (hidden here, as they may hold a signature): a destination is a folder path, ' +
        `${DESTINATION_FORMS[cloud]}`,
      cloud,
    );
  }
  const endsWithSlash = rest.endsWith('/');
  const [authority, ...segments] = rest.split('/');
  if (endsWithSlash) {
    segments.pop();
  }

  switch (cloud) {
    case 'aws':
      return parseS3(authority, segments, refuse);
    case 'azure':
      return parseAzure(input, field, authority, segments, refuse);
    case 'gcp':
      return parseGcs(authority, segments, endsWithSlash, refuse);
  }
}

type Refuse = (expected: string, cloud?: CloudName) => DestinationError;

function checkSegments(cloud: CloudName, segments: readonly string[], refuse: Refuse): void {
  const problem = segmentsProblem(segments);
  if (problem !== undefined) {
    throw refuse(`the ${prefixTerm(cloud)} ${showValue(segments.join('/'))} ${problem}`, cloud);
  }
}

function parseS3(bucket: string, segments: string[], refuse: Refuse): ParsedDestination {
  if (bucket === '') {
    throw refuse('names no bucket: the bucket name comes right after s3://', 'aws');
  }
  const problem = s3BucketProblem(bucket);
  if (problem !== undefined) {
    throw refuse(`the S3 bucket name ${showValue(bucket)} ${problem}`, 'aws');
  }
  checkSegments('aws', segments, refuse);
  return { cloud: 'aws', bucket, prefix: segments.join('/'), url: buildUrl('aws', bucket, segments) };
}

function parseAzure(input: string, field: string, authority: string, segments: string[], refuse: Refuse): ParsedDestination {
  const pathAfterHost = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
  if (authority === '') {
    throw refuse(`names no storage account host: <account>${AZURE_BLOB_HOST_SUFFIX} comes right after azure://`, 'azure');
  }
  // The last '@': the host offered back then has none, so the equivalent is parsed only once.
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const container = authority.slice(0, at);
    return throwing(
      refuseWithEquivalent(
        input,
        field,
        'azure',
        'an Azure destination names the storage account host first and the container after it, not <container>@<host>',
        `azure://${authority.slice(at + 1)}/${container}${pathAfterHost}`,
      ),
    );
  }
  const host = asciiLowerCase(authority);
  if (host.endsWith('.dfs.core.windows.net')) {
    return throwing(
      refuseWithEquivalent(
        input,
        field,
        'azure',
        `the host must be the Blob Storage endpoint <account>${AZURE_BLOB_HOST_SUFFIX}, not the Data Lake endpoint`,
        `azure://${host.slice(0, -'.dfs.core.windows.net'.length)}${AZURE_BLOB_HOST_SUFFIX}${pathAfterHost}`,
      ),
    );
  }
  if (!host.endsWith(AZURE_BLOB_HOST_SUFFIX)) {
    if (/^[a-z0-9]+$/.test(host)) {
      return throwing(
        refuseWithEquivalent(
          input,
          field,
          'azure',
          `the host must be the full Blob Storage endpoint of the account, <account>${AZURE_BLOB_HOST_SUFFIX}`,
          `azure://${host}${AZURE_BLOB_HOST_SUFFIX}${pathAfterHost}`,
        ),
      );
    }
    throw refuse(
      `the host ${showValue(authority)} must be exactly <account>${AZURE_BLOB_HOST_SUFFIX}, the Blob Storage endpoint ` +
        'of a storage account in the Azure public cloud',
      'azure',
    );
  }
  const account = host.slice(0, -AZURE_BLOB_HOST_SUFFIX.length);
  const accountProblem = azureAccountProblem(account);
  if (accountProblem !== undefined) {
    throw refuse(`the storage account name ${showValue(authority.slice(0, account.length))} ${accountProblem}`, 'azure');
  }
  const [container, ...folderSegments] = segments;
  if (container === undefined) {
    throw refuse(`names no container: the container comes after the host, as in ${DESTINATION_FORMS.azure}`, 'azure');
  }
  const containerProblem = azureContainerProblem(container);
  if (containerProblem !== undefined) {
    throw refuse(`the container name ${showValue(container)} ${containerProblem}`, 'azure');
  }
  checkSegments('azure', folderSegments, refuse);
  return {
    cloud: 'azure',
    account,
    container,
    folder: folderSegments.join('/'),
    url: buildUrl('azure', `${account}${AZURE_BLOB_HOST_SUFFIX}`, segments),
  };
}

function parseGcs(bucket: string, segments: string[], endsWithSlash: boolean, refuse: Refuse): ParsedDestination {
  if (bucket === '') {
    throw refuse('names no bucket: the bucket name comes right after gcs://', 'gcp');
  }
  const problem = gcsBucketProblem(bucket);
  if (problem !== undefined) {
    throw refuse(`the GCS bucket name ${showValue(bucket)} ${problem}`, 'gcp');
  }
  checkSegments('gcp', segments, refuse);
  const last = segments[segments.length - 1];
  if (!endsWithSlash && last !== undefined && FILE_EXTENSION.test(last)) {
    throw refuse(
      `names a file (${showValue(last)}), but a GCS destination is a folder: use the folder it is in, ` +
        `${buildUrl('gcp', bucket, segments.slice(0, -1))}, or end the destination with "/" if ${showValue(last)} is a folder`,
      'gcp',
    );
  }
  return { cloud: 'gcp', bucket, folder: segments.join('/'), url: buildUrl('gcp', bucket, segments) };
}

function throwing(error: DestinationError): never {
  throw error;
}

/** The normalised form of a destination (see parseDestination). */
export function normalizeDestination(input: string, expectedCloud?: CloudName): string {
  return parseDestination(input, expectedCloud).url;
}

// ---------------------------------------------------------------------------------------------
// Building from parts
// ---------------------------------------------------------------------------------------------

function throwIfInvalid(error: DestinationError | undefined): void {
  if (error !== undefined) {
    throw error;
  }
}

/**
 * The normalised destination made of `parts` (a ParsedDestination's `url` is ignored: the
 * destination is rebuilt from its parts). Throws a DestinationError naming the first invalid part.
 */
export function formatDestination(parts: DestinationParts | ParsedDestination): string {
  const cloud: unknown = typeof parts === 'object' && parts !== null ? parts.cloud : undefined;
  switch (cloud) {
    case 'aws': {
      const { bucket, prefix = '' } = parts as S3DestinationParts;
      throwIfInvalid(checkS3BucketName(bucket));
      throwIfInvalid(checkPathPrefix(prefix, 'aws'));
      return buildUrl('aws', bucket, splitPrefix(prefix));
    }
    case 'azure': {
      const { account, container, folder = '' } = parts as AzureDestinationParts;
      throwIfInvalid(checkAzureStorageAccountName(account));
      throwIfInvalid(checkAzureContainerName(container));
      throwIfInvalid(checkPathPrefix(folder, 'azure'));
      return buildUrl('azure', `${account}${AZURE_BLOB_HOST_SUFFIX}`, [container, ...splitPrefix(folder)]);
    }
    case 'gcp': {
      const { bucket, folder = '' } = parts as GcsDestinationParts;
      throwIfInvalid(checkGcsBucketName(bucket));
      throwIfInvalid(checkPathPrefix(folder, 'gcp'));
      return buildUrl('gcp', bucket, splitPrefix(folder));
    }
    default:
      throw new DestinationError({
        field: 'cloud',
        value: String(cloud),
        expected: `the cloud must be ${CLOUD_RULE.expected}`,
        example: CLOUD_RULE.example,
      });
  }
}

/** `s3://<bucket>/<prefix>/`, validated and normalised; no prefix (or '') is the bucket root. */
export function s3Destination(bucket: string, prefix: string = ''): string {
  return formatDestination({ cloud: 'aws', bucket, prefix });
}

/** `azure://<account>.blob.core.windows.net/<container>/<folder>/`, validated and normalised. */
export function azureDestination(account: string, container: string, folder: string = ''): string {
  return formatDestination({ cloud: 'azure', account, container, folder });
}

/** `gcs://<bucket>/<folder>/`, validated and normalised; no folder (or '') is the bucket root. */
export function gcsDestination(bucket: string, folder: string = ''): string {
  return formatDestination({ cloud: 'gcp', bucket, folder });
}
