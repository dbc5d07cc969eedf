/**
 * Errors the custom-resource handler raises itself (the Sigma client and the destination parser
 * raise their own). Each message names what was found, what was expected and what to do; none
 * contains a secret. What Sigma answered (a status message, a live destination or identity) is
 * shown through the output filter (src/output/server-text): secrets redacted, control characters
 * and non-ASCII as escapes, so that a look-alike value shows how it differs.
 */
import { SigmaAuditLogsError } from '../errors/base';
import { showValue } from '../errors/show-value';
import { showServerText } from '../output/server-text';
import { CREDENTIALS_TIMEOUT_RULE } from '../rules/sigma';
import { CredentialVariables, DEFAULT_CREDENTIAL_VARIABLES } from '../rules/credentials';

/** The command a user runs to repair a stack's drifted integrations (through `terraform apply -replace`). */
function reconcileCommand(stackDir: string): string {
  return `npx sigma-audit-logs reconcile ${shellQuote(stackDir)}`;
}

/** Quotes a path for a POSIX shell only when it needs it, so the usual case stays copyable as is. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** One problem of a spec: the key and a sentence about it. */
export interface SpecProblem {
  readonly key: string;
  readonly message: string;
}

/** The spec (SIGMA_AUDIT_LOGS_SPEC or the query on stdin) is not JSON, lacks a key, or has an invalid value. */
export class SpecInvalidError extends SigmaAuditLogsError {
  public readonly code = 'spec_invalid';
  /** Keys with a problem, in the order they were checked. */
  public readonly keys: string[];

  /**
   * @param source where the spec came from, as messages name it: "SIGMA_AUDIT_LOGS_SPEC", "the query on stdin"
   */
  constructor(
    public readonly source: string,
    public readonly problems: readonly SpecProblem[],
  ) {
    super(
      problems.length === 1
        ? `Invalid spec in ${source}: ${problems[0].message}`
        : `Invalid spec in ${source} (${problems.length} problems):\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
    );
    this.keys = problems.map((p) => p.key);
  }
}

/** The command line is not `apply`, `read`, `credentials`, `delete`, `--help` or `--version`. */
export class UsageError extends SigmaAuditLogsError {
  public readonly code = 'usage_invalid';

  constructor(given: string) {
    super(
      `${given}: expected one operation, apply, locate, read, credentials or delete (or --help, --version), for example ` +
        '`node handler.js apply`. Run with --help for the details.',
    );
  }
}

/** A setting read from the environment (other than the spec) has an unusable value. */
export class EnvironmentSettingError extends SigmaAuditLogsError {
  public readonly code = 'environment_setting_invalid';

  constructor(
    public readonly variable: string,
    value: string,
    expected: string,
    example: string,
  ) {
    super(`Environment variable ${variable} is ${showValue(value)}: expected ${expected}, for example ${variable}=${example}.`);
  }
}

/**
 * A variable the Sigma client id or secret is read from (SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET,
 * or those an integration names) is not set in the environment Terraform runs in. Names the
 * variables and the integration, never a value.
 */
export class MissingCredentialsError extends SigmaAuditLogsError {
  public readonly code = 'credentials_missing';

  /**
   * @param variables the variables that are unset or empty
   * @param source the pair of variables read, for the example
   * @param integrationName the integration they are read for, if any
   */
  constructor(
    public readonly variables: readonly string[],
    source: CredentialVariables = DEFAULT_CREDENTIAL_VARIABLES,
    public readonly integrationName?: string,
  ) {
    const forWhom = integrationName === undefined ? '' : ` for Sigma integration '${integrationName}'`;
    super(
      `${variables.join(' and ')} ${variables.length === 1 ? 'is' : 'are'} not set (or empty)${forWhom}: expected the ` +
        `client id and secret of a Sigma API client owned by an Admin of the organization, in the environment ` +
        `Terraform runs in, for example \`export ${source.clientIdVariable}=<client id>\` and ` +
        `\`export ${source.clientSecretVariable}=<client secret>\` before \`cdktf deploy\` (Sigma: Administration > ` +
        'Developer Access). They are read only from the environment, never from the configuration.',
    );
  }
}

