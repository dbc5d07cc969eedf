/**
 * The destination a cloud construct gives Sigma, built from its props, any of which Terraform may
 * compute (a token: a bucket or container created in the same stack). The constructs' side of this
 * module: it depends on cdktf, so it is not exported by ./index, which the bundled handler and the
 * emulator load.
 */
import { Fn } from 'cdktf';
import { isKnown } from '../validation/problems';
import { DestinationError } from './errors';
import { azureDestination, gcsDestination, s3Destination } from './parse';
import { AZURE_BLOB_HOST_SUFFIX, DESTINATION_SCHEMES, checkAzureContainerName, checkAzureStorageAccountName, checkGcsBucketName, checkPathPrefix, checkS3BucketName } from './rules';

/** One part of a destination, as a construct got it. */
export interface DestinationPart {
  /** Undefined only for an optional folder that was not given (the root). */
  readonly value: string | undefined;
  /**
   * The prop the value was given as, which a problem of the part names. Undefined for a value the
   * construct derived from another prop and checked under that one (an Azure account name taken
   * from a storage account id).
   */
  readonly prop?: string;
}

/** A destination built from props. */
export interface DestinationFromProps {
  /**
   * The normalised destination when every part is known and valid; otherwise the parts joined,
   * a computed folder through Terraform functions that give the normalised form at apply time.
   */
  readonly url: string;
  /** What is wrong with the known parts, each error naming its prop; empty when they are valid. */
  readonly problems: readonly DestinationError[];
}

type Check = (value: string, field: string) => DestinationError | undefined;

/** `s3://<bucket>/<prefix>/`; no prefix (or '') is the bucket root. */
export function s3DestinationFromProps(bucket: DestinationPart, prefix?: DestinationPart): DestinationFromProps {
  return fromParts(
    [[bucket, checkS3BucketName]],
    [prefix, (value, field) => checkPathPrefix(value, 'aws', field)],
    [DESTINATION_SCHEMES.aws, bucket.value, '/'],
    () => s3Destination(bucket.value as string, prefix?.value),
  );
}

/** `azure://<account>.blob.core.windows.net/<container>/<folder>/`; no folder (or '') is the container root. */
export function azureDestinationFromProps(account: DestinationPart, container: DestinationPart, folder?: DestinationPart): DestinationFromProps {
  return fromParts(
    [
      [account, checkAzureStorageAccountName],
      [container, checkAzureContainerName],
    ],
    [folder, (value, field) => checkPathPrefix(value, 'azure', field)],
    [DESTINATION_SCHEMES.azure, account.value, AZURE_BLOB_HOST_SUFFIX, '/', container.value, '/'],
    () => azureDestination(account.value as string, container.value as string, folder?.value),
  );
}

/** `gcs://<bucket>/<folder>/`; no folder (or '') is the bucket root. */
export function gcsDestinationFromProps(bucket: DestinationPart, folder?: DestinationPart): DestinationFromProps {
  return fromParts(
    [[bucket, checkGcsBucketName]],
    [folder, (value, field) => checkPathPrefix(value, 'gcp', field)],
    [DESTINATION_SCHEMES.gcp, bucket.value, '/'],
    () => gcsDestination(bucket.value as string, folder?.value),
  );
}

/**
 * Checks the known parts that came from props, then builds the destination: `normalised` when all
 * are known and valid, else `base` (scheme to the folder's parent, ending in `/`) and the folder.
 */
function fromParts(
  parts: ReadonlyArray<readonly [DestinationPart, Check]>,
  [folder, checkFolder]: readonly [DestinationPart | undefined, Check],
  baseParts: ReadonlyArray<string | undefined>,
  normalised: () => string,
): DestinationFromProps {
  const given = folder === undefined || folder.value === undefined ? undefined : folder;
  const checked: ReadonlyArray<readonly [DestinationPart, Check]> = given === undefined ? parts : [...parts, [given, checkFolder]];
  const errors = checked.map(([part, check]) => (isKnown(part.value) ? check(part.value, part.prop ?? 'destination') : undefined));
  // A derived part (no prop) is reported by the construct under the prop it came from.
  const problems = errors.filter((error, i): error is DestinationError => error !== undefined && checked[i][0].prop !== undefined);
  if (errors.every((error) => error === undefined) && checked.every(([part]) => isKnown(part.value))) {
    return { url: normalised(), problems };
  }
  // A required part missing (untyped code) is reported by the construct; it is left empty here.
  const base = baseParts.map((part) => part ?? '');
  const value = given?.value ?? '';
  if (value === '') return { url: base.join(''), problems };
  if (isKnown(value)) return { url: [...base, value.replace(/\/$/, ''), '/'].join(''), problems };
  // A computed folder: '' must stay the root, and a trailing '/' must not double.
  return { url: Fn.replace(Fn.join('', [...base, value, '/']), '/[/]+$/', '/'), problems };
}
