import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ExternalProvider } from '@cdktf/provider-external/lib/provider';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import fc from 'fast-check';
import {
  IntegrationRemovalPolicy,
  LinkedExportsOnDelete,
  LinkedExportsOnDestinationChange,
  SigmaApiUrl,
  SigmaAuditLogStorageIntegration,
  SigmaAuditLogStorageIntegrationProps,
  SigmaCredentials,
  StorageCloud,
} from '../../src';
import { INTEGRATION_NAME_RULE } from '../../src/rules/sigma';
import { defaultIntegrationName } from '../../src/sigma/integration-name';
import { synthErrors } from '../support/synth';

const AWS_PROPS: SigmaAuditLogStorageIntegrationProps = {
  cloud: StorageCloud.AWS,
  destination: 's3://my-audit-logs/sigma',
  roleArn: 'arn:aws:iam::123456789012:role/sigma-audit-logs',
};

interface SynthResult {
  readonly resource: { terraform_data: Record<string, TerraformDataJson> };
  readonly data: { external: Record<string, ExternalJson> };
  readonly provider?: Record<string, unknown[]>;
}
interface LocalExec {
  readonly command: string;
  readonly environment: Record<string, string>;
  readonly when?: string;
}
interface TerraformDataJson {
  readonly count?: number;
  readonly input?: Record<string, string>;
  readonly triggers_replace: Record<string, string>;
  readonly depends_on?: string[];
  readonly provisioner: Array<{ 'local-exec': LocalExec }>;
}
interface ExternalJson {
  readonly count?: number;
  readonly program: string[];
  readonly query: Record<string, string>;
  readonly depends_on: string[];
}

function synth(props: Partial<SigmaAuditLogStorageIntegrationProps> = {}): SynthResult {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'prod');
  new SigmaAuditLogStorageIntegration(stack, 'AuditLogs', { ...AWS_PROPS, ...props });
  return JSON.parse(Testing.synth(stack)) as SynthResult;
}

function resourceNamed(result: SynthResult, part: string): [string, TerraformDataJson] {
  const entry = Object.entries(result.resource.terraform_data).find(([key]) => key.includes(part));
  if (!entry) throw new Error(`no terraform_data named like ${part}`);
  return entry;
}

/** The three data sources, by role: `Locate` (after the create), `Credentials` (by the owned id) and `Destination` (after settings). */
function dataSources(result: SynthResult): { locate: ExternalJson; credentials: ExternalJson; destination: ExternalJson } {
  const entries = Object.entries(result.data.external);
  expect(entries).toHaveLength(3);
  const named = (part: string) => entries.find(([key]) => key.includes(`_${part}_`))![1];
  return { locate: named('Locate'), credentials: named('Credentials'), destination: named('Destination') };
}

/** Validation errors of an app, as one message (cdktf reports them all in one throw). */
function validationErrors(build: (stack: TerraformStack) => void): string {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'prod');
  build(stack);
  return synthErrors(stack);
}

