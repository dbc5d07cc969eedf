/**
 * Shapes of a parsed destination. Declared here rather than imported from the HTTP contract,
 * which depends on zod, because this module is also compiled into the construct library.
 */

export type { CloudName } from '../rules/cloud';

/**
 * `s3://<bucket>/<prefix>/`. `prefix` is '' for the bucket root, else its segments joined by
 * '/', with no leading or trailing '/'. `url` is the normalised destination.
 */
export interface S3Destination {
  readonly cloud: 'aws';
  readonly bucket: string;
  readonly prefix: string;
  readonly url: string;
}

/** `azure://<account>.blob.core.windows.net/<container>/<folder>/`; `folder` as S3's `prefix`. */
export interface AzureDestination {
  readonly cloud: 'azure';
  readonly account: string;
  readonly container: string;
  readonly folder: string;
  readonly url: string;
}

/** `gcs://<bucket>/<folder>/`; `folder` as S3's `prefix`. */
export interface GcsDestination {
  readonly cloud: 'gcp';
  readonly bucket: string;
  readonly folder: string;
  readonly url: string;
}

export type ParsedDestination = S3Destination | AzureDestination | GcsDestination;

/** The parts a destination is built from; a missing or '' prefix/folder means the root. */
export interface S3DestinationParts {
  readonly cloud: 'aws';
  readonly bucket: string;
  readonly prefix?: string;
}

export interface AzureDestinationParts {
  readonly cloud: 'azure';
  readonly account: string;
  readonly container: string;
  readonly folder?: string;
}

export interface GcsDestinationParts {
  readonly cloud: 'gcp';
  readonly bucket: string;
  readonly folder?: string;
}

export type DestinationParts = S3DestinationParts | AzureDestinationParts | GcsDestinationParts;
