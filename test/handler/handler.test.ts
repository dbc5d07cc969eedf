/**
 * The bundled handler, run as Terraform runs it (a child process per operation), against the
 * emulator over loopback.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SigmaClient } from '../../src/client';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import type { IntegrationSpec } from '../../src/handler/spec';
import {
  PACKAGE_VERSION,
  RecordingProxy,
  RunResult,
  awsSpec,
  azureSpec,
  buildHandler,
  capturedOutput,
  changingRequests,
  gcpSpec,
  identityOf,
  queryOf,
  removalOf,
  runHandler,
  startRecordingProxy,
} from './harness';

const ADMIN_SECRET = 'admin-secret-7Hq2xV9pLm4Rk';
const VIEWER_SECRET = 'viewer-secret-3Nw8cT5yBz1Qd';
const ADMIN = { SIGMA_CLIENT_ID: 'admin', SIGMA_CLIENT_SECRET: ADMIN_SECRET };
const VIEWER = { SIGMA_CLIENT_ID: 'viewer', SIGMA_CLIENT_SECRET: VIEWER_SECRET };
const FAST = { SIGMA_AUDIT_LOGS_POLL_INTERVAL_MS: '25', SIGMA_AUDIT_LOGS_BACKOFF_BASE_MS: '5' };
const PROVISIONING_DELAY_MS = 250;

let bundle: string;
let emulator: RunningEmulator;
let proxy: RecordingProxy;
let admin: SigmaClient;
/** Where the spec says the API is; SIGMA_API_URL points the handler at the proxy instead. */
const SPEC_API_URL = 'https://aws-api.sigmacomputing.com';

beforeAll(async () => {
  [bundle, emulator] = await Promise.all([
    buildHandler(),
    startEmulator({
      seed: 42,
      provisioningDelayMs: PROVISIONING_DELAY_MS,
      clients: [
        { clientId: 'admin', clientSecret: ADMIN_SECRET, accountType: 'Admin' },
        { clientId: 'viewer', clientSecret: VIEWER_SECRET, accountType: 'Viewer' },
      ],
    }),
  ]);
  proxy = await startRecordingProxy(emulator.url);
  admin = new SigmaClient({ baseUrl: emulator.url, clientId: 'admin', clientSecret: ADMIN_SECRET, backoffBaseMs: 5 });
});

