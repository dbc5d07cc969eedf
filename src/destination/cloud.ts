/** The cloud storage an audit-log storage integration writes to. */
export enum StorageCloud {
  /** Amazon S3 (`s3://bucket/prefix/`). */
  AWS = 'aws',
  /** Azure Blob Storage (`azure://account.blob.core.windows.net/container/folder/`). */
  AZURE = 'azure',
  /** Google Cloud Storage (`gcs://bucket/folder/`). */
  GCP = 'gcp',
}
