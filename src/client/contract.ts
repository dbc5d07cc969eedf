/**
 * The HTTP contract this package targets for Sigma audit-log storage integrations
 * (docs/http-contract.md). Every path, verb, query parameter and body shape lives here, so
 * that the client, the emulator and the tests agree by construction, and a change of the
 * contract is a change of this one file.
 */
import { z } from 'zod';
import { CLOUD_NAMES, CloudName } from '../rules/cloud';

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
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  token_type: z.string(),
  expires_in: z.number().int().positive(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const whoamiSchema = z.object({
  organizationId: z.string().min(1),
  memberId: z.string().min(1),
  email: z.string(),
  accountType: z.string().min(1),
});
export type WhoAmI = z.infer<typeof whoamiSchema>;

export const awsCredentialsSchema = z.object({
  iamUserArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:user\/.+$/, 'an IAM user ARN'),
  externalId: z.string().min(1),
});
export const azureCredentialsSchema = z.object({
  consentUrl: z.string().url(),
  multiTenantAppName: z.string().min(1),
});
export const gcpCredentialsSchema = z.object({
  serviceAccount: z.string().regex(/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/, 'a service account e-mail'),
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

export const integrationSchema = z
  .object({
    integrationId: z.string().min(1),
    name: z.string().min(1),
    cloud: z.enum(CLOUDS),
    destination: z.string().min(1),
    roleArn: z.string().optional(),
    tenantId: z.string().optional(),
    status: z.enum(INTEGRATION_STATUSES),
    statusMessage: z.string().optional(),
    credentials: z.union([awsCredentialsSchema, azureCredentialsSchema, gcpCredentialsSchema]).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string(),
  })
  .superRefine((value, ctx) => {
    // The credentials' shape is the integration's cloud's.
    if (value.credentials === null) {
      if (value.status === 'ready') {
        ctx.addIssue({ code: 'custom', path: ['credentials'], message: 'a ready integration has credentials' });
      }
      return;
    }
    const parsed = credentialsSchemaByCloud[value.cloud].safeParse(value.credentials);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      ctx.addIssue({ code: 'custom', path: ['credentials', ...issue.path.map(String)], message: issue.message });
    }
  });
export type Integration = z.infer<typeof integrationSchema>;

export const integrationPageSchema = z.object({
  entries: z.array(integrationSchema),
  nextPage: z.string().nullable(),
  total: z.number().int().nonnegative(),
});
export type IntegrationPage = z.infer<typeof integrationPageSchema>;

const EXPORT_STATUSES = ['active', 'paused'] as const;
/** Why Sigma paused a scheduled export (its `pausedReason`). */
export type PausedReason = 'integration_destination_changed' | 'integration_deleted';

export const scheduledExportSchema = z.object({
  exportId: z.string().min(1),
  name: z.string().min(1),
  integrationId: z.string().min(1),
  destination: z.string(),
  schedule: z.string(),
  status: z.enum(EXPORT_STATUSES),
  pausedReason: z.string().nullable(),
});
export type ScheduledExport = z.infer<typeof scheduledExportSchema>;

export const scheduledExportListSchema = z.object({
  entries: z.array(scheduledExportSchema),
});

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
  field: z.string().optional(),
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
  roleArn: z.string().optional(),
  tenantId: z.string().optional(),
});
export type CreateIntegrationRequest = z.infer<typeof createIntegrationRequestSchema>;

export const updateIntegrationRequestSchema = z.object({
  destination: z.string(),
  updateLinkedExports: z.boolean().optional(),
});

export const createScheduledExportRequestSchema = z.object({
  name: z.string().min(1),
  integrationId: z.string().min(1),
  schedule: z.string().min(1),
});
export type CreateScheduledExportRequest = z.infer<typeof createScheduledExportRequestSchema>;
