/**
 * Credentials in the formats Sigma's (Snowflake's) storage integrations hand back, so that
 * everything that consumes them (trust policies, bindings, outputs) is exercised with
 * realistic values.
 */
import type { AwsCredentials, AzureCredentials, GcpCredentials, IntegrationCredentials } from '../client/contract';
import type { CloudName } from '../rules/cloud';
import { BASE64, SeededRandom, UPPERCASE } from './random';

export interface CredentialInputs {
  readonly cloud: CloudName;
  /** Partition of the role ARN (aws): the IAM user lives in the same partition as the role. */
  readonly awsPartition?: string;
  /** AWS account of the organization's Snowflake deployment. */
  readonly awsAccountId: string;
  readonly tenantId?: string;
}

export function generateCredentials(random: SeededRandom, inputs: CredentialInputs): IntegrationCredentials {
  switch (inputs.cloud) {
    case 'aws':
      return awsCredentials(random, inputs.awsPartition ?? 'aws', inputs.awsAccountId);
    case 'azure':
      return azureCredentials(random, inputs.tenantId ?? '');
    case 'gcp':
      return gcpCredentials(random);
  }
}

function awsCredentials(random: SeededRandom, partition: string, accountId: string): AwsCredentials {
  // Snowflake's IAM users look like `vj4g-s-abcd1234`; its external ids like
  // `AB12345_SFCRole=2_<27 base64 characters>=`.
  const user = `${random.chars('abcdefghijklmnopqrstuvwxyz0123456789', 4)}-s-${random.lowercase(4)}${random.digits(4)}`;
  const externalId = `${random.chars(UPPERCASE, 2)}${random.digits(5)}_SFCRole=${1 + random.int(9)}_${random.chars(BASE64, 27)}=`;
  return { iamUserArn: `arn:${partition}:iam::${accountId}:user/${user}`, externalId };
}

function azureCredentials(random: SeededRandom, tenantId: string): AzureCredentials {
  const appId = random.uuid();
  return {
    consentUrl: `https://login.microsoftonline.com/${tenantId}/oauth2/authorize?client_id=${appId}&response_type=code`,
    // The part before `_` is what an admin searches for when assigning the role.
    multiTenantAppName: `${random.lowercase(6)}snowflakepacint_${1 + random.int(9)}${random.digits(12)}`,
  };
}

function gcpCredentials(random: SeededRandom): GcpCredentials {
  return {
    serviceAccount: `${random.lowercase(4)}${random.digits(5)}@gcpuscentral1-${random.chars('0123456789abcdef', 4)}.iam.gserviceaccount.com`,
  };
}