afterAll(async () => {
  await admin?.close();
  await proxy?.close();
  await emulator?.close();
  if (bundle) rmSync(path.dirname(bundle), { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { ...ADMIN, ...FAST, SIGMA_API_URL: proxy.url, ...extra };
}

/** The create step (identity's), with no integration id. */
function apply(spec: IntegrationSpec | Record<string, unknown>, extra: Record<string, string> = {}): Promise<RunResult> {
  return runHandler(bundle, ['apply'], { env: env({ SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(spec), ...extra }) });
}

/** An id no integration has: what the state of a stack whose integration is gone records. */
const GONE_ID = '00000000-0000-4000-8000-00000000dead';

function integrationsNamed(name: string) {
  return emulator.state().integrations.filter((i) => i.name.toLowerCase() === name.toLowerCase());
}

/** The spec with the id the owner resource would have recorded for it (the integration of that name, or a gone one). */
function owned(spec: IntegrationSpec): IntegrationSpec {
  if (spec.integrationId) return spec;
  const [found] = integrationsNamed(spec.name);
  return { ...spec, integrationId: found?.integrationId ?? GONE_ID };
}

/** The settings step: apply on the owned id. */
function settle(spec: IntegrationSpec, extra: Record<string, string> = {}): Promise<RunResult> {
  return apply(owned(spec), extra);
}

function read(spec: IntegrationSpec, extra: Record<string, string> = {}, cwd?: string): Promise<RunResult> {
  return runHandler(bundle, ['read'], { env: env(extra), stdin: queryOf(owned(spec)), cwd });
}

/** The `credentials` data source's run: the query holds the identity keys, the owned id and the timeout, no destination. */
function credentials(spec: IntegrationSpec, extra: Record<string, string> = {}, cwd?: string): Promise<RunResult> {
  const { destination: _destination, linkedExportsOnDestinationChange: _change, ...query } = owned(spec);
  return runHandler(bundle, ['credentials'], { env: env(extra), stdin: queryOf(query as IntegrationSpec), cwd });
}

function locate(spec: IntegrationSpec, extra: Record<string, string> = {}): Promise<RunResult> {
  return runHandler(bundle, ['locate'], { env: env(extra), stdin: queryOf(identityOf(spec) as unknown as IntegrationSpec) });
}

function del(spec: IntegrationSpec, extra: Record<string, string> = {}): Promise<RunResult> {
  return runHandler(bundle, ['delete'], { env: env({ SIGMA_AUDIT_LOGS_SPEC: JSON.stringify(removalOf(owned(spec))), ...extra }) });
}

/** The create step's claim: recorded `claimedMsAgo` before, by a plan made `plannedMsAgo` before. */
function claim(claimedMsAgo: number, plannedMsAgo: number): Record<string, string> {
  const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  return { SIGMA_AUDIT_LOGS_CLAIMED_AT: at(claimedMsAgo), SIGMA_AUDIT_LOGS_PLANNED_AT: at(plannedMsAgo) };
}

function expectExit(result: RunResult, code: number): void {
  if (result.code !== code) {
    throw new Error(`expected exit ${code}, got ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}

describe('command line', () => {
  it('prints usage with the operations, environment and exit codes', async () => {
    const result = await runHandler(bundle, ['--help']);
    expectExit(result, 0);
    for (const word of ['apply', 'read', 'delete', 'SIGMA_AUDIT_LOGS_SPEC', 'SIGMA_CLIENT_ID', 'SIGMA_CLIENT_SECRET', 'SIGMA_API_URL', 'Exit codes']) {
      expect(result.stdout).toContain(word);
    }
  });

  it('prints the package version from the bundle alone', async () => {
    const result = await runHandler(bundle, ['--version']);
    expectExit(result, 0);
    expect(result.stdout.trim()).toBe(PACKAGE_VERSION);
  });

  it('refuses a missing or unknown operation with exit 2', async () => {
    for (const args of [[], ['create'], ['apply', 'extra']]) {
      const result = await runHandler(bundle, args);
      expectExit(result, 2);
      expect(result.stderr).toMatch(/expected one operation, apply, locate, read, credentials or delete/);
    }
  });
});

describe('apply and read', () => {
  it('creates an integration from nothing, waits until ready, and read returns its credentials', async () => {
    const spec = awsSpec(SPEC_API_URL, 'fresh_aws');
    const applied = await apply(spec);
    expectExit(applied, 0);
    expect(applied.stdout).toMatch(/Creating Sigma integration 'fresh_aws'/);
    expect(applied.stdout).toMatch(/Waiting for Sigma to provision .*status pending/);
    expect(applied.stdout).toMatch(/is ready/);

    const [stored] = integrationsNamed('fresh_aws');
    expect(integrationsNamed('fresh_aws')).toHaveLength(1);
    expect(stored.status).toBe('ready');
    expect(stored.roleArn).toBe(spec.roleArn);

    const result = await read(spec);
    expectExit(result, 0);
    const output = JSON.parse(result.stdout);
    expect(output).toEqual({
      integration_id: stored.integrationId,
      name: 'fresh_aws',
      cloud: 'aws',
      destination: 's3://acme-audit/fresh_aws/',
      status: 'ready',
      aws_iam_user_arn: (stored.credentials as { iamUserArn: string }).iamUserArn,
      aws_external_id: (stored.credentials as { externalId: string }).externalId,
      azure_consent_url: '',
      azure_multi_tenant_app_name: '',
      azure_app_client_id: '',
      gcp_service_account: '',
    });
  });

  it('reads azure credentials, with the app client id taken from the consent URL', async () => {
    const spec = azureSpec(SPEC_API_URL, 'fresh_azure');
    expectExit(await apply(spec), 0);
    const result = await read(spec);
    expectExit(result, 0);
    const output = JSON.parse(result.stdout);
    const consentUrl = new URL(output.azure_consent_url);
    expect(output.azure_app_client_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(consentUrl.searchParams.get('client_id')).toBe(output.azure_app_client_id);
    expect(output.azure_multi_tenant_app_name).toMatch(/_/);
    expect(output.aws_iam_user_arn).toBe('');
    expect(output.gcp_service_account).toBe('');
  });

  it.each(['read', 'credentials'] as const)(
    '%s of a pending integration fails at once (a plan does not wait) with exit 5, saying that the apply that creates it waits',
    async (operation) => {
      const spec = gcpSpec(SPEC_API_URL, `pending_${operation}`, { credentialsTimeoutSeconds: 600 });
      // Created behind the handler's back and slow to provision, so the read finds it pending.
      emulator.configure({ provisioningDelayMs: 60_000 });
      const created = await admin.createIntegration({ name: spec.name, cloud: 'gcp', destination: spec.destination });
      emulator.configure({ provisioningDelayMs: PROVISIONING_DELAY_MS });
      const started = Date.now();
      const result = operation === 'read' ? await read(spec) : await credentials(spec);
      expect(Date.now() - started).toBeLessThan(5_000);
      expectExit(result, 5);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `Error (integration_pending): Sigma integration '${spec.name}' (${created.integrationId}) is pending: Sigma is still ` +
          'provisioning its credentials (usually a few minutes). A plan does not wait for it; the apply that creates the ' +
          `integration waits for it (up to credentialsTimeoutSeconds). Run the plan again once it is ready: ` +
          `\`npx sigma-audit-logs show ${spec.name}\` shows its status.\n`,
      );
    },
  );

  it('a rerun of a converged integration changes nothing and creates no duplicate', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'rerun_me');
    expectExit(await apply(spec), 0);
    const [first] = integrationsNamed('rerun_me');
    const mark = emulator.requests().length;

    // The same spec with the destination written differently (no trailing "/") is the same destination.
    const again = await settle({ ...spec, destination: spec.destination.replace(/\/$/, '') });
    expectExit(again, 0);
    expect(changingRequests(emulator.requests(), mark)).toEqual([]);
    expect(integrationsNamed('rerun_me')).toHaveLength(1);
    expect(integrationsNamed('rerun_me')[0].integrationId).toBe(first.integrationId);
    expect(integrationsNamed('rerun_me')[0].updatedAt).toBe(first.updatedAt);
  });

  it('takes over an integration an earlier deploy created but lost the answer of, and only that', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'lost_create');
    // As if an earlier deploy's POST was served but its answer never arrived: the claim predates it.
    const claimed = claim(2000, 0);
    await sleep(20);
    const made = await admin.createIntegration({ name: spec.name, cloud: 'gcp', destination: spec.destination });
    const result = await apply(spec, { ...claimed, SIGMA_AUDIT_LOGS_PLANNED_AT: new Date().toISOString() });
    expectExit(result, 0);
    expect(result.stdout).toContain(`Integration 'lost_create' (${made.integrationId}) was created by an earlier deploy of this stack whose answer was lost; using it.`);
    expect(integrationsNamed('lost_create').map((i) => i.integrationId)).toEqual([made.integrationId]);
  });

  it('never takes over an integration it did not create: a name held by another stops the create step before any change', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'held_name');
    const theirs = await admin.createIntegration({ name: 'Held_Name', cloud: 'gcp', destination: 'gcs://acme-audit/theirs/' });
    const cases: Array<[string, Record<string, string>, IntegrationSpec]> = [
      ['no claim at all', {}, spec],
      // The first deploy of a claim: recorded after the plan, so nothing created before can be its own.
      ['a claim of this very deploy', claim(-1000, 0), spec],
      // An earlier claim, but the integration has another destination than the one declared.
      ['an earlier claim, another destination', claim(60_000, 0), spec],
    ];
    for (const [why, claimed, declared] of cases) {
      const mark = emulator.requests().length;
      const result = await apply(declared, claimed);
      expect({ why, code: result.code }).toEqual({ why, code: 1 });
      expect(result.stderr).toContain(`Error (name_held): Sigma already has an integration named 'Held_Name' (${theirs.integrationId}, created `);
      expect(result.stderr).toContain("this stack did not create it");
      expect(result.stderr).toContain("integrationName, e.g. 'held_name_2'");
      expect(result.stderr).toContain(`adoptIntegrationId: '${theirs.integrationId}'`);
      expect(changingRequests(emulator.requests(), mark)).toEqual([]);
    }
    expect(integrationsNamed('held_name')).toMatchObject([{ integrationId: theirs.integrationId, destination: 'gcs://acme-audit/theirs/' }]);
  });

  it('adopts the integration adoptIntegrationId names, when it has the declared name, cloud and identity, and brings its destination to the declared one', async () => {
    const spec = awsSpec(SPEC_API_URL, 'portal_made');
    const made = await admin.createIntegration({ name: 'portal_made', cloud: 'aws', destination: 's3://acme-audit/portal/', roleArn: spec.roleArn });
    const wrongRole = await apply({ ...spec, roleArn: 'arn:aws:iam::123456789012:role/other', adoptIntegrationId: made.integrationId });
    expectExit(wrongRole, 2);
    expect(wrongRole.stderr).toContain(`Cannot adopt Sigma integration ${made.integrationId} as 'portal_made': its roleArn is '${spec.roleArn}'`);
    expectExit(await apply({ ...spec, name: 'portal_other', adoptIntegrationId: made.integrationId }), 2);
    expectExit(await apply({ ...spec, adoptIntegrationId: GONE_ID }), 2);

    const adopted = await apply({ ...spec, adoptIntegrationId: made.integrationId });
    expectExit(adopted, 0);
    expect(adopted.stdout).toContain(`Adopting Sigma integration 'portal_made' (${made.integrationId})`);
    const located = await locate({ ...spec, adoptIntegrationId: made.integrationId });
    expectExit(located, 0);
    expect(JSON.parse(located.stdout)).toEqual({ integration_id: made.integrationId, organization_id: expect.any(String) });
    expect(integrationsNamed('portal_made')).toMatchObject([{ integrationId: made.integrationId, destination: 's3://acme-audit/portal_made/' }]);
  });

  it('locate reads the id and organization of the integration the create step made, and changes nothing', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'locate_me');
    expectExit(await apply(spec), 0);
    const mark = emulator.requests().length;
    const located = await locate(spec);
    expectExit(located, 0);
    expect(JSON.parse(located.stdout)).toEqual({ integration_id: integrationsNamed('locate_me')[0].integrationId, organization_id: expect.any(String) });
    expect(changingRequests(emulator.requests(), mark)).toEqual([]);
    // None of that name: an empty id, which the owner's postconditions report against the record.
    const none = await locate(gcpSpec(SPEC_API_URL, 'locate_none'));
    expectExit(none, 0);
    expect(JSON.parse(none.stdout)).toEqual({ integration_id: '', organization_id: expect.any(String) });
    expectExit(await locate(awsSpec(SPEC_API_URL, 'locate_me')), 1);
  });
});

