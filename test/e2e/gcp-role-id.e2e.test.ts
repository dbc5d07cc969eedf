/**
 * GCP keeps a deleted custom role's id reserved for weeks, so GcsAuditLogIntegration's default
 * role id ends in a suffix drawn when it is first created. With the real Terraform: the suffix is
 * stable from plan to plan, and a destroy followed by a new deploy draws another one.
 *
 * The offline toolchain has no Google provider, so the synthesized stack is deployed without its
 * google_* resources: what is under test is the suffix resource and the Sigma integration, which
 * are Terraform built-ins and the handler.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { GcsAuditLogIntegration } from '../../src/gcp/audit-log-integration';
import { SigmaApiUrl } from '../../src/sigma/options';
import { SigmaDouble, StackWorkspace } from './harness';

interface StackJson {
  resource: Record<string, Record<string, unknown>>;
  provider?: Record<string, unknown>;
  terraform: { required_providers: Record<string, unknown> };
  output?: Record<string, { value: string }>;
}

let sigma: SigmaDouble;
let ws: StackWorkspace;

beforeAll(async () => {
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, 'gcp-role-id');
});

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

/** Synthesizes the GCS construct, then leaves out what only the Google provider could apply. */
function synthWithoutGoogleResources(): void {
  const app = new App({ outdir: path.dirname(path.dirname(ws.stackDir)) });
  const stack = new TerraformStack(app, ws.stackName);
  new LocalBackend(stack, { path: path.join(ws.root, 'state.tfstate') });
  new GoogleProvider(stack, 'google', { project: 'acme-audit-project' });
  new GcsAuditLogIntegration(stack, 'Gcs', {
    bucketName: 'acme-audit-logs',
    folder: 'sigma',
    project: 'acme-audit-project',
    integrationName: 'e2e_gcp_role_id',
    apiUrl: SigmaApiUrl.GCP,
    credentialsTimeoutSeconds: 60,
  });
  app.synth();

  const file = path.join(ws.stackDir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
  const suffix = Object.keys(json.resource.terraform_data).find((key) => key.includes('RoleIdSuffix'));
  expect(suffix).toBeDefined();
  for (const type of Object.keys(json.resource)) if (type.startsWith('google_')) delete json.resource[type];
  delete json.provider?.google;
  delete json.terraform.required_providers.google;
  json.output = { role_id_suffix: { value: `\${terraform_data.${suffix}.output}` } };
  writeFileSync(file, JSON.stringify(json, null, 2));
}

async function suffix(): Promise<string> {
  const outputs = await ws.outputs();
  return outputs.role_id_suffix;
}

describe("GcsAuditLogIntegration's default role id", () => {
  test('keeps its suffix from plan to plan, and draws a new one after a destroy', async () => {
    synthWithoutGoogleResources();
    await ws.init();
    await ws.apply();
    const first = await suffix();
    expect(first).toMatch(/^[0-9a-f]{8}$/);
    expect(sigma.integration('e2e_gcp_role_id')).toMatchObject({ cloud: 'gcp', status: 'ready' });

    // uuid() is new at every plan; ignore_changes keeps the drawn value.
    expect((await ws.plan()).exitCode).toBe(0);
    await ws.apply();
    expect(await suffix()).toBe(first);

    await ws.destroy();
    expect(sigma.integrationsNamed('e2e_gcp_role_id')).toEqual([]);
    await ws.apply();
    const second = await suffix();
    expect(second).toMatch(/^[0-9a-f]{8}$/);
    expect(second).not.toBe(first);
  });
});
