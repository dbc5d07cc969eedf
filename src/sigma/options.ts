import { SigmaCredentials } from './credentials';

/**
 * Sigma API base URLs, one per Sigma cloud and region. Use the one your Sigma organization
 * runs in (Administration > Account > General Settings shows the cloud and region).
 *
 * Each constant is the URL itself, a string, in every language; `apiUrl` takes any base URL (a
 * gateway's or a local emulator's as well).
 */
// String constants rather than an enum: in the other jsii languages an enum member is its name.
export class SigmaApiUrl {
  /** Sigma on GCP. */
  public static readonly GCP: string = 'https://api.sigmacomputing.com';
  /** Sigma on AWS, United States. */
  public static readonly AWS_US: string = 'https://aws-api.sigmacomputing.com';
  /** Sigma on AWS, Canada. */
  public static readonly AWS_CANADA: string = 'https://api.ca.aws.sigmacomputing.com';
  /** Sigma on AWS, Europe. */
  public static readonly AWS_EUROPE: string = 'https://api.eu.aws.sigmacomputing.com';
  /** Sigma on AWS, Asia Pacific. */
  public static readonly AWS_ASIA_PACIFIC: string = 'https://api.au.aws.sigmacomputing.com';
  /** Sigma on Azure, United States. */
  public static readonly AZURE_US: string = 'https://api.us.azure.sigmacomputing.com';

  /** Only constants: not instantiable. */
  private constructor() {}
}

/** What happens to the scheduled exports linked to an integration when its destination changes. */
export enum LinkedExportsOnDestinationChange {
  /** Pause them (Sigma's default): they stop until someone resumes them. */
  PAUSE = 'pause',
  /** Keep their status and point them at the new destination. */
  UPDATE = 'update',
}

/** What happens to the scheduled exports linked to an integration when it is deleted. */
export enum LinkedExportsOnDelete {
  /** Pause them (Sigma's default). */
  PAUSE = 'pause',
  /** Delete them with the integration. */
  DELETE = 'delete',
}

/** Whether destroying the construct deletes the Sigma integration. */
export enum IntegrationRemovalPolicy {
  /** Delete the integration in Sigma when the resource is destroyed. */
  DESTROY = 'destroy',
  /** Leave the integration in Sigma; Terraform only forgets it. */
  RETAIN = 'retain',
}

/**
 * Settings of the Sigma side of an integration, shared by every construct that creates one.
 */
export interface SigmaIntegrationOptions {
  /**
   * Name of the integration in Sigma: a letter, then up to 62 letters, digits, `_` or `-`;
   * unique in the Sigma organization (case-insensitively). Changing it replaces the integration.
   * A deploy never takes over an integration of this name that the stack did not create: another
   * stack or Terraform workspace with the same name is refused (see `adoptIntegrationId`).
   *
   * @default - derived from the construct path, e.g. `audit_logs_prod_AuditLogs_1a2b3c4d`
   */
  readonly integrationName?: string;

  /**
   * Base URL of the Sigma API: `https://` (plain `http://` only for a loopback host), host,
   * optional port and optional path prefix, with no user name, password, query or fragment.
   *
   * At apply time the `SIGMA_API_URL` environment variable, when set, takes precedence (for a
   * local emulator or a proxy) for integrations that use the default credential variables; one
   * whose `credentials` name their own variables is overridden only by their `apiUrlVariable`.
   *
   * @default SigmaApiUrl.AWS_US
   */
  readonly apiUrl?: string;

  /**
   * The environment variables the handler reads the Sigma client id and secret from, in the
   * environment Terraform runs in. Give each Sigma organization of a stack its own pair, e.g.
   * `SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET')`.
   *
   * Only the names are written to the configuration and the state, never a value. Changing them
   * does not replace the integration (they say how to reach its organization, not what it is):
   * the plan shows an in-place update, and a later removal reads the new ones.
   *
   * @default SigmaCredentials.fromDefaultEnvironment() - `SIGMA_CLIENT_ID` and `SIGMA_CLIENT_SECRET`
   */
  readonly credentials?: SigmaCredentials;

  /**
   * What happens to linked scheduled exports when the destination changes.
   *
   * @default LinkedExportsOnDestinationChange.PAUSE
   */
  readonly linkedExportsOnDestinationChange?: LinkedExportsOnDestinationChange;

  /**
   * What happens to linked scheduled exports when the integration is deleted (by `enabled: false`,
   * a destroy, or a replacement). The value of the deploy that deletes the integration applies,
   * even when that deploy also changes it: `enabled: false` together with
   * `LinkedExportsOnDelete.DELETE` deletes the exports whatever an earlier deploy declared. A
   * change alone shows in the plan as an in-place update and changes nothing in Sigma.
   *
   * @default LinkedExportsOnDelete.PAUSE
   */
  readonly linkedExportsOnDelete?: LinkedExportsOnDelete;

  /**
   * Whether destroying this construct deletes the integration in Sigma.
   *
   * @default IntegrationRemovalPolicy.DESTROY
   */
  readonly removalPolicy?: IntegrationRemovalPolicy;

  /**
   * Set to `false` for one deploy before removing the construct from code: its resources stay
   * declared with `count = 0`, so Terraform runs the destroy-time step that deletes the
   * integration (a destroy-time provisioner only runs while its resource block exists).
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The id of an existing integration to bring under this stack's management instead of creating
   * one, e.g. one made in the Sigma portal: it must have the declared name, cloud and role ARN or
   * tenant id (`npx sigma-audit-logs list` shows the ids). It keeps its id and credentials; from
   * then on the stack owns it, and a destroy deletes it (unless `removalPolicy` is `RETAIN`).
   * Without it, a deploy never takes over an integration it did not create: a name held by
   * another integration stops the deploy before any change. Adding or removing it after the
   * integration is managed changes nothing.
   *
   * @default - none: the integration is created
   */
  readonly adoptIntegrationId?: string;

  /**
   * How long a deploy waits for Sigma to provision the integration's credentials, in seconds.
   * A plan does not wait: it fails at once on an integration that is still pending.
   *
   * @default 900
   */
  readonly credentialsTimeoutSeconds?: number;
}