describe('SigmaAuditLogStorageIntegration wiring', () => {
  const result = synth();
  const [claimKey, claim] = resourceNamed(result, 'Claim');
  const [identityKey, identity] = resourceNamed(result, 'Identity');
  const [ownerKey, owner] = resourceNamed(result, 'Owner');
  const [, removal] = resourceNamed(result, 'Removal');
  const [settingsKey, settings] = resourceNamed(result, 'Settings');
  const { locate, credentials, destination } = dataSources(result);
  const ownedId = `\${terraform_data.${ownerKey}.input["integrationId"]}`;
  const locateKey = Object.keys(result.data.external).find((key) => key.includes('_Locate_'))!;
  const locatedId = `\${data.external.${locateKey}.result["integration_id"]}`;
  const locatedOrganization = `\${data.external.${locateKey}.result["organization_id"]}`;
  const handlerProgram = (operation: string) => ['node', expect.stringMatching(/^assets\/SigmaAuditLogsHandler\/[0-9A-F]+\/handler\.js$/), operation];

  test('identity is replaced only by what Sigma cannot edit: name, cloud, API URL, role ARN, tenant id', () => {
    expect(Object.keys(identity.triggers_replace).sort()).toEqual(['apiUrl', 'cloud', 'name', 'roleArn', 'tenantId']);
    expect(identity.triggers_replace).toMatchObject({
      cloud: 'aws',
      apiUrl: SigmaApiUrl.AWS_US,
      roleArn: AWS_PROPS.roleArn,
      tenantId: '',
    });
    expect(identity.triggers_replace.name).toMatch(INTEGRATION_NAME_RULE.pattern);
  });

  test('identity keeps the input stacks deployed by earlier versions stored, and not the destination, with the time it is created', () => {
    expect(identity.input).toEqual({ ...identity.triggers_replace, linkedExportsOnDelete: 'pause', createdAt: '${timestamp()}' });
    expect(JSON.stringify(identity.input)).not.toContain('s3://');
  });

  test('the claim is recorded once, before the create, and renewed only with a new identity', () => {
    expect(claim.input).toEqual({ claimedAt: '${timestamp()}' });
    expect((claim as unknown as { lifecycle: unknown }).lifecycle).toEqual({ ignore_changes: ['input'] });
    expect(claim.triggers_replace).toEqual(identity.triggers_replace);
    expect(identity.depends_on).toEqual([`terraform_data.${claimKey}`]);
  });

  test('identity runs the create step only, with the spec, the claim and the plan time in the environment', () => {
    expect(identity.provisioner).toHaveLength(1);
    const create = identity.provisioner[0]['local-exec'];
    expect(create.when).toBeUndefined();
    expect(create.command).toMatch(/^node "assets\/SigmaAuditLogsHandler\/[0-9A-F]+\/handler\.js" apply$/);
    expect(create.environment.SIGMA_AUDIT_LOGS_SPEC).toMatch(/^\$\{jsonencode\(\{.*"destination" = "s3:\/\/my-audit-logs\/sigma\/".*\}\)\}$/);
    expect(create.environment.SIGMA_AUDIT_LOGS_SPEC).not.toContain('integrationId');
    expect(create.environment.SIGMA_AUDIT_LOGS_CLAIMED_AT).toBe(`\${terraform_data.${claimKey}.output["claimedAt"]}`);
    expect(create.environment.SIGMA_AUDIT_LOGS_PLANNED_AT).toBe('${plantimestamp()}');
  });

  test('locate reads the id after the create by referring to identity, not by depending on it', () => {
    // An in-place change of identity (a policy, a variable name) then leaves it read while planning.
    expect(locate.program).toEqual(handlerProgram('locate'));
    expect(locate.depends_on).toBeUndefined();
    expect(locate.query).toEqual({
      name: identity.triggers_replace.name,
      cloud: 'aws',
      apiUrl: SigmaApiUrl.AWS_US,
      roleArn: AWS_PROPS.roleArn,
      tenantId: '',
      linkedExportsOnDelete: 'pause',
      identity: `\${terraform_data.${identityKey}.id}`,
    });
  });

  test('owner records the located id once (ignoring later reads), is replaced only with identity, and holds every later answer to the record', () => {
    expect(owner.input).toEqual({ integrationId: locatedId, organizationId: locatedOrganization });
    const lifecycle = (owner as unknown as { lifecycle: { ignore_changes: string[]; postcondition: Array<{ condition: string; error_message: string }> } }).lifecycle;
    expect(lifecycle.ignore_changes).toEqual(['input']);
    expect(lifecycle.postcondition.map((p) => p.condition)).toEqual([
      `\${self.input.organizationId == data.external.${locateKey}.result.organization_id}`,
      `\${self.input.integrationId == data.external.${locateKey}.result.integration_id}`,
    ]);
    expect(lifecycle.postcondition[0].error_message).toMatch(/^\(organization_changed\) Sigma integration '\w+' \(\$\{self\.input\.integrationId\}\) lives in organization/);
    expect(lifecycle.postcondition[1].error_message).toMatch(/^\(integration_missing\) Sigma no longer has integration '\w+'/);
    expect(lifecycle.postcondition[1].error_message).toContain('npx sigma-audit-logs reconcile');
    expect(owner.triggers_replace).toEqual({ identity: `\${terraform_data.${identityKey}.id}` });
    expect(owner.provisioner).toBeUndefined();
  });

  test('identity is never updated in place: its input, as earlier versions stored it, ignores later changes', () => {
    expect((identity as unknown as { lifecycle: unknown }).lifecycle).toEqual({ ignore_changes: ['input'] });
  });

  test('removal deletes the owned id at destroy, from what the last deploy stored, with the declared delete policy', () => {
    expect(removal.triggers_replace).toEqual({ integrationId: ownedId });
    const { createdAt: _createdAt, ...identityKeys } = identity.input!;
    expect(removal.input).toEqual({ ...identityKeys, integrationId: ownedId });
    expect(removal.provisioner).toHaveLength(1);
    const destroy = removal.provisioner[0]['local-exec'];
    expect(destroy.when).toBe('destroy');
    expect(destroy.command).toMatch(/handler\.js" delete$/);
    expect(destroy.environment).toEqual({
      SIGMA_AUDIT_LOGS_SPEC: '${jsonencode(self.input)}',
      SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE: 'pause',
    });
  });

  test('settings is replaced when the (normalised) destination or its export policy changes, and re-runs apply on the owned id', () => {
    expect(settings.triggers_replace).toEqual({
      identity: `\${terraform_data.${identityKey}.id}`,
      destination: 's3://my-audit-logs/sigma/',
      linkedExportsOnDestinationChange: 'pause',
    });
    expect(settings.depends_on).toEqual([`terraform_data.${identityKey}`]);
    expect(settings.provisioner).toHaveLength(1);
    const apply = settings.provisioner[0]['local-exec'];
    expect(apply.command).toMatch(/handler\.js" apply$/);
    expect(apply.environment.SIGMA_AUDIT_LOGS_SPEC).toContain(`"integrationId" = ${ownedId.slice(2, -1)}`);
  });

  test("settings gets identity's creation time ('' for an identity that recorded none) and the plan time, to skip its run right after the create", () => {
    const apply = settings.provisioner[0]['local-exec'];
    expect(apply.environment.SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT).toBe(`\${lookup(terraform_data.${identityKey}.output, "createdAt", "")}`);
    expect(apply.environment.SIGMA_AUDIT_LOGS_PLANNED_AT).toBe('${plantimestamp()}');
    expect(Object.keys(apply.environment).sort()).toEqual(['SIGMA_AUDIT_LOGS_IDENTITY_CREATED_AT', 'SIGMA_AUDIT_LOGS_PLANNED_AT', 'SIGMA_AUDIT_LOGS_SPEC']);
  });

  test("credentials are read by locate's id (which owner holds to the record) with no dependency, and a query of strings that holds no destination", () => {
    // A destination change (settings replaced) or any change of identity's input then leaves them readable, and known, at plan time.
    expect(credentials.program).toEqual(handlerProgram('credentials'));
    expect(credentials.depends_on).toBeUndefined();
    expect(credentials.query).toEqual({
      name: identity.triggers_replace.name,
      cloud: 'aws',
      apiUrl: SigmaApiUrl.AWS_US,
      roleArn: AWS_PROPS.roleArn,
      tenantId: '',
      linkedExportsOnDelete: 'pause',
      credentialsTimeoutSeconds: '900',
      integrationId: locatedId,
    });
    for (const value of Object.values(credentials.query)) expect(typeof value).toBe('string');
  });

  test("the destination is read (and drift detected) by locate's id after settings, with the whole spec as a query of strings", () => {
    expect(destination.program).toEqual(handlerProgram('read'));
    expect(destination.depends_on).toBeUndefined();
    expect(destination.query).toEqual({
      name: identity.triggers_replace.name,
      cloud: 'aws',
      destination: 's3://my-audit-logs/sigma/',
      apiUrl: SigmaApiUrl.AWS_US,
      roleArn: AWS_PROPS.roleArn,
      tenantId: '',
      linkedExportsOnDestinationChange: 'pause',
      linkedExportsOnDelete: 'pause',
      credentialsTimeoutSeconds: '900',
      integrationId: locatedId,
      settings: `\${terraform_data.${settingsKey}.id}`,
    });
    for (const value of Object.values(destination.query)) expect(typeof value).toBe('string');
  });

  test('the external provider is declared once', () => {
    expect(result.provider?.external).toHaveLength(1);
  });
});

describe('SigmaAuditLogStorageIntegration options', () => {
  test('policies and timeout reach the handler', () => {
    const result = synth({
      linkedExportsOnDestinationChange: LinkedExportsOnDestinationChange.UPDATE,
      linkedExportsOnDelete: LinkedExportsOnDelete.DELETE,
      credentialsTimeoutSeconds: 120,
      apiUrl: SigmaApiUrl.AWS_EUROPE,
      integrationName: 'audit_logs_prod',
    });
    const [, identity] = resourceNamed(result, 'Identity');
    const [, settings] = resourceNamed(result, 'Settings');
    const [, removal] = resourceNamed(result, 'Removal');
    expect(identity.input).toMatchObject({ name: 'audit_logs_prod', linkedExportsOnDelete: 'delete', apiUrl: SigmaApiUrl.AWS_EUROPE });
    expect(removal.input).toMatchObject({ name: 'audit_logs_prod', linkedExportsOnDelete: 'delete', apiUrl: SigmaApiUrl.AWS_EUROPE });
    // A literal in the destroy-time step: Terraform takes it from the configuration being applied, not from the state.
    expect(removal.provisioner[0]['local-exec'].environment.SIGMA_AUDIT_LOGS_LINKED_EXPORTS_ON_DELETE).toBe('delete');
    expect(settings.triggers_replace.linkedExportsOnDestinationChange).toBe('update');
    expect(dataSources(result).credentials.query.credentialsTimeoutSeconds).toBe('120');
    expect(dataSources(result).destination.query.credentialsTimeoutSeconds).toBe('120');
  });

  test('removal policy retain has no destroy-time step', () => {
    const result = synth({ removalPolicy: IntegrationRemovalPolicy.RETAIN });
    // No provisioner key at all: Terraform refuses an empty list.
    expect(resourceNamed(result, 'Removal')[1]).not.toHaveProperty('provisioner');
    expect(JSON.stringify(result)).not.toContain('"when":"destroy"');
  });

  test('adoptIntegrationId reaches the create step and the locate read only: adopting replaces nothing', () => {
    const id = '3f2b6c1e-8a4d-4e0f-9c7b-5d1e2f3a4b5c';
    const before = synth();
    const after = synth({ adoptIntegrationId: id });
    expect(resourceNamed(after, 'Identity')[1].provisioner[0]['local-exec'].environment.SIGMA_AUDIT_LOGS_SPEC).toContain(`"adoptIntegrationId" = "${id}"`);
    expect(dataSources(after).locate.query.adoptIntegrationId).toBe(id);
    for (const part of ['Claim', 'Identity', 'Owner', 'Removal', 'Settings']) {
      const [, was] = resourceNamed(before, part);
      const [, is] = resourceNamed(after, part);
      expect({ input: is.input, triggers: is.triggers_replace }).toEqual({ input: was.input, triggers: was.triggers_replace });
    }
    expect(validationErrors((stack) => new SigmaAuditLogStorageIntegration(stack, 'Bad', { ...AWS_PROPS, adoptIntegrationId: 'a b' }))).toContain(
      'prod/Bad: adoptIntegrationId "a b" is invalid: expected an integration id as Sigma shows it',
    );
  });

  test('enabled: false keeps every block, with count 0, and the destroy-time step', () => {
    const result = synth({ enabled: false });
    const [, identity] = resourceNamed(result, 'Identity');
    const [, settings] = resourceNamed(result, 'Settings');
    expect(identity.count).toBe(0);
    expect(settings.count).toBe(0);
    expect(Object.values(dataSources(result)).map((source) => source.count)).toEqual([0, 0, 0]);
    for (const part of ['Claim', 'Owner', 'Removal']) expect(resourceNamed(result, part)[1].count).toBe(0);
    expect(resourceNamed(result, 'Removal')[1].provisioner.map((p) => p['local-exec'].when)).toEqual(['destroy']);
    // Nothing may read an attribute of a count-0 resource (depends_on on it is fine).
    expect(JSON.stringify(settings)).not.toContain('${terraform_data.');
  });

  test('enabled (the default) adds no count, so existing deployments see no diff', () => {
    const result = synth();
    expect(resourceNamed(result, 'Identity')[1].count).toBeUndefined();
    expect(Object.values(dataSources(result)).map((source) => source.count)).toEqual([undefined, undefined, undefined]);
  });

  test('attributes read the data source result by key', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'prod');
    const integration = new SigmaAuditLogStorageIntegration(stack, 'AuditLogs', AWS_PROPS);
    const disabled = new SigmaAuditLogStorageIntegration(stack, 'Disabled', { ...AWS_PROPS, enabled: false });
    new TerraformOutput(stack, 'external_id', { value: integration.awsExternalId });
    new TerraformOutput(stack, 'integration_id', { value: integration.integrationId });
    new TerraformOutput(stack, 'disabled_user', { value: disabled.awsIamUserArn });
    new TerraformOutput(stack, 'destination', { value: integration.liveDestination });
    const outputs = (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: string }> }).output;
    expect(outputs.external_id.value).toMatch(/^\$\{data\.external\.AuditLogs_Credentials_\w+\.result\["aws_external_id"\]\}$/);
    expect(outputs.integration_id.value).toContain('.result["integration_id"]}');
    expect(outputs.disabled_user.value).toBe('');
    expect(outputs.destination.value).toMatch(/^\$\{data\.external\.AuditLogs_Destination_\w+\.result\["destination"\]\}$/);
  });
});

