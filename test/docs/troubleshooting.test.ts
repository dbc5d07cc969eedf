import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import {
  AwsAuditLogIntegration,
  AzureAuditLogIntegration,
  AzureServicePrincipal,
  GcsAuditLogIntegration,
  IntegrationRemovalPolicy,
  LinkedExportsOnDelete,
  LinkedExportsOnDestinationChange,
  SigmaAuditLogStorageIntegration,
  StorageCloud,
} from '../../src';
import { REPO_ROOT, markdown } from './markdown';

const DOC = 'docs/troubleshooting.md';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every error code the code can raise: `code = '...'` of the error classes, and the emulator's code union. */
function errorCodesInCode(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(path.join(REPO_ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/readonly code = '([a-z_]+)'/g)) codes.add(match[1]);
    for (const union of text.matchAll(/type \w+ErrorCode = ([^;]+);/g)) {
      for (const member of union[1].matchAll(/'([a-z_]+)'/g)) codes.add(member[1]);
    }
  }
  return codes;
}

/** Codes listed in the first column of the doc's tables (`code` alone, or `code`: message). */
function codesInDoc(): Set<string> {
  return new Set([...markdown(DOC).matchAll(/^\| `([a-z_]+)`(?: \||: )/gm)].map((m) => m[1]));
}

/** Props listed in the doc's synth-time table. */
function propsInDoc(): Set<string> {
  const section = markdown(DOC).split('## During plan and apply')[0];
  return new Set([...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]));
}

describe('docs/troubleshooting.md', () => {
  test('lists every error code the handler, the CLI, the client, the emulator and the constructs can raise', () => {
    const documented = codesInDoc();
    const missing = [...errorCodesInCode()].filter((code) => !documented.has(code));
    expect(missing).toEqual([]);
  });

  test('lists no error code that the code no longer has', () => {
    const inCode = errorCodesInCode();
    const props = propsInDoc(); // the synth table's first column holds props, not codes
    const stale = [...codesInDoc()].filter((code) => !inCode.has(code) && !props.has(code));
    expect(stale).toEqual([]);
  });

  test('lists every prop that synth-time validation can report', () => {
    // An app where every prop of every construct is invalid: the props named in the report
    // must all have a row.
    // A folder of its own: the repository's cdktf.out exists only after `npm run synth`.
    const outdir = mkdtempSync(path.join(tmpdir(), 'sigma-troubleshooting-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'bad');
    const sigma = {
      integrationName: '1x',
      apiUrl: 'http://sigma.example.com',
      credentialsTimeoutSeconds: -1,
      linkedExportsOnDelete: 'x' as LinkedExportsOnDelete,
      linkedExportsOnDestinationChange: 'y' as LinkedExportsOnDestinationChange,
      removalPolicy: 'z' as IntegrationRemovalPolicy,
    };
    new AwsAuditLogIntegration(stack, 'Aws', {
      ...sigma,
      bucketName: 'Bad_Bucket',
      prefix: 'a//b',
      roleName: 'bad name!',
      rolePath: 'nope',
      permissionsBoundary: 'arn:bad',
      kmsKeyArn: 'key',
    });
    new AzureAuditLogIntegration(stack, 'AzureByName', {
      ...sigma,
      storageAccountName: 'BAD',
      resourceGroupName: '(bad)',
      containerName: 'A',
      folder: '*',
      tenantId: 'nope',
      servicePrincipalObjectId: 'nope',
    });
    new AzureAuditLogIntegration(stack, 'AzureById', {
      storageAccountId: '/x',
      containerName: 'audit-logs',
      tenantId: 'nope',
      servicePrincipal: AzureServicePrincipal.fromObjectId('nope'),
    });
    new AzureAuditLogIntegration(stack, 'AzureNoAccount', { containerName: 'audit-logs', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    new GcsAuditLogIntegration(stack, 'Gcs', { ...sigma, bucketName: 'goog-x', folder: 'a?b', project: 'P', customRoleId: 'a' });
    new SigmaAuditLogStorageIntegration(stack, 'Sigma', { ...sigma, cloud: StorageCloud.AWS, destination: 'ftp://x' });
    new SigmaAuditLogStorageIntegration(stack, 'SigmaCloud', { cloud: 'mars' as StorageCloud, destination: 's3://x', roleArn: 'x', tenantId: 'y' });
    let report = '';
    try {
      app.synth();
    } catch (err) {
      report = (err as Error).message;
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
    // A prop's part (`servicePrincipal.objectId`) is listed under its prop.
    const reported = new Set([...report.matchAll(/^\s+\[[^\]]+\] [^:]+: (\w+)(?:\.\w+)*(?: "| -?\d| is required)/gm)].map((m) => m[1]));
    expect(reported.size).toBeGreaterThan(20);
    const documented = propsInDoc();
    expect([...reported].filter((prop) => !documented.has(prop))).toEqual([]);
  });
});
