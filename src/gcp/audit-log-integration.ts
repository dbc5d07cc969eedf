import { Fn, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import { gcsDestinationFromProps } from '../destination/from-props';
import { integrationProps } from '../sigma/cloud-props';
import { SigmaIntegrationOptions } from '../sigma/options';
import { SigmaAuditLogStorageIntegration } from '../sigma/storage-integration';
import { ProjectIamCustomRole, StorageBucketIamMember } from '../terraform/google';
import { TerraformData } from '../terraform/terraform-data';
import { reportProblems, ruleProblem } from '../validation/problems';
import { CUSTOM_ROLE_ID_RULE, PROJECT_ID_RULE, ROLE_ID_SUFFIX_LENGTH, defaultRoleIdPrefix } from './rules';

/** What Sigma's exporter needs on the bucket, and nothing more. */
const GCS_EXPORT_PERMISSIONS: readonly string[] = [
  'storage.objects.create',
  'storage.objects.delete',
  'storage.objects.list',
  'storage.buckets.get',
];

/** Props of {@link GcsAuditLogIntegration}. */
export interface GcsAuditLogIntegrationProps extends SigmaIntegrationOptions {
  /** Name of the GCS bucket Sigma writes the audit log into (e.g. `google_storage_bucket.name`). */
  readonly bucketName: string;

  /**
   * Folder inside the bucket, e.g. `sigma/audit`; no leading `/`.
   *
   * @default - the bucket root
   */
  readonly folder?: string;

  /** Id of the GCP project that holds the custom role (usually the bucket's project). */
  readonly project: string;

  /**
   * Id of the project custom role that grants the export permissions: 3-64 letters, digits, `_`
   * or `.`. GCP keeps a deleted custom role's id reserved for weeks, so a fixed id cannot be
   * created again soon after a destroy.
   *
   * @default - derived from the construct path, plus a suffix drawn once per creation (stable
   *   afterwards), so that destroying and deploying again never reuses a reserved id
   */
  readonly customRoleId?: string;
}

/**
 * A Sigma audit-log storage integration writing to a Google Cloud Storage bucket, with a project
 * custom role holding exactly the permissions the exporter needs and a bucket-level binding of
 * that role to the integration's service account. One deploy gives a working integration.
 */
export class GcsAuditLogIntegration extends Construct {
  /** The Sigma side of the integration. */
  public readonly integration: SigmaAuditLogStorageIntegration;
  /** The integration's name in Sigma. */
  public readonly integrationName: string;
  /** Whether the integration is declared (false: every resource has `count = 0`). */
  public readonly enabled: boolean;
  /** The destination given to Sigma: `gcs://<bucket>/<folder>/`. */
  public readonly destination: string;
  /** The project custom role with the export permissions. */
  public readonly customRole: ProjectIamCustomRole;
  /** The bucket-level binding of the custom role to the integration's service account. */
  public readonly bucketBinding: StorageBucketIamMember;
  /**
   * Holds the default role id's suffix, drawn once when it is created and then kept (its input
   * ignores changes); undefined when `customRoleId` is given.
   */
  public readonly roleIdSuffix?: TerraformResource;
  /** The service account Sigma's exporter writes as. */
  public readonly serviceAccount: string;
  /** The IAM member of the binding, `serviceAccount:<service account>`. '' when `enabled` is false. */
  public readonly member: string;

  public constructor(scope: Construct, id: string, props: GcsAuditLogIntegrationProps) {
    super(scope, id);
    this.enabled = props.enabled ?? true;
    const count = this.enabled ? undefined : 0;
    const destination = gcsDestinationFromProps({ value: props.bucketName, prop: 'bucketName' }, { value: props.folder, prop: 'folder' });
    this.destination = destination.url;
    reportProblems(this, [
      ...destination.problems,
      ruleProblem(this, 'project', props.project, PROJECT_ID_RULE),
      ruleProblem(this, 'customRoleId', props.customRoleId, CUSTOM_ROLE_ID_RULE),
    ]);

    this.integration = new SigmaAuditLogStorageIntegration(
      this,
      'Integration',
      integrationProps(props, { cloud: StorageCloud.GCP, destination: this.destination }),
    );
    this.integrationName = this.integration.integrationName;

    let roleId = props.customRoleId;
    if (roleId === undefined) {
      const prefix = defaultRoleIdPrefix(this);
      this.roleIdSuffix = new TerraformData(this, 'RoleIdSuffix', {
        count,
        // Drawn when this resource is created; ignoring later changes of the input keeps it
        // stable on every following plan, and a destroy/deploy draws a new one.
        lifecycle: { ignoreChanges: ['input'] },
      });
      this.roleIdSuffix.addOverride('input', Fn.substr(Fn.replace(Fn.uuid(), '-', ''), 0, ROLE_ID_SUFFIX_LENGTH));
      roleId = this.enabled ? `${prefix}_${this.roleIdSuffix.getStringAttribute('output')}` : prefix;
    }

    this.customRole = new ProjectIamCustomRole(this, 'CustomRole', {
      count,
      project: props.project,
      roleId,
      title: 'Sigma audit-log export writer',
      description: `Lets Sigma's audit-log exporter (integration ${this.integrationName}) write to its GCS destination`,
      permissions: [...GCS_EXPORT_PERMISSIONS],
    });

    this.serviceAccount = this.integration.gcpServiceAccount;
    this.member = this.enabled ? `serviceAccount:${this.serviceAccount}` : '';
    this.bucketBinding = new StorageBucketIamMember(this, 'BucketBinding', {
      count,
      bucket: props.bucketName,
      role: this.enabled ? this.customRole.name : '',
      member: this.member,
    });
  }
}
