import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, markdown } from './markdown';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: { pull_request?: unknown; push?: { branches: string[] } };
  readonly env: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const FILE = 'examples/pipeline/.github/workflows/sigma-audit-logs.yml';
const text = markdown(FILE);
const workflow = parse(text) as Workflow;
const runs = (job: Job) => job.steps.map((step) => step.run).filter((run): run is string => run !== undefined);

describe('the pipeline example', () => {
  test('runs cdktf diff on pull requests and cdktf deploy on the main branch only', () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.on.push?.branches).toEqual(['main']);
    const diff = Object.values(workflow.jobs).find((job) => runs(job).some((run) => run.includes('cdktf diff')))!;
    const deploy = Object.values(workflow.jobs).find((job) => runs(job).some((run) => run.includes('cdktf deploy')))!;
    expect(diff.if).toContain("github.event_name == 'pull_request'");
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(runs(diff).some((run) => run.includes('deploy'))).toBe(false);
  });

  test('installs from the lock file each example commits, and type-checks with scripts each example defines', () => {
    for (const job of Object.values(workflow.jobs)) expect(runs(job)[0]).toBe('npm ci');
    const named = Object.values(workflow.jobs).flatMap((job) => runs(job).flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1])));
    expect(named).toContain('typecheck');
    for (const example of ['aws', 'azure', 'gcp']) {
      const scripts = (JSON.parse(markdown(`examples/${example}/package.json`)) as { scripts: Record<string, string> }).scripts;
      expect({ example, missing: named.filter((name) => scripts[name] === undefined) }).toEqual({ example, missing: [] });
      expect(existsSync(path.join(REPO_ROOT, 'examples', example, 'package-lock.json'))).toBe(true);
      expect(existsSync(path.join(REPO_ROOT, 'examples', example, 'tsconfig.json'))).toBe(true);
    }
  });

  test('installs node and Terraform where the handler runs', () => {
    for (const job of Object.values(workflow.jobs)) {
      const uses = job.steps.map((step) => step.uses ?? '');
      expect(uses.some((u) => u.startsWith('actions/setup-node'))).toBe(true);
      expect(uses.some((u) => u.startsWith('hashicorp/setup-terraform'))).toBe(true);
    }
  });

  test('takes Sigma and cloud credentials from the secret store, and holds no secret itself', () => {
    expect(workflow.env.SIGMA_CLIENT_ID).toBe('${{ secrets.SIGMA_CLIENT_ID }}');
    expect(workflow.env.SIGMA_CLIENT_SECRET).toBe('${{ secrets.SIGMA_CLIENT_SECRET }}');
    // Nothing that looks like a credential: AWS access keys, long random strings, inline secrets.
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(text).not.toMatch(/aws-secret-access-key|aws-access-key-id/);
    expect(text).not.toMatch(/[A-Za-z0-9+/]{40,}/);
    for (const [name, value] of Object.entries(workflow.env)) {
      if (/SECRET|TOKEN|PASSWORD/.test(name)) expect(value).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    }
  });
});
