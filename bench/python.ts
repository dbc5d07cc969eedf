/**
 * The Python package: `import cdktf_sigma_audit_logs` against `import cdktf` in the same
 * environment (scripts/python-env.sh: the wheel built by jsii-pacmak, in the cached virtual
 * environment of the Python lane). What a Python user pays for the library on top of cdktf.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, PROBES } from './build';
import { Spread, cleanEnv, differenceSpread, pairedRuns, runProgram, spread } from './measure';
import { Row, figure, mb, ms, verdict } from './report';

interface ImportResult {
  readonly importMs: number;
  /** Peak RSS of the Python process plus that of the jsii kernel (its node child), in MB. */
  readonly peakMb: number;
}

/** Targets: what importing the package may add to importing cdktf. */
const MAX_EXTRA_SECONDS = 3;
const MAX_EXTRA_MB = 150;

/** The virtual environment's python, with the wheel installed (built first unless told not to). */
export function pythonEnvironment(build: boolean, log: (line: string) => void): string {
  log(build ? '  building the wheel and the Python environment...' : '  the Python environment, with the wheel as built...');
  const output = execFileSync('bash', [path.join(ROOT, 'scripts', 'python-env.sh'), ...(build ? [] : ['--no-build'])], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 2],
  });
  return path.join(output.trim().split('\n').pop() ?? '', 'bin', 'python');
}

async function importOnce(python: string, module: string): Promise<ImportResult> {
  // The probe reports both peaks itself: /usr/bin/time would see Python's only, not the jsii kernel's.
  const run = await runProgram(python, [path.join(PROBES, 'python-import.py'), module], { cwd: ROOT, env: cleanEnv(), measureRss: false });
  const report = run.report as { importMs: number; pythonMaxRssKb: number; kernelMaxRssKb: number | null } | undefined;
  if (run.code !== 0 || report === undefined) {
    throw new Error(`python ${module} import probe exited ${run.code}:\n${run.stderr.slice(-2000)}`);
  }
  return { importMs: report.importMs, peakMb: (report.pythonMaxRssKb + (report.kernelMaxRssKb ?? Number.NaN)) / 1024 };
}

export async function pythonSection(runs: number, build: boolean, log: (line: string) => void): Promise<Row[]> {
  const python = pythonEnvironment(build, log);
  log('  import cdktf vs import cdktf_sigma_audit_logs...');
  const pairs = await pairedRuns(
    runs,
    () => importOnce(python, 'cdktf'),
    () => importOnce(python, 'cdktf_sigma_audit_logs'),
  );
  const median = (values: readonly number[]) => spread(values).median;
  const extraSeconds: Spread = differenceSpread(pairs, (r) => r.importMs / 1000);
  const extraMb: Spread = differenceSpread(pairs, (r) => r.peakMb);
  return [
    {
      what: 'import cdktf_sigma_audit_logs: time in the import',
      baseline: ms(median(pairs.map((p) => p.baseline.importMs))),
      subject: ms(median(pairs.map((p) => p.subject.importMs))),
      figure: figure(extraSeconds, (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} s`),
      target: `≤ +${MAX_EXTRA_SECONDS} s`,
      verdict: verdict(extraSeconds.median <= MAX_EXTRA_SECONDS),
    },
    {
      what: 'import cdktf_sigma_audit_logs: peak RSS of Python and the jsii kernel',
      baseline: mb(median(pairs.map((p) => p.baseline.peakMb))),
      subject: mb(median(pairs.map((p) => p.subject.peakMb))),
      figure: figure(extraMb, (v) => `${v >= 0 ? '+' : ''}${v.toFixed(0)} MB`),
      target: `≤ +${MAX_EXTRA_MB} MB`,
      verdict: Number.isNaN(extraMb.median) ? 'invalid' : verdict(extraMb.median <= MAX_EXTRA_MB),
      note: Number.isNaN(extraMb.median) ? "the jsii kernel's peak RSS could not be read (/proc)" : undefined,
    },
  ];
}