describe('destination change', () => {
  it('keeps the id and credentials and pauses linked exports by default', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'moving_pause');
    expectExit(await apply(spec), 0);
    const before = JSON.parse((await read(spec)).stdout);
    const exported = await admin.createScheduledExport({ name: 'nightly_pause', integrationId: before.integration_id, schedule: '0 2 * * *' });

    const moved = { ...spec, destination: 'gcs://acme-audit/moved/' };
    const result = await settle(moved);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/Changing the destination .* to gcs:\/\/acme-audit\/moved\/.*paused/);
    const after = JSON.parse((await read(moved)).stdout);
    expect(after).toEqual({ ...before, destination: 'gcs://acme-audit/moved/' });

    const paused = await admin.getScheduledExport(exported.exportId);
    expect(paused.status).toBe('paused');
    expect(paused.pausedReason).toBe('integration_destination_changed');
  });

  it('points linked exports at the new destination when linkedExportsOnDestinationChange is update', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'moving_update', { linkedExportsOnDestinationChange: 'update' });
    expectExit(await apply(spec), 0);
    const before = JSON.parse((await read(spec)).stdout);
    const exported = await admin.createScheduledExport({ name: 'nightly_update', integrationId: before.integration_id, schedule: '0 2 * * *' });

    const moved = { ...spec, destination: 'gcs://acme-audit/moved-too/' };
    expectExit(await settle(moved), 0);
    const after = JSON.parse((await read(moved)).stdout);
    expect(after.integration_id).toBe(before.integration_id);
    expect(after.gcp_service_account).toBe(before.gcp_service_account);

    const repointed = await admin.getScheduledExport(exported.exportId);
    expect(repointed.status).toBe('active');
    expect(repointed.destination).toBe('gcs://acme-audit/moved-too/');
  });
});

