/**
 * Azure naming rules of the props of AzureAuditLogIntegration (the destination's parts are the
 * destination module's).
 */
import { checkAzureStorageAccountName } from '../destination';
import { PatternRule, Rule, patternRule } from '../rules/rule';
import { TENANT_ID_RULE } from '../rules/sigma';

/**
 * `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Storage/storageAccounts/<name>`;
 * Azure is not consistent about the case of the fixed segments, so they match in any case; the
 * account name follows the destination's rule, case-sensitively.
 */
const STORAGE_ACCOUNT_ID_PATTERN =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)$/i;
export const STORAGE_ACCOUNT_ID_RULE: Rule = {
  test: (value) => {
    const match = typeof value === 'string' ? STORAGE_ACCOUNT_ID_PATTERN.exec(value) : null;
    return match !== null && checkAzureStorageAccountName(match[1]) === undefined;
  },
  expected:
    'the resource id of a storage account, /subscriptions/<subscription>/resourceGroups/<group>/providers/' +
    'Microsoft.Storage/storageAccounts/<account>, where <account> is 3-24 lower-case letters and digits',
  example:
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/audit-logs/providers/Microsoft.Storage/storageAccounts/myaccount',
};

/** Azure resource group names: 1-90 letters, digits, `_`, `-`, `.`, `(`, `)`; not ending with `.`. */
export const RESOURCE_GROUP_RULE: PatternRule = patternRule(
  /^[\p{L}\p{N}_().-]{0,89}[\p{L}\p{N}_()-]$/u,
  'an Azure resource group name: 1-90 letters, digits, "_", "-", ".", "(" or ")", not ending with "."',
  'audit-logs',
);

/** The object id of a service principal: a GUID, as a tenant id. */
export const SERVICE_PRINCIPAL_ID_RULE: PatternRule = patternRule(
  TENANT_ID_RULE.pattern,
  "a GUID: the object id of the service principal of Sigma's multi-tenant app in your tenant",
  '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
);