describe('SigmaAuditLogStorageIntegration credentials', () => {
  const STAGING = SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET');
  const NAMED = { clientIdVariable: 'SIGMA_STAGING_CLIENT_ID', clientSecretVariable: 'SIGMA_STAGING_CLIENT_SECRET' };

  test('named variables reach every run of the handler: the apply specs, the settings marker, every data source query and the removal input', () => {
    const result = synth({ credentials: STAGING });
    const [, identity] = resourceNamed(result, 'Identity');
    const [, settings] = resourceNamed(result, 'Settings');
    const [, removal] = resourceNamed(result, 'Removal');
    for (const step of [identity, settings]) {
      for (const [key, value] of Object.entries(NAMED)) {
        expect(step.provisioner[0]['local-exec'].environment.SIGMA_AUDIT_LOGS_SPEC).toContain(`"${key}" = "${value}"`);
      }
    }
    expect((settings.input as unknown as Record<string, Record<string, unknown>>).sigma_audit_logs_integration).toMatchObject(NAMED);
    for (const source of Object.values(dataSources(result))) expect(source.query).toMatchObject(NAMED);
    // The delete reaches the organization the last deploy reached: its names are in what it reads, self.input.
    expect(removal.input).toMatchObject(NAMED);
    expect(identity.input).toMatchObject(NAMED);
    expect(removal.provisioner[0]['local-exec'].environment.SIGMA_AUDIT_LOGS_SPEC).toBe('${jsonencode(self.input)}');
  });

  test('an API URL variable of the organization reaches every run of the handler, and is checked by the names rule', () => {
    const result = synth({ credentials: SigmaCredentials.fromEnvironment(NAMED.clientIdVariable, NAMED.clientSecretVariable, 'SIGMA_STAGING_API_URL') });
    for (const source of Object.values(dataSources(result))) expect(source.query.apiUrlVariable).toBe('SIGMA_STAGING_API_URL');
    expect(resourceNamed(result, 'Removal')[1].input).toMatchObject({ apiUrlVariable: 'SIGMA_STAGING_API_URL' });
    expect(resourceNamed(result, 'Identity')[1].input).not.toHaveProperty('apiUrlVariable');
    const message = validationErrors((stack) => {
      new SigmaAuditLogStorageIntegration(stack, 'Bad', { ...AWS_PROPS, credentials: SigmaCredentials.fromEnvironment('A_ID', 'A_SECRET', 'a url') });
      new SigmaAuditLogStorageIntegration(stack, 'Same', { ...AWS_PROPS, credentials: SigmaCredentials.fromEnvironment('A_ID', 'A_SECRET', 'A_ID') });
    });
    expect(message).toContain('prod/Bad: credentials.apiUrlVariable "a url" is invalid: expected the name of an environment variable');
    expect(message).toContain('prod/Same: credentials.apiUrlVariable "A_ID" is invalid: expected a variable other than the client id and secret ones');
  });

  test('a change of the variable names does not replace anything: they are in no triggers_replace', () => {
    const before = synth();
    const after = synth({ credentials: STAGING });
    for (const part of ['Claim', 'Identity', 'Owner', 'Removal', 'Settings']) {
      expect(resourceNamed(after, part)[1].triggers_replace).toEqual(resourceNamed(before, part)[1].triggers_replace);
    }
  });

  test('the default variables, implicit or explicit, add nothing: stacks deployed before plan no change', () => {
    const implicit = JSON.stringify(synth());
    expect(JSON.stringify(synth({ credentials: SigmaCredentials.fromDefaultEnvironment() }))).toBe(implicit);
    expect(JSON.stringify(synth({ credentials: SigmaCredentials.fromEnvironment('SIGMA_CLIENT_ID', 'SIGMA_CLIENT_SECRET') }))).toBe(implicit);
    expect(implicit).not.toMatch(/clientIdVariable|clientSecretVariable/);
    expect(SigmaCredentials.fromDefaultEnvironment()).toMatchObject({ clientIdVariable: 'SIGMA_CLIENT_ID', clientSecretVariable: 'SIGMA_CLIENT_SECRET' });
  });

  test('invalid names are reported in the same synth as other problems, each with the prop, value, expectation and example', () => {
    const message = validationErrors((stack) => {
      new SigmaAuditLogStorageIntegration(stack, 'Bad', {
        ...AWS_PROPS,
        integrationName: '9lives',
        credentials: SigmaCredentials.fromEnvironment('1ACME_ID', 'acme secret'),
      });
      new SigmaAuditLogStorageIntegration(stack, 'Same', { ...AWS_PROPS, credentials: SigmaCredentials.fromEnvironment('ACME_SIGMA', 'ACME_SIGMA') });
      new SigmaAuditLogStorageIntegration(stack, 'Reserved', {
        ...AWS_PROPS,
        credentials: SigmaCredentials.fromEnvironment('SIGMA_AUDIT_LOGS_SPEC', 'SIGMA_API_URL'),
      });
      new SigmaAuditLogStorageIntegration(stack, 'Empty', { ...AWS_PROPS, credentials: SigmaCredentials.fromEnvironment('', 'ACME_SECRET') });
    });
    const example = "Example: SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET')";
    for (const fragment of [
      'prod/Bad: integrationName "9lives" is invalid',
      `prod/Bad: credentials.clientIdVariable "1ACME_ID" is invalid: expected the name of an environment variable: a letter or "_", then letters, digits or "_". ${example}`,
      'prod/Bad: credentials.clientSecretVariable "acme secret" is invalid: expected the name of an environment variable',
      'prod/Same: credentials.clientSecretVariable "ACME_SIGMA" is invalid: expected another variable than the client id\'s (ACME_SIGMA)',
      'prod/Reserved: credentials.clientIdVariable "SIGMA_AUDIT_LOGS_SPEC" is invalid: expected a variable other than SIGMA_API_URL and SIGMA_AUDIT_LOGS_*',
      'prod/Reserved: credentials.clientSecretVariable "SIGMA_API_URL" is invalid',
      'prod/Empty: credentials.clientIdVariable "" is invalid',
    ]) {
      expect(message).toContain(fragment);
    }
    expect(message).not.toContain('prod/Same: credentials.clientIdVariable');
  });

  test('names Terraform would compute are refused: the handler reads the variable by its literal name', () => {
    const message = validationErrors((stack) => {
      const other = new SigmaAuditLogStorageIntegration(stack, 'Other', AWS_PROPS);
      new SigmaAuditLogStorageIntegration(stack, 'FromTokens', {
        ...AWS_PROPS,
        credentials: SigmaCredentials.fromEnvironment(other.integrationId, 'ACME_SECRET'),
      });
    });
    expect(message).toMatch(/prod\/FromTokens: credentials\.clientIdVariable "\$\{TfToken\[TOKEN\.\d+\]\}" is invalid: expected a literal name/);
    expect(message).not.toContain('credentials.clientSecretVariable');
  });
});

