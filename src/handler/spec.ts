/**
 * What the construct hands the custom-resource handler: one integration's declared settings.
 *
 * `apply` and `delete` read it as JSON from the SPEC_ENV environment variable (set by the
 * `local-exec` provisioners); `read` gets the same keys as the `external` data source's query
 * on stdin, where every value is a string. Sigma client id and secret never appear here: the
 * handler takes them from the environment Terraform runs in, from the variables the spec names
 * (by default CLIENT_ID_ENV and CLIENT_SECRET_ENV).
 */
import type { CloudName } from '../rules/cloud';

export const SPEC_ENV = 'SIGMA_AUDIT_LOGS_SPEC';
export const API_URL_ENV = 'SIGMA_API_URL';
/**
 * `delete` only: linkedExportsOnDelete as the configuration being deployed declares it. Terraform
 * takes a destroy-time step's block from the configuration being applied, but its spec can only
 * come from what the last deploy stored (`self.input`): this variable carries the policy of the
 * deploy that removes the integration, and takes precedence over the spec's.
 */
export const LINKED_EXPORTS_ON_DELETE_ENV = 'SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE';

/**
 * The create step only: when this resource's claim was recorded (`claimedAt`, an RFC 3339 time
 * kept in the state from the first deploy that declared the integration) and when the running
 * plan was made (`plannedAt`). A claim older than the plan shows that an earlier deploy of this
 * stack may have sent the create whose answer was lost (see isOwnLostCreate in ./operations).
 */
export const CLAIMED_AT_ENV = 'SIGMA_AUDIT_LOGS_CLAIMED_AT';
/** When the running plan was made (`plantimestamp()`): given to the create step and to the settings step. */
export const PLANNED_AT_ENV = 'SIGMA_AUDIT_LOGS_PLANNED_AT';

/**
 * Test knob: first pause between two status checks of a pending integration, in ms (default
 * 250, growing to 10 000). Tests set a few tens of ms to keep provisioning waits short.
 */
export const POLL_INTERVAL_ENV = 'SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS';
/**
 * Test knob: base of the Sigma client's retry backoff, in ms (default 250). Tests set a few ms so
 * that injected faults are retried quickly.
 */
export const BACKOFF_BASE_ENV = 'SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS';
/**
 * The settings step only: when the identity resource was created (an RFC 3339 time its `input`
 * records once, under IDENTITY_CREATED_AT_KEY); '' for an identity deployed by an earlier
 * version, which recorded none. Not earlier than PLANNED_AT_ENV: the create step of this very
 * apply has just brought the integration to the declared destination (see ./settings-after-create).
 */
export const IDENTITY_CREATED_AT_ENV = 'SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT';
/** Key of the identity resource's `input` that records when it was created. */
export const IDENTITY_CREATED_AT_KEY = 'createdAt';

type LinkedExportsOnDestinationChangeValue = 'pause' | 'update';
export type LinkedExportsOnDeleteValue = 'pause' | 'delete';

export interface IntegrationSpec {
  /** Integration name, unique per Sigma organization (case-insensitive). */
  readonly name: string;
  readonly cloud: CloudName;
  /** Declared destination (normalised by the handler before comparing). */
  readonly destination: string;
  /** Sigma API base URL; SIGMA_API_URL overrides it at run time. */
  readonly apiUrl: string;
  /** aws only; '' or absent otherwise. */
  readonly roleArn?: string;
  /** azure only; '' or absent otherwise. */
  readonly tenantId?: string;
  readonly linkedExportsOnDestinationChange: LinkedExportsOnDestinationChangeValue;
  readonly linkedExportsOnDelete: LinkedExportsOnDeleteValue;
  /** How long `apply` waits for a pending integration's credentials (the data sources' reads do not wait). */
  readonly credentialsTimeoutSeconds: number;
  /**
   * Name of the environment variable that holds the Sigma client id; absent or '': SIGMA_CLIENT_ID.
   * The constructs write it only when it is not the default, so existing stacks plan no change.
   */
  readonly clientIdVariable?: string;
  /** Name of the environment variable that holds the Sigma client secret; absent or '': SIGMA_CLIENT_SECRET. */
  readonly clientSecretVariable?: string;
  /**
   * Name of the environment variable that may override apiUrl for this integration's
   * organization; absent or '': none. SIGMA_API_URL overrides only integrations that use the
   * default credential variables, so that no organization's credentials are sent to a URL that
   * was set for another.
   */
  readonly apiUrlVariable?: string;
  /**
   * Sigma's id of the integration this stack created or adopted, as the state records it; the
   * settings step, the reads and the delete act on this id alone. Absent or '': the create step,
   * which finds or creates the integration by name.
   */
  readonly integrationId?: string;
  /**
   * The create step and the locate read: the id of an existing integration to bring under this
   * stack's management instead of creating one (it must have the declared name, cloud, role ARN
   * or tenant id). Absent or '': none.
   */
  readonly adoptIntegrationId?: string;
}

