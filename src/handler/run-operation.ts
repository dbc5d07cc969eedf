/**
 * One operation of the handler (`apply | locate | read | credentials | delete`), as ./main runs
 * it. The modules that talk to Sigma (the client, the operations) are loaded only once a run
 * needs them: not for a spec that is refused, nor for a settings step that has nothing to do.
 */
import type { SigmaClient } from '../client/client';
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

/** The modules that talk to Sigma. */
type Network = typeof import('./environment') & typeof import('./operations');

let loadedNetwork: Network | undefined;

/** The modules that talk to Sigma, loaded on first use. */
function networkModules(): Network {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see the file's comment */
  loadedNetwork ??= { ...(require('./environment') as typeof import('./environment')), ...(require('./operations') as typeof import('./operations')) };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loadedNetwork;
}

function logTo(write: (text: string) => void): HandlerLog {
  return {
    info: (line) => write(`${line}\n`),
    warn: (line) => write(`Warning: ${line}\n`),
  };
}

/**
 * Runs `use` with the network modules loaded and a Sigma client of the spec's organization: the
 * credentials come from the variables the spec names (default SIGMA_CLIENT_ID / _SECRET).
 */
function withClient<T>(
  io: Io,
  spec: IdentitySpec & Pick<IntegrationSpec, 'apiUrlVariable'>,
  log: HandlerLog,
  use: (client: SigmaClient, network: Network) => Promise<T>,
): Promise<T> {
  const network = networkModules();
  const source = { variables: network.credentialVariablesOf(spec), apiUrlVariable: spec.apiUrlVariable, integrationName: spec.name };
  const userAgent = `cdktf-sigma-audit-logs-handler/${packageVersion()}`;
  return network.withClientFromEnvironment(io.env, spec.apiUrl, log, userAgent, source, (client) => use(client, network));
}

/** Runs one operation of the handler; throws what it fails with. */
export async function runOperation(operation: Operation, io: Io): Promise<void> {
  if (operation === 'read' || operation === 'credentials' || operation === 'locate') {
    // stdout is the data source's result: nothing else may be written to it.
    const log = logTo(io.err);
    const source = 'the query on stdin';
    const query = parseSpecJson(await io.readStdin(), source);
    // Data sources are read while Terraform plans: a pending integration fails the read at once
    // rather than holding the plan (the apply that creates an integration waits for it).
    const options = (network: Network) => ({ ...network.waitOptionsFromEnvironment(io.env), stackDir: io.cwd, whenPending: 'fail' as const });
    let result: object;
    if (operation === 'locate') {
      const spec = validateLocateSpec(query, source);
      io.doing(`${operation} of Sigma integration '${spec.name}'`);
      result = await withClient(io, spec, log, (client, network) => network.locateIntegration(client, spec));
    } else if (operation === 'read') {
      const spec = validateSpec(query, source);
      io.doing(`${operation} of Sigma integration '${spec.name}'`);
      result = await withClient(io, spec, log, (client, network) => network.readIntegration(client, spec, log, options(network)));
    } else {
      const spec = validateCredentialsSpec(query, source);
      io.doing(`${operation} of Sigma integration '${spec.name}'`);
      result = await withClient(io, spec, log, (client, network) => network.readCredentials(client, spec, log, options(network)));
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
    const claimedAt = io.env[CLAIMED_AT_ENV];
    const plannedAt = io.env[PLANNED_AT_ENV];
    const claim = claimedAt && plannedAt ? { claimedAt, plannedAt } : undefined;
    await withClient(io, spec, log, (client, network) =>
      network.applyIntegration(client, spec, log, { ...network.waitOptionsFromEnvironment(io.env), claim, stackDir: io.cwd }),
    );
    return;
  }
  const spec = validateRemovalSpec(raw, SPEC_ENV);
  io.doing(`delete of Sigma integration '${spec.name}'`);
  // The policy of the configuration being deployed, refused if unreadable before any client is built.
  const declared = networkModules().declaredLinkedExportsOnDelete(io.env);
  await withClient(io, spec, log, (client, network) => network.deleteIntegration(client, spec, log, { declaredLinkedExportsOnDelete: declared }));
}
