/**
 * Running one measurement in a child process, and the statistics the report is made of. Every
 * figure is a ratio to a baseline measured in the same run, since the machine is shared and noisy.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

/** Peak RSS from `/usr/bin/time` when present; else from the child's own report (`maxRssKb`). */
export const HAS_GNU_TIME = existsSync(GNU_TIME);

export interface ChildResult {
  /** From spawn to exit, measured by the parent. */
  readonly wallMs: number;
  /** Peak resident set size of the child, in KiB (undefined when it cannot be known). */
  readonly maxRssKb?: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The last stdout line parsed as JSON, when it is JSON. */
  readonly report?: Record<string, unknown>;
}

export interface ChildOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  /** Run under /usr/bin/time for the peak RSS (default true). */
  readonly measureRss?: boolean;
}

/** The environment of every child: nothing of the parent's but what node needs to run. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', CHECKPOINT_DISABLE: '1' };
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return { ...env, ...extra };
}

/** Runs `node <args>` once and measures it; fails unless it exits 0. */
export async function runNode(args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  const result = await runNodeUnchecked(args, options);
  if (result.code !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.code}:\n${result.stderr.slice(-2000)}`);
  }
  return result;
}

export function runNodeUnchecked(args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  return runProgram(process.execPath, args, options);
}

/** Runs `file <args>` once and measures it, whatever its exit code. */
export function runProgram(file: string, args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  const timeDir = HAS_GNU_TIME && options.measureRss !== false ? mkdtempSync(path.join(tmpdir(), 'sigma-bench-time-')) : undefined;
  const timeFile = timeDir === undefined ? undefined : path.join(timeDir, 'time');
  const [command, commandArgs] =
    timeFile === undefined ? [file, args] : [GNU_TIME, ['-f', '%M', '-o', timeFile, file, ...args]];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const report = lastJsonLine(stdout);
      let maxRssKb = typeof report?.maxRssKb === 'number' ? report.maxRssKb : undefined;
      if (timeFile !== undefined && timeDir !== undefined) {
        const reported = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(reported) && reported > 0) maxRssKb = reported;
        rmSync(timeDir, { recursive: true, force: true });
      }
      resolve({ wallMs, maxRssKb, code, stdout, stderr, report });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

function lastJsonLine(text: string): Record<string, unknown> | undefined {
  const line = text.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Median, min and max of a sample. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no sample to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/**
 * Runs the baseline and the measured subject `runs` times, in alternating order (so that a drift
 * of the machine's load weighs on both alike), and returns the pairs.
 */
export async function pairedRuns<T>(
  runs: number,
  baseline: (run: number) => Promise<T>,
  subject: (run: number) => Promise<T>,
): Promise<Array<{ baseline: T; subject: T }>> {
  const pairs: Array<{ baseline: T; subject: T }> = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      const b = await baseline(run);
      const s = await subject(run);
      pairs.push({ baseline: b, subject: s });
    } else {
      const s = await subject(run);
      const b = await baseline(run);
      pairs.push({ baseline: b, subject: s });
    }
  }
  return pairs;
}

/** Per-pair ratio subject / baseline of a figure, summarised. */
export function ratioSpread<T>(pairs: ReadonlyArray<{ baseline: T; subject: T }>, figure: (value: T) => number): Spread {
  return spread(pairs.map((pair) => figure(pair.subject) / figure(pair.baseline)));
}

/** Per-pair difference subject − baseline of a figure, summarised. */
export function differenceSpread<T>(pairs: ReadonlyArray<{ baseline: T; subject: T }>, figure: (value: T) => number): Spread {
  return spread(pairs.map((pair) => figure(pair.subject) - figure(pair.baseline)));
}

export function rssMb(result: ChildResult): number {
  if (result.maxRssKb === undefined) return Number.NaN;
  return result.maxRssKb / 1024;
}
