export { StorageCloud } from './cloud';
export * from './types';
export { DestinationError } from './errors';
export type { DestinationErrorDetails } from './errors';
export {
  DESTINATION_EXAMPLES,
  DESTINATION_FORMS,
  DESTINATION_SCHEMES,
  checkAzureContainerName,
  checkAzureStorageAccountName,
  checkGcsBucketName,
  checkPathPrefix,
  checkS3BucketName,
} from './rules';
export {
  azureDestination,
  cloudOfDestination,
  formatDestination,
  gcsDestination,
  normalizeDestination,
  parseDestination,
  s3Destination,
} from './parse';
