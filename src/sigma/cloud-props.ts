/**
 * How a cloud construct (AWS, Azure, GCS) hands its props to its Sigma integration: one way for
 * all three, so that each prop is validated once, by the construct it was written on.
 */
import type { SigmaIntegrationOptions } from './options';
import type { SigmaAuditLogStorageIntegrationProps } from './storage-integration';

/** The props of the Sigma integration that a cloud construct derives from props of its own. */
export type DerivedCloudProps = Pick<SigmaAuditLogStorageIntegrationProps, 'cloud' | 'destination' | 'roleArn' | 'tenantId'>;

/** Props built by integrationProps. */
const builtByCloudConstructs = new WeakSet<SigmaAuditLogStorageIntegrationProps>();

/**
 * The props of a cloud construct's Sigma integration: every shared option as the user gave it (all
 * of them, so that an option added to SigmaIntegrationOptions reaches the integration from every
 * cloud; the Sigma construct validates them), and the cloud props the construct derived and has
 * validated under the props they came from (bucketName, prefix, tenantId...).
 */
export function integrationProps(options: SigmaIntegrationOptions, derived: DerivedCloudProps): SigmaAuditLogStorageIntegrationProps {
  const props: SigmaAuditLogStorageIntegrationProps = { ...options, roleArn: undefined, tenantId: undefined, ...derived };
  builtByCloudConstructs.add(props);
  return props;
}

/** True when a cloud construct built these props: their derived cloud props are validated already. */
export function derivedByCloudConstruct(props: SigmaAuditLogStorageIntegrationProps): boolean {
  return builtByCloudConstructs.has(props);
}
