/**
 * The emulator reads request bodies with the contract's request schemas, the ones the client
 * sends with: a field of another type, or a required one missing, is answered 400 naming the
 * field, the value given, what the field's rule expects and an example.
 */
import { createIntegrationRequestSchema, errorCodes, paths } from '../../src/client/contract';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { CLOUD_RULE } from '../../src/rules/cloud';
import { INTEGRATION_NAME_RULE, ROLE_ARN_RULE } from '../../src/rules/sigma';
import { accessToken, awsBody, call, expectError } from './helpers';

let emulator: RunningEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 21, provisioningDelayMs: 0 });
  token = await accessToken(emulator);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const create = (json: unknown) => call(emulator.url, 'POST', paths.integrations, { token, json });

test.each<[string, Record<string, unknown>, string, string]>([
  ['a name that is a number', { ...awsBody('x'), name: 7 }, 'name', `name is 7; expected ${INTEGRATION_NAME_RULE.expected}. Example: ${INTEGRATION_NAME_RULE.example}`],
  ['an unknown cloud', { ...awsBody('x'), cloud: 'oracle' }, 'cloud', `cloud is "oracle"; expected ${CLOUD_RULE.expected}. Example: ${CLOUD_RULE.example}`],
  ['a role ARN that is a list', { ...awsBody('x'), roleArn: [ROLE_ARN_RULE.example] }, 'roleArn', `expected ${ROLE_ARN_RULE.expected}`],
  ['no destination', { name: 'x', cloud: 'gcp' }, 'destination', 'destination is missing; expected a destination'],
])('a create request with %s is answered 400 naming the field and what it expects', async (_label, body, field, message) => {
  const reply = await create(body);
  expectError(reply, 400, errorCodes.invalidRequest, field);
  expect(reply.body.message).toContain(message);
  // The client's own check of the body refuses it too: one schema for both sides.
  expect(createIntegrationRequestSchema.safeParse(body).success).toBe(false);
});

test('a body that is not an object is answered 400 naming the body', async () => {
  const reply = await create([awsBody('x')]);
  expectError(reply, 400, errorCodes.invalidRequest, 'body');
  expect(reply.body.message).toMatch(/^body is \[.*\]; expected a JSON object\. Example: \{"name"/);
});

test('a PATCH whose updateLinkedExports is not a boolean, or whose destination is missing, is answered 400 naming it', async () => {
  const created = await create(awsBody('patched'));
  expect(created.status).toBe(202);
  const patch = (json: unknown) => call(emulator.url, 'PATCH', paths.integration(created.body.integrationId), { token, json });
  const notBoolean = await patch({ destination: 's3://my-audit-logs/other/', updateLinkedExports: 'yes' });
  expectError(notBoolean, 400, errorCodes.invalidRequest, 'updateLinkedExports');
  expect(notBoolean.body.message).toContain('updateLinkedExports is "yes"; expected true or false. Example: false');
  const noDestination = await patch({ updateLinkedExports: true });
  expectError(noDestination, 400, errorCodes.invalidRequest, 'destination');
  expect(noDestination.body.message).toContain('destination is missing; expected an Amazon S3 destination. Example: s3://');
});

test('a scheduled export whose schedule is a number is answered 400 naming it', async () => {
  const reply = await call(emulator.url, 'POST', paths.scheduledExports, { token, json: { name: 'nightly', integrationId: 'x', schedule: 5 } });
  expectError(reply, 400, errorCodes.invalidRequest, 'schedule');
  expect(reply.body.message).toContain('schedule is 5; expected a cron expression of 5 fields');
});