describe('the settings step right after its own create', () => {
  /** The settings step's times: identity created `createdMsAfterPlan` after a plan made a minute ago, as Terraform writes them. */
  function times(createdMsAfterPlan: number): Record<string, string> {
    const planned = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: rfc3339(planned + createdMsAfterPlan), SIGMA_AUDIT_LOGS_PLANNED_AT: rfc3339(planned) };
  }

  it.each([
    ['after the plan', times(4_000)],
    // Terraform's times are whole seconds: a create in the plan's second is this apply's.
    ['in the same second as the plan', times(0)],
    ['after the plan, written with another offset', { ...times(4_000), SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: '2999-01-01T02:00:00+02:00' }],
  ])('exits 0 without reading credentials or calling Sigma when identity was created %s', async (_why, created) => {
    const spec = gcpSpec(SPEC_API_URL, 'just_created');
    if (integrationsNamed(spec.name).length === 0) expectExit(await apply(spec), 0);
    const mark = emulator.requests().length;
    // No credentials at all: building a client would fail on them.
    const result = await settle(spec, { ...created, SIGMA_CLIENT_ID: '', SIGMA_CLIENT_SECRET: '' });
    expectExit(result, 0);
    expect(result.stdout).toBe(
      `Integration 'just_created' (${integrationsNamed(spec.name)[0].integrationId}) was set up with this destination by the create step of this apply; nothing to do.\n`,
    );
    expect(result.stderr).toBe('');
    expect(emulator.requests().length).toBe(mark);
  });

  it.each([
    ['an identity created before this plan (a destination change, a -replace, a rerun)', times(-1_000)],
    ['an identity deployed by an earlier version, which recorded no time', { SIGMA_AUDIT_LOGS_PLANNED_AT: times(0).SIGMA_AUDIT_LOGS_PLANNED_AT }],
    ['an empty time (the lookup of an identity without one)', { ...times(0), SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: '' }],
    ['no plan time', { SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: times(4_000).SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT }],
    ['a time that is not RFC 3339', { ...times(0), SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: '2999' }],
    ['a time without an offset', { ...times(0), SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT: '2999-01-01T00:00:00' }],
  ])('with %s, brings the destination to the declared one as before', async (why, created) => {
    const spec = gcpSpec(SPEC_API_URL, 'settled_later');
    if (integrationsNamed(spec.name).length === 0) expectExit(await apply(spec), 0);
    const [before] = integrationsNamed(spec.name);
    const moved = { ...spec, destination: `gcs://acme-audit/moved-${emulator.requests().length}/` };
    const mark = emulator.requests().length;
    const result = await settle({ ...moved, integrationId: before.integrationId }, created);
    expectExit(result, 0);
    expect(result.stdout).toContain('Changing the destination');
    expect(changingRequests(emulator.requests(), mark)).toEqual([`PATCH /v2/audit-logs/storage-integrations/${before.integrationId}`]);
    expect({ why, destination: integrationsNamed(spec.name)[0].destination }).toEqual({ why, destination: moved.destination });
  });
});

