/**
 * The custom-resource handler, as Terraform runs it: `node handler.js apply | read | credentials | delete`.
 * This file only reads argv, the environment and stdin, calls an operation (./run-operation) and
 * turns its outcome into an exit code (EXIT_CODE_TABLE in ./exit-codes) and output. It loads the
 * operation's modules only once it has one to run: Terraform starts the handler several times per
 * integration, so what every start loads is kept small (docs/benchmarks.md).
 *
 * Output: progress lines on stdout (Terraform streams a local-exec's stdout), except for `read`
 * and `credentials`, whose stdout carries only the JSON result; their progress goes to stderr. Errors go to stderr as
 * their message only (no stack trace), which never holds a secret.
 *
 * Stopping: SIGINT, SIGTERM, or the Terraform that started the handler being gone (./stopping)
 * end the run at once with one line on stderr and exit code 130. Exiting is what cancels the
 * Sigma call in flight (its connection closes with the process): every operation is safe to
 * repeat from whatever state a cut call left in Sigma, so the next apply or destroy converges.
 */
// First: a Node.js too old for the handler stops here, before any other module is evaluated.
import './require-node';
import { SigmaAuditLogsError } from '../errors/base';
import { showValue } from '../errors/show-value';
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV } from '../rules/credentials';
import { dropOutputToClosedPipes } from './closed-output';
import { UsageError } from './errors';
import { EXIT_CODES, exitCodeFor, exitCodeHelp } from './exit-codes';
import type { Io, Operation } from './run-operation';
import {
  API_URL_ENV,
  BACKOFF_BASE_ENV,
  CLAIMED_AT_ENV,
  IDENTITY_CREATED_AT_ENV,
  LINKED_EXPORTS_ON_DELETE_ENV,
  PLANNED_AT_ENV,
  POLL_INTERVAL_ENV,
  SPEC_ENV,
} from './spec';
import { HandlerStoppedError, stopOnSignalOrOrphaned } from './stopping';
import { packageVersion } from './version';

const USAGE = `Usage: node handler.js <apply | locate | read | credentials | delete>

The custom-resource handler of cdktf-sigma-audit-logs. Terraform runs it from the resources
the constructs declare; it can also be run by hand with the same environment.

Operations:
  apply    Without integrationId in ${SPEC_ENV}: create the Sigma audit-log storage
           integration it describes (or adopt adoptIntegrationId); a name held by an
           integration this stack does not own stops it before any change. With
           integrationId: bring that integration's destination to the declared one. Then
           wait until its credentials are ready. Safe to repeat.
  locate   Data source protocol: prints the id of the integration the create step made
           or adopted, and its organization's id, for the state to record.
  read     Terraform "external" data source protocol: reads the spec as a JSON object of
           strings on stdin, prints the owned integration's id, status and credentials as a
           JSON object of strings on stdout. Fails when the integration is missing or its
           destination differs from the declared one, naming the command that repairs it.
  credentials
           Like read, for the identity keys only (no destination): prints the same result
           whatever the destination, so that a destination change keeps the credentials
           known at plan time. Fails when the integration is missing.
  delete   Delete the integration whose integrationId ${SPEC_ENV} gives (absent is
           success; one that no longer has the recorded name and identity is left alone);
           its linked scheduled exports are paused or deleted per linkedExportsOnDelete.

Options:
  -h, --help       Show this help.
  -V, --version    Show the package version.

Environment:
  ${SPEC_ENV}   The integration's spec as JSON (apply, delete).
  ${LINKED_EXPORTS_ON_DELETE_ENV}
                         delete: pause or delete, the linked-exports policy the
                         configuration being deployed declares; overrides the spec's.
  ${CLIENT_ID_ENV}, ${CLIENT_SECRET_ENV}
                         Sigma API credentials of an Admin; read only from the
                         environment, from these variables or from the ones the
                         spec names in clientIdVariable and clientSecretVariable.
  ${CLAIMED_AT_ENV}, ${PLANNED_AT_ENV}
                         apply (create step): when this resource's claim was recorded
                         and when the plan was made (how a lost create is recognised).
  ${IDENTITY_CREATED_AT_ENV}
                         apply (settings step): when the identity resource was
                         created; not earlier than ${PLANNED_AT_ENV}, the create step of
                         this apply has just done the work, and apply exits at once.
  ${API_URL_ENV}          Overrides the spec's apiUrl (e.g. a local emulator) for
                         integrations that use the default credential variables; one
                         whose credentials name their own variables takes its override
                         from the variable its apiUrlVariable names, if any.
  ${POLL_INTERVAL_ENV}, ${BACKOFF_BASE_ENV}
                         Test knobs: first pause between status checks and retry backoff
                         base, in milliseconds.

Exit codes (delete exits 0 also when the integration is absent, or the name is another cloud's):
${exitCodeHelp()}`;

const OPERATIONS: readonly Operation[] = ['apply', 'locate', 'read', 'credentials', 'delete'];

/** Runs the handler with these arguments; resolves to the exit code. */
async function main(args: readonly string[], io: Io): Promise<number> {
  try {
    if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
      io.out(USAGE);
      return EXIT_CODES.success;
    }
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
      io.out(`${packageVersion()}\n`);
      return EXIT_CODES.success;
    }
    if (args.length !== 1 || !(OPERATIONS as readonly string[]).includes(args[0])) {
      throw new UsageError(args.length === 0 ? 'No operation given' : `Unexpected arguments ${showValue(args)}`);
    }
    // Loaded only for an operation: help and version need neither zod, the client nor the operations.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand
    const { runOperation } = require('./run-operation') as typeof import('./run-operation');
    await runOperation(args[0] as Operation, io);
    return EXIT_CODES.success;
  } catch (err) {
    io.err(describe(err));
    return exitCodeFor(err);
  }
}

/** The message of an error, without stack trace or properties (which could carry request details). */
function describe(err: unknown): string {
  if (err instanceof SigmaAuditLogsError) return `Error (${err.code}): ${err.message}\n`;
  const message = err instanceof Error ? err.message : String(err);
  return `Error: unexpected failure: ${message}\n`;
}

function readAll(stream: NodeJS.ReadStream): Promise<string> {
  if (stream.isTTY) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** Longest wait for the output to be written before exiting once stopped, in ms. */
const STOP_FLUSH_LIMIT_MS = 1_000;

let activity = '';
let stopping = false;
dropOutputToClosedPipes();
stopOnSignalOrOrphaned((reason) => {
  stopping = true;
  const stopped = new HandlerStoppedError(reason, activity);
  process.stderr.write(describe(stopped));
  process.exitCode = exitCodeFor(stopped);
  const exit = () => process.exit(exitCodeFor(stopped));
  setTimeout(exit, STOP_FLUSH_LIMIT_MS).unref();
  void Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(exit);
});
void main(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: () => readAll(process.stdin),
  cwd: process.cwd(),
  doing: (what) => (activity = what),
}).then(async (code) => {
  if (stopping) return;
  // Exit explicitly once the output is written, so that no lingering handle keeps Terraform waiting.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
});
