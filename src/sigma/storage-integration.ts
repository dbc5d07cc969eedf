import { Fn, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import { DestinationError, parseDestination } from '../destination';
import { IntegrationSpec, LINKED_EXPORTS_ON_DELETE_ENV, ReadResultKey, SETTINGS_MARKER_KEY, SPEC_ENV } from '../handler/spec';
import { checkApiBaseUrl } from '../rules/api-url';
import { CLOUD_RULE, checkCloudFields, isCloudName } from '../rules/cloud';
import {
  CLIENT_ID_VARIABLE_EXAMPLE,
  CLIENT_SECRET_VARIABLE_EXAMPLE,
  CredentialVariables,
  credentialVariableProblems,
  isDefaultCredentialVariables,
} from '../rules/credentials';
import { CREDENTIALS_TIMEOUT_RULE, INTEGRATION_NAME_RULE } from '../rules/sigma';
import { isKnown, missingProp, propProblem, reportProblems, ruleProblem } from '../validation/problems';
import { DataExternal } from '../terraform/external';
import { TerraformData } from '../terraform/terraform-data';
import { derivedByCloudConstruct } from './cloud-props';
import { SigmaCredentials } from './credentials';
import { handlerWiring } from './handler-wiring';
import { defaultIntegrationName } from './integration-name';
import {
  IntegrationRemovalPolicy,
  LinkedExportsOnDelete,
  LinkedExportsOnDestinationChange,
  SigmaApiUrl,
  SigmaIntegrationOptions,
} from './options';

/** Props of {@link SigmaAuditLogStorageIntegration}. */
export interface SigmaAuditLogStorageIntegrationProps extends SigmaIntegrationOptions {
  /** The cloud storage the integration writes to. Changing it replaces the integration. */
  readonly cloud: StorageCloud;

  /**
   * Destination folder: `s3://bucket/prefix/`, `azure://account.blob.core.windows.net/container/folder/`
   * or `gcs://bucket/folder/`, matching `cloud`. Changing it updates the integration in place
   * (same id and credentials).
   */
  readonly destination: string;

  /**
   * ARN of the IAM role Sigma assumes to write to the bucket. Required for AWS, refused otherwise.
   * It may name a role that does not exist yet (see AwsAuditLogIntegration).
   *
   * @default - none
   */
  readonly roleArn?: string;

  /**
   * Microsoft Entra tenant id of the storage account. Required for Azure, refused otherwise.
   *
   * @default - none
   */
  readonly tenantId?: string;
}

/**
 * A Sigma audit-log storage integration, managed by Terraform through a bundled handler.
 *
 * Declares, per integration, two `terraform_data` resources (identity: created and deleted with
 * the integration; settings: re-applied when the destination changes) and two `external` data
 * sources: one reads the integration's id, status and credentials after identity, so that they
 * stay known in the plan of a destination change; the other reads its destination after
 * settings, and fails the plan when it drifted. Sigma client credentials come from the
 * environment Terraform runs in, from `SIGMA_CLIENT_ID` and `SIGMA_CLIENT_SECRET` or the
 * variables `credentials` names; only the names enter the configuration, the plan or the state.
 */
export class SigmaAuditLogStorageIntegration extends Construct {
  /** The integration's name in Sigma. */
  public readonly integrationName: string;
  /** The cloud it writes to. */
  public readonly cloud: StorageCloud;
  /** Whether the integration is declared (false: its resources have `count = 0`). */
  public readonly enabled: boolean;

  /** Creates the integration; its destroy-time step deletes it. */
  public readonly identity: TerraformResource;
  /** Re-applies the destination (in place) when it changes. */
  public readonly settings: TerraformResource;
  /** Reads id, status and credentials from Sigma (after identity only: a destination change leaves them known). */
  public readonly credentials: DataExternal;
  /** Reads the destination from Sigma after settings; fails the plan when it differs from the declared one. */
  public readonly destinationCheck: DataExternal;

  /** Sigma's id of the integration. */
  public readonly integrationId: string;
  /** `ready` once the credentials are available. */
  public readonly status: string;
  /** The destination as Sigma stores it (normalised, trailing `/`). */
  public readonly liveDestination: string;
  /** AWS: the IAM user Sigma's exporter runs as (the role's trusted principal). Empty for other clouds. */
  public readonly awsIamUserArn: string;
  /** AWS: the external id the role's trust must require. Empty for other clouds. */
  public readonly awsExternalId: string;
  /** Azure: the URL a tenant admin opens to consent to Sigma's app. Empty for other clouds. */
  public readonly azureConsentUrl: string;
  /** Azure: the multi-tenant app's name; search for the part before `_`. Empty for other clouds. */
  public readonly azureMultiTenantAppName: string;
  /** Azure: the multi-tenant app's client (application) id, from the consent URL. Empty for other clouds. */
  public readonly azureAppClientId: string;
  /** GCP: the service account Sigma's exporter writes as. Empty for other clouds. */
  public readonly gcpServiceAccount: string;

  public constructor(scope: Construct, id: string, props: SigmaAuditLogStorageIntegrationProps) {
    super(scope, id);
    this.cloud = props.cloud;
    this.enabled = props.enabled ?? true;
    this.integrationName = props.integrationName ?? defaultIntegrationName(this);
    const credentials = props.credentials ?? SigmaCredentials.fromDefaultEnvironment();
    const variables: CredentialVariables = {
      clientIdVariable: credentials.clientIdVariable,
      clientSecretVariable: credentials.clientSecretVariable,
    };
    // The default pair is left out (the handler falls back to it), so that stacks deployed before
    // credentials existed plan no change.
    const namedVariables = isDefaultCredentialVariables(variables) ? {} : variables;

    const spec: IntegrationSpec = {
      name: this.integrationName,
      cloud: props.cloud,
      destination: normalisedIfKnown(props.destination, props.cloud),
      apiUrl: props.apiUrl ?? SigmaApiUrl.AWS_US,
      roleArn: props.roleArn ?? '',
      tenantId: props.tenantId ?? '',
      linkedExportsOnDestinationChange: props.linkedExportsOnDestinationChange ?? LinkedExportsOnDestinationChange.PAUSE,
      linkedExportsOnDelete: props.linkedExportsOnDelete ?? LinkedExportsOnDelete.PAUSE,
      credentialsTimeoutSeconds: props.credentialsTimeoutSeconds ?? CREDENTIALS_TIMEOUT_RULE.defaultSeconds,
      ...namedVariables,
    };
    this.validate(props, spec);

    const wiring = handlerWiring(TerraformStack.of(this));
    // Declared with count = 0 when disabled, so that the destroy-time step still runs.
    const count = this.enabled ? undefined : 0;
    const identityKeys = {
      name: spec.name,
      cloud: spec.cloud,
      apiUrl: spec.apiUrl,
      roleArn: spec.roleArn,
      tenantId: spec.tenantId,
    };
    const retain = props.removalPolicy === IntegrationRemovalPolicy.RETAIN;

    const identity = new TerraformData(this, 'Identity', {
      count,
      // What Sigma cannot edit: a change deletes the integration and creates a new one.
      triggersReplace: identityKeys,
      // All that the destroy-time step may read of the last deploy (it can only refer to `self`).
      // linkedExportsOnDelete is also here so that a change of it shows in the plan. The credential
      // variables are here, not in triggersReplace: they say how to reach the organization, not
      // what the integration is; the delete reaches the organization the last deploy reached.
      input: { ...identityKeys, linkedExportsOnDelete: spec.linkedExportsOnDelete, ...namedVariables },
      provisioners: [
        { type: 'local-exec', command: `${wiring.command} apply`, environment: { [SPEC_ENV]: Fn.jsonencode(spec) } },
        ...(retain
          ? []
          : [
              {
                type: 'local-exec' as const,
                when: 'destroy' as const,
                command: `${wiring.command} delete`,
                environment: {
                  [SPEC_ENV]: '${jsonencode(self.input)}',
                  // Terraform takes this block from the configuration being applied, so a literal
                  // here is the policy of the deploy that removes the integration, even when that
                  // deploy changes it along with `enabled: false`; self.input holds the last one.
                  [LINKED_EXPORTS_ON_DELETE_ENV]: spec.linkedExportsOnDelete,
                },
              },
            ]),
      ],
    });

    this.identity = identity;

    this.settings = new TerraformData(this, 'Settings', {
      count,
      dependsOn: [identity],
      // What Sigma edits in place: a change re-runs apply, which updates the destination.
      triggersReplace: {
        identity: this.enabled ? identity.id : '',
        destination: spec.destination,
        linkedExportsOnDestinationChange: spec.linkedExportsOnDestinationChange,
      },
      // The marker `reconcile` finds in the state, with what it compares against Sigma.
      input: { [SETTINGS_MARKER_KEY]: spec },
      provisioners: [
        { type: 'local-exec', command: `${wiring.command} apply`, environment: { [SPEC_ENV]: Fn.jsonencode(spec) } },
      ],
    });

    // Not after settings: a destination change (settings replaced) keeps the integration, its id
    // and credentials, so Terraform reads them while planning and everything built from them (the
    // AWS trust policy, outputs) shows no change. The query holds no destination for the same reason.
    this.credentials = new DataExternal(this, 'Credentials', {
      count,
      dependsOn: [this.identity],
      program: [...wiring.program, 'credentials'],
      query: credentialsQuery(spec),
    });

    // Drift detection: read while planning whenever settings does not change, it fails the plan
    // when the destination in Sigma is not the declared one.
    this.destinationCheck = new DataExternal(this, 'Destination', {
      count,
      dependsOn: [this.identity, this.settings],
      program: [...wiring.program, 'read'],
      query: readQuery(spec),
    });

    const result = (key: ReadResultKey): string => (this.enabled ? this.credentials.result.lookup(key) : '');
    this.integrationId = result('integration_id');
    this.status = result('status');
    this.liveDestination = this.enabled ? this.destinationCheck.result.lookup('destination') : '';
    this.awsIamUserArn = result('aws_iam_user_arn');
    this.awsExternalId = result('aws_external_id');
    this.azureConsentUrl = result('azure_consent_url');
    this.azureMultiTenantAppName = result('azure_multi_tenant_app_name');
    this.azureAppClientId = result('azure_app_client_id');
    this.gcpServiceAccount = result('gcp_service_account');
  }

  private validate(props: SigmaAuditLogStorageIntegrationProps, spec: IntegrationSpec): void {
    reportProblems(this, [
      // Given by a cloud construct, the cloud props are derived from its own props, which it validated.
      ...(derivedByCloudConstruct(props) ? [] : this.cloudPropProblems(props)),
      ruleProblem(this, 'integrationName', props.integrationName, INTEGRATION_NAME_RULE),
      isKnown(spec.apiUrl) ? this.checkApiUrl(spec.apiUrl) : undefined,
      ruleProblem(this, 'credentialsTimeoutSeconds', props.credentialsTimeoutSeconds, CREDENTIALS_TIMEOUT_RULE),
      enumProblem(this, 'linkedExportsOnDestinationChange', props.linkedExportsOnDestinationChange, LinkedExportsOnDestinationChange),
      enumProblem(this, 'linkedExportsOnDelete', props.linkedExportsOnDelete, LinkedExportsOnDelete),
      enumProblem(this, 'removalPolicy', props.removalPolicy, IntegrationRemovalPolicy),
      ...this.checkCredentials(props.credentials),
    ]);
  }

  /** Problems of cloud, destination, roleArn and tenantId. */
  private cloudPropProblems(props: SigmaAuditLogStorageIntegrationProps): Array<string | Error | undefined> {
    // The enum names the clouds in TypeScript; the rule's example is the API's spelling.
    const cloudRule = { ...CLOUD_RULE, example: 'StorageCloud.AWS' };
    if (props.cloud === undefined) return [missingProp(this, 'cloud', 'to name the cloud the integration writes to', cloudRule.example)];
    if (!isCloudName(props.cloud)) return [ruleProblem(this, 'cloud', props.cloud, cloudRule)];
    const problems: Array<string | Error | undefined> = [];
    if (isKnown(props.destination)) {
      try {
        parseDestination(props.destination, props.cloud);
      } catch (err) {
        if (!(err instanceof DestinationError)) throw err;
        problems.push(err);
      }
    }
    for (const problem of checkCloudFields(props.cloud, { roleArn: props.roleArn, tenantId: props.tenantId })) {
      if (problem.kind === 'missing') {
        problems.push(missingProp(this, problem.field, `for an ${problem.owner.label} integration`, problem.example));
      } else if (problem.kind === 'refused' || isKnown(props[problem.field])) {
        problems.push(propProblem(this, problem.field, problem.value, problem.expected, problem.example));
      }
    }
    return problems;
  }

  /** Literal environment variable names, by the rule the handler applies too. */
  private checkCredentials(credentials: SigmaCredentials | undefined): string[] {
    if (credentials === undefined) return [];
    const variables: CredentialVariables = {
      clientIdVariable: credentials.clientIdVariable,
      clientSecretVariable: credentials.clientSecretVariable,
    };
    const example = `SigmaCredentials.fromEnvironment('${CLIENT_ID_VARIABLE_EXAMPLE}', '${CLIENT_SECRET_VARIABLE_EXAMPLE}')`;
    const keys = Object.keys(variables) as Array<keyof CredentialVariables>;
    const computed = keys.filter((key) => Token.isUnresolved(variables[key]));
    return [
      ...computed.map((key) =>
        propProblem(
          this,
          `credentials.${key}`,
          variables[key],
          'a literal name: the handler reads the variable by this name when Terraform runs it, so it cannot be a value Terraform computes',
          example,
        ),
      ),
      ...credentialVariableProblems(variables)
        .filter((problem) => !computed.includes(problem.key))
        .map((problem) => propProblem(this, `credentials.${problem.key}`, problem.value, problem.expected, example)),
    ];
  }

  private checkApiUrl(apiUrl: string): string | undefined {
    const checked = checkApiBaseUrl(apiUrl);
    return checked.ok ? undefined : propProblem(this, 'apiUrl', checked.shown, `${checked.expected}; this one ${checked.problem}`, checked.example);
  }
}

/** The `external` data source's query for `read`: the whole spec, every value a string. */
function readQuery(spec: IntegrationSpec): { [key: string]: string } {
  return Object.fromEntries(Object.entries(spec).map(([key, value]) => [key, String(value)]));
}

/** The query for `credentials`: the spec without what may change in place (destination and its policy). */
function credentialsQuery(spec: IntegrationSpec): { [key: string]: string } {
  const { destination: _destination, linkedExportsOnDestinationChange: _policy, ...rest } = readQuery(spec);
  return rest;
}

/** The destination as Sigma will store it, when known at synth; a token is passed as is. */
function normalisedIfKnown(destination: string, cloud: StorageCloud): string {
  if (!isKnown(destination)) return destination;
  try {
    return parseDestination(destination, cloud).url;
  } catch {
    return destination; // reported by validate()
  }
}

function enumProblem(scope: Construct, prop: string, value: string | undefined, values: Record<string, string>): string | undefined {
  if (value === undefined || Object.values(values).includes(value)) return undefined;
  const allowed = Object.values(values);
  return propProblem(scope, prop, value, `one of ${allowed.join(', ')}`, allowed[0]);
}
