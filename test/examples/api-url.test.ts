/**
 * Each example talks to the Sigma API of the cloud it writes to, as the README's snippets do:
 * a user copying the GCP or Azure example gets that cloud's URL to adjust, not AWS's.
 */
import { Testing, TerraformStack } from 'cdktf';
import { SigmaApiUrl } from 'cdktf-sigma-audit-logs';
import { AwsAuditLogsExampleStack } from '../../examples/aws/main';
import { AzureAuditLogsExampleStack } from '../../examples/azure/main';
import { GcpAuditLogsExampleStack } from '../../examples/gcp/main';

type StackClass = new (scope: ReturnType<typeof Testing.app>, id: string) => TerraformStack;

/** The apiUrl of every integration the stack declares (from its identity resource). */
function apiUrls(Stack: StackClass): string[] {
  const json = JSON.parse(Testing.synth(new Stack(Testing.app(), 'example'))) as {
    resource: { terraform_data: Record<string, { triggers_replace?: { apiUrl?: string } }> };
  };
  return Object.entries(json.resource.terraform_data).flatMap(([key, data]) =>
    key.includes('_Identity_') && data.triggers_replace?.apiUrl ? [data.triggers_replace.apiUrl] : [],
  );
}

test.each<[string, StackClass, string]>([
  ['aws', AwsAuditLogsExampleStack, SigmaApiUrl.AWS_US],
  ['azure', AzureAuditLogsExampleStack, SigmaApiUrl.AZURE_US],
  ['gcp', GcpAuditLogsExampleStack, SigmaApiUrl.GCP],
])('the %s example uses the Sigma API of its cloud', (_cloud, Stack, expected) => {
  expect(apiUrls(Stack)).toEqual([expected]);
});