/** `read` or `credentials` found no integration with the declared name. */
export class IntegrationMissingError extends SigmaAuditLogsError {
  public readonly code = 'integration_missing';

  /**
   * @param owned the id this stack owns, when known, and the id of another integration that now
   * holds the name, if any
   */
  constructor(
    public readonly integrationName: string,
    public readonly stackDir: string,
    public readonly owned: { readonly integrationId: string; readonly nameHeldBy?: string } | undefined = undefined,
  ) {
    super(
      (owned === undefined
        ? `Sigma has no audit-log storage integration named '${integrationName}', which this stack declares (it was ` +
          'deleted outside Terraform, or never created).'
        : `Sigma no longer has integration '${integrationName}' (${owned.integrationId}), which this stack created or ` +
          'adopted: it was deleted outside Terraform.' +
          (owned.nameHeldBy === undefined
            ? ''
            : ` The name is now held by integration ${showServerText(owned.nameHeldBy)}, which this stack does not own and leaves ` +
              'untouched: to create its own again, this stack needs another integrationName, or that integration ' +
              'deleted, or adopted (adoptIntegrationId).')) +
        ` To create it again, run \`${reconcileCommand(stackDir)}\`: it ` +
        "replaces the integration's resources with `terraform apply -replace`, which creates the integration and " +
        'updates what depends on its new credentials in the same run.',
    );
  }
}

/**
 * The create step found the declared name held by an integration that this stack did not create
 * (nor lose the answer of its own create for) and does not adopt: nothing is changed.
 */
export class NameHeldError extends SigmaAuditLogsError {
  public readonly code = 'name_held';

  constructor(
    public readonly integrationName: string,
    holder: { readonly integrationId: string; readonly name: string; readonly createdBy: string; readonly createdAt: string },
  ) {
    // All of it is the server's text.
    const shown = {
      integrationId: showServerText(holder.integrationId),
      name: showServerText(holder.name),
      createdBy: showServerText(holder.createdBy),
      createdAt: showServerText(holder.createdAt),
    };
    super(
      `Sigma already has an integration named '${shown.name}' (${shown.integrationId}, created ${shown.createdAt} by ` +
        `member ${shown.createdBy}), and this stack did not create it: another stack, Terraform workspace or ` +
        'person manages it, so this deploy changes nothing (names are unique in a Sigma organization without regard ' +
        `to case). Either give this integration another name (integrationName, e.g. '${integrationName}_2'; the ` +
        'default name is the same in every Terraform workspace), or, to bring that integration under this stack ' +
        `(keeping its id and credentials; a destroy of this stack then deletes it), adopt it: set adoptIntegrationId: ` +
        `'${shown.integrationId}' and deploy again.`,
    );
    this.holderId = shown.integrationId;
  }

  /** The id of the integration that holds the name, as shown. */
  public readonly holderId: string;
}

/** The integration to adopt does not exist, or is not the declared one. */
export class AdoptionRefusedError extends SigmaAuditLogsError {
  public readonly code = 'adoption_refused';

  constructor(
    public readonly integrationName: string,
    public readonly adoptIntegrationId: string,
    reason: string,
  ) {
    super(
      `Cannot adopt Sigma integration ${adoptIntegrationId} as '${integrationName}': ${showServerText(reason)}. Adoption takes an ` +
        'existing integration of the declared name, cloud and role ARN or tenant id; `npx sigma-audit-logs list` ' +
        'shows the ids. Correct adoptIntegrationId, or remove it to create a new integration.',
    );
  }
}

/** `read` found the integration with a destination other than the declared one. */
export class DestinationDriftError extends SigmaAuditLogsError {
  public readonly code = 'destination_drift';