describe('delete', () => {
  it('is idempotent and pauses linked exports by default', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'gone_pause');
    expectExit(await apply(spec), 0);
    const [stored] = integrationsNamed('gone_pause');
    const exported = await admin.createScheduledExport({ name: 'kept_paused', integrationId: stored.integrationId, schedule: '0 3 * * *' });

    const first = await del(spec);
    expectExit(first, 0);
    expect(first.stdout).toMatch(/Deleted integration 'gone_pause'.* were paused \(linkedExportsOnDelete pause, as the spec gives it\)/);
    expect(integrationsNamed('gone_pause')).toHaveLength(0);
    const second = await del(spec);
    expectExit(second, 0);
    expect(second.stdout).toMatch(/nothing to delete/);

    const paused = await admin.getScheduledExport(exported.exportId);
    expect(paused.status).toBe('paused');
    expect(paused.pausedReason).toBe('integration_deleted');
  });

  it('deletes linked exports when linkedExportsOnDelete is delete', async () => {
    const spec = awsSpec(SPEC_API_URL, 'gone_delete', { linkedExportsOnDelete: 'delete' });
    expectExit(await apply(spec), 0);
    const [stored] = integrationsNamed('gone_delete');
    const exported = await admin.createScheduledExport({ name: 'deleted_too', integrationId: stored.integrationId, schedule: '0 3 * * *' });

    expectExit(await del(spec), 0);
    expectExit(await del(spec), 0);
    await expect(admin.getScheduledExport(exported.exportId)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('applies the policy the configuration declares over the one the last deploy stored, and says which', async () => {
    // The spec of the destroy-time step is the state's (pause); the declared policy comes alongside.
    const storedPause = awsSpec(SPEC_API_URL, 'declared_delete', { linkedExportsOnDelete: 'pause' });
    expectExit(await apply(storedPause), 0);
    const [purged] = integrationsNamed('declared_delete');
    const deletedExport = await admin.createScheduledExport({ name: 'declared_gone', integrationId: purged.integrationId, schedule: '0 3 * * *' });
    const deleted = await del(storedPause, { SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE: 'delete' });
    expectExit(deleted, 0);
    expect(deleted.stdout).toContain(
      'were deleted (linkedExportsOnDelete delete, as the configuration being deployed declares it; the last deploy stored pause)',
    );
    await expect(admin.getScheduledExport(deletedExport.exportId)).rejects.toMatchObject({ code: 'not_found' });

    const storedDelete = gcpSpec(SPEC_API_URL, 'declared_pause', { linkedExportsOnDelete: 'delete' });
    expectExit(await apply(storedDelete), 0);
    const [kept] = integrationsNamed('declared_pause');
    const keptExport = await admin.createScheduledExport({ name: 'declared_kept', integrationId: kept.integrationId, schedule: '0 3 * * *' });
    const paused = await del(storedDelete, { SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE: 'pause' });
    expectExit(paused, 0);
    expect(paused.stdout).toContain('were paused (linkedExportsOnDelete pause, as the configuration being deployed declares it; the last deploy stored delete)');
    expect(await admin.getScheduledExport(keptExport.exportId)).toMatchObject({ status: 'paused', pausedReason: 'integration_deleted' });
  });

  it('refuses an invalid declared policy with exit 2, before any call to Sigma', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'declared_bad');
    expectExit(await apply(spec), 0);
    const mark = emulator.requests().length;
    const result = await del(spec, { SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE: 'archive' });
    expectExit(result, 2);
    expect(result.stderr).toContain(
      'Environment variable SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE is "archive": expected pause or delete, for example SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE=pause.',
    );
    expect(emulator.requests().slice(mark)).toEqual([]);
    expect(integrationsNamed('declared_bad')).toHaveLength(1);
  });
});

describe('read reports drift with the repair command', () => {
  let stackDir: string;
  beforeAll(() => {
    stackDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-stack-')));
  });
  afterAll(() => rmSync(stackDir, { recursive: true, force: true }));

  it('exits 3 when the integration is missing', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'never_made');
    const result = await read(spec, {}, stackDir);
    expectExit(result, 3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`npx sigma-audit-logs reconcile ${stackDir}`);
    expect(result.stderr).toContain("'never_made'");
    expect(result.stderr).toContain('terraform apply -replace');
  });

  it('exits 3 when the destination was changed outside Terraform', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'drifted');
    expectExit(await apply(spec), 0);
    const [stored] = integrationsNamed('drifted');
    await admin.updateIntegrationDestination(stored.integrationId, 'gcs://acme-audit/elsewhere/', false);

    const result = await read(spec, {}, stackDir);
    expectExit(result, 3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('gcs://acme-audit/elsewhere/');
    expect(result.stderr).toContain(spec.destination);
    expect(result.stderr).toContain(`npx sigma-audit-logs reconcile ${stackDir}`);

    // The settings' create-time apply (what reconcile's replace runs) converges it back.
    expectExit(await settle(spec), 0);
    expectExit(await read(spec, {}, stackDir), 0);
  });
});

describe('credentials reads id and credentials whatever the destination', () => {
  it('prints the same result as read, and still does while the destination differs (a planned change), without changing it', async () => {
    const spec = awsSpec(SPEC_API_URL, 'creds_planned_change');
    expectExit(await apply(spec), 0);
    const viaRead = await read(spec);
    expectExit(viaRead, 0);
    const viaCredentials = await credentials(spec);
    expectExit(viaCredentials, 0);
    expect(JSON.parse(viaCredentials.stdout)).toEqual(JSON.parse(viaRead.stdout));

    // Declared elsewhere, not applied yet: read (after settings) would fail; credentials (after identity) reads on.
    const moved = { ...spec, destination: 's3://acme-audit/moved/' };
    expectExit(await read(moved), 3);
    const planned = await credentials(moved);
    expectExit(planned, 0);
    expect(JSON.parse(planned.stdout)).toEqual(JSON.parse(viaRead.stdout));
    expect(integrationsNamed('creds_planned_change')[0].destination).toBe(`${spec.destination}/`);
  });

  it('exits 3 naming the repair command when the integration is missing', async () => {
    const stackDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'sigma-stack-')));
    try {
      const result = await credentials(gcpSpec(SPEC_API_URL, 'creds_never_made'), {}, stackDir);
      expectExit(result, 3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`npx sigma-audit-logs reconcile ${stackDir}`);
    } finally {
      rmSync(stackDir, { recursive: true, force: true });
    }
  });
});

