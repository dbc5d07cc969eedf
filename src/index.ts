export * from './destination/cloud';
export * from './sigma/credentials';
export * from './sigma/options';
export * from './sigma/storage-integration';
export * from './azure/audit-log-integration';
export * from './gcp/audit-log-integration';
export * from './aws/audit-log-integration';
