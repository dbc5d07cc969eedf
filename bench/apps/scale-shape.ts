/**
 * The stack of the scale benchmark: `size` integrations in one stack, the clouds in turn (S3,
 * Blob Storage with its role assignment, GCS), each with a destination of its own.
 */
export const SCALE_STACK_ID = 'scale';
export const PROJECT = 'my-audit-project';
export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const PRINCIPAL_ID = '66666666-7777-4888-9999-aaaaaaaaaaaa';
export const FOLDER = 'sigma';
export const CONTAINER = 'audit-logs';

export type ScaleCloud = 'aws' | 'azure' | 'gcp';

export function cloudOf(index: number): ScaleCloud {
  return (['aws', 'azure', 'gcp'] as const)[index % 3];
}

export function constructId(index: number): string {
  return `AuditLogs${index}`;
}

export function bucketName(index: number): string {
  return `audit-logs-${index}`;
}

export function storageAccountName(index: number): string {
  return `auditlogs${index}`;
}

export function storageAccountId(index: number): string {
  return `/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/audit-logs/providers/Microsoft.Storage/storageAccounts/${storageAccountName(index)}`;
}
