/**
 * `sigma-audit-logs show <name>`: one integration, its credentials (what the portal's "View
 * credentials" shows) and the scheduled exports linked to it. Every value Sigma answered is
 * printed through the output filter (src/output/server-text), in text and in JSON alike.
 */
import { Command } from 'commander';
import type { Integration, ScheduledExport } from '../../client/contract';
import { EXIT_CODES } from '../../handler/exit-codes';
import { toReadResult } from '../../handler/operations';
import { showServerText as shown } from '../../output/server-text';
import { CliCommandError } from '../errors';
import type { CliEnvironment, CliOutput } from '../io';
import { CredentialOptions, addConnectionOptions, credentialVariablesFrom, withAdminClient } from './connection';
import { formatFields, formatTable } from './table';

interface ShowCommandOptions extends CredentialOptions {
  readonly apiUrl?: string;
  readonly json?: boolean;
}

/** The credentials of an integration, by cloud, as `show --json` prints them. */
export type ShownCredentials =
  | { readonly iamUserArn: string; readonly externalId: string }
  | {
      readonly consentUrl: string;
      readonly multiTenantAppName: string;
      /** The part of the app name before `_`: what to search for under Enterprise applications. */
      readonly appSearchName: string;
      /** The app's client (application) id, from the consent URL. */
      readonly appClientId: string;
    }
  | { readonly serviceAccount: string };

/** One integration as `show --json` prints it. */
export interface ShownIntegration {
  readonly integrationId: string;
  readonly name: string;
  readonly cloud: string;
  readonly status: string;
  readonly statusMessage?: string;
  readonly destination: string;
  readonly roleArn?: string;
  readonly tenantId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Null while the integration is pending (or if it failed). */
  readonly credentials: ShownCredentials | null;
  readonly linkedExports: ReadonlyArray<{
    readonly exportId: string;
    readonly name: string;
    readonly status: string;
    readonly pausedReason: string | null;
    readonly schedule: string;
    readonly destination: string;
  }>;
}

/** No integration has the name given to `show`. */
export class IntegrationNotFoundError extends CliCommandError {
  public readonly code = 'integration_not_found';
  public readonly exitCode = EXIT_CODES.drift;

  constructor(public readonly integrationName: string) {
    super(
      `Sigma has no audit-log storage integration named '${integrationName}' (names are compared without regard to ` +
        'case): expected the name of an existing integration, for example `sigma-audit-logs show audit_logs_prod`. ' +
        'Run `sigma-audit-logs list` to see the names.',
    );
  }
}

const PAUSED_REASON_EXPLANATIONS: Readonly<Record<string, string>> = {
  integration_destination_changed: "the integration's destination changed",
  integration_deleted: 'its integration was deleted',
};

export function registerShowCommand(program: Command, output: CliOutput, env: CliEnvironment): Command {
  const command = program
    .command('show')
    .description(
      "Show one integration: status, destination, the credentials of its cloud (the portal's \"View credentials\") " +
        'and its linked scheduled exports.',
    )
    .argument('<name>', 'integration name (compared without regard to case), as `sigma-audit-logs list` shows it')
    .option('--json', 'print the integration as a JSON object instead of text');
  return addConnectionOptions(command, 'Exits 3 when no integration has that name.\nExample:\n  sigma-audit-logs show audit_logs_prod\n')
    .action(async (name: string, opts: ShowCommandOptions) => {
      const shown = await withAdminClient(env, opts.apiUrl, credentialVariablesFrom(opts), output, async (client) => {
        const integration = await client.findIntegrationByName(name);
        if (integration === undefined) throw new IntegrationNotFoundError(name);
        return toShown(integration, await client.listLinkedExports(integration.integrationId));
      });
      output.out(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : formatShown(shown));
    });
}

