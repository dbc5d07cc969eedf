import { TerraformStack, Testing } from 'cdktf';
import { SigmaApiUrl, SigmaAuditLogStorageIntegration, StorageCloud } from '../../src';
import { markdown } from '../docs/markdown';

/** The constants, by name, as the README's table documents them. */
function documentedApiUrls(): Map<string, string> {
  const section = markdown('README.md').split('## Choosing the Sigma base URL')[1].split('\n## ')[0];
  return new Map([...section.matchAll(/^\| `([A-Z_]+)`[^|]*\| `(https:\/\/[^`]+)` \|$/gm)].map((m) => [m[1], m[2]]));
}

/** Every public constant of SigmaApiUrl (static readonly string properties). */
function apiUrlConstants(): Map<string, unknown> {
  return new Map(
    Object.getOwnPropertyNames(SigmaApiUrl)
      .filter((name) => /^[A-Z_]+$/.test(name))
      .map((name) => [name, (SigmaApiUrl as unknown as Record<string, unknown>)[name]]),
  );
}

describe('SigmaApiUrl', () => {
  test('each constant is the base URL string that apiUrl takes, as the README documents it', () => {
    const constants = apiUrlConstants();
    expect(constants.size).toBeGreaterThan(0);
    for (const value of constants.values()) expect(typeof value).toBe('string');
    expect(Object.fromEntries(constants)).toEqual(Object.fromEntries(documentedApiUrls()));
  });

  test.each([...apiUrlConstants().keys()])('SigmaApiUrl.%s is accepted as apiUrl and reaches the integration as the URL', (name) => {
    const url = apiUrlConstants().get(name) as string;
    const stack = new TerraformStack(Testing.app(), 'prod');
    new SigmaAuditLogStorageIntegration(stack, 'AuditLogs', {
      cloud: StorageCloud.GCP,
      destination: 'gcs://my-audit-logs/sigma/',
      apiUrl: url,
    });
    const json = JSON.parse(Testing.synth(stack, true)) as { resource: { terraform_data: Record<string, { input?: { apiUrl?: string } }> } };
    const inputs = Object.values(json.resource.terraform_data).flatMap((r) => (r.input?.apiUrl === undefined ? [] : [r.input.apiUrl]));
    expect(inputs.length).toBeGreaterThan(0);
    expect(new Set(inputs)).toEqual(new Set([url]));
  });
});
