/**
 * The state in a remote backend, as pipelines share it: Terraform's `pg` backend on a PostgreSQL
 * server the tests start (test/e2e/postgres.ts). A deploy, a clean plan and a destroy go through
 * the remote state with no state on disk; two deploys of the same stack started together take
 * turns on the state lock (`-lock-timeout`) and leave one integration; `reconcile` repairs an
 * integration deleted behind Terraform's back by reading the addresses from that remote state.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { StorageCloud } from '../../src/destination/cloud';
import { CommandResult, SigmaDouble, StackWorkspace, artifactsWithSecrets, eventually, succeeded } from './harness';
import { RunningPostgres, startPostgres } from './postgres';
import { IntegrationDef } from './stacks';
import { Toolchain, toolchains } from './toolchain';

/** Long enough that a second deploy started meanwhile meets the lock held by the first. */
const PROVISIONING_DELAY_MS = 2500;
/** What a pipeline gives every apply of a shared stack: wait for the lock instead of failing. */
const LOCK_TIMEOUT = { TF_CLI_ARGS_apply: '-lock-timeout=60s' };

// Once per engine the lane has: Terraform 1.5.7, a newer Terraform found on PATH, OpenTofu.
describe.each(toolchains())('with $engine $terraformVersion', (tools: Toolchain) => {
  let sigma: SigmaDouble;
  let pg: RunningPostgres;
  const workspaces: StackWorkspace[] = [];

  beforeAll(async () => {
    sigma = await SigmaDouble.start({ provisioningDelayMs: PROVISIONING_DELAY_MS });
    pg = await startPostgres();
  });

  afterAll(async () => {
    await sigma?.close();
    pg?.stop();
    for (const ws of workspaces) ws.remove();
  });

  /** A checkout of the stack (one pipeline run) whose state is the schema `schema` in the server. */
  function checkout(stackName: string, schema: string): StackWorkspace {
    const ws = new StackWorkspace(sigma, stackName, { toolchain: tools, pgBackend: { connStr: pg.connStr, schemaName: schema } });
    workspaces.push(ws);
    return ws;
  }

  function audit(integrationName: string): IntegrationDef {
    return { id: 'Audit', integrationName, cloud: StorageCloud.AWS, destination: 's3://acme-audit/sigma/' };
  }

  /** Files under `dir` that hold a state, other than `.terraform/terraform.tfstate` (the backend settings). */
  function stateFilesOnDisk(dir: string): string[] {
    const found: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && entry.name.includes('.tfstate') && !file.endsWith(path.join('.terraform', 'terraform.tfstate'))) found.push(file);
    }
    return found;
  }

  async function pulledState(ws: StackWorkspace): Promise<{ resources: Array<{ type: string }> }> {
    return JSON.parse(succeeded(await ws.terraform(['state', 'pull'])).stdout) as { resources: Array<{ type: string }> };
  }

  describe('a stack whose state lives in PostgreSQL (the pg backend)', () => {
    test('`cdktf deploy`, a clean plan and `cdktf destroy` go through the remote state, with no state on disk', async () => {
      const name = 'e2e_remote_state';
      const ws = checkout('remote', 'remote_lifecycle');

      succeeded(await ws.cdktf('deploy', [audit(name)]));
      expect(sigma.integration(name).status).toBe('ready');
      expect((await pulledState(ws)).resources.map((r) => r.type)).toEqual(expect.arrayContaining(['terraform_data']));
      expect(stateFilesOnDisk(ws.root)).toEqual([]);
      // What Terraform keeps locally is where the state is, not the state.
      const backend = JSON.parse(readFileSync(path.join(ws.stackDir, '.terraform', 'terraform.tfstate'), 'utf8')) as {
        backend: { type: string };
        resources?: unknown;
      };
      expect(backend.backend.type).toBe('pg');
      expect(backend.resources).toBeUndefined();

      const plan = await ws.plan();
      expect(plan.exitCode).toBe(0);

      succeeded(await ws.cdktf('destroy', [audit(name)]));
      expect(sigma.integrationsNamed(name)).toEqual([]);
      expect((await pulledState(ws)).resources).toEqual([]);
      expect(stateFilesOnDisk(ws.root)).toEqual([]);
      expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
    });

    test('while a deploy holds the state lock, a deploy without -lock-timeout stops at the lock and changes nothing', async () => {
      const name = 'e2e_remote_lock_held';
      const holder = checkout('locked', 'remote_lock_held');
      const other = checkout('locked', 'remote_lock_held');
      holder.synth([audit(name)]);
      other.synth([audit(name)]);
      await holder.init();
      await other.init();

      const holding = holder.start(holder.terraformBinary, ['apply', '-auto-approve', '-input=false', '-no-color']);
      // The integration exists and is still provisioning: the holder is inside its apply.
      await eventually(`integration '${name}' to be created`, () => sigma.integrationsNamed(name)[0], 60_000);
      const refused = await other.terraform(['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Error acquiring the state lock');

      succeeded(await holding.done);
      expect(sigma.integrationsNamed(name)).toHaveLength(1);
      expect((await other.plan()).exitCode).toBe(0);
    });

    test('two `cdktf deploy` of the same stack started together take turns on the lock: one integration, both succeed', async () => {
      const name = 'e2e_remote_concurrent';
      const first = checkout('shared', 'remote_concurrent');
      const second = checkout('shared', 'remote_concurrent');
      // The stack existed before (its first `terraform init` created the backend's table and the
      // stack's empty state): Terraform's pg backend creates those without taking turns.
      first.synth([audit(name)]);
      await first.init();

      const results: CommandResult[] = await Promise.all([first.cdktf('deploy', [audit(name)], LOCK_TIMEOUT), second.cdktf('deploy', [audit(name)], LOCK_TIMEOUT)]);
      for (const result of results) succeeded(result);

      expect(sigma.integrationsNamed(name)).toHaveLength(1);
      expect(sigma.integration(name).status).toBe('ready');
      // One created the integration; the other waited for the lock, then found nothing to do.
      const outputs = results.map((r) => `${r.stdout}\n${r.stderr}`);
      const created = outputs.filter((out) => out.includes(`Creating Sigma integration '${name}'`));
      const waited = outputs.filter((out) => out.includes('Acquiring state lock. This may take a few moments'));
      expect(created).toHaveLength(1);
      expect(waited).toHaveLength(1);
      expect(waited[0]).toContain('No changes.');
      // No lock left behind: a plan without -lock-timeout runs, and is clean, from either checkout.
      expect((await first.plan()).exitCode).toBe(0);
      expect((await second.plan()).exitCode).toBe(0);
      for (const ws of [first, second]) expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
    });

    test('`sigma-audit-logs reconcile` finds the integrations in the remote state and repairs them', async () => {
      const name = 'e2e_remote_reconcile';
      const ws = checkout('reconciled', 'remote_reconcile');
      succeeded(await ws.cdktf('deploy', [audit(name)]));
      const original = sigma.integration(name);
      await sigma.client.deleteIntegration(original.integrationId, false);
      expect((await ws.plan()).exitCode).toBe(1);

      const repaired = succeeded(await ws.reconcile(['--auto-approve']));
      expect(repaired.stdout).toContain(name);
      const recreated = sigma.integration(name);
      expect(recreated.integrationId).not.toBe(original.integrationId);
      expect(recreated.status).toBe('ready');
      expect((await ws.plan()).exitCode).toBe(0);
      expect(stateFilesOnDisk(ws.root)).toEqual([]);
      expect(artifactsWithSecrets(ws.artifacts(), sigma.secrets())).toEqual([]);
    });
  });
});
