import { createHash } from 'node:crypto';
import { Fn, TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { StorageCloud } from '../destination/cloud';
import { DestinationError, checkGcsBucketName, checkPathPrefix, gcsDestination } from '../destination';
import { SigmaIntegrationOptions } from '../sigma/options';
import { SigmaAuditLogStorageIntegration } from '../sigma/storage-integration';
import { ProblemList, alreadyReported, isKnown, propProblem } from '../validation/problems';
import { ProjectIamCustomRole, StorageBucketIamMember } from '../terraform/google';
import { TerraformData } from '../terraform/terraform-data';

/** What Sigma's exporter needs on the bucket, and nothing more. */
const GCS_EXPORT_PERMISSIONS: readonly string[] = [
  'storage.objects.create',
  'storage.objects.delete',
  'storage.objects.list',
  'storage.buckets.get',
];

/** GCP custom role ids: 3-64 letters, digits, `_` and `.`. */
const ROLE_ID_PATTERN = /^[A-Za-z0-9_.]{3,64}$/;
const ROLE_ID_MAX_LENGTH = 64;
/** Length of the per-creation suffix of the default role id (hex digits of a UUID). */
const ROLE_ID_SUFFIX_LENGTH = 8;
const PATH_HASH_LENGTH = 8;

/** GCP project ids: 6-30 lower-case letters, digits and hyphens, a letter first, no hyphen last. */
const PROJECT_ID_PATTERN = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

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
  /** The project custom role with the export permissions. */
  public readonly customRole: ProjectIamCustomRole;
  /** The bucket-level binding of the custom role to the integration's service account. */
  public readonly bucketBinding: StorageBucketIamMember;
  /**
   * Holds the default role id's suffix, drawn once when it is created and then kept (its input
   * ignores changes); undefined when `customRoleId` is given.
   */
  public readonly roleIdSuffix?: TerraformResource;
  /** The destination given to Sigma: `gcs://<bucket>/<folder>/`. */
  public readonly destination: string;
  /** The service account Sigma's exporter writes as. */
  public readonly serviceAccount: string;
  /** The IAM member of the binding, `serviceAccount:<service account>`. '' when `enabled` is false. */
  public readonly member: string;

  public constructor(scope: Construct, id: string, props: GcsAuditLogIntegrationProps) {
    super(scope, id);
    const enabled = props.enabled ?? true;
    const count = enabled ? undefined : 0;

    const problems = new ProblemList();
    const partProblems = [
      this.destinationPartProblem(checkGcsBucketName(props.bucketName, 'bucketName'), props.bucketName),
      this.destinationPartProblem(checkPathPrefix(props.folder ?? '', 'gcp', 'folder'), props.folder),
    ];
    partProblems.forEach((problem) => problems.add(problem));
    const partsValid = partProblems.every((problem) => problem === undefined);
    if (isKnown(props.project) && !PROJECT_ID_PATTERN.test(props.project)) {
      problems.add(
        propProblem(
          this,
          'project',
          props.project,
          'a GCP project id: 6-30 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
          'my-audit-project',
        ),
      );
    }
    const customRoleId = props.customRoleId;
    if (customRoleId !== undefined && isKnown(customRoleId) && !ROLE_ID_PATTERN.test(customRoleId)) {
      problems.add(
        propProblem(this, 'customRoleId', customRoleId, 'a GCP custom role id: 3-64 letters, digits, "_" or "."', 'sigmaAuditLogWriter'),
      );
    }
    problems.attachTo(this);

    this.destination = buildDestination(props.bucketName, props.folder, partsValid);
    this.integration = new SigmaAuditLogStorageIntegration(this, 'Integration', {
      ...props,
      cloud: StorageCloud.GCP,
      // Invalid parts are reported above under the props the user wrote; hiding the destination
      // from the child (as an unresolved value) keeps the report to one message per problem.
      destination: partsValid ? this.destination : alreadyReported(this.destination),
    });

    let roleId = customRoleId;
    if (roleId === undefined) {
      const prefix = defaultRoleIdPrefix(this);
      this.roleIdSuffix = new TerraformData(this, 'RoleIdSuffix', {
        count,
        // Drawn when this resource is created; ignoring later changes of the input keeps it
        // stable on every following plan, and a destroy/deploy draws a new one.
        lifecycle: { ignoreChanges: ['input'] },
      });
      this.roleIdSuffix.addOverride('input', Fn.substr(Fn.replace(Fn.uuid(), '-', ''), 0, ROLE_ID_SUFFIX_LENGTH));
      roleId = enabled ? `${prefix}_${this.roleIdSuffix.getStringAttribute('output')}` : prefix;
    }

    this.customRole = new ProjectIamCustomRole(this, 'CustomRole', {
      count,
      project: props.project,
      roleId,
      title: 'Sigma audit-log export writer',
      description: `Lets Sigma's audit-log exporter (integration ${this.integration.integrationName}) write to its GCS destination`,
      permissions: [...GCS_EXPORT_PERMISSIONS],
    });

    this.serviceAccount = this.integration.gcpServiceAccount;
    this.member = enabled ? `serviceAccount:${this.serviceAccount}` : '';
    this.bucketBinding = new StorageBucketIamMember(this, 'BucketBinding', {
      count,
      bucket: props.bucketName,
      role: enabled ? this.customRole.name : '',
      member: this.member,
    });
  }

  /** A part validator's error as this construct reports it; tokens are left to the handler. */
  private destinationPartProblem(error: DestinationError | undefined, value: string | undefined): string | undefined {
    if (error === undefined || !isKnown(value)) return undefined;
    return `${this.node.path}: ${error.message}`;
  }
}

/**
 * The stable part of the default role id: readable (the construct path) and unique per path (a
 * hash of it), short enough to leave room for `_` and the suffix within 64 characters.
 */
function defaultRoleIdPrefix(scope: IConstruct): string {
  const fullPath = scope.node.path;
  const hash = createHash('sha256').update(fullPath).digest('hex').slice(0, PATH_HASH_LENGTH);
  const readable = fullPath
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((part) => part.length > 0)
    .join('_');
  const room = ROLE_ID_MAX_LENGTH - (1 + ROLE_ID_SUFFIX_LENGTH) - (1 + PATH_HASH_LENGTH);
  const head = `sigma_audit_logs_${readable}`.slice(0, room).replace(/_+$/, '');
  return `${head}_${hash}`;
}

function buildDestination(bucket: string, folder: string | undefined, partsValid: boolean): string {
  if (partsValid && isKnown(bucket) && (folder === undefined || isKnown(folder))) {
    return gcsDestination(bucket, folder ?? '');
  }
  const base = ['gcs://', bucket, '/'];
  if (folder === undefined || folder === '') return base.join('');
  if (isKnown(folder)) return [...base, folder.replace(/\/$/, ''), '/'].join('');
  // A computed folder: '' must stay the bucket root, and a trailing '/' must not double.
  return Fn.replace(Fn.join('', [...base, folder, '/']), '/[/]+$/', '/');
}
