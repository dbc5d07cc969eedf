/**
 * `sigma-audit-logs emulator`: runs the local Sigma emulator until SIGINT/SIGTERM.
 */
import { Command, Option } from 'commander';
import { showValue } from '../../errors/show-value';
import { DEFAULT_CLIENTS, DEFAULT_PROVISIONING_DELAY_MS, EmulatorClient, EmulatorError, startEmulator } from '../../emulator';
import { CliUsageError } from '../errors';
import type { CliOutput } from '../io';

const DEFAULT_EMULATOR_PORT = 8787;

/** Environment variables the command reads when the matching option is not given. */
const EMULATOR_ENV = {
  port: 'SIGMA_EMULATOR_PORT',
  clients: 'SIGMA_EMULATOR_CLIENTS',
  provisioningDelay: 'SIGMA_EMULATOR_PROVISIONING_DELAY_MS',
  tokenLifetime: 'SIGMA_EMULATOR_TOKEN_LIFETIME_SECONDS',
  seed: 'SIGMA_EMULATOR_SEED',
} as const;

const CLIENT_FORM = 'id:secret:AccountType';
const CLIENT_EXAMPLE = 'ci-admin:change-me:Admin';
const ACCOUNT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9 _-]*$/;
const CLIENT_ID_PATTERN = /^[^\s:,]+$/;

interface EmulatorCommandOptions {
  readonly port?: string;
  readonly provisioningDelay?: string;
  readonly tokenLifetime?: string;
  readonly seed?: string;
  readonly client?: string[];
}

/** Where a value came from, as messages name it. */
interface Source {
  readonly option: string;
  readonly env: string;
  readonly fromEnv: boolean;
}

export function registerEmulatorCommand(program: Command, output: CliOutput): Command {
  return program
    .command('emulator')
    .description(
      'Run a local Sigma API emulator on 127.0.0.1 (storage integrations, scheduled exports, token endpoint, ' +
        'and test controls under /__emulator/). Prints its base URL on the first line, then the accepted clients.',
    )
    .addOption(new Option('--port <n>', `port to listen on, 0 for any free port (default: ${DEFAULT_EMULATOR_PORT})`).env(EMULATOR_ENV.port))
    .addOption(
      new Option('--provisioning-delay <ms>', `milliseconds a new integration stays pending (default: ${DEFAULT_PROVISIONING_DELAY_MS})`).env(
        EMULATOR_ENV.provisioningDelay,
      ),
    )
    .addOption(new Option('--token-lifetime <seconds>', 'lifetime of access tokens (default: 3600)').env(EMULATOR_ENV.tokenLifetime))
    .addOption(new Option('--seed <n>', 'seed of generated ids and credentials, for repeatable runs').env(EMULATOR_ENV.seed))
    .addOption(
      new Option(
        '--client <id:secret:AccountType>',
        `accepted API client, repeatable; replaces the default clients admin (Admin) and viewer (Viewer). ` +
          `Prefer ${EMULATOR_ENV.clients} (comma-separated): process arguments are visible to other local users`,
      )
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .action(async (opts: EmulatorCommandOptions, command: Command) => {
      const source = (name: string, option: string, env: string): Source => ({
        option,
        env,
        fromEnv: command.getOptionValueSource(name) === 'env',
      });
      const port = parseWholeNumber(opts.port, source('port', '--port', EMULATOR_ENV.port), 0, 65535, '8787 (or 0 for any free port)');
      const provisioningDelayMs = parseWholeNumber(
        opts.provisioningDelay,
        source('provisioningDelay', '--provisioning-delay', EMULATOR_ENV.provisioningDelay),
        0,
        24 * 3600 * 1000,
        '2000',
      );
      const tokenLifetimeSeconds = parsePositiveNumber(opts.tokenLifetime, source('tokenLifetime', '--token-lifetime', EMULATOR_ENV.tokenLifetime), '3600');
      const seed = parseWholeNumber(opts.seed, source('seed', '--seed', EMULATOR_ENV.seed), 0, 2 ** 32 - 1, '42');
      const clients = parseClients(opts.client ?? [], process.env[EMULATOR_ENV.clients]);

      let emulator;
      try {
        emulator = await startEmulator({
          port: port ?? DEFAULT_EMULATOR_PORT,
          provisioningDelayMs,
          tokenLifetimeSeconds,
          seed,
          clients,
          log: (line) => output.err(`${line}\n`),
        });
      } catch (error) {
        if (error instanceof EmulatorError && error.field === 'port') {
          throw new CliUsageError(`--port: ${error.message}`);
        }
        throw error;
      }
      // The URL alone on the first line, so a script can read it with `head -n 1`.
      output.out(`${emulator.url}\n`);
      for (const client of clients ?? DEFAULT_CLIENTS) {
        output.out(`client ${client.clientId} (${client.accountType})\n`);
      }
      await waitForSignal();
      await emulator.close();
    });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function describe(source: Source): string {
  return source.fromEnv ? `${source.env} (environment)` : source.option;
}

function parseWholeNumber(raw: string | undefined, source: Source, min: number, max: number, example: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(value >= min && value <= max)) {
    throw new CliUsageError(`${describe(source)} is ${showValue(raw)}; expected a whole number from ${min} to ${max}. Example: ${example}`);
  }
  return value;
}

function parsePositiveNumber(raw: string | undefined, source: Source, example: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(value > 0)) {
    throw new CliUsageError(`${describe(source)} is ${showValue(raw)}; expected a number of seconds greater than 0. Example: ${example}`);
  }
  return value;
}

/** Clients from `--client` options, else from the environment variable, else undefined (the defaults). */
function parseClients(options: readonly string[], env: string | undefined): EmulatorClient[] | undefined {
  let specs: string[];
  let label: string;
  if (options.length > 0) {
    specs = [...options];
    label = '--client';
  } else if (env !== undefined && env.trim() !== '') {
    specs = env.split(',').map((s) => s.trim());
    label = `${EMULATOR_ENV.clients} (environment) entry`;
  } else {
    return undefined;
  }
  const clients: EmulatorClient[] = [];
  specs.forEach((spec) => {
    const first = spec.indexOf(':');
    const last = spec.lastIndexOf(':');
    const clientId = first < 0 ? spec : spec.slice(0, first);
    // The secret is never repeated: only the id and the account type are shown.
    const shown = first < 0 ? showValue(spec) : `"${clientId}:<secret hidden>${last > first ? `:${spec.slice(last + 1)}` : ''}"`;
    const fail = (what: string): never => {
      throw new CliUsageError(`${label} ${shown} is invalid: ${what}; expected ${CLIENT_FORM}. Example: ${CLIENT_EXAMPLE}`);
    };
    if (first < 0 || last === first) fail('it needs an id, a secret and an account type separated by ":"');
    const clientSecret = spec.slice(first + 1, last);
    const accountType = spec.slice(last + 1);
    if (!CLIENT_ID_PATTERN.test(clientId)) fail('the id must be non-empty, without spaces, ":" or ","');
    if (clientSecret === '') fail('the secret is empty');
    if (!ACCOUNT_TYPE_PATTERN.test(accountType)) fail('the account type must be a word such as Admin, Creator or Viewer');
    if (clients.some((c) => c.clientId === clientId)) fail(`client id "${clientId}" is given twice`);
    clients.push({ clientId, clientSecret, accountType });
  });
  return clients;
}
