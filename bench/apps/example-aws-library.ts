/** examples/aws as a user runs it, built on the package. */
import { App } from 'cdktf';
import { AwsAuditLogsExampleStack } from '../../examples/aws/main';

export function declare(app: App): void {
  new AwsAuditLogsExampleStack(app, 'aws-audit-logs');
}
