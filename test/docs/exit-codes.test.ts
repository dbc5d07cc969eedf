/**
 * One table of exit codes (EXIT_CODE_TABLE): the help of the handler and of the CLI is written
 * from it, and the README and docs/troubleshooting.md must say what the code does.
 */
import { SigmaAuditLogsError } from '../../src/errors/base';
import { NoIntegrationsInStateError, TerraformUnavailableError } from '../../src/cli/commands/reconcile';
import { IntegrationNotFoundError } from '../../src/cli/commands/show';
import { CliCommandError, USAGE_EXIT_CODE } from '../../src/cli/errors';
import { EXIT_CODES, EXIT_CODE_TABLE, exitCodeFor, exitCodeHelp } from '../../src/handler/exit-codes';
import { HANDLER_BUNDLE } from '../../src/sigma/handler-wiring';
import { cli } from '../cli/helpers';
import { runHandler } from '../handler/harness';
import { markdown } from './markdown';

/** The rows of the first Markdown table after `heading`, as arrays of cells. */
function tableAfter(doc: string, heading: string): string[][] {
  const lines = markdown(doc).split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
    else if (rows.length > 0) break;
  }
  return rows.filter((cells) => !/^-+$/.test(cells[0]));
}

/** A stand-in of an error raised with this code, for exitCodeFor. */
function errorWithCode(code: string): SigmaAuditLogsError {
  return Object.assign(Object.create(SigmaAuditLogsError.prototype) as SigmaAuditLogsError, { code });
}

/** The exit code a run ends with when the error of this code is raised, as the handler and the CLI decide it. */
function exitCodesOf(code: string): number[] {
  const cliErrors: CliCommandError[] = [
    new IntegrationNotFoundError('audit_logs_prod'),
    new TerraformUnavailableError('terraform', false, 'ENOENT'),
    new NoIntegrationsInStateError('cdktf.out/stacks/prod'),
  ];
  const own = cliErrors.find((error) => error.code === code);
  if (own !== undefined) return [own.exitCode];
  if (code === 'cli_option_invalid') return [USAGE_EXIT_CODE];
  // Its exit code is that of the Terraform command that failed: `show` (the stack cannot be read) or `apply`.
  if (code === 'terraform_failed') return [EXIT_CODES.failed, EXIT_CODES.usage];
  // Its exit code is that of the first integration's problem: pending, another identity, credentials, a failed call.
  if (code === 'integrations_not_repaired') return [EXIT_CODES.failed, EXIT_CODES.usage, EXIT_CODES.drift, EXIT_CODES.auth, EXIT_CODES.pending];
  return [exitCodeFor(errorWithCode(code))];
}

describe('the exit-code table', () => {
  test('lists each exit code once, in order, on one line', () => {
    expect(EXIT_CODE_TABLE.map((row) => row.code)).toEqual(Object.values(EXIT_CODES));
    for (const row of EXIT_CODE_TABLE) expect(row.meaning).not.toContain('\n');
  });

  test('the handler prints it in its help', async () => {
    const result = await runHandler(HANDLER_BUNDLE, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(exitCodeHelp());
  });

  test('the CLI prints it in its help', async () => {
    const result = await cli(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(exitCodeHelp());
  });

  test("the README's table is the table", () => {
    const rows = tableAfter('README.md', '| code | meaning |');
    expect(rows).toEqual(EXIT_CODE_TABLE.map(({ code, meaning }) => [String(code), meaning]));
  });

  test('docs/troubleshooting.md gives each error code the exit code it ends a run with', () => {
    const rows = tableAfter('docs/troubleshooting.md', '| code | exit |');
    expect(rows.length).toBeGreaterThan(20);
    const wrong = rows
      .map(([code, exit]) => {
        const expected = exitCodesOf(code.replace(/`/g, ''));
        const shown = expected.length === 1 ? String(expected[0]) : `${Math.min(...expected)}-${Math.max(...expected)}`;
        return exit === shown ? undefined : `${code}: the doc says ${exit}, the code exits ${shown}`;
      })
      .filter((line) => line !== undefined);
    expect(wrong).toEqual([]);
  });
});
