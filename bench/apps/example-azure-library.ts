/** examples/azure as a user runs it, built on the package. */
import { App } from 'cdktf';
import { AzureAuditLogsExampleStack } from '../../examples/azure/main';

export function declare(app: App): void {
  new AzureAuditLogsExampleStack(app, 'azure-audit-logs');
}
