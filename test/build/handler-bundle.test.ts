/**
 * The handler bundle as shipped (`node scripts/bundle.mjs`), which leaves out what the handler
 * never runs (zod's translations, undici): it must still do its whole job against the emulator.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { awsSpec, queryOf, runHandler } from '../handler/harness';

const ROOT = path.join(__dirname, '..', '..');
const ENV = {
  SIGMA_CLIENT_ID: 'admin',
  SIGMA_CLIENT_SECRET: 'admin-secret',
  SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '20',
  SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '5',
};

let outdir: string;
let handler: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  outdir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-shipped-bundle-')));
  [emulator] = await Promise.all([
    startEmulator({ seed: 5, provisioningDelayMs: 100 }),
    promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs'), '--outdir', outdir], { cwd: outdir, timeout: 60_000 }),
  ]);
  handler = path.join(outdir, 'handler.js');
});

afterAll(async () => {
  await emulator?.close();
  rmSync(outdir, { recursive: true, force: true });
});

describe('the shipped handler bundle', () => {
  test('carries neither zod translations nor any of undici: its client runs on node http', () => {
    const text = readFileSync(handler, 'utf8');
    // Markers of what is left out: a Polish zod message; undici's HTTP parser, Agent and EventSource.
    for (const marker of ['Nieprawid', 'llhttp', 'EventSource', 'MockAgent']) expect(text).not.toContain(marker);
    // Every Terraform run of the handler parses it all: about 0.11 MB; zod's full build would add
    // 0.16 MB, undici 0.3 MB (the full dependencies made it about 1 MB).
    expect(text.length).toBeLessThan(200_000);
  });

  test('applies and reads an integration through rate limiting (node http)', async () => {
    emulator.reset();
    emulator.injectFaults({ kind: 'rate_limit', count: 2, retryAfterSeconds: 0 });
    const spec = awsSpec(emulator.url, 'shipped_bundle_aws');
    const env = { ...ENV, SIGMA_API_URL: emulator.url };

    const applied = await runHandler(handler, ['apply'], { env: { ...env, SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec) } });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(emulator.requests().filter((r) => r.status === 429)).toHaveLength(2);

    const [created] = emulator.state().integrations;
    const read = await runHandler(handler, ['read'], { env, stdin: queryOf({ ...spec, integrationId: created.integrationId }) });
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ name: spec.name, cloud: 'aws', status: 'ready', destination: `${spec.destination}/` });
  });

  test('explains an invalid spec in English (zod keeps its own English messages)', async () => {
    const spec = { ...awsSpec(emulator.url, 'shipped_bundle_bad'), credentialsTimeoutSeconds: 'soon' };
    const result = await runHandler(handler, ['apply'], { env: { ...ENV, SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec) } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/credentialsTimeoutSeconds .*"soon".*expected a whole number of seconds/);
  });
  describe('what a run loads before it has a request to make', () => {
    /** node's own HTTP modules that a run of the bundle loaded (from node's module load list). */
    async function httpModulesLoaded(args: string[], env: Record<string, string>, stdin = ''): Promise<string[]> {
      const probe = path.join(outdir, 'loaded-http-modules.cjs');
      writeFileSync(
        probe,
        "process.on('exit', () => process.stderr.write('\\nloaded: ' + JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (https?|_http_\\w+)$/.test(m)))));\n",
      );
      const result = await runHandler(handler, args, { env: { ...env, NODE_OPTIONS: `--require=${probe}` }, stdin });
      const line = /\nloaded: (.*)$/.exec(result.stderr);
      expect(line).not.toBeNull();
      return JSON.parse(line![1]) as string[];
    }

    test('help and version load no HTTP module', async () => {
      expect(await httpModulesLoaded(['--version'], {})).toEqual([]);
      expect(await httpModulesLoaded(['--help'], {})).toEqual([]);
    });

    test('a settings step with nothing to do loads no HTTP module; a read does', async () => {
      const spec = { ...awsSpec(emulator.url, 'shipped_bundle_loads'), integrationId: 'not-called' };
      const times = { SIGMA_AUDIT_LOGS_PLANNED_AT: '2026-01-01T00:00:00Z', SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: '2026-01-01T00:00:05Z' };
      expect(await httpModulesLoaded(['apply'], { ...ENV, ...times, SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec) })).toEqual([]);
      // The probe itself is sound: a read that reaches the emulator loads them.
      emulator.reset();
      const loaded = await httpModulesLoaded(['read'], { ...ENV, SIGMA_API_URL: emulator.url }, queryOf(spec));
      expect(loaded).toContain('NativeModule http');
    });
  });
});