describe('SigmaAuditLogStorageIntegration per stack', () => {
  test('many integrations share one handler asset and one external provider', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'prod');
    for (let i = 0; i < 5; i++) {
      new SigmaAuditLogStorageIntegration(stack, `AuditLogs${i}`, { ...AWS_PROPS, destination: `s3://my-audit-logs/team${i}/` });
    }
    const result = JSON.parse(Testing.synth(stack)) as SynthResult;
    const programs = new Set(Object.values(result.data.external).map((source) => source.program[1]));
    expect(programs.size).toBe(1);
    expect(result.provider?.external).toHaveLength(1);
    const names = new Set(Object.values(result.data.external).map((source) => source.query.name));
    expect(names.size).toBe(5);
  });

  test("a stack's own external provider is used, not duplicated", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'prod');
    new ExternalProvider(stack, 'external');
    new SigmaAuditLogStorageIntegration(stack, 'AuditLogs', AWS_PROPS);
    const result = JSON.parse(Testing.synth(stack)) as SynthResult;
    expect(result.provider?.external).toHaveLength(1);
  });

  test('the same construct path in two stacks gets two integration names', () => {
    const app = Testing.app();
    const a = new SigmaAuditLogStorageIntegration(new TerraformStack(app, 'staging'), 'AuditLogs', AWS_PROPS);
    const b = new SigmaAuditLogStorageIntegration(new TerraformStack(app, 'prod'), 'AuditLogs', AWS_PROPS);
    expect(a.integrationName).not.toBe(b.integrationName);
    expect(a.integrationName).toMatch(/^audit_logs_staging_AuditLogs_[0-9a-f]{8}$/);
  });

  test('default names are always valid and deterministic, whatever the construct ids', () => {
    // Ids the constructs library itself refuses: '/', and names of Object.prototype members.
    const id = fc.string({ minLength: 1, maxLength: 80 }).filter((s) => !s.includes('/') && !(s in Object.prototype));
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 4 }), (ids) => {
        const build = () => {
          let scope: Construct = new TerraformStack(Testing.app(), 'stack');
          for (const part of ids) scope = new Construct(scope, part);
          return defaultIntegrationName(scope);
        };
        const name = build();
        expect(name).toMatch(INTEGRATION_NAME_RULE.pattern);
        expect(build()).toBe(name);
      }),
      { numRuns: 50 },
    );
  });
});