/**
 * Key of the settings resource's `input` that holds the integration's spec, as last applied: how
 * `sigma-audit-logs reconcile` recognises the construct's resources in `terraform show -json`.
 * In `input`, not `triggers_replace`, so that adding or changing it never replaces anything.
 */
export const SETTINGS_MARKER_KEY = 'sigma_audit_logs_integration';

/**
 * The keys `delete` needs: what the identity resource keeps in its `input`. The credential
 * variables are among them: the integration to delete lives in the organization the last deploy
 * reached, with the API URL stored beside them.
 */
export const IDENTITY_KEYS = [
  'name',
  'cloud',
  'apiUrl',
  'roleArn',
  'tenantId',
  'linkedExportsOnDelete',
  'clientIdVariable',
  'clientSecretVariable',
] as const;

/** The identity keys of an IntegrationSpec. */
export type IdentitySpec = Pick<IntegrationSpec, (typeof IDENTITY_KEYS)[number]>;

/**
 * The keys `delete` gets: what the removal resource keeps in its `input`, the owned id with the
 * identity it must still have, and how to reach its organization as the last deploy declared it.
 */
export const REMOVAL_KEYS = [...IDENTITY_KEYS, 'apiUrlVariable', 'integrationId'] as const;
export type RemovalSpec = Pick<IntegrationSpec, (typeof REMOVAL_KEYS)[number]>;

/** The keys `locate` gets: the identity, how to reach the organization, and an id to adopt. */
export const LOCATE_KEYS = [...IDENTITY_KEYS, 'apiUrlVariable', 'adoptIntegrationId'] as const;
export type LocateSpec = Pick<IntegrationSpec, (typeof LOCATE_KEYS)[number]>;

/** Keys of the flat string map `locate` prints: what the owner resource records. */
export const LOCATE_RESULT_KEYS = ['integration_id', 'organization_id'] as const;
export type LocateResult = Record<(typeof LOCATE_RESULT_KEYS)[number], string>;

/**
 * The keys `credentials` needs: the identity and how long to wait. Not the destination, so that
 * a destination change leaves the credentials data source's query, and the read at plan time, as
 * they are.
 */
export const CREDENTIALS_KEYS = [
  ...IDENTITY_KEYS,
  'apiUrlVariable',
  'credentialsTimeoutSeconds',
  'integrationId',
] as const;

/** The query `credentials` gets: the CREDENTIALS_KEYS of an IntegrationSpec. */
export type CredentialsSpec = Pick<IntegrationSpec, (typeof CREDENTIALS_KEYS)[number]>;

/** Keys of the flat string map `read` and `credentials` print (the `external` data source's `result`). */
export const READ_RESULT_KEYS = [
  'integration_id',
  'name',
  'cloud',
  'destination',
  'status',
  'aws_iam_user_arn',
  'aws_external_id',
  'azure_consent_url',
  'azure_multi_tenant_app_name',
  'azure_app_client_id',
  'gcp_service_account',
] as const;
export type ReadResultKey = (typeof READ_RESULT_KEYS)[number];
export type ReadResult = Record<ReadResultKey, string>;
