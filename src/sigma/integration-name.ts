import { IConstruct } from 'constructs';
import { INTEGRATION_NAME_RULE } from '../rules/sigma';
import { derivedName } from './derived-name';

/**
 * A default integration name, e.g. `audit_logs_prod_AuditLogs_1a2b3c4d`: the construct path,
 * readable and unique per path. Always valid: it starts with the prefix's letter, holds letters,
 * digits and `_`, and has at most the rule's 63 characters.
 */
export function defaultIntegrationName(scope: IConstruct): string {
  return derivedName(scope, { prefix: 'audit_logs', maxLength: INTEGRATION_NAME_RULE.maxLength });
}
