/**
 * The HTTP contract this package targets for Sigma audit-log storage integrations
 * (docs/http-contract.md). Every path, verb, query parameter and body shape lives here, so
 * that the client, the emulator and the tests agree by construction, and a change of the
 * contract is a change of this one file.
 */
import * as z from '../schema/zod';
import { CLOUD_NAMES, CloudName } from '../rules/cloud';
import { INTEGRATION_NAME_RULE } from '../rules/sigma';

/** The clouds as the API spells them (the one list, src/rules/cloud), for z.enum. */
const CLOUDS = CLOUD_NAMES as readonly [CloudName, ...CloudName[]];

/** Account type that may manage storage integrations and scheduled exports. */
export const ADMIN_ACCOUNT_TYPE = 'Admin';

/** Page size bounds of list calls. */
export const MAX_PAGE_SIZE = 100;
/** Page size of a list call that gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 50;
/**
 * Most storage integrations the client expects in one organization. Sigma states no limit, but
 * each integration is one audit-log destination, and organizations have a handful; this is
 * orders of magnitude above that, and small enough that a list which never ends is stopped
 * after about a hundred pages (a second or so) instead of running until the call's deadline.
 */
export const MAX_INTEGRATIONS_PER_ORGANIZATION = 10_000;

export const paths = {
  token: '/v2/auth/token',
  whoami: '/v2/whoami',
  integrations: '/v2/audit-logs/storage-integrations',
  integration: (integrationId: string) => `/v2/audit-logs/storage-integrations/${encodeURIComponent(integrationId)}`,
  linkedExports: (integrationId: string) =>
    `/v2/audit-logs/storage-integrations/${encodeURIComponent(integrationId)}/linked-exports`,
  scheduledExports: '/v2/audit-logs/scheduled-exports',
  scheduledExport: (exportId: string) => `/v2/audit-logs/scheduled-exports/${encodeURIComponent(exportId)}`,
} as const;

/** Query parameter names. */
export const query = {
  limit: 'limit',
  page: 'page',
  deleteLinkedExports: 'deleteLinkedExports',
  integrationId: 'integrationId',
} as const;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

export const tokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  refresh_token: z.optional(z.string().check(z.minLength(1))),
  token_type: z.string(),
  expires_in: z.int().check(z.positive()),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const whoamiSchema = z.object({
  organizationId: z.string().check(z.minLength(1)),
  memberId: z.string().check(z.minLength(1)),
  email: z.string(),
  accountType: z.string().check(z.minLength(1)),
});
export type WhoAmI = z.infer<typeof whoamiSchema>;

// The credentials go into Terraform outputs and cloud resources (a trust policy, a role
// assignment, an IAM binding, the URL a tenant admin is told to open): each is held to the shape
// the contract documents, so that an answer cannot put a script URL, a look-alike host, a line
// break or an escape sequence there.

/** `arn:<partition>:iam::<12 digits>:user/<optional path/><name>`, the name by IAM's rule. */
const IAM_USER_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:user\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/;
/** An STS external id: 2 to 1224 of the characters AWS allows. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
/** `<account id>@<project>.iam.gserviceaccount.com` */
const GCP_SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9-]{0,62}@[a-z0-9][a-z0-9.-]{0,62}\.iam\.gserviceaccount\.com$/;
/** Sigma's multi-tenant app name, `<name>_<digits>`: letters, digits, `_`, `-`, `.`. */
const MULTI_TENANT_APP_NAME = /^[A-Za-z0-9][\w.-]{0,255}$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The host of Microsoft's sign-in, the only host a consent URL may send a tenant admin to. */
export const CONSENT_URL_HOST = 'login.microsoftonline.com';

/**
 * Whether a consent URL is what the contract documents: `https://login.microsoftonline.com/...`
 * with no user info or port, printable ASCII only, and a GUID `client_id` (the app's id).
 */
export function isConsentUrl(value: string): boolean {
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.hostname === CONSENT_URL_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    value.toLowerCase().startsWith(`https://${CONSENT_URL_HOST}/`) &&
    GUID.test(url.searchParams.get('client_id') ?? '')
  );
}

export const awsCredentialsSchema = z.object({
  iamUserArn: z.string().check(z.regex(IAM_USER_ARN, 'is not an IAM user ARN (arn:aws:iam::<12 digits>:user/<name>)')),
  externalId: z.string().check(z.regex(EXTERNAL_ID, 'is not an external id (2 to 1224 letters, digits or + = , . @ : / _ -)')),
});
export const azureCredentialsSchema = z.object({
  consentUrl: z.string().check(z.refine(isConsentUrl, `is not a consent URL (https://${CONSENT_URL_HOST}/<tenant>/oauth2/authorize?client_id=<GUID>&...)`)),
  multiTenantAppName: z.string().check(z.regex(MULTI_TENANT_APP_NAME, 'is not a multi-tenant app name (<name>_<digits>: letters, digits, _ - .)')),
});
export const gcpCredentialsSchema = z.object({
  serviceAccount: z.string().check(z.regex(GCP_SERVICE_ACCOUNT, 'is not a service account e-mail (<id>@<project>.iam.gserviceaccount.com)')),
});
export type AwsCredentials = z.infer<typeof awsCredentialsSchema>;
export type AzureCredentials = z.infer<typeof azureCredentialsSchema>;
export type GcpCredentials = z.infer<typeof gcpCredentialsSchema>;
export type IntegrationCredentials = AwsCredentials | AzureCredentials | GcpCredentials;