function toShown(integration: Integration, linked: readonly ScheduledExport[]): ShownIntegration {
  return {
    integrationId: shown(integration.integrationId),
    name: shown(integration.name),
    cloud: integration.cloud,
    status: integration.status,
    ...(integration.statusMessage === undefined ? {} : { statusMessage: shown(integration.statusMessage) }),
    destination: shown(integration.destination),
    ...(integration.roleArn ? { roleArn: shown(integration.roleArn) } : {}),
    ...(integration.tenantId ? { tenantId: shown(integration.tenantId) } : {}),
    createdAt: shown(integration.createdAt),
    updatedAt: shown(integration.updatedAt),
    credentials: credentialsOf(integration),
    linkedExports: linked.map((e) => ({
      exportId: shown(e.exportId),
      name: shown(e.name),
      status: e.status,
      pausedReason: e.pausedReason === null ? null : shown(e.pausedReason),
      schedule: shown(e.schedule),
      destination: shown(e.destination),
    })),
  };
}

function credentialsOf(integration: Integration): ShownCredentials | null {
  if (integration.credentials === null) return null;
  // The handler's read result already flattens the credentials by cloud (and extracts the app's client id).
  const flat = toReadResult(integration);
  switch (integration.cloud) {
    case 'aws':
      return { iamUserArn: shown(flat.aws_iam_user_arn), externalId: shown(flat.aws_external_id) };
    case 'azure':
      return {
        consentUrl: shown(flat.azure_consent_url),
        multiTenantAppName: shown(flat.azure_multi_tenant_app_name),
        appSearchName: shown(flat.azure_multi_tenant_app_name.split('_')[0]),
        appClientId: shown(flat.azure_app_client_id),
      };
    case 'gcp':
      return { serviceAccount: shown(flat.gcp_service_account) };
  }
}

function formatShown(shown: ShownIntegration): string {
  const status = shown.statusMessage ? `${shown.status} (${shown.statusMessage})` : shown.status;
  let text = `Integration ${shown.name}\n`;
  text += formatFields([
    ['id', shown.integrationId],
    ['cloud', shown.cloud],
    ['status', status],
    ['destination', shown.destination],
    ...(shown.roleArn ? [['role ARN', shown.roleArn] as const] : []),
    ...(shown.tenantId ? [['tenant id', shown.tenantId] as const] : []),
    ['created', shown.createdAt],
    ['updated', shown.updatedAt],
  ]);
  text += `\nCredentials (what Sigma's "View credentials" shows):\n${formatCredentials(shown)}`;
  text += `\n${formatLinkedExports(shown.linkedExports)}`;
  return text;
}

function formatCredentials(shown: ShownIntegration): string {
  const credentials = shown.credentials;
  if (credentials === null) {
    return shown.status === 'failed'
      ? '  none: Sigma could not provision this integration.\n'
      : '  not available yet: Sigma is still provisioning them (status pending); run this command again in a few minutes.\n';
  }
  if ('iamUserArn' in credentials) {
    return (
      formatFields([
        ['IAM user ARN', credentials.iamUserArn],
        ['external id', credentials.externalId],
      ]) + "  The role's trust policy lets this IAM user assume it, on condition sts:ExternalId equals the external id.\n"
    );
  }
  if ('consentUrl' in credentials) {
    return (
      formatFields([
        ['consent URL', credentials.consentUrl],
        ['multi-tenant app name', credentials.multiTenantAppName],
        ['app client id', credentials.appClientId],
      ]) +
      '  A tenant admin opens the consent URL; the app then appears under Enterprise applications ' +
      `(search for "${credentials.appSearchName}"), to be given Storage Blob Data Contributor on the container.\n`
    );
  }
  return (
    formatFields([['service account', credentials.serviceAccount]]) +
    '  Grant this service account the custom storage role on the bucket.\n'
  );
}

function formatLinkedExports(linked: ShownIntegration['linkedExports']): string {
  if (linked.length === 0) return 'Linked scheduled exports: none.\n';
  const rows = linked.map((e) => [
    e.name,
    e.status,
    e.pausedReason ?? '',
    e.schedule,
    e.exportId,
  ]);
  let text = `Linked scheduled exports (${linked.length}):\n`;
  text += formatTable(['NAME', 'STATUS', 'PAUSED REASON', 'SCHEDULE', 'ID'], rows)
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
  const reasons = [...new Set(linked.map((e) => e.pausedReason).filter((r): r is string => r !== null))];
  for (const reason of reasons) {
    const why = PAUSED_REASON_EXPLANATIONS[reason] ?? 'Sigma paused it';
    text += `  ${reason}: paused because ${why}; it stays paused until resumed in Sigma.\n`;
  }
  return text;
}
