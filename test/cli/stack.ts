/**
 * Stacks for the reconcile tests: synthesized with cdktf into a temporary directory, and a
 * stand-in `terraform` that answers `terraform show -json` with a given state.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { tempDir } from './helpers';


export interface SynthesizedStack {
  /** cdktf's output directory (holds `stacks/prod`). */
  readonly outdir: string;
  /** The stack directory, which holds cdk.tf.json: what `reconcile` is given. */
  readonly dir: string;
  readonly json: StackJson;
}

interface TerraformDataJson {
  readonly count?: number;
  readonly input?: Record<string, string>;
  readonly triggers_replace: Record<string, string>;
  readonly depends_on?: string[];
}
export interface StackJson {
  readonly resource: { readonly terraform_data: Record<string, TerraformDataJson> };
}

/** Synthesizes a stack `prod` (local state inside the temporary directory). */
export function synthStack(build: (stack: TerraformStack) => void): SynthesizedStack {
  const outdir = tempDir('sigma-cli-stack-');
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'prod');
  new LocalBackend(stack, { path: path.join(outdir, 'terraform.prod.tfstate') });
  build(stack);
  app.synth();
  const dir = path.join(outdir, 'stacks', 'prod');
  return { outdir, dir, json: JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as StackJson };
}

/** The identity and settings resources of the integration whose construct path contains `part`. */
export function resourcesOf(stack: SynthesizedStack, part: string): { identity: [string, TerraformDataJson]; settings: [string, TerraformDataJson] } {
  const entries = Object.entries(stack.json.resource.terraform_data);
  const identity = entries.find(([id, config]) => id.includes(part) && config.input !== undefined);
  if (!identity) throw new Error(`no identity resource named like ${part}`);
  const settings = entries.find(([, config]) => config.depends_on?.includes(`terraform_data.${identity[0]}`));
  if (!settings) throw new Error(`no settings resource for ${identity[0]}`);
  return { identity, settings };
}

/** The `terraform show -json` output of a state holding these resources (address → values). */
export function stateJson(resources: Record<string, Record<string, unknown>>): string {
  return JSON.stringify({
    format_version: '1.0',
    terraform_version: '1.5.7',
    values: {
      root_module: {
        resources: Object.entries(resources).map(([address, values]) => ({
          address,
          mode: 'managed',
          type: address.split('.')[0],
          name: address.split('.')[1],
          provider_name: 'terraform.io/builtin/terraform',
          schema_version: 0,
          values,
        })),
      },
    },
  });
}

export interface FakeTerraform {
  /** Path of the executable, for TERRAFORM_BINARY. */
  readonly binary: string;
  /** What `show -json` prints from now on; undefined: a stack never deployed (`{"format_version":"1.0"}`). */
  setState(json: string | undefined): void;
  /** Makes it fail like Terraform does, with this text on stderr and exit code 1 (undefined: succeed). */
  setFailure(stderr: string | undefined): void;
  /** Its runs so far: arguments, working directory, and whether the Sigma client secret was in its environment. */
  calls(): Array<{ args: string[]; cwd: string; sawClientSecret: boolean }>;
}

/** A stand-in for `terraform` (a small node script), driven by files it reads on each run. */
export function fakeTerraform(): FakeTerraform {
  const dir = tempDir('sigma-cli-fake-terraform-');
  const binary = path.join(dir, 'terraform');
  const stateFile = path.join(dir, 'state.json');
  const failureFile = path.join(dir, 'failure.txt');
  const logFile = path.join(dir, 'calls.jsonl');
  writeFileSync(
    binary,
    `#!${process.execPath}
const fs = require('fs');
fs.appendFileSync(${JSON.stringify(logFile)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), sawClientSecret: 'SIGMA_CLIENT_SECRET' in process.env }) + '\\n');
if (fs.existsSync(${JSON.stringify(failureFile)})) {
  process.stderr.write(fs.readFileSync(${JSON.stringify(failureFile)}, 'utf8'));
  process.exit(1);
}
process.stdout.write(fs.existsSync(${JSON.stringify(stateFile)}) ? fs.readFileSync(${JSON.stringify(stateFile)}, 'utf8') : '{"format_version":"1.0"}\\n');
`,
  );
  chmodSync(binary, 0o755);
  const setOrRemove = (file: string, content: string | undefined) => {
    if (content === undefined) rmSync(file, { force: true });
    else writeFileSync(file, content);
  };
  return {
    binary,
    setState: (json) => setOrRemove(stateFile, json),
    setFailure: (stderr) => setOrRemove(failureFile, stderr),
    calls: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line))
        : [],
  };
}