const credentialsSchemaByCloud = {
  aws: awsCredentialsSchema,
  azure: azureCredentialsSchema,
  gcp: gcpCredentialsSchema,
} as const;

const INTEGRATION_STATUSES = ['pending', 'ready', 'failed'] as const;

/**
 * An id as the API hands it out (a UUID): checked only for what a message or a path may carry,
 * printable ASCII without spaces, so that an id never brings a control sequence into a log line.
 */
const ID_PATTERN = /^[\x21-\x7e]{1,200}$/;
const idSchema = z.string().check(z.regex(ID_PATTERN, 'is not an id (1 to 200 printable ASCII characters without spaces)'));

const integrationFieldsSchema = z
  .object({
    integrationId: idSchema,
    // The contract's name rule: an answer cannot bring a look-alike or control character into a name.
    name: z.string().check(z.regex(INTEGRATION_NAME_RULE.pattern, `is not an integration name (${INTEGRATION_NAME_RULE.expected})`)),
    cloud: z.enum(CLOUDS),
    // A folder URL: no control or formatting character (a line break, an escape sequence, a bidirectional mark).
    destination: z.string().check(z.regex(/^[^\p{Cc}\p{Cf}]+$/u, 'is not a destination (a folder URL, without control or formatting characters)')),
    roleArn: z.optional(z.string()),
    tenantId: z.optional(z.string()),
    status: z.enum(INTEGRATION_STATUSES),
    statusMessage: z.optional(z.string()),
    // Checked by the integration's cloud below, so that a message names the offending field of the credentials.
    credentials: z.custom<IntegrationCredentials | null>((v) => v === null || (typeof v === 'object' && !Array.isArray(v)), 'is not an object or null'),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string(),
  })
  .check(
    z.superRefine((value, ctx) => {
      // The credentials' shape is the integration's cloud's.
      if (value.credentials === null) {
        if (value.status === 'ready') {
          ctx.addIssue({ code: 'custom', path: ['credentials'], message: 'is null, but a ready integration has credentials' });
        }
        return;
      }
      const parsed = credentialsSchemaByCloud[value.cloud].safeParse(value.credentials);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        ctx.addIssue({ code: 'custom', path: ['credentials', ...issue.path.map(String)], message: issue.message });
      }
    }),
  );
export const integrationSchema = z.pipe(
  integrationFieldsSchema,
  // Only the fields of the cloud's credentials are kept.
  z.transform((value) => ({ ...value, credentials: value.credentials === null ? null : credentialsSchemaByCloud[value.cloud].parse(value.credentials) })),
);
export type Integration = z.infer<typeof integrationSchema>;

export const integrationPageSchema = z.object({
  entries: z.array(integrationSchema),
  nextPage: z.nullable(z.string()),
  total: z.int().check(z.nonnegative()),
});
export type IntegrationPage = z.infer<typeof integrationPageSchema>;

const EXPORT_STATUSES = ['active', 'paused'] as const;
/** Why Sigma paused a scheduled export (its `pausedReason`). */
export type PausedReason = 'integration_destination_changed' | 'integration_deleted';

export const scheduledExportSchema = z.object({
  exportId: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  integrationId: z.string().check(z.minLength(1)),
  destination: z.string(),
  schedule: z.string(),
  status: z.enum(EXPORT_STATUSES),
  pausedReason: z.nullable(z.string()),
});
export type ScheduledExport = z.infer<typeof scheduledExportSchema>;

export const scheduledExportListSchema = z.object({
  entries: z.array(scheduledExportSchema),
});

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.optional(z.string()),
  field: z.optional(z.string()),
});

/** Error codes of the contract's error bodies. */
export const errorCodes = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  cloudChangeRequiresReplacement: 'cloud_change_requires_replacement',
  invalidRequest: 'invalid_request',
  rateLimited: 'rate_limited',
  internal: 'internal_error',
  unavailable: 'service_unavailable',
  methodNotAllowed: 'method_not_allowed',
  badGateway: 'bad_gateway',
  gatewayTimeout: 'gateway_timeout',
} as const;

// ---------------------------------------------------------------------------------------------
// Requests: the shapes the client sends and the emulator accepts. Each field's rule (a name's
// pattern, the role ARN or tenant id a cloud requires, a destination's form) is in src/rules and
// src/destination, which the emulator applies to a body of this shape.
// ---------------------------------------------------------------------------------------------

export const createIntegrationRequestSchema = z.object({
  name: z.string(),
  cloud: z.enum(CLOUDS),
  destination: z.string(),
  roleArn: z.optional(z.string()),
  tenantId: z.optional(z.string()),
});
export type CreateIntegrationRequest = z.infer<typeof createIntegrationRequestSchema>;

export const updateIntegrationRequestSchema = z.object({
  destination: z.string(),
  updateLinkedExports: z.optional(z.boolean()),
});

export const createScheduledExportRequestSchema = z.object({
  name: z.string().check(z.minLength(1)),
  integrationId: z.string().check(z.minLength(1)),
  schedule: z.string().check(z.minLength(1)),
});
export type CreateScheduledExportRequest = z.infer<typeof createScheduledExportRequestSchema>;
