import { runSimulation } from '@cloud-copilot/iam-simulate';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsAuditLogIntegration, AwsAuditLogIntegrationProps } from '../../src';
import { PolicyDocument } from '../../src/aws/policies';
import { synthErrors } from '../support/synth';

/** The customer's account (where the bucket and the role live). */
export const ACCOUNT = '123456789012';
/** What Sigma hands back for the integration (Sigma's exporter lives in another account). */
export const SIGMA_USER_ARN = 'arn:aws:iam::999988887777:user/k7x2-s-v2st5120';
export const EXTERNAL_ID = 'AB12345_SFCRole=2_kQ7lJ2hW0xYzA9bC3dE5fG7hI1k=';

export interface SynthesizedAws {
  readonly construct: AwsAuditLogIntegration;
  readonly stack: TerraformStack;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

/** Synthesizes one AwsAuditLogIntegration (id `AuditLogs`) in stack `prod`, validations run. */
export function synthAws(
  props: Partial<AwsAuditLogIntegrationProps> = {},
  setup?: (stack: TerraformStack) => Partial<AwsAuditLogIntegrationProps>,
): SynthesizedAws {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'prod');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const fromSetup = setup ? setup(stack) : {};
  const construct = new AwsAuditLogIntegration(stack, 'AuditLogs', {
    bucketName: 'my-audit-logs',
    ...fromSetup,
    ...props,
  });
  return { construct, stack, json: JSON.parse(Testing.synth(stack, true)) };
}

/** Validation errors of an app, as one message (cdktf reports them all in one throw). */
export function validationErrors(build: (stack: TerraformStack) => void): string {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'prod');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  build(stack);
  return synthErrors(stack);
}

/** The single block of a resource or data source type whose name contains `part`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function only(block: Record<string, any> | undefined, part: string): any {
  const entries = Object.entries(block ?? {}).filter(([key]) => key.includes(part));
  if (entries.length !== 1) throw new Error(`expected one block named like ${part}, found ${entries.length}`);
  return entries[0][1];
}

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

/**
 * A `jsonencode(...)` argument as synthesized (an HCL object literal holding Terraform
 * references) turned into the JSON document Terraform will send to AWS, with each reference
 * matched by a pattern replaced by a concrete value. Fails on any reference left unreplaced.
 */
export function deployedDocument(rendered: string, values: ReadonlyArray<[RegExp, string]>): PolicyDocument {
  const match = rendered.match(JSONENCODE);
  if (match === null) throw new Error(`not a jsonencode() expression: ${rendered}`);
  let hcl = match[1];
  for (const [pattern, value] of values) {
    // Inside a string template first, then as a whole value.
    hcl = hcl.replace(new RegExp(`\\$\\{${pattern.source}\\}`, 'g'), JSON.stringify(value).slice(1, -1));
    hcl = hcl.replace(new RegExp(pattern.source, 'g'), JSON.stringify(value));
  }
  if (/\$\{|\bdata\.|\baws_[a-z_]+\./.test(hcl)) {
    throw new Error(`a Terraform reference was left unreplaced in ${hcl}`);
  }
  // cdktf writes object keys as quoted strings followed by " = ".
  return JSON.parse(hcl.replace(/" = /g, '": ')) as PolicyDocument;
}

/** Concrete values of the references the construct's documents hold. */
export const REFERENCE_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/data\.aws_partition\.\w+\.partition/, 'aws'],
  [/data\.aws_caller_identity\.\w+\.account_id/, ACCOUNT],
  [/data\.external\.\w+\.result\["aws_iam_user_arn"\]/, SIGMA_USER_ARN],
  [/data\.external\.\w+\.result\["aws_external_id"\]/, EXTERNAL_ID],
];

export interface Request {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/**
 * A KMS key's default key policy: the account's IAM policies decide who may use the key (without
 * it, no identity policy can grant the use of a key).
 */
export const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
  ],
};

/**
 * The decision IAM takes on a request made by the role (same account) whose only identity
 * policy is `accessPolicy`: on a bucket without a bucket policy, or on a key with its default
 * key policy.
 */
export async function decideAsRole(accessPolicy: PolicyDocument, request: Request): Promise<Decision> {
  return decide({
    request,
    identityPolicies: [{ name: 'access', policy: accessPolicy }],
    resourcePolicy: request.action.startsWith('kms:') ? DEFAULT_KEY_POLICY : undefined,
    resourceAccount: ACCOUNT,
  });
}

/**
 * The decision IAM takes on `sts:AssumeRole` of the role by `principal`, whose own identity
 * policy lets it assume any role: the role's trust policy decides.
 */
export async function decideAssumeRole(
  trustPolicy: PolicyDocument,
  roleArn: string,
  principal: string,
  context: Record<string, string> = {},
): Promise<Decision> {
  const callerPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
  return decide({
    request: { principal, action: 'sts:AssumeRole', resource: roleArn, context },
    identityPolicies: [{ name: 'caller', policy: callerPolicy }],
    resourcePolicy: trustPolicy,
    resourceAccount: ACCOUNT,
  });
}

async function decide(input: {
  request: Request;
  identityPolicies: Array<{ name: string; policy: unknown }>;
  resourcePolicy?: unknown;
  resourceAccount: string;
}): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: input.request.principal,
        action: input.request.action,
        resource: { resource: input.request.resource, accountId: input.resourceAccount },
        contextVariables: input.request.context ?? {},
      },
      identityPolicies: input.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: input.resourcePolicy,
    },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(`the simulator refused the request: ${JSON.stringify(result.errors)}`);
  }
  if (result.resultType === 'single' && (result.result.ignoredContextKeys ?? []).length > 0) {
    // A context key the action does not support would make a condition test meaningless.
    throw new Error(`context keys ignored by the simulator: ${result.result.ignoredContextKeys?.join(', ')}`);
  }
  return result.overallResult as Decision;
}
