/**
 * The life of an integration through the CDK Terrain CLI (`cdktn deploy` / `cdktn destroy`, the
 * cdktn-cli package) with the cdktn package, as ./lifecycle.e2e.test.ts runs it through `cdktf
 * deploy`: a deploy from nothing, a clean plan, a destination change, a repair with `reconcile`
 * after the integration is deleted behind Terraform's back, and a destroy. On Terraform 1.5.7.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { StorageCloud } from '../../src/destination/cloud';
import { ROOT, SigmaDouble, StackWorkspace, artifactsWithSecrets, requireNodeForCdktnCli, succeeded } from './harness';
import { IntegrationDef, outputNames } from './stacks';

const NAME = 'e2e_cdktn';
const OUT = outputNames('Audit');

function audit(destination: string): IntegrationDef {
  return { id: 'Audit', integrationName: NAME, cloud: StorageCloud.AWS, destination };
}

let sigma: SigmaDouble;
let ws: StackWorkspace;

beforeAll(async () => {
  requireNodeForCdktnCli();
  // The cdktn package from the current sources (incremental).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'cdktn-package.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, 'cdktn');
}, 180_000);

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

describe('an integration through its life with `cdktn deploy`', () => {
  test('`cdktn deploy` from nothing synthesizes with cdktn and creates a ready integration', async () => {
    const deployed = succeeded(await ws.cdktn('deploy', [audit('s3://acme-audit/sigma/first/')]));
    expect(deployed.stdout).toContain(`Creating Sigma integration '${NAME}'`);
    // cdktn synthesized the stack: its version stamp is cdktn's.
    const config = JSON.parse(readFileSync(path.join(ws.stackDir, 'cdk.tf.json'), 'utf8')) as { '//': { metadata: { version: string } } };
    const cdktnVersion = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'cdktn', 'package.json'), 'utf8')) as { version: string }).version;
    expect(config['//'].metadata.version).toBe(cdktnVersion);

    const integration = sigma.integration(NAME);
    expect(integration).toMatchObject({ cloud: 'aws', status: 'ready', destination: 's3://acme-audit/sigma/first/' });
    expect((await ws.outputs())[OUT.integrationId]).toBe(integration.integrationId);
  });

  test('a second plan changes nothing', async () => {
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('`cdktn deploy` of a new destination: same integration, linked export paused', async () => {
    const before = sigma.integration(NAME);
    const nightly = await sigma.createExport(before.integrationId, 'nightly');
    succeeded(await ws.cdktn('deploy', [audit('s3://acme-audit/sigma/second/')]));
    const after = sigma.integration(NAME);
    expect(after.integrationId).toBe(before.integrationId);
    expect(after.destination).toBe('s3://acme-audit/sigma/second/');
    expect(sigma.exportById(nightly.exportId)).toMatchObject({ status: 'paused', pausedReason: 'integration_destination_changed' });
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('deleted behind Terraform\'s back: `reconcile` recreates it in the stack cdktn deployed, and the plan is clean', async () => {
    const before = sigma.integration(NAME);
    await sigma.client.deleteIntegration(before.integrationId, false);
    succeeded(await ws.reconcile());
    const after = sigma.integration(NAME);
    expect(after.integrationId).not.toBe(before.integrationId);
    expect(after).toMatchObject({ status: 'ready', destination: 's3://acme-audit/sigma/second/' });
    expect((await ws.plan()).exitCode).toBe(0);
  });

  test('`cdktn destroy` deletes the integration; no secret in anything the run left', async () => {
    succeeded(await ws.cdktn('destroy', [audit('s3://acme-audit/sigma/second/')]));
    expect(sigma.integrationsNamed(NAME)).toEqual([]);
    expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
  });
});
