/** examples/gcp as a user runs it, built on the package. */
import { App } from 'cdktf';
import { GcpAuditLogsExampleStack } from '../../examples/gcp/main';

export function declare(app: App): void {
  new GcpAuditLogsExampleStack(app, 'gcp-audit-logs');
}
