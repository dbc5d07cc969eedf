/**
 * What the reconcile tests share: the `terraform show -json` of a deployed stack, recorded from a
 * real Terraform run (fixtures/terraform-show.json: the stack of test/e2e/stacks.ts with an AWS,
 * an Azure, a GCP and a disabled integration, deployed against the emulator), and a stand-in
 * `terraform` that prints it and records the runs `reconcile` makes.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SigmaClient } from '../../src/client';
import { markedSettings } from '../../src/cli/commands/reconcile';
import { IntegrationSpec } from '../../src/handler/spec';
import { createReady, tempDir } from './helpers';

export const RECORDED_SHOW_JSON = readFileSync(path.join(__dirname, 'fixtures', 'terraform-show.json'), 'utf8');

/** The integrations of the recorded state, by cloud, with their settings address, spec and identity address. */
export const RECORDED = Object.fromEntries(
  markedSettings(JSON.parse(RECORDED_SHOW_JSON)).map(({ address, spec, identityAddress }) => [
    spec.cloud,
    { address, identityAddress, spec: spec as unknown as IntegrationSpec },
  ]),
) as Record<IntegrationSpec['cloud'], { address: string; identityAddress?: string; spec: IntegrationSpec }>;

/** Creates in Sigma the integrations of the recorded state, as its deploy did; returns their ids by cloud. */
export async function deployRecorded(admin: SigmaClient): Promise<Record<IntegrationSpec['cloud'], string>> {
  const ids: Record<string, string> = {};
  for (const { spec } of Object.values(RECORDED)) {
    const { name, cloud, destination, roleArn, tenantId } = spec;
    ids[cloud] = (await createReady(admin, { name, cloud, destination, ...(roleArn ? { roleArn } : {}), ...(tenantId ? { tenantId } : {}) })).integrationId;
  }
  return ids as Record<IntegrationSpec['cloud'], string>;
}

/**
 * The recorded state as this version's deploy leaves it: each identity with its owner resource,
 * whose input records the id of the integration (here the ids `deployRecorded` made).
 */
export function withOwners(showJson: string, ids: Record<IntegrationSpec['cloud'], string>): string {
  const shown = JSON.parse(showJson) as {
    values: { root_module: { resources: Array<{ address: string; type: string; name: string; depends_on?: string[]; values: Record<string, unknown> }> } };
  };
  const resources = shown.values.root_module.resources;
  for (const { identityAddress, spec } of Object.values(RECORDED)) {
    const identity = resources.find((r) => r.address === identityAddress);
    if (identity === undefined) continue;
    const name = identity.name.replace('_Identity_', '_Owner_');
    resources.push({
      ...identity,
      address: `terraform_data.${name}`,
      name,
      depends_on: [identity.address],
      values: {
        id: `owner-of-${spec.name}`,
        input: { integrationId: ids[spec.cloud], organizationId: '' },
        output: { integrationId: ids[spec.cloud], organizationId: '' },
        triggers_replace: { identity: identity.values.id },
      },
    });
  }
  return JSON.stringify(shown);
}

interface Ending {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code?: number;
  /** `apply`: prints "Applying..." and takes this long first. */
  readonly delayMs?: number;
}

export interface FakeTerraform {
  /** Path of the executable, for TERRAFORM_BINARY or --terraform. */
  readonly binary: string;
  /** How `show` ends (default: the recorded state on stdout, exit 0). */
  setShow(ending: Ending): void;
  /** How `apply` ends once approved (default: exit 0). */
  setApply(ending: Ending): void;
  /** Its runs so far: arguments, working directory, whether the Sigma client secret was in its environment, and its TF_WORKSPACE. */
  calls(): Array<{ args: string[]; cwd: string; sawClientSecret: boolean; workspace: string | null }>;
}

/**
 * A `terraform` (a small node script): `show` prints the recorded state; `apply`, unless given
 * -auto-approve, asks for approval and reads the answer from stdin, as Terraform does.
 */
export function fakeTerraform(): FakeTerraform {
  const dir = tempDir('sigma-cli-fake-terraform-');
  const binary = path.join(dir, 'terraform');
  const configFile = path.join(dir, 'config.json');
  const logFile = path.join(dir, 'calls.jsonl');
  let config: { show: Ending; apply: Ending } = { show: { stdout: RECORDED_SHOW_JSON }, apply: {} };
  const save = () => writeFileSync(configFile, JSON.stringify(config));
  save();
  writeFileSync(
    binary,
    `#!${process.execPath}
const fs = require('fs');
const config = JSON.parse(fs.readFileSync(${JSON.stringify(configFile)}, 'utf8'));
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(logFile)}, JSON.stringify({ args, cwd: process.cwd(), sawClientSecret: 'SIGMA_CLIENT_SECRET' in process.env, workspace: process.env.TF_WORKSPACE ?? null }) + '\\n');
const end = (e) => { process.stdout.write(e.stdout ?? ''); process.stderr.write(e.stderr ?? ''); process.exitCode = e.code ?? 0; };
const apply = () => {
  process.stdout.write('Applying...\\n');
  setTimeout(() => end(config.apply), config.apply.delayMs ?? 0);
};
if (args[0] === 'show') end(config.show);
else if (args.includes('-auto-approve')) apply();
else {
  process.stdout.write("Do you want to perform these actions?\\n  Only 'yes' will be accepted to approve.\\n\\n  Enter a value: ");
  let answer = '';
  process.stdin.setEncoding('utf8').on('data', (chunk) => (answer += chunk));
  process.stdin.on('end', () => (answer.trim() === 'yes' ? apply() : end({ stdout: '\\nApply cancelled.\\n', code: 1 })));
}
`,
  );
  chmodSync(binary, 0o755);
  return {
    binary,
    setShow: (ending) => {
      config = { ...config, show: ending };
      save();
    },
    setApply: (ending) => {
      config = { ...config, apply: ending };
      save();
    },
    calls: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line))
        : [],
  };
}
