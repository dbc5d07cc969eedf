/**
 * One operation of the handler (`apply | locate | read | credentials | delete`), as ./main runs
 * it. The modules that talk to Sigma (the client, the operations) are loaded only once a run
 * needs them: not for a spec that is refused, nor for a settings step that has nothing to do.
 */
import type { CredentialSource } from './environment';
import type { HandlerLog } from './operations';
import { isSettingsRightAfterCreate } from './settings-after-create';
import { CLAIMED_AT_ENV, IdentitySpec, IntegrationSpec, PLANNED_AT_ENV, SPEC_ENV } from './spec';
import { parseSpecJson, validateCredentialsSpec, validateLocateSpec, validateRemovalSpec, validateSpec } from './validate';
import { packageVersion } from './version';

export type Operation = 'apply' | 'locate' | 'read' | 'credentials' | 'delete';

/** What a run reads and writes: the process, as ./main gives it. */
export interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly cwd: string;
  /** Called with what the run is doing, for the line printed when it is stopped. */
  readonly doing: (activity: string) => void;
}

/** The modules that talk to Sigma, loaded on first use. */
function networkModules(): typeof import('./environment') & typeof import('./operations') {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see the file's comment */
  return { ...(require('./environment') as typeof import('./environment')), ...(require('./operations') as typeof import('./operations')) };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

function logTo(write: (text: string) => void): HandlerLog {
  return {
    info: (line) => write(`${line}\n`),
    warn: (line) => write(`Warning: ${line}\n`),
  };
}

/** Runs one operation of the handler; throws what it fails with. */
export async function runOperation(operation: Operation, io: Io): Promise<void> {
  const userAgent = `cdktf-sigma-audit-logs-handler/${packageVersion()}`;
  // Each integration names the variables of its organization's credentials (default SIGMA_CLIENT_ID / _SECRET).
  const sourceOf = (spec: IdentitySpec & Pick<IntegrationSpec, 'apiUrlVariable'>): CredentialSource => ({
    variables: networkModules().credentialVariablesOf(spec),
    apiUrlVariable: spec.apiUrlVariable,
    integrationName: spec.name,
  });
  if (operation === 'read' || operation === 'credentials' || operation === 'locate') {
    // stdout is the data source's result: nothing else may be written to it.
    const log = logTo(io.err);
    const source = 'the query on stdin';
    const query = parseSpecJson(await io.readStdin(), source);
    // Data sources are read while Terraform plans: a pending integration fails the read at once
    // rather than holding the plan (the apply that creates an integration waits for it).
    const { locateIntegration, readCredentials, readIntegration, waitOptionsFromEnvironment, withClientFromEnvironment } = networkModules();
    const options = { ...waitOptionsFromEnvironment(io.env), stackDir: io.cwd, whenPending: 'fail' as const };
    let result: object;
    if (operation === 'locate') {
      const spec = validateLocateSpec(query, source);
      io.doing(`${operation} of Sigma integration '${spec.name}'`);
      result = await withClientFromEnvironment(io.env, spec.apiUrl, log, userAgent, sourceOf(spec), (client) =>
        locateIntegration(client, spec),
      );
    } else if (operation === 'read') {
      const spec = validateSpec(query, source);
      io.doing(`${operation} of Sigma integration '${spec.name}'`);
      result = await withClientFromEnvironment(io.env, spec.apiUrl, log, userAgent, sourceOf(spec), (client) =>
        readIntegration(client, spec, log, options),
      );
    } else {
      const spec = validateCredentialsSpec(query, source);
      io.doing(`${operation} of Sigma integration '${spec.name}'`);
      result = await withClientFromEnvironment(io.env, spec.apiUrl, log, userAgent, sourceOf(spec), (client) =>
        readCredentials(client, spec, log, options),
      );
    }
    io.out(`${JSON.stringify(result)}\n`);
    return;
  }
  const log = logTo(io.out);
  const raw = parseSpecJson(io.env[SPEC_ENV], SPEC_ENV);
  if (operation === 'apply') {
    const spec: IntegrationSpec = validateSpec(raw, SPEC_ENV);
    io.doing(`apply of Sigma integration '${spec.name}'`);
    // Before any credential is read or call made: the create step of this apply has just done it all.
    if (isSettingsRightAfterCreate(spec, io.env)) {
      log.info(`Integration '${spec.name}' (${spec.integrationId}) was set up with this destination by the create step of this apply; nothing to do.`);
      return;
    }
    const { applyIntegration, waitOptionsFromEnvironment, withClientFromEnvironment } = networkModules();
    const claimedAt = io.env[CLAIMED_AT_ENV];
    const plannedAt = io.env[PLANNED_AT_ENV];
    const claim = claimedAt && plannedAt ? { claimedAt, plannedAt } : undefined;
    await withClientFromEnvironment(io.env, spec.apiUrl, log, userAgent, sourceOf(spec), (client) =>
      applyIntegration(client, spec, log, { ...waitOptionsFromEnvironment(io.env), claim, stackDir: io.cwd }),
    );
    return;
  }
  const spec = validateRemovalSpec(raw, SPEC_ENV);
  io.doing(`delete of Sigma integration '${spec.name}'`);
  const { declaredLinkedExportsOnDelete, deleteIntegration, withClientFromEnvironment } = networkModules();
  const declared = declaredLinkedExportsOnDelete(io.env);
  await withClientFromEnvironment(io.env, spec.apiUrl, log, userAgent, sourceOf(spec), (client) =>
    deleteIntegration(client, spec, log, { declaredLinkedExportsOnDelete: declared }),
  );
}

