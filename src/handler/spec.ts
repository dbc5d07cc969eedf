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

/** The spec `delete` gets: the IDENTITY_KEYS of an IntegrationSpec. */
export type IdentitySpec = Pick<IntegrationSpec, (typeof IDENTITY_KEYS)[number]>;

/**
 * The keys `credentials` needs: the identity and how long to wait. Not the destination, so that
 * a destination change leaves the credentials data source's query, and the read at plan time, as
 * they are.
 */
export const CREDENTIALS_KEYS = [...IDENTITY_KEYS, 'credentialsTimeoutSeconds'] as const;

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
