import { Fn, Postcondition, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import { DestinationError, parseDestination } from '../destination';
import {
  CLAIMED_AT_ENV,
  CREDENTIALS_KEYS,
  IDENTITY_CREATED_AT_ENV,
  IDENTITY_CREATED_AT_KEY,
  IDENTITY_KEYS,
  IntegrationSpec,
  LINKED_EXPORTS_ON_DELETE_ENV,
  LOCATE_KEYS,
  PLANNED_AT_ENV,
  ReadResultKey,
  SETTINGS_MARKER_KEY,
  SPEC_ENV,
} from '../handler/spec';
import { checkApiBaseUrl } from '../rules/api-url';
import { CLOUD_RULE, checkCloudFields, isCloudName } from '../rules/cloud';
import {
  CLIENT_ID_VARIABLE_EXAMPLE,
  CLIENT_SECRET_VARIABLE_EXAMPLE,
  CredentialVariables,
  apiUrlVariableProblem,
  credentialVariableProblems,
  isDefaultCredentialVariables,
} from '../rules/credentials';
import { CREDENTIALS_TIMEOUT_RULE, INTEGRATION_ID_RULE, INTEGRATION_NAME_RULE } from '../rules/sigma';
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

  /** Records, once, when this stack first claimed the integration (how a lost create is recognised). */
  public readonly claim: TerraformResource;
  /** Creates (or adopts) the integration: its create-time step. Changing what it holds replaces the integration. */
  public readonly identity: TerraformResource;
  /** Reads the id of the integration the create step made or adopted, for `owner` to record. */
  public readonly locate: DataExternal;
  /** Records the id of the integration this stack owns; the settings step, the reads and the delete act on it alone. */
  public readonly owner: TerraformResource;
  /** Deletes the owned integration, and nothing else, when it is removed or replaced (none with `IntegrationRemovalPolicy.RETAIN`). */
  public readonly removal: TerraformResource;
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
    const apiUrlVariable = credentials.apiUrlVariable === undefined ? {} : { apiUrlVariable: credentials.apiUrlVariable };
    // Only the create step and the locate read take it: adopting changes what the stack owns, not the integration.
    const adoption: { [key: string]: string } = props.adoptIntegrationId === undefined ? {} : { adoptIntegrationId: props.adoptIntegrationId };

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
      ...apiUrlVariable,
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

    // Recorded once, before the first create: a claim older than the running plan tells the create
    // step that an earlier deploy of this stack may have created the integration and lost the
    // answer (isOwnLostCreate). A new identity gets a new claim.
    const claim = new TerraformData(this, 'Claim', {
      count,
      triggersReplace: identityKeys,
      input: { claimedAt: '${timestamp()}' },
      lifecycle: { ignoreChanges: ['input'] },
    });

    const identity = new TerraformData(this, 'Identity', {
      count,
      dependsOn: [claim],
      // What Sigma cannot edit: a change deletes the integration and creates a new one.
      triggersReplace: identityKeys,
      // As stacks deployed by earlier versions stored it, and never updated in place: a change of
      // identity would make the locate read, and every read after it, wait for apply. What may
      // change (policy, variable names) shows in Removal's input; identity changes only by replacement.
      // The creation time, recorded once, tells the settings step whether it follows this create
      // (an identity of an earlier version lacks it, and ignore_changes keeps it so).
      input: {
        ...identityKeys,
        linkedExportsOnDelete: spec.linkedExportsOnDelete,
        ...namedVariables,
        [IDENTITY_CREATED_AT_KEY]: '${timestamp()}',
      },
      lifecycle: { ignoreChanges: ['input'] },
      provisioners: [
        {
          type: 'local-exec',
          command: `${wiring.command} apply`,
          environment: {
            [SPEC_ENV]: Fn.jsonencode({ ...spec, ...adoption }),
            [CLAIMED_AT_ENV]: this.enabled ? claim.output.lookup('claimedAt') : '',
            [PLANNED_AT_ENV]: '${plantimestamp()}',
          },
        },
      ],
    });
    this.claim = claim;
    this.identity = identity;

    // The read that follows the create: the id of the integration the create step made or adopted
    // (by name, or the adopted id), and the organization the credentials reach. It refers to
    // identity's id rather than depending on it: read during the apply that creates identity,
    // while planning otherwise. The reads take their id from it, not from owner: a reference to a
    // resource with a change pending (owner, created by the upgrade that adds it) would make them,
    // and everything built from them, wait for apply.
    this.locate = new DataExternal(this, 'Locate', {
      count,
      program: [...wiring.program, 'locate'],
      query: { ...stringValues(pick(spec, LOCATE_KEYS)), ...adoption, identity: this.enabled ? identity.id : '' },
    });

    // The state's record of the integration this stack owns. It ignores later reads (an
    // integration keeps its id for life); a new identity replaces it. Its postconditions stop
    // every plan in which the name no longer leads to the recorded integration in the recorded
    // organization, so the reads (by locate's id) never stand for another integration.
    const located = (key: 'integration_id' | 'organization_id'): string => (this.enabled ? this.locate.result.lookup(key) : '');
    const locateRef = `data.${DataExternal.tfResourceType}.${this.locate.friendlyUniqueId}.result`;
    const owner = new TerraformData(this, 'Owner', {
      count,
      triggersReplace: { identity: this.enabled ? identity.id : '' },
      input: { integrationId: located('integration_id'), organizationId: located('organization_id') },
      lifecycle: {
        ignoreChanges: ['input'],
        postcondition: this.enabled ? ownershipConditions(this.integrationName, locateRef, stackDirHint) : undefined,
      },
    });
    this.owner = owner;
    const owned = { integrationId: this.enabled ? (owner.storedInput.lookup('integrationId') as string) : '' };

    // Deletes the owned id, and nothing else, when the integration is removed or replaced. Its input
    // is the configuration as last deployed (a destroy-time step can only refer to `self`): how to
    // reach the organization, and the identity the integration must still have.
    this.removal = new TerraformData(this, 'Removal', {
      count,
      triggersReplace: { integrationId: owned.integrationId },
      input: { ...pick(spec, IDENTITY_KEYS), ...namedVariables, ...apiUrlVariable, integrationId: owned.integrationId },
      // None at all with RETAIN: Terraform refuses an empty list of provisioners.
      provisioners: retain
        ? undefined
        : [
            {
              type: 'local-exec',
              when: 'destroy',
              command: `${wiring.command} delete`,
              environment: {
                [SPEC_ENV]: '${jsonencode(self.input)}',
                // Terraform takes this block from the configuration being applied, so a literal
                // here is the policy of the deploy that removes the integration, even when that
                // deploy changes it along with `enabled: false`; self.input holds the last one.
                [LINKED_EXPORTS_ON_DELETE_ENV]: spec.linkedExportsOnDelete,
              },
            },
          ],
    });

    // '' for an identity that recorded no time. Written out: cdktf's Fn.lookup drops a default of ''
    // and renders an attribute access, which fails on such an identity.
    const identityRef = `${TerraformData.tfResourceType}.${identity.friendlyUniqueId}`;
    const identityCreatedAt = `\${lookup(${identityRef}.output, "${IDENTITY_CREATED_AT_KEY}", "")}`;
    const settings = new TerraformData(this, 'Settings', {
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
        {
          type: 'local-exec',
          command: `${wiring.command} apply`,
          // Right after its own create (identity created since this plan), the step exits without
          // a call. Provisioners are not diffed: adding these changes no plan of a deployed stack.
          environment: {
            [SPEC_ENV]: Fn.jsonencode({ ...spec, ...owned }),
            [IDENTITY_CREATED_AT_ENV]: this.enabled ? identityCreatedAt : '',
            [PLANNED_AT_ENV]: '${plantimestamp()}',
          },
        },
      ],
    });

    this.settings = settings;

    // Not after settings: a destination change (settings replaced) keeps the integration, its id
    // and credentials, so Terraform reads them while planning and everything built from them (the
    // AWS trust policy, outputs) shows no change. The query holds no destination for the same
    // reason, and refers to locate's answer (which owner's postconditions hold to the record).
    const current = { integrationId: located('integration_id') };
    this.credentials = new DataExternal(this, 'Credentials', {
      count,
      program: [...wiring.program, 'credentials'],
      query: { ...stringValues(pick(spec, CREDENTIALS_KEYS)), ...current },
    });

    // Drift detection: read while planning whenever settings does not change, it fails the plan
    // when the destination in Sigma is not the declared one. It refers to the settings' id, which
    // is unknown only while settings is replaced (a destination change): then it reads after it.
    this.destinationCheck = new DataExternal(this, 'Destination', {
      count,
      program: [...wiring.program, 'read'],
      query: { ...stringValues(spec), ...current, settings: this.enabled ? settings.id : '' },
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
      ruleProblem(this, 'adoptIntegrationId', props.adoptIntegrationId, INTEGRATION_ID_RULE),
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
    const apiUrlVariable = credentials.apiUrlVariable;
    const apiUrlProblem = apiUrlVariable === undefined ? undefined : apiUrlVariableProblem(apiUrlVariable, variables);
    return [
      ...(apiUrlProblem === undefined ? [] : [propProblem(this, 'credentials.apiUrlVariable', apiUrlVariable, apiUrlProblem.expected, apiUrlProblem.example)]),
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

/** An `external` data source's query: every value a string. */
function stringValues(values: object): { [key: string]: string } {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}

/** The keys of the spec that it has. */
function pick<K extends keyof IntegrationSpec>(spec: IntegrationSpec, keys: readonly K[]): Partial<Pick<IntegrationSpec, K>> {
  return Object.fromEntries(keys.filter((key) => spec[key] !== undefined).map((key) => [key, spec[key]])) as Partial<Pick<IntegrationSpec, K>>;
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

/** Shown in the postconditions' messages: the command that repairs a deleted integration. */
const stackDirHint = '<stack dir>';

/**
 * The owner's postconditions: the integration the name leads to now is the recorded one, in the
 * recorded organization. `locate` is the locate read's result, as a Terraform reference.
 */
function ownershipConditions(name: string, locate: string, stackDir: string): Postcondition[] {
  return [
    {
      condition: `\${self.input.organizationId == ${locate}.organization_id}`,
      errorMessage:
        `(organization_changed) Sigma integration '${name}' (\${self.input.integrationId}) lives in organization ` +
        `\${self.input.organizationId}, but the credentials now declared reach organization \${${locate}.organization_id}. ` +
        'An integration cannot move between organizations in place, and this stack will not leave it behind unmanaged. ' +
        'To move it, change integrationName (or apiUrl) together with the credentials: one deploy then deletes it in ' +
        'the old organization (with the credentials the last deploy used, which must still be set) and creates it in ' +
        'the new one. To keep it where it is, declare the credentials of its organization again.',
    },
    {
      condition: `\${self.input.integrationId == ${locate}.integration_id}`,
      errorMessage:
        `(integration_missing) Sigma no longer has integration '${name}' (\${self.input.integrationId}), which this ` +
        `stack created or adopted: it was deleted outside Terraform\${${locate}.integration_id == "" ? "" : ", and the name is now held by integration \${${locate}.integration_id}, which this stack does not own and leaves untouched"}. ` +
        `To create it again, run \`npx sigma-audit-logs reconcile ${stackDir}\` in the stack's directory.`,
    },
  ];
}