describe('who may run it', () => {
  it('stops a non-Admin with exit 4 before any change', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'viewer_try');
    expectExit(await apply(spec), 0);
    const mark = emulator.requests().length;

    const applied = await settle({ ...spec, destination: 'gcs://acme-audit/viewer/' }, VIEWER);
    expectExit(applied, 4);
    expect(applied.stderr).toMatch(/account type is `Viewer`/);
    expectExit(await del(spec, VIEWER), 4);
    expectExit(await apply(gcpSpec(SPEC_API_URL, 'viewer_new'), VIEWER), 4);
    expect(changingRequests(emulator.requests(), mark)).toEqual([]);
    expect(integrationsNamed('viewer_try')[0].destination).toBe(spec.destination);
  });

  it('exits 4 naming the variable when the credentials are not in the environment', async () => {
    const result = await apply(gcpSpec(SPEC_API_URL, 'no_secret'), { SIGMA_CLIENT_SECRET: '' });
    expectExit(result, 4);
    expect(result.stderr).toMatch(/SIGMA_CLIENT_SECRET is not set/);
    expect(result.stderr).not.toMatch(/SIGMA_CLIENT_ID is not set|SIGMA_CLIENT_ID and/);
  });

  it('exits 4 when Sigma refuses the credentials', async () => {
    const result = await apply(gcpSpec(SPEC_API_URL, 'bad_secret'), { SIGMA_CLIENT_SECRET: 'not-the-secret-9Fj' });
    expectExit(result, 4);
    expect(result.stderr).toMatch(/refused the API credentials of client id `admin`/);
    expect(result.stderr + result.stdout).not.toContain('not-the-secret-9Fj');
  });
});

describe('credentials from the variables the spec names', () => {
  // The default variables hold a Viewer's pair: an operation that succeeds read the named Admin pair.
  // SIGMA_API_URL (the proxy) does not reach integrations with their own variables: theirs names it.
  const NAMED = { SIGMA_STAGING_CLIENT_ID: 'admin', SIGMA_STAGING_CLIENT_SECRET: ADMIN_SECRET, ...VIEWER };
  const named = { clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET', apiUrlVariable: 'SIGMA_STAGING_API_URL' };
  const viaOwnUrl = (extra: Record<string, string>) => ({ ...extra, SIGMA_STAGING_API_URL: proxy.url });

  it("SIGMA_API_URL never sends an organization's credentials elsewhere than its own URL, and says so", async () => {
    // The global override points at the proxy; this integration names its variables but no URL variable.
    const spec = gcpSpec('http://127.0.0.1:9', 'named_no_url', { clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' });
    const mark = emulator.requests().length;
    const result = await apply(spec, NAMED);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(
      "Warning: SIGMA_API_URL is not applied to integration 'named_no_url', whose credentials are read from SIGMA_STAGING_CLIENT_ID / SIGMA_STAGING_CLIENT_SECRET",
    );
    expect(result.stdout).toContain("SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET', 'SIGMA_STAGING_API_URL')");
    expect(emulator.requests().slice(mark)).toEqual([]);
    // Its own URL variable, when named and set, is applied.
    expectExit(await apply({ ...spec, apiUrlVariable: 'SIGMA_STAGING_API_URL' }, viaOwnUrl(NAMED)), 0);
  });

  it('apply, read, credentials and delete read the client id and secret from the named variables', async () => {
    const spec = awsSpec(SPEC_API_URL, 'named_vars', named);
    const applied = await apply(spec, viaOwnUrl(NAMED));
    expectExit(applied, 0);
    expect(integrationsNamed('named_vars')).toHaveLength(1);
    const result = await read(spec, viaOwnUrl(NAMED));
    expectExit(result, 0);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'named_vars', status: 'ready' });
    const viaCredentials = await credentials(spec, viaOwnUrl(NAMED));
    expectExit(viaCredentials, 0);
    expect(JSON.parse(viaCredentials.stdout)).toEqual(JSON.parse(result.stdout));
    expectExit(await del(spec, viaOwnUrl(NAMED)), 0);
    expect(integrationsNamed('named_vars')).toHaveLength(0);
  });

  it('a missing or empty named variable exits 4 naming the variable and the integration, before any request', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'named_missing', named);
    const mark = emulator.requests().length;
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...VIEWER, SIGMA_STAGING_CLIENT_ID: 'admin' }, 'SIGMA_STAGING_CLIENT_SECRET is not set'],
      [{ ...VIEWER, SIGMA_STAGING_CLIENT_ID: '', SIGMA_STAGING_CLIENT_SECRET: ADMIN_SECRET }, 'SIGMA_STAGING_CLIENT_ID is not set'],
    ];
    for (const [environment, missing] of cases) {
      for (const run of [apply(spec, environment), read(spec, environment), credentials(spec, environment), del(spec, environment)]) {
        const result = await run;
        expectExit(result, 4);
        expect(result.stderr).toContain(`Error (credentials_missing): ${missing} (or empty) for Sigma integration 'named_missing'`);
        expect(result.stderr).toContain('`export SIGMA_STAGING_CLIENT_ID=<client id>` and `export SIGMA_STAGING_CLIENT_SECRET=<client secret>`');
        // The default pair is set (a Viewer's), but is not what this integration reads, and no value is shown.
        expect(result.stderr).not.toMatch(/SIGMA_CLIENT_ID|SIGMA_CLIENT_SECRET|viewer|secret-/);
      }
    }
    expect(emulator.requests().slice(mark)).toEqual([]);
    expect(integrationsNamed('named_missing')).toHaveLength(0);
  });

  it('refused credentials exit 4 naming the variables read and the integration, never the secret', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'named_refused', named);
    const result = await apply(spec, viaOwnUrl({ ...NAMED, SIGMA_STAGING_CLIENT_SECRET: 'staging-wrong-5Tq1' }));
    expectExit(result, 4);
    expect(result.stderr).toContain('refused the API credentials of client id `admin`');
    expect(result.stderr).toContain('read from the environment variables SIGMA_STAGING_CLIENT_ID and SIGMA_STAGING_CLIENT_SECRET');
    expect(result.stderr).toContain("(Sigma integration 'named_refused')");
    expect(result.stderr).not.toMatch(/SIGMA_CLIENT_ID|SIGMA_CLIENT_SECRET|staging-wrong-5Tq1/);
    expect(integrationsNamed('named_refused')).toHaveLength(0);
  });

  it('a non-Admin behind the named variables is named by them', async () => {
    const result = await apply(
      gcpSpec(SPEC_API_URL, 'named_viewer', named),
      viaOwnUrl({ ...ADMIN, SIGMA_STAGING_CLIENT_ID: 'viewer', SIGMA_STAGING_CLIENT_SECRET: VIEWER_SECRET }),
    );
    expectExit(result, 4);
    expect(result.stderr).toContain('(SIGMA_STAGING_CLIENT_ID / SIGMA_STAGING_CLIENT_SECRET)');
    expect(integrationsNamed('named_viewer')).toHaveLength(0);
  });
});