  constructor(
    public readonly integrationName: string,
    public readonly integrationId: string,
    liveDestination: string,
    declaredDestination: string,
    public readonly stackDir: string,
  ) {
    liveDestination = showServerText(liveDestination);
    declaredDestination = showServerText(declaredDestination);
    super(
      `The destination of Sigma integration '${integrationName}' (${integrationId}) is ${liveDestination}, but this ` +
        `stack declares ${declaredDestination} (it was changed outside Terraform). To set it back to the declared ` +
        `destination, run \`${reconcileCommand(stackDir)}\` (it re-applies the integration's settings with ` +
        `\`terraform apply -replace\`); to keep ${liveDestination}, declare it as the destination instead.`,
    );
    this.liveDestination = liveDestination;
    this.declaredDestination = declaredDestination;
  }

  /** The live destination, as the message shows it. */
  public readonly liveDestination: string;
  /** The declared destination, as the message shows it. */
  public readonly declaredDestination: string;
}

/** A field of a live integration whose value is not the declared one. */
export interface FieldDifference {
  /** `destination`, `roleArn` or `tenantId` */
  readonly field: string;
  readonly live: string;
  readonly declared: string;
}

/** Both values of a difference as messages show them (a look-alike letter shows as its escape). */
function shownDifference({ field, live, declared }: FieldDifference): FieldDifference {
  return { field, live: showServerText(live), declared: showServerText(declared) };
}

/** The live integration of the declared name differs from the declaration in one field. */
abstract class IntegrationDiffersError extends SigmaAuditLogsError {
  public readonly field: string;
  public readonly liveValue: string;
  public readonly declaredValue: string;

  protected constructor(
    public readonly integrationName: string,
    public readonly integrationId: string,
    difference: FieldDifference,
    message: string,
  ) {
    super(message);
    this.field = difference.field;
    this.liveValue = showServerText(difference.live);
    this.declaredValue = showServerText(difference.declared);
  }
}

/**
 * `apply` brought the integration to the declaration, but by the time it was ready another
 * writer (a concurrent deploy of the same name, a pipeline, someone in Sigma) had changed it.
 */
export class ChangedMeanwhileError extends IntegrationDiffersError {
  public readonly code = 'changed_meanwhile';

  constructor(integrationName: string, integrationId: string, difference: FieldDifference) {
    super(integrationName, integrationId, difference, changedMeanwhile(integrationName, integrationId, difference));
  }
}

function changedMeanwhile(integrationName: string, integrationId: string, difference: FieldDifference): string {
  const { field, live, declared } = shownDifference(difference);
  return (
    `Sigma integration '${integrationName}' (${integrationId}) has ${field} ${live || '(none)'}, but this deploy ` +
    `just set ${declared}: another writer changed it meanwhile (another stack or pipeline that declares the ` +
    'same integration name, or someone in Sigma). The integration is not what this stack declares, so the deploy ' +
    `stops instead of reporting it ready. Make sure that only one stack declares '${integrationName}' (names are ` +
    'unique in a Sigma organization: two stacks with the same name overwrite each other), or choose another ' +
    'integrationName, then run the deploy again; it sets the declared value back.'
  );
}

/** The name is held by an integration of another cloud. */
export class CloudMismatchError extends SigmaAuditLogsError {
  public readonly code = 'cloud_mismatch';

  constructor(
    public readonly integrationName: string,
    public readonly integrationId: string,
    public readonly liveCloud: string,
    public readonly declaredCloud: string,
  ) {
    super(
      `The name '${integrationName}' is held by Sigma integration ${integrationId}, which writes to ${liveCloud}, ` +
        `but this stack declares a ${declaredCloud} integration of that name. Names are unique in a Sigma ` +
        'organization and an integration cannot change cloud: give this integration another name (for example ' +
        `'${integrationName}_${declaredCloud}'), or delete the ${liveCloud} integration first if it is no longer used.`,
    );
  }
}

