/**
 * A CDK Terrain app in Python, as the README describes one, depending on `cdktn` and
 * `cdktn-sigma-audit-logs` only (the Python lane's cached cdktn environment, with the wheel built
 * from this repository): it synthesizes, and the real Terraform deploys it against the emulator,
 * plans clean and destroys it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, SigmaDouble, StackWorkspace, succeeded } from './harness';

const NAME = 'e2e_python_cdktn';
const STACK = 'python-cdktn';

const APP = `import os

from cdktn import App, LocalBackend, TerraformOutput, TerraformStack
from cdktn_sigma_audit_logs import SigmaAuditLogStorageIntegration, StorageCloud

app = App()
stack = TerraformStack(app, "${STACK}")
LocalBackend(stack, path=os.environ["SIGMA_E2E_STATE_FILE"])
integration = SigmaAuditLogStorageIntegration(
    stack,
    "AuditLogs",
    cloud=StorageCloud.GCP,
    destination="gcs://acme-audit/python-cdktn/",
    integration_name="${NAME}",
)
TerraformOutput(stack, "integration_id", value=integration.integration_id)
TerraformOutput(stack, "gcp_service_account", value=integration.gcp_service_account)
app.synth()
`;

/** The Python lane's cdktn environment (made by `npm run test:python`, which CI runs before this lane). */
function cdktnPython(): string {
  try {
    const printed = execFileSync('bash', [path.join(ROOT, 'scripts', 'python-env.sh'), '--cdktn', '--no-build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return path.join(printed.trim().split('\n').pop()!, 'bin', 'python');
  } catch (err) {
    throw new Error(`the cdktn Python environment is not there: run \`npm run test:python\` first (${(err as Error).message})`, { cause: err });
  }
}

let sigma: SigmaDouble;
let ws: StackWorkspace;

beforeAll(async () => {
  sigma = await SigmaDouble.start();
  ws = new StackWorkspace(sigma, STACK);
});

afterAll(async () => {
  await sigma?.close();
  ws?.remove();
});

test('a Python cdktn app synthesizes, deploys against the emulator, plans clean and destroys', async () => {
  const app = path.join(ws.root, 'app.py');
  writeFileSync(app, APP);
  execFileSync(cdktnPython(), [app], {
    cwd: ws.root,
    env: { ...process.env, CDKTF_OUTDIR: path.join(ws.root, 'cdktf.out'), SIGMA_E2E_STATE_FILE: path.join(ws.root, `${STACK}.tfstate`) },
    stdio: 'pipe',
  });
  await ws.init();
  await ws.apply();
  const created = sigma.integration(NAME);
  expect(created).toMatchObject({ status: 'ready', destination: 'gcs://acme-audit/python-cdktn/' });
  const outputs = await ws.outputs();
  expect(outputs.integration_id).toBe(created.integrationId);
  expect(outputs.gcp_service_account).toBe((created.credentials as { serviceAccount: string }).serviceAccount);
  expect((await ws.plan()).exitCode).toBe(0);
  succeeded(await ws.destroy());
  expect(sigma.integrationsNamed(NAME)).toEqual([]);
});