describe('provisioning', () => {
  afterEach(() => emulator.configure({ provisioningDelayMs: PROVISIONING_DELAY_MS, failProvisioning: [] }));

  it('gives up after credentialsTimeoutSeconds with exit 1, and a later rerun succeeds', async () => {
    emulator.configure({ provisioningDelayMs: 3000 });
    const spec = gcpSpec(SPEC_API_URL, 'slow_one', { credentialsTimeoutSeconds: 1 });
    const started = Date.now();
    const first = await apply(spec);
    expectExit(first, 1);
    expect(first.stderr).toMatch(/'slow_one' .* is still pending after 1 s \(credentialsTimeoutSeconds is 1\)/);
    expect(first.stderr).toMatch(/run the deploy again later/);

    await sleep(Math.max(0, 3000 - (Date.now() - started)));
    // Terraform replaces the tainted identity: its create step runs again, under the claim of the first deploy.
    const later = await apply(spec, { SIGMA_AUDIT_LOGS_CLAIMED_AT: new Date(started - 1000).toISOString(), SIGMA_AUDIT_LOGS_PLANNED_AT: new Date().toISOString() });
    expectExit(later, 0);
    expect(integrationsNamed('slow_one')).toHaveLength(1);
    expect(integrationsNamed('slow_one')[0].status).toBe('ready');
  });

  it('exits 1 with Sigma\'s status message when provisioning fails', async () => {
    emulator.configure({ failProvisioning: ['doomed'] });
    const result = await apply(gcpSpec(SPEC_API_URL, 'doomed'));
    expectExit(result, 1);
    const [stored] = integrationsNamed('doomed');
    expect(stored.status).toBe('failed');
    expect(result.stderr).toContain(`Sigma could not provision integration 'doomed'`);
    expect(result.stderr).toContain(stored.statusMessage as string);
  });
});

