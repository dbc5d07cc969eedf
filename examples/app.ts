/**
 * All the examples in one cdktf app, so that `npm run synth` (`cdktf synth` at the repository
 * root) synthesizes every one of them; each example folder also runs on its own.
 */
import { App } from 'cdktf';
import { AwsAuditLogsExampleStack } from './aws/main';
import { AzureAuditLogsExampleStack } from './azure/main';
import { GcpAuditLogsExampleStack } from './gcp/main';

const app = new App();
new AwsAuditLogsExampleStack(app, 'aws-audit-logs');
new AzureAuditLogsExampleStack(app, 'azure-audit-logs');
new GcpAuditLogsExampleStack(app, 'gcp-audit-logs');
app.synth();
