import {
  awsCredentialsSchema,
  azureCredentialsSchema,
  errorCodes,
  gcpCredentialsSchema,
  integrationPageSchema,
  integrationSchema,
  paths,
  scheduledExportSchema,
} from '../../src/client/contract';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { AWS_ROLE, TENANT, accessToken, awsBody, azureBody, call, eventually, expectError, gcpBody, sleep } from './helpers';

const DELAY_MS = 40;

describe('emulator storage integrations', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 11, provisioningDelayMs: DELAY_MS });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const create = (json: unknown) => call(emulator.url, 'POST', paths.integrations, { token, json });
  const get = (id: string) => call(emulator.url, 'GET', paths.integration(id), { token });
  const patch = (id: string, json: unknown) => call(emulator.url, 'PATCH', paths.integration(id), { token, json });
  const remove = (id: string, query = '') => call(emulator.url, 'DELETE', `${paths.integration(id)}${query}`, { token });
  const createExport = (integrationId: string, name = 'nightly') =>
    call(emulator.url, 'POST', paths.scheduledExports, { token, json: { name, integrationId, schedule: '0 2 * * *' } });
  const ready = (id: string) =>
    eventually(async () => {
      const reply = await get(id);
      return reply.body.status === 'pending' ? undefined : integrationSchema.parse(reply.body);
    });

  describe('validation per cloud', () => {
    test.each([
      ['a name that starts with a digit', awsBody('1logs'), 'name'],
      ['a name with a dot', awsBody('audit.logs'), 'name'],
      ['a name of 64 characters', awsBody(`a${'b'.repeat(63)}`), 'name'],
      ['a missing name', { cloud: 'gcp', destination: 'gcs://b-1/x/' }, 'name'],
      ['an unknown cloud', { name: 'x', cloud: 'oracle', destination: 's3://bucket/x/' }, 'cloud'],
      ['aws without roleArn', { name: 'x', cloud: 'aws', destination: 's3://my-bucket/x/' }, 'roleArn'],
      ['aws with a user ARN', { ...awsBody('x'), roleArn: 'arn:aws:iam::123456789012:user/bob' }, 'roleArn'],
      ['aws with an 11-digit account', { ...awsBody('x'), roleArn: 'arn:aws:iam::12345678901:role/r' }, 'roleArn'],
      ['aws with a gcs:// destination', awsBody('x', 'gcs://my-bucket/x/'), 'destination'],
      ['aws with an invalid bucket', awsBody('x', 's3://My_Bucket/x/'), 'destination'],
      ['aws with a tenantId', { ...awsBody('x'), tenantId: TENANT }, 'tenantId'],
      ['azure without tenantId', { name: 'x', cloud: 'azure', destination: 'azure://acct1.blob.core.windows.net/c01/' }, 'tenantId'],
      ['azure with a tenantId that is not a GUID', { ...azureBody('x'), tenantId: 'contoso.onmicrosoft.com' }, 'tenantId'],
      ['azure with a roleArn', { ...azureBody('x'), roleArn: AWS_ROLE }, 'roleArn'],
      ['azure with an s3:// destination', azureBody('x', 's3://my-bucket/x/'), 'destination'],
      ['gcp with a roleArn', { ...gcpBody('x'), roleArn: AWS_ROLE }, 'roleArn'],
      ['gcp with a tenantId', { ...gcpBody('x'), tenantId: TENANT }, 'tenantId'],
      ['gcp with a destination that names a file', gcpBody('x', 'gcs://my-bucket/logs/audit.csv'), 'destination'],
      ['a destination that is not a string', { ...gcpBody('x'), destination: 42 }, 'destination'],
    ])('%s gets 400 invalid_request naming the field', async (_label, body, field) => {
      const reply = await create(body);
      expectError(reply, 400, errorCodes.invalidRequest, field);
      expect(emulator.state().integrations).toHaveLength(0);
    });

    test('a 400 message names the value given, what is expected and an example', async () => {
      const reply = await create({ ...awsBody('x'), roleArn: 'arn:aws:iam::1234:role/r' });
      expect(reply.body.message).toContain('"arn:aws:iam::1234:role/r"');
      expect(reply.body.message).toMatch(/Example: arn:aws:iam::\d{12}:role\//);
    });

    test('an https:// Azure destination is refused with the hint to use azure://', async () => {
      const reply = await create(azureBody('x', 'https://myaccount.blob.core.windows.net/audit-logs/sigma'));
      expectError(reply, 400, errorCodes.invalidRequest, 'destination');
      expect(reply.body.message).toContain('azure://myaccount.blob.core.windows.net/audit-logs/sigma/');
    });

    test('role ARNs of other partitions and with a path are accepted', async () => {
      expect((await create({ ...awsBody('cn'), roleArn: 'arn:aws-cn:iam::123456789012:role/team/sigma/reader' })).status).toBe(202);
      expect((await create({ ...awsBody('gov'), roleArn: 'arn:aws-us-gov:iam::123456789012:role/r' })).status).toBe(202);
    });

    test('a body that is not a JSON object gets 400 with field body', async () => {
      expectError(await call(emulator.url, 'POST', paths.integrations, { token, raw: { body: '{nope', contentType: 'application/json' } }), 400, errorCodes.invalidRequest, 'body');
      expectError(await create([awsBody('x')]), 400, errorCodes.invalidRequest, 'body');
    });

    test('destinations are stored normalised, with a trailing "/"', async () => {
      const aws = await create(awsBody('a', 's3://my-audit-logs/sigma'));
      const azure = await create(azureBody('z', 'azure://myaccount.blob.core.windows.net/audit-logs'));
      const gcp = await create(gcpBody('g', 'gcs://my-audit-logs/sigma/audit/'));
      expect([aws.body.destination, azure.body.destination, gcp.body.destination]).toEqual([
        's3://my-audit-logs/sigma/',
        'azure://myaccount.blob.core.windows.net/audit-logs/',
        'gcs://my-audit-logs/sigma/audit/',
      ]);
      expect((await get(aws.body.integrationId)).body.destination).toBe('s3://my-audit-logs/sigma/');
    });
  });

  test('name unique per organization, compared case-insensitively: a taken name gets 409 conflict', async () => {
    expect((await create(awsBody('Audit_Logs'))).status).toBe(202);
    const again = await create(gcpBody('audit_LOGS'));
    expectError(again, 409, errorCodes.conflict);
    expect(again.body.message).toContain('Audit_Logs');
    // Another member of the same organization is refused too.
    await call(emulator.url, 'POST', paths.integrations, { token, json: awsBody('other') });
    expect(emulator.state().integrations.map((i) => i.name)).toEqual(['Audit_Logs', 'other']);
  });

  test('a deleted integration frees its name', async () => {
    const first = await create(awsBody('reused'));
    expect((await remove(first.body.integrationId)).status).toBe(204);
    expect((await create(awsBody('reused'))).status).toBe(202);
  });

  describe('provisioning', () => {
    test('POST answers 202 pending with credentials null; after the provisioning delay it is ready with aws credentials', async () => {
      const reply = await create(awsBody('prov_aws'));
      expect(reply.status).toBe(202);
      const pending = integrationSchema.parse(reply.body);
      expect(pending).toMatchObject({ status: 'pending', credentials: null, cloud: 'aws', roleArn: AWS_ROLE });
      expect(pending.tenantId).toBeUndefined();
      expect((await get(pending.integrationId)).body.status).toBe('pending');
      const done = await ready(pending.integrationId);
      expect(done.status).toBe('ready');
      const credentials = awsCredentialsSchema.parse(done.credentials);
      expect(credentials.iamUserArn).toMatch(/^arn:aws:iam::\d{12}:user\/[a-z0-9-]+$/);
      expect(credentials.externalId).toMatch(/^[A-Z]{2}\d{5}_SFCRole=\d_[A-Za-z0-9+/]{27}=$/);
    });

    test('the IAM user of an aws integration is in the partition of its role', async () => {
      const reply = await create({ ...awsBody('cn'), roleArn: 'arn:aws-cn:iam::123456789012:role/r' });
      const done = await ready(reply.body.integrationId);
      expect(awsCredentialsSchema.parse(done.credentials).iamUserArn).toMatch(/^arn:aws-cn:iam::\d{12}:user\//);
    });

    test('azure credentials: a consent URL for the tenant and a multi-tenant app name', async () => {
      const reply = await create(azureBody('prov_azure'));
      expect(reply.body).toMatchObject({ tenantId: TENANT, status: 'pending', credentials: null });
      const credentials = azureCredentialsSchema.parse((await ready(reply.body.integrationId)).credentials);
      expect(credentials.consentUrl).toMatch(
        new RegExp(`^https://login\\.microsoftonline\\.com/${TENANT}/oauth2/authorize\\?client_id=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}&response_type=code$`),
      );
      expect(credentials.multiTenantAppName).toMatch(/^[a-z]+_\d{13}$/);
    });

    test('gcp credentials: a service account e-mail', async () => {
      const reply = await create(gcpBody('prov_gcp'));
      const credentials = gcpCredentialsSchema.parse((await ready(reply.body.integrationId)).credentials);
      expect(credentials.serviceAccount).toMatch(/^[a-z][a-z0-9-]{5,29}@[a-z][a-z0-9-]+\.iam\.gserviceaccount\.com$/);
    });

    test('names in failProvisioning (case-insensitively) end failed with a statusMessage and no credentials', async () => {
      emulator.configure({ failProvisioning: ['Broken'] });
      const reply = await create(gcpBody('BROKEN'));
      const done = await ready(reply.body.integrationId);
      expect(done).toMatchObject({ status: 'failed', credentials: null });
      expect(done.statusMessage).toEqual(expect.any(String));
      const ok = await create(gcpBody('fine'));
      expect((await ready(ok.body.integrationId)).status).toBe('ready');
    });

    test('the provisioning delay is configurable at run time', async () => {
      emulator.configure({ provisioningDelayMs: 0 });
      const reply = await create(gcpBody('instant'));
      expect(reply.body.status).toBe('pending');
      await sleep(5);
      expect((await get(reply.body.integrationId)).body.status).toBe('ready');
    });

    test('credentials never change, and a destination update keeps them', async () => {
      const reply = await create(awsBody('stable'));
      const before = await ready(reply.body.integrationId);
      const again = integrationSchema.parse((await get(before.integrationId)).body);
      expect(again.credentials).toEqual(before.credentials);
      const patched = await patch(before.integrationId, { destination: 's3://my-audit-logs/moved/' });
      expect(patched.status).toBe(200);
      expect(patched.body.credentials).toEqual(before.credentials);
      expect(patched.body.integrationId).toBe(before.integrationId);
    });

    test('the same seed gives the same ids and credentials', async () => {
      const other = await startEmulator({ seed: 11, provisioningDelayMs: 0 });
      try {
        const otherToken = await accessToken(other);
        const a = await create(awsBody('same'));
        const b = await call(other.url, 'POST', paths.integrations, { token: otherToken, json: awsBody('same') });
        expect(b.body.integrationId).toBe(a.body.integrationId);
        const aReady = await ready(a.body.integrationId);
        const bReady = (await call(other.url, 'GET', paths.integration(b.body.integrationId), { token: otherToken })).body;
        expect(bReady.credentials).toEqual(aReady.credentials);
      } finally {
        await other.close();
      }
    });
  });

  describe('list with pagination', () => {
    beforeEach(async () => {
      for (let i = 0; i < 5; i++) await create(gcpBody(`item${i}`));
    });

    test('pages of limit entries, in creation order, with nextPage null on the last page and the total', async () => {
      const names: string[] = [];
      let page: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=2${page ? `&page=${encodeURIComponent(page)}` : ''}`;
        const reply = await call(emulator.url, 'GET', `${paths.integrations}${query}`, { token });
        expect(reply.status).toBe(200);
        const parsed = integrationPageSchema.parse(reply.body);
        expect(parsed.total).toBe(5);
        expect(parsed.entries.length).toBeLessThanOrEqual(2);
        names.push(...parsed.entries.map((e) => e.name));
        page = parsed.nextPage;
        pages++;
      } while (page !== null && pages < 10);
      expect(pages).toBe(3);
      expect(names).toEqual(['item0', 'item1', 'item2', 'item3', 'item4']);
    });

    test('without limit, every entry fits one page', async () => {
      const reply = await call(emulator.url, 'GET', paths.integrations, { token });
      expect(reply.body.entries).toHaveLength(5);
      expect(reply.body.nextPage).toBeNull();
    });

    test('an entry deleted between two pages does not shift the next page', async () => {
      const first = await call(emulator.url, 'GET', `${paths.integrations}?limit=2`, { token });
      await remove(first.body.entries[1].integrationId);
      const second = await call(emulator.url, 'GET', `${paths.integrations}?limit=2&page=${first.body.nextPage}`, { token });
      expect(second.body.entries.map((e: { name: string }) => e.name)).toEqual(['item2', 'item3']);
      expect(second.body.total).toBe(4);
    });

    test.each(['0', '101', '-1', '2.5', 'ten', ''])('limit %j gets 400 with field limit', async (limit) => {
      expectError(await call(emulator.url, 'GET', `${paths.integrations}?limit=${limit}`, { token }), 400, errorCodes.invalidRequest, 'limit');
    });

    test('limit 1 and 100 are accepted', async () => {
      expect((await call(emulator.url, 'GET', `${paths.integrations}?limit=1`, { token })).body.entries).toHaveLength(1);
      expect((await call(emulator.url, 'GET', `${paths.integrations}?limit=100`, { token })).body.entries).toHaveLength(5);
    });

    test.each(['garbage', 'cDE6', 'eyJ4IjoxfQ', '%00'])('an invalid page token %j gets 400 with field page', async (page) => {
      expectError(await call(emulator.url, 'GET', `${paths.integrations}?page=${page}`, { token }), 400, errorCodes.invalidRequest, 'page');
    });
  });

  test('GET one: 200 with the object, 404 not_found for an unknown id', async () => {
    const created = await create(gcpBody('one'));
    const reply = await get(created.body.integrationId);
    expect(reply.status).toBe(200);
    expect(integrationSchema.parse(reply.body).name).toBe('one');
    expectError(await get('00000000-0000-4000-8000-000000000000'), 404, errorCodes.notFound);
  });

  describe('PATCH', () => {
    test('changes the destination within the same cloud, normalised', async () => {
      const created = await create(azureBody('az'));
      const reply = await patch(created.body.integrationId, { destination: 'azure://myaccount.blob.core.windows.net/other/logs' });
      expect(reply.status).toBe(200);
      expect(integrationSchema.parse(reply.body).destination).toBe('azure://myaccount.blob.core.windows.net/other/logs/');
      expect((await get(created.body.integrationId)).body.destination).toBe('azure://myaccount.blob.core.windows.net/other/logs/');
    });

    test("a destination of another cloud's scheme gets 409 cloud_change_requires_replacement", async () => {
      const created = await create(awsBody('aws_one'));
      for (const destination of ['gcs://my-audit-logs/sigma/', 'azure://myaccount.blob.core.windows.net/audit-logs/', 'GCS://my-audit-logs/x/']) {
        const reply = await patch(created.body.integrationId, { destination });
        expectError(reply, 409, errorCodes.cloudChangeRequiresReplacement);
        expect(reply.body.message).toMatch(/delete/i);
      }
      expect((await get(created.body.integrationId)).body.destination).toBe('s3://my-audit-logs/sigma/');
    });

    test('an invalid destination or updateLinkedExports gets 400 with the field', async () => {
      const created = await create(azureBody('az'));
      const https = await patch(created.body.integrationId, { destination: 'https://myaccount.blob.core.windows.net/audit-logs/' });
      expectError(https, 400, errorCodes.invalidRequest, 'destination');
      expect(https.body.message).toContain('azure://');
      expectError(await patch(created.body.integrationId, {}), 400, errorCodes.invalidRequest, 'destination');
      expectError(
        await patch(created.body.integrationId, { destination: 'azure://myaccount.blob.core.windows.net/audit-logs/x/', updateLinkedExports: 'yes' }),
        400,
        errorCodes.invalidRequest,
        'updateLinkedExports',
      );
    });

    test('linked scheduled exports are paused with integration_destination_changed by default', async () => {
      const created = await create(awsBody('linked'));
      const id = created.body.integrationId;
      const exp = (await createExport(id)).body;
      await patch(id, { destination: 's3://my-audit-logs/new/' });
      const after = scheduledExportSchema.parse((await call(emulator.url, 'GET', paths.scheduledExport(exp.exportId), { token })).body);
      expect(after).toMatchObject({ status: 'paused', pausedReason: 'integration_destination_changed', destination: 's3://my-audit-logs/sigma/' });
    });

    test('with updateLinkedExports true, each linked export keeps its status and gets the new destination', async () => {
      const created = await create(awsBody('linked'));
      const id = created.body.integrationId;
      await createExport(id, 'a');
      await createExport(id, 'b');
      const reply = await patch(id, { destination: 's3://my-audit-logs/new', updateLinkedExports: true });
      expect(reply.status).toBe(200);
      const linked = (await call(emulator.url, 'GET', paths.linkedExports(id), { token })).body.entries;
      expect(linked).toHaveLength(2);
      for (const exp of linked) expect(exp).toMatchObject({ status: 'active', pausedReason: null, destination: 's3://my-audit-logs/new/' });
    });

    test('an export already paused by a destination change stays paused when a later change updates linked exports', async () => {
      const id = (await create(awsBody('linked'))).body.integrationId;
      const exp = (await createExport(id)).body;
      await patch(id, { destination: 's3://my-audit-logs/one/' });
      await patch(id, { destination: 's3://my-audit-logs/two/', updateLinkedExports: true });
      const after = (await call(emulator.url, 'GET', paths.scheduledExport(exp.exportId), { token })).body;
      expect(after).toMatchObject({ status: 'paused', pausedReason: 'integration_destination_changed', destination: 's3://my-audit-logs/two/' });
    });

    test('allowed while pending', async () => {
      emulator.configure({ provisioningDelayMs: 60_000 });
      const created = await create(gcpBody('slow'));
      const reply = await patch(created.body.integrationId, { destination: 'gcs://my-audit-logs/elsewhere' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ status: 'pending', destination: 'gcs://my-audit-logs/elsewhere/' });
    });

    test('the same destination (in another spelling) changes nothing and pauses no export', async () => {
      const id = (await create(awsBody('same'))).body.integrationId;
      const exp = (await createExport(id)).body;
      const reply = await patch(id, { destination: 's3://my-audit-logs/sigma' });
      expect(reply.status).toBe(200);
      expect((await call(emulator.url, 'GET', paths.scheduledExport(exp.exportId), { token })).body.status).toBe('active');
      expect(emulator.outbox().filter((e) => e.kind === 'destination_updated')).toHaveLength(0);
    });

    test('PATCH of an unknown integration gets 404', async () => {
      expectError(await patch('nope', { destination: 's3://my-audit-logs/x/' }), 404, errorCodes.notFound);
    });
  });

  describe('DELETE', () => {
    test('answers 204; then GET gets 404 and the list no longer has it', async () => {
      const id = (await create(gcpBody('gone'))).body.integrationId;
      const reply = await remove(id);
      expect(reply.status).toBe(204);
      expect(reply.body).toBeUndefined();
      expectError(await get(id), 404, errorCodes.notFound);
      expect((await call(emulator.url, 'GET', paths.integrations, { token })).body.total).toBe(0);
      expectError(await remove(id), 404, errorCodes.notFound);
    });

    test('linked exports are paused with integration_deleted by default (and with deleteLinkedExports=false)', async () => {
      for (const query of ['', '?deleteLinkedExports=false']) {
        const id = (await create(gcpBody(`keep${query.length}`))).body.integrationId;
        const exp = (await createExport(id)).body;
        expect((await remove(id, query)).status).toBe(204);
        const after = (await call(emulator.url, 'GET', paths.scheduledExport(exp.exportId), { token })).body;
        expect(after).toMatchObject({ status: 'paused', pausedReason: 'integration_deleted', integrationId: id });
      }
    });

    test('with deleteLinkedExports=true, linked exports are deleted', async () => {
      const id = (await create(gcpBody('drop'))).body.integrationId;
      const exp = (await createExport(id)).body;
      const otherId = (await create(gcpBody('other'))).body.integrationId;
      const otherExp = (await createExport(otherId)).body;
      expect((await remove(id, '?deleteLinkedExports=true')).status).toBe(204);
      expectError(await call(emulator.url, 'GET', paths.scheduledExport(exp.exportId), { token }), 404, errorCodes.notFound);
      expect((await call(emulator.url, 'GET', paths.scheduledExport(otherExp.exportId), { token })).body.status).toBe('active');
    });

    test('deleteLinkedExports other than true or false gets 400 with that field, and deletes nothing', async () => {
      const id = (await create(gcpBody('kept'))).body.integrationId;
      expectError(await remove(id, '?deleteLinkedExports=yes'), 400, errorCodes.invalidRequest, 'deleteLinkedExports');
      expect((await get(id)).status).toBe(200);
    });

    test('allowed while pending', async () => {
      emulator.configure({ provisioningDelayMs: 60_000 });
      const id = (await create(gcpBody('pending_gone'))).body.integrationId;
      expect((await remove(id)).status).toBe(204);
      expectError(await get(id), 404, errorCodes.notFound);
    });
  });

  test('linked-exports lists the exports of one integration as {entries}; 404 for an unknown integration', async () => {
    const a = (await create(gcpBody('a'))).body.integrationId;
    const b = (await create(gcpBody('b'))).body.integrationId;
    await createExport(a, 'a1');
    await createExport(b, 'b1');
    await createExport(a, 'a2');
    const reply = await call(emulator.url, 'GET', paths.linkedExports(a), { token });
    expect(reply.status).toBe(200);
    expect(reply.body.entries.map((e: { name: string }) => e.name)).toEqual(['a1', 'a2']);
    expectError(await call(emulator.url, 'GET', paths.linkedExports('nope'), { token }), 404, errorCodes.notFound);
  });
});
