import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');
const STACKS = ['aws-audit-logs', 'azure-audit-logs', 'gcp-audit-logs'];

describe('examples/app.ts (the root cdktf app)', () => {
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'sigma-audit-logs-app-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes the AWS, Azure and GCP example stacks, each with its copy of the handler, with no Terraform installed', async () => {
    // A pipeline's build stage often synthesizes without Terraform: only node is on this PATH.
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    await promisify(execFile)(process.execPath, [tsx, 'examples/app.ts'], {
      cwd: ROOT,
      env: { ...process.env, PATH: path.dirname(process.execPath), CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      timeout: 120_000,
    });
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(STACKS);
    for (const stack of STACKS) {
      const config = JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(config.resource ?? {})).toContain('terraform_data');
      const program: string[] = Object.values<{ program: string[] }>(config.data.external)[0].program;
      expect(existsSync(path.join(outdir, 'stacks', stack, program[1]))).toBe(true);
    }
  });
});
