import { Fn, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import { DestinationError, parseDestination } from '../destination';
import { IntegrationSpec, LINKED_EXPORTS_ON_DELETE_ENV, ReadResultKey, SETTINGS_MARKER_KEY, SPEC_ENV } from '../handler/spec';
import { checkApiBaseUrl } from '../rules/api-url';
import {
  CLIENT_ID_VARIABLE_EXAMPLE,
  CLIENT_SECRET_VARIABLE_EXAMPLE,
  CredentialVariables,
  credentialVariableProblems,
  isDefaultCredentialVariables,
} from '../rules/credentials';
import {
  INTEGRATION_NAME_EXAMPLE,
  INTEGRATION_NAME_EXPECTED,
  INTEGRATION_NAME_PATTERN,
  ROLE_ARN_EXAMPLE,
  ROLE_ARN_EXPECTED,
  ROLE_ARN_PATTERN,
  TENANT_ID_EXAMPLE,
  TENANT_ID_EXPECTED,
  TENANT_ID_PATTERN,
} from '../rules/sigma';
import { ProblemList, isKnown, missingProp, propProblem } from '../validation/problems';
import { DataExternal } from '../terraform/external';
import { TerraformData } from '../terraform/terraform-data';
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

const DEFAULT_CREDENTIALS_TIMEOUT_SECONDS = 900;
const MAX_CREDENTIALS_TIMEOUT_SECONDS = 86_400;

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
 * the integration; settings: re-applied when the destination changes) and an `external` data
 * source that reads the integration's id, status and credentials. Sigma client credentials come
 * from the environment Terraform runs in, from `SIGMA_CLIENT_ID` and `SIGMA_CLIENT_SECRET` or the
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
  /** Reads id, status and credentials from Sigma. */
  public readonly credentials: DataExternal;

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
      credentialsTimeoutSeconds: props.credentialsTimeoutSeconds ?? DEFAULT_CREDENTIALS_TIMEOUT_SECONDS,
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

    this.credentials = new DataExternal(this, 'Credentials', {
      count,
      dependsOn: [this.identity, this.settings],
      program: [...wiring.program, 'read'],
      query: {
        name: spec.name,
        cloud: spec.cloud,
        destination: spec.destination,
        apiUrl: spec.apiUrl,
        roleArn: spec.roleArn ?? '',
        tenantId: spec.tenantId ?? '',
        linkedExportsOnDestinationChange: spec.linkedExportsOnDestinationChange,
        linkedExportsOnDelete: spec.linkedExportsOnDelete,
        credentialsTimeoutSeconds: String(spec.credentialsTimeoutSeconds),
        ...namedVariables,
      },
    });

    const result = (key: ReadResultKey): string => (this.enabled ? this.credentials.result.lookup(key) : '');
    this.integrationId = result('integration_id');
    this.status = result('status');
    this.liveDestination = result('destination');
    this.awsIamUserArn = result('aws_iam_user_arn');
    this.awsExternalId = result('aws_external_id');
    this.azureConsentUrl = result('azure_consent_url');
    this.azureMultiTenantAppName = result('azure_multi_tenant_app_name');
    this.azureAppClientId = result('azure_app_client_id');
    this.gcpServiceAccount = result('gcp_service_account');
  }

  private validate(props: SigmaAuditLogStorageIntegrationProps, spec: IntegrationSpec): void {
    const problems = new ProblemList();
    const cloudValues = Object.values(StorageCloud) as string[];
    if (!cloudValues.includes(props.cloud)) {
      problems.add(propProblem(this, 'cloud', props.cloud, `one of ${cloudValues.join(', ')}`, 'StorageCloud.AWS'));
    }
    if (props.integrationName !== undefined && isKnown(props.integrationName) && !INTEGRATION_NAME_PATTERN.test(props.integrationName)) {
      problems.add(propProblem(this, 'integrationName', props.integrationName, INTEGRATION_NAME_EXPECTED, INTEGRATION_NAME_EXAMPLE));
    }
    if (isKnown(props.destination) && cloudValues.includes(props.cloud)) {
      try {
        parseDestination(props.destination, props.cloud);
      } catch (err) {
        if (!(err instanceof DestinationError)) throw err;
        problems.add(`${this.node.path}: ${err.message}`);
      }
    }
    for (const problem of this.checkCloudSpecific(props)) problems.add(problem);
    if (isKnown(spec.apiUrl)) problems.add(this.checkApiUrl(spec.apiUrl));
    const timeout = spec.credentialsTimeoutSeconds;
    if (isKnown(timeout) && (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_CREDENTIALS_TIMEOUT_SECONDS)) {
      problems.add(
        propProblem(this, 'credentialsTimeoutSeconds', timeout, `a whole number of seconds from 1 to ${MAX_CREDENTIALS_TIMEOUT_SECONDS}`, '900'),
      );
    }
    problems.add(enumProblem(this, 'linkedExportsOnDestinationChange', props.linkedExportsOnDestinationChange, LinkedExportsOnDestinationChange));
    problems.add(enumProblem(this, 'linkedExportsOnDelete', props.linkedExportsOnDelete, LinkedExportsOnDelete));
    problems.add(enumProblem(this, 'removalPolicy', props.removalPolicy, IntegrationRemovalPolicy));
    for (const problem of this.checkCredentials(props.credentials)) problems.add(problem);
    problems.attachTo(this);
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

  /** roleArn belongs to AWS and tenantId to Azure: required there, refused elsewhere. */
  private checkCloudSpecific(props: SigmaAuditLogStorageIntegrationProps): Array<string | undefined> {
    return [
      this.checkCloudOnlyProp(props, 'roleArn', StorageCloud.AWS, 'AWS', ROLE_ARN_PATTERN, ROLE_ARN_EXPECTED, ROLE_ARN_EXAMPLE),
      this.checkCloudOnlyProp(props, 'tenantId', StorageCloud.AZURE, 'Azure', TENANT_ID_PATTERN, TENANT_ID_EXPECTED, TENANT_ID_EXAMPLE),
    ];
  }

  private checkCloudOnlyProp(
    props: SigmaAuditLogStorageIntegrationProps,
    prop: 'roleArn' | 'tenantId',
    owner: StorageCloud,
    ownerLabel: string,
    pattern: RegExp,
    expected: string,
    example: string,
  ): string | undefined {
    const value = props[prop];
    if (props.cloud !== owner) {
      return value === undefined
        ? undefined
        : propProblem(this, prop, value, `no ${prop} for a ${props.cloud} integration (it is for ${ownerLabel} only)`, `omit ${prop}`);
    }
    if (value === undefined) return missingProp(this, prop, `for an ${ownerLabel} integration`, example);
    return isKnown(value) && !pattern.test(value) ? propProblem(this, prop, value, expected, example) : undefined;
  }

  private checkApiUrl(apiUrl: string): string | undefined {
    const checked = checkApiBaseUrl(apiUrl);
    return checked.ok ? undefined : propProblem(this, 'apiUrl', checked.shown, `${checked.expected}; this one ${checked.problem}`, checked.example);
  }
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
