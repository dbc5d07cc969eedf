/**
 * `sigma-audit-logs list`: every audit-log storage integration of the Sigma organization. Every
 * value Sigma answered is printed through the output filter (src/output/server-text).
 */
import { Command } from 'commander';
import type { Integration } from '../../client/contract';
import { showServerText as shown } from '../../output/server-text';
import type { CliEnvironment, CliOutput } from '../io';
import { CredentialOptions, addConnectionOptions, credentialVariablesFrom, withAdminClient } from './connection';
import { formatTable } from './table';

interface ListCommandOptions extends CredentialOptions {
  readonly apiUrl?: string;
  readonly json?: boolean;
}

/** One integration as `list --json` prints it. */
export interface ListedIntegration {
  readonly name: string;
  readonly cloud: string;
  readonly status: string;
  /** Present when the status is `failed`. */
  readonly statusMessage?: string;
  readonly destination: string;
  readonly integrationId: string;
}

export function registerListCommand(program: Command, output: CliOutput, env: CliEnvironment): Command {
  const command = program
    .command('list')
    .description('List the audit-log storage integrations of the Sigma organization: name, cloud, status, destination and id.')
    .option('--json', 'print a JSON array (name, cloud, status, destination, integrationId) instead of a table');
  return addConnectionOptions(command, "Example:\n  sigma-audit-logs list --json | jq -r '.[].name'\n")
    .action(async (opts: ListCommandOptions) => {
      const integrations = await withAdminClient(env, opts.apiUrl, credentialVariablesFrom(opts), output, (client) => client.listIntegrations());
      const listed = integrations.map(toListed).sort((a, b) => compareNames(a.name, b.name));
      if (opts.json) {
        output.out(`${JSON.stringify(listed, null, 2)}\n`);
        return;
      }
      if (listed.length === 0) {
        output.out('This Sigma organization has no audit-log storage integration.\n');
        return;
      }
      output.out(
        formatTable(
          ['NAME', 'CLOUD', 'STATUS', 'DESTINATION', 'ID'],
          listed.map((i) => [i.name, i.cloud, i.status, i.destination, i.integrationId]),
        ),
      );
    });
}

function toListed(integration: Integration): ListedIntegration {
  return {
    name: shown(integration.name),
    cloud: integration.cloud,
    status: integration.status,
    ...(integration.statusMessage === undefined ? {} : { statusMessage: shown(integration.statusMessage) }),
    destination: shown(integration.destination),
    integrationId: shown(integration.integrationId),
  };
}

/** Names are unique without regard to case, so they sort that way too. */
function compareNames(a: string, b: string): number {
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}