describe('SigmaAuditLogStorageIntegration validation', () => {
  test('every invalid prop is reported in one synth, each with path, prop, value, expectation and example', () => {
    const message = validationErrors((stack) => {
      new SigmaAuditLogStorageIntegration(stack, 'Bad', {
        cloud: StorageCloud.AWS,
        destination: 'gcs://my-audit-logs/sigma/',
        roleArn: 'arn:aws:iam::12345:role/x',
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        integrationName: '9lives',
        apiUrl: 'http://sigma.example.com',
        credentialsTimeoutSeconds: 0,
        linkedExportsOnDelete: 'archive' as LinkedExportsOnDelete,
      });
    });
    for (const fragment of [
      'prod/Bad: destination',
      'gcs://my-audit-logs/sigma/',
      's3://',
      'prod/Bad: roleArn "arn:aws:iam::12345:role/x" is invalid',
      'arn:aws:iam::123456789012:role/sigma-audit-logs',
      'prod/Bad: tenantId',
      'prod/Bad: integrationName "9lives" is invalid',
      'audit_logs_prod',
      'prod/Bad: apiUrl "http://sigma.example.com" is invalid',
      'prod/Bad: credentialsTimeoutSeconds 0 is invalid',
      'prod/Bad: linkedExportsOnDelete "archive" is invalid: expected one of pause, delete',
    ]) {
      expect(message).toContain(fragment);
    }
  });

  test('an apiUrl with a user name and password, a query or a fragment is refused at synth, masked, and nothing is written', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'sigma-api-url-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'prod');
      const apiUrls = {
        Password: 'https://deployer:hunter2-Xq7@aws-api.sigmacomputing.com',
        Unparsable: 'https://deployer:hunter2-Xq7@aws api.sigmacomputing.com',
        Query: 'https://aws-api.sigmacomputing.com/?tenant=acme',
        Fragment: 'https://aws-api.sigmacomputing.com/#v2',
      };
      for (const [id, apiUrl] of Object.entries(apiUrls)) new SigmaAuditLogStorageIntegration(stack, id, { ...AWS_PROPS, apiUrl });
      let message = '';
      expect(() => {
        try {
          app.synth();
        } catch (error) {
          message = (error as Error).message;
          throw error;
        }
      }).toThrow();
      for (const fragment of [
        'prod/Password: apiUrl "https://***@aws-api.sigmacomputing.com" is invalid: expected the https:// URL',
        'carries a user name or password',
        'prod/Unparsable: apiUrl "https://***@aws api.sigmacomputing.com" is invalid',
        'is not a URL',
        'prod/Query: apiUrl "https://aws-api.sigmacomputing.com/?tenant=acme" is invalid',
        'prod/Fragment: apiUrl "https://aws-api.sigmacomputing.com/#v2" is invalid',
        'has a query or fragment',
        'Example: https://aws-api.sigmacomputing.com',
      ]) {
        expect(message).toContain(fragment);
      }
      expect(message).not.toMatch(/hunter2|deployer/);
      const written = readdirSync(outdir, { recursive: true, encoding: 'utf8' });
      expect(written.filter((file) => file.endsWith('cdk.tf.json'))).toEqual([]);
      for (const file of written) {
        const full = path.join(outdir, file);
        if (statSync(full).isFile()) expect(readFileSync(full, 'utf8')).not.toMatch(/hunter2|deployer/);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a loopback apiUrl is accepted in every form the client accepts (an emulator on this machine)', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    for (const [i, apiUrl] of ['http://127.0.0.1:8787', 'http://127.1:8787', 'http://localhost.:8787', 'http://[::1]:8787'].entries()) {
      new SigmaAuditLogStorageIntegration(stack, `Emulator${i}`, { ...AWS_PROPS, apiUrl });
    }
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  test('a missing role ARN (AWS) and tenant id (Azure) are named', () => {
    const message = validationErrors((stack) => {
      new SigmaAuditLogStorageIntegration(stack, 'Aws', { cloud: StorageCloud.AWS, destination: 's3://my-audit-logs/' });
      new SigmaAuditLogStorageIntegration(stack, 'Azure', {
        cloud: StorageCloud.AZURE,
        destination: 'azure://myaccount.blob.core.windows.net/audit-logs/',
      });
    });
    expect(message).toContain('prod/Aws: roleArn is required for an AWS integration');
    expect(message).toContain('prod/Azure: tenantId is required for an Azure integration');
  });

  test('values Terraform computes (tokens) are left to the handler', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'prod');
    const other = new SigmaAuditLogStorageIntegration(stack, 'Other', AWS_PROPS);
    new SigmaAuditLogStorageIntegration(stack, 'FromTokens', {
      cloud: StorageCloud.AWS,
      destination: `s3://${other.integrationId}/logs/`,
      roleArn: other.awsIamUserArn,
    });
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });
});