describe('a name held by another integration', () => {
  it('apply refuses a name held by another cloud, and delete leaves an owned id alone once it is not what was recorded', async () => {
    expectExit(await apply(gcpSpec(SPEC_API_URL, 'shared_name')), 0);
    const [gcp] = integrationsNamed('shared_name');
    const aws = awsSpec(SPEC_API_URL, 'Shared_Name');
    const mark = emulator.requests().length;

    const applied = await apply(aws);
    expectExit(applied, 1);
    expect(applied.stderr).toContain(`Sigma already has an integration named 'shared_name' (${gcp.integrationId}`);

    const deleted = await del({ ...aws, integrationId: gcp.integrationId });
    expectExit(deleted, 0);
    expect(deleted.stdout).toContain(`Warning: Integration ${gcp.integrationId} is now 'shared_name' (gcp), not 'Shared_Name' (aws) as this stack recorded it: it is left alone.`);
    const renamed = await del({ ...gcpSpec(SPEC_API_URL, 'other_name'), integrationId: gcp.integrationId });
    expect(renamed.stdout).toContain('left alone');
    expect(changingRequests(emulator.requests(), mark)).toEqual([]);
    expect(integrationsNamed('shared_name')).toHaveLength(1);
  });

  it('delete removes the owned id only, never another integration that holds the name now', async () => {
    const spec = gcpSpec(SPEC_API_URL, 'recreated_elsewhere');
    expectExit(await apply(spec), 0);
    const [ours] = integrationsNamed('recreated_elsewhere');
    await admin.deleteIntegration(ours.integrationId, false);
    const theirs = await admin.createIntegration({ name: spec.name, cloud: 'gcp', destination: spec.destination });
    const deleted = await del({ ...spec, integrationId: ours.integrationId });
    expectExit(deleted, 0);
    expect(deleted.stdout).toContain(`Sigma has no integration ${ours.integrationId} ('recreated_elsewhere'): nothing to delete.`);
    expect(integrationsNamed('recreated_elsewhere').map((i) => i.integrationId)).toEqual([theirs.integrationId]);
    const read = await credentials({ ...spec, integrationId: ours.integrationId });
    expectExit(read, 3);
    expect(read.stderr).toContain(`The name is now held by integration ${theirs.integrationId}, which this stack does not own`);
  });

  it('apply exits 3 when the live role ARN is not the declared one', async () => {
    const spec = awsSpec(SPEC_API_URL, 'role_swap');
    expectExit(await apply(spec), 0);
    const result = await settle({ ...spec, roleArn: 'arn:aws:iam::123456789012:role/other-role' });
    expectExit(result, 3);
    expect(result.stderr).toContain(spec.roleArn as string);
    expect(result.stderr).toContain('arn:aws:iam::123456789012:role/other-role');
  });
});

describe('invalid spec', () => {
  it('exits 2 naming the key, before any call to Sigma', async () => {
    const mark = emulator.requests().length;
    const spec = gcpSpec(SPEC_API_URL, 'bad_spec');

    const notJson = await runHandler(bundle, ['apply'], { env: env({ SIGMA_AUDIT_LOGS_SPEC: '{"name": ' }) });
    expectExit(notJson, 2);
    expect(notJson.stderr).toMatch(/SIGMA_AUDIT_LOGS_SPEC.*not JSON/);

    const { cloud: _cloud, ...withoutCloud } = spec;
    const noCloud = await apply(withoutCloud);
    expectExit(noCloud, 2);
    expect(noCloud.stderr).toMatch(/cloud is missing: expected one of aws, azure, gcp/);

    const badDestination = await apply({ ...spec, destination: 's3://acme-audit/logs/' });
    expectExit(badDestination, 2);
    expect(badDestination.stderr).toMatch(/destination "s3:\/\/acme-audit\/logs\/" is invalid/);

    const noRole = await apply(awsSpec(SPEC_API_URL, 'bad_spec', { roleArn: '' }));
    expectExit(noRole, 2);
    expect(noRole.stderr).toMatch(/roleArn is missing \(required for an aws integration\).*Example: arn:aws:iam::/);

    const badTenant = await apply(azureSpec(SPEC_API_URL, 'bad_spec', { tenantId: 'not-a-guid' }));
    expectExit(badTenant, 2);
    expect(badTenant.stderr).toMatch(/tenantId "not-a-guid" is invalid: expected a GUID/);

    const badTimeout = await read({ ...spec, credentialsTimeoutSeconds: 0 });
    expectExit(badTimeout, 2);
    expect(badTimeout.stdout).toBe('');
    expect(badTimeout.stderr).toMatch(/query on stdin: credentialsTimeoutSeconds "0" is invalid/);

    const badName = await del({ ...spec, name: '9lives' });
    expectExit(badName, 2);
    expect(badName.stderr).toMatch(/name "9lives" is invalid.*Example: audit_logs_prod/);

    expect(emulator.requests().slice(mark)).toEqual([]);
  });
});

describe('API URL', () => {
  it('a SIGMA_API_URL that does not parse is refused with exit 2, its user name and password never printed', async () => {
    const mark = emulator.requests().length;
    const spec = gcpSpec(SPEC_API_URL, 'url_with_password');
    const override = { SIGMA_API_URL: 'https://deployer:hunter2-Xq7@sigma gateway.example.com' };
    for (const run of [apply(spec, override), read(spec, override), del(spec, override)]) {
      const result = await run;
      expectExit(result, 2);
      expect(result.stderr).toContain('Sigma API base URL `https://***@sigma gateway.example.com` is not a URL');
      expect(result.stdout + result.stderr).not.toMatch(/hunter2|deployer/);
    }
    expect(emulator.requests().slice(mark)).toEqual([]);
  });

  it('a spec apiUrl with a user name and password is refused with exit 2 and shown masked', async () => {
    const result = await apply(gcpSpec('https://deployer:hunter2-Xq7@aws-api.sigmacomputing.com', 'url_with_password'));
    expectExit(result, 2);
    expect(result.stderr).toContain('apiUrl "https://***@aws-api.sigmacomputing.com" is invalid');
    expect(result.stdout + result.stderr).not.toMatch(/hunter2|deployer/);
  });
});

describe('secrets', () => {
  it('never prints the client secret or a token', () => {
    // Runs last: checks the output of every handler run of this file.
    expect(proxy.tokens.size).toBeGreaterThan(0);
    const all = capturedOutput.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [ADMIN_SECRET, VIEWER_SECRET, ...proxy.tokens]) {
      expect(all).not.toContain(secret);
    }
  });
});
