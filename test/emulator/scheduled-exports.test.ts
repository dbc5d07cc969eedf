import { errorCodes, paths, scheduledExportListSchema, scheduledExportSchema } from '../../src/client/contract';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { accessToken, awsBody, call, expectError, gcpBody } from './helpers';

describe('emulator scheduled exports', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3, provisioningDelayMs: 10 });
    token = await accessToken(emulator);
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const integration = async (body: Record<string, unknown>) =>
    (await call(emulator.url, 'POST', paths.integrations, { token, json: body })).body.integrationId as string;
  const createExport = (json: unknown) => call(emulator.url, 'POST', paths.scheduledExports, { token, json });

  test('POST answers 201 with the destination copied from the integration and status active', async () => {
    const id = await integration(awsBody('src', 's3://my-audit-logs/sigma'));
    const reply = await createExport({ name: 'nightly', integrationId: id, schedule: '0 2 * * *' });
    expect(reply.status).toBe(201);
    expect(scheduledExportSchema.parse(reply.body)).toMatchObject({
      name: 'nightly',
      integrationId: id,
      destination: 's3://my-audit-logs/sigma/',
      schedule: '0 2 * * *',
      status: 'active',
      pausedReason: null,
    });
  });

  test('POST for an integration that does not exist gets 400 with field integrationId', async () => {
    expectError(await createExport({ name: 'nightly', integrationId: 'missing', schedule: '0 2 * * *' }), 400, errorCodes.invalidRequest, 'integrationId');
    const id = await integration(gcpBody('short_lived'));
    await call(emulator.url, 'DELETE', paths.integration(id), { token });
    expectError(await createExport({ name: 'nightly', integrationId: id, schedule: '0 2 * * *' }), 400, errorCodes.invalidRequest, 'integrationId');
  });

  test.each([
    [{ name: undefined }, 'name'],
    [{ name: '  ' }, 'name'],
    [{ integrationId: undefined }, 'integrationId'],
    [{ schedule: 'every night' }, 'schedule'],
    [{ schedule: '0 2 * *' }, 'schedule'],
  ])('POST with %j gets 400 with field %s', async (change, field) => {
    const id = await integration(gcpBody('target'));
    expectError(await createExport({ name: 'n', integrationId: id, schedule: '0 2 * * *', ...change }), 400, errorCodes.invalidRequest, field);
  });

  test('GET list filters by ?integrationId= and lists all without it', async () => {
    const a = await integration(gcpBody('a'));
    const b = await integration(gcpBody('b'));
    await createExport({ name: 'a1', integrationId: a, schedule: '0 2 * * *' });
    await createExport({ name: 'b1', integrationId: b, schedule: '30 3 * * 1' });
    const all = scheduledExportListSchema.parse((await call(emulator.url, 'GET', paths.scheduledExports, { token })).body);
    expect(all.entries.map((e) => e.name)).toEqual(['a1', 'b1']);
    const onlyB = (await call(emulator.url, 'GET', `${paths.scheduledExports}?integrationId=${b}`, { token })).body;
    expect(onlyB.entries.map((e: { name: string }) => e.name)).toEqual(['b1']);
  });

  test('GET one: 200 with the object, 404 not_found for an unknown id', async () => {
    const id = await integration(gcpBody('one'));
    const created = (await createExport({ name: 'x', integrationId: id, schedule: '0 2 * * *' })).body;
    const reply = await call(emulator.url, 'GET', paths.scheduledExport(created.exportId), { token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(created);
    expectError(await call(emulator.url, 'GET', paths.scheduledExport('nope'), { token }), 404, errorCodes.notFound);
  });
});