/**
 * The integration's role ARN or tenant id is not the declared one. The constructs replace the
 * integration when these change, so a difference means it was recreated outside Terraform.
 */
export class IdentityMismatchError extends IntegrationDiffersError {
  public readonly code = 'identity_mismatch';

  /** @param difference of `roleArn` or `tenantId` */
  constructor(integrationName: string, integrationId: string, difference: FieldDifference) {
    super(integrationName, integrationId, difference, identityMismatch(integrationName, integrationId, difference));
  }
}

function identityMismatch(integrationName: string, integrationId: string, difference: FieldDifference): string {
  const { field, live, declared } = shownDifference(difference);
  return (
    `Sigma integration '${integrationName}' (${integrationId}) has ${field} '${live || '(none)'}', but this ` +
    `stack declares '${declared}'. Sigma cannot change the ${field} of an integration (only a new one can ` +
    'have another), so it was created or recreated outside Terraform. Either declare ' +
    `'${live || '(none)'}' as the ${field}, or delete the integration in Sigma (Administration > Account > ` +
    'General Settings > Audit Logging) and run the deploy again to create it with the declared one.'
  );
}

/** The integration stayed pending longer than credentialsTimeoutSeconds. */
export class CredentialsTimeoutError extends SigmaAuditLogsError {
  public readonly code = 'credentials_timeout';

  constructor(
    public readonly integrationName: string,
    public readonly integrationId: string,
    public readonly waitedSeconds: number,
    public readonly timeoutSeconds: number,
  ) {
    // Twice the wait, within the rule's bounds.
    const raised = Math.min(CREDENTIALS_TIMEOUT_RULE.maxSeconds, Math.max(timeoutSeconds * 2, CREDENTIALS_TIMEOUT_RULE.defaultSeconds));
    super(
      `Sigma integration '${integrationName}' (${integrationId}) is still pending after ${waitedSeconds} s ` +
        `(credentialsTimeoutSeconds is ${timeoutSeconds}): Sigma has not provisioned its credentials yet. Nothing ` +
        'is lost: run the deploy again later (it picks up the same integration), or raise ' +
        `credentialsTimeoutSeconds, for example to ${raised}.`,
    );
  }
}

/** Sigma reported the integration `failed`. */
export class ProvisioningFailedError extends SigmaAuditLogsError {
  public readonly code = 'provisioning_failed';

  constructor(
    public readonly integrationName: string,
    public readonly integrationId: string,
    statusMessage: string | undefined,
  ) {
    statusMessage = showServerText(statusMessage);
    super(
      `Sigma could not provision integration '${integrationName}' (${integrationId}): status failed` +
        `${statusMessage ? `, "${statusMessage}"` : ' (Sigma gave no reason)'}. Fix the cause, then delete the ` +
        'integration in Sigma (Administration > Account > General Settings > Audit Logging) and run the deploy ' +
        'again to create it anew.',
    );
    this.statusMessage = statusMessage;
  }

  /** Sigma's reason, as the message shows it (secrets redacted, control characters and non-ASCII escaped). */
  public readonly statusMessage: string | undefined;
}

/**
 * A read (`read`, `credentials`: Terraform's data sources, read while planning) found the
 * integration still pending. A plan does not wait for Sigma: a pending integration would hold it
 * for up to credentialsTimeoutSeconds with nothing shown but Terraform's "Still reading...".
 */
export class IntegrationPendingError extends SigmaAuditLogsError {
  public readonly code = 'integration_pending';

  constructor(
    public readonly integrationName: string,
    public readonly integrationId: string,
  ) {
    super(
      `Sigma integration '${integrationName}' (${integrationId}) is pending: Sigma is still provisioning its credentials ` +
        '(usually a few minutes). A plan does not wait for it; the apply that creates the integration waits for it ' +
        `(up to credentialsTimeoutSeconds). Run the plan again once it is ready: \`npx sigma-audit-logs show ${integrationName}\` ` +
        'shows its status.',
    );
  }
}