describe('no secret in the synthesized configuration', () => {
  test('the values of named variables set at synth time are in no file written, only their names', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'sigma-credentials-'));
    const values = { SIGMA_STAGING_CLIENT_ID: 'staging-client-id-4d8e', SIGMA_STAGING_CLIENT_SECRET: 'staging-secret-9b7c2a' };
    Object.assign(process.env, values);
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'prod');
      new SigmaAuditLogStorageIntegration(stack, 'Staging', {
        ...AWS_PROPS,
        credentials: SigmaCredentials.fromEnvironment('SIGMA_STAGING_CLIENT_ID', 'SIGMA_STAGING_CLIENT_SECRET'),
      });
      app.synth();
      const files = readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((file) => statSync(path.join(outdir, file)).isFile());
      const config = files.find((file) => file.endsWith('cdk.tf.json'));
      expect(readFileSync(path.join(outdir, config!), 'utf8')).toContain('SIGMA_STAGING_CLIENT_SECRET');
      for (const file of files) {
        const text = readFileSync(path.join(outdir, file), 'utf8');
        expect(text).not.toContain(values.SIGMA_STAGING_CLIENT_ID);
        expect(text).not.toContain(values.SIGMA_STAGING_CLIENT_SECRET);
      }
    } finally {
      for (const name of Object.keys(values)) delete process.env[name];
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('credentials in the environment at synth time never reach the JSON', () => {
    const secret = 'sigma-secret-7f3a9c1e';
    process.env.SIGMA_CLIENT_ID = 'client-id-visible';
    process.env.SIGMA_CLIENT_SECRET = secret;
    try {
      const json = JSON.stringify(synth());
      expect(json).not.toContain(secret);
      expect(json).not.toContain('client-id-visible');
      expect(json).not.toMatch(/secret|password|token/i);
    } finally {
      delete process.env.SIGMA_CLIENT_ID;
      delete process.env.SIGMA_CLIENT_SECRET;
    }
  });
});
