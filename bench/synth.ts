/**
 * Loading and synthesizing: require() of the package, synth of the three examples, and synth of
 * one stack with many integrations, each against a baseline without the package.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HANDLER_BUNDLE, LIB_INDEX, PROBES, ROOT, probeBundle } from './build';
import { ChildResult, Spread, differenceSpread, pairedRuns, ratioSpread, rssMb, runNode, spread } from './measure';
import { Row, figure, ms, mb, ratioCell, verdict } from './report';

type Pairs = Array<{ baseline: ChildResult; subject: ChildResult }>;

function reportNumber(result: ChildResult, key: string): number {
  const value = result.report?.[key];
  if (typeof value !== 'number') throw new Error(`the probe reported no ${key}: ${result.stdout.slice(-500)}`);
  return value;
}

function reportList(result: ChildResult, key: string): string[] {
  const value = result.report?.[key];
  return Array.isArray(value) ? value.map(String) : [];
}

function medianOf(results: readonly ChildResult[], value: (result: ChildResult) => number): number {
  return spread(results.map(value)).median;
}

// ---------------------------------------------------------------------------------------------

export async function requireSection(runs: number): Promise<Row[]> {
  const pairs: Pairs = await pairedRuns(
    runs,
    () => runNode([path.join(PROBES, 'require-baseline.cjs')], { cwd: ROOT }),
    () => runNode([path.join(PROBES, 'require-library.cjs'), LIB_INDEX], { cwd: ROOT }),
  );
  const libraryModules = reportList(pairs[0].subject, 'providerModules');
  const baselineModules = reportList(pairs[0].baseline, 'providerModules');
  const barrels = reportList(pairs[0].subject, 'barrels');
  const sameModules = libraryModules.join() === baselineModules.join();

  const requireRatio = ratioSpread(pairs, (r) => reportNumber(r, 'requireMs'));
  const rssDelta = differenceSpread(pairs, rssMb);
  const wallRatio = ratioSpread(pairs, (r) => r.wallMs);
  const baselineNote = sameModules
    ? libraryModules.length === 0
      ? 'neither loads a provider binding'
      : `the same ${libraryModules.length} provider modules`
    : `baseline out of date: package loads ${libraryModules.join(', ')}; baseline ${baselineModules.join(', ')}`;
  return [
    {
      what: 'require() of lib/index.js: time in require()',
      baseline: ms(medianOf(pairs.map((p) => p.baseline), (r) => reportNumber(r, 'requireMs'))),
      subject: ms(medianOf(pairs.map((p) => p.subject), (r) => reportNumber(r, 'requireMs'))),
      figure: ratioCell(requireRatio),
      target: '≤ 1.3×',
      verdict: sameModules ? verdict(requireRatio.median <= 1.3) : 'invalid',
      note: baselineNote,
    },
    {
      what: 'require() of lib/index.js: peak RSS',
      baseline: mb(medianOf(pairs.map((p) => p.baseline), rssMb)),
      subject: mb(medianOf(pairs.map((p) => p.subject), rssMb)),
      figure: figure(rssDelta, (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} MB`),
      target: '≤ +30 MB',
      verdict: verdict(rssDelta.median <= 30),
    },
    {
      what: 'require() of lib/index.js: whole process (node start included)',
      baseline: ms(medianOf(pairs.map((p) => p.baseline), (r) => r.wallMs)),
      subject: ms(medianOf(pairs.map((p) => p.subject), (r) => r.wallMs)),
      figure: ratioCell(wallRatio),
      target: '',
      verdict: 'info',
    },
    {
      what: 'provider binding modules loaded by the package',
      baseline: '',
      subject: libraryModules.length + barrels.length === 0 ? 'none' : [...barrels, ...libraryModules].join(', '),
      figure: '',
      target: 'none',
      verdict: verdict(libraryModules.length + barrels.length === 0),
    },
  ];
}

// ---------------------------------------------------------------------------------------------

/** Synthesizes with a probe into a fresh folder; returns the result and the folder (kept for checks). */
async function synthOnce(probeId: string, size: number, skipVersionCheck: boolean): Promise<{ result: ChildResult; outdir: string }> {
  const outdir = mkdtempSync(path.join(tmpdir(), `sigma-bench-${probeId}-`));
  const preload = skipVersionCheck ? ['-r', path.join(PROBES, 'no-terraform-version-check.cjs')] : [];
  const result = await runNode([...preload, probeBundle(probeId), outdir, String(size), HANDLER_BUNDLE], { cwd: ROOT });
  return { result, outdir };
}

/** JSON with sorted object keys, so that two configurations compare by content. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

interface Equivalence {
  readonly identical: boolean;
  readonly resources: number;
  /** `terraform_data` resources (cdktf's DataResource checks the Terraform version once for each). */
  readonly terraformData: number;
  readonly detail: string;
}

/**
 * The stack's cdk.tf.json without cdktf's record of which elements `addOverride` changed
 * (`//.metadata.overrides`): it says how the JSON was written, not what Terraform reads. The
 * baseline declares `required_version` with `stack.addOverride`, as a user would by hand; the
 * package declares it with an element of its own, which cdktf does not record there.
 */
function readStack(dir: string, stack: string): Record<string, Record<string, Record<string, unknown>>> {
  const config = JSON.parse(readFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Record<
    string,
    Record<string, Record<string, unknown>>
  >;
  delete config['//']?.metadata?.overrides;
  return config;
}

/** Whether both folders hold the same Terraform configuration for the stack, and its size. */
function compareStacks(stack: string, baselineDir: string, subjectDir: string): Equivalence {
  const read = (dir: string) => readStack(dir, stack);
  const baseline = read(baselineDir);
  const subject = read(subjectDir);
  let resources = 0;
  for (const block of ['resource', 'data']) {
    for (const instances of Object.values(subject[block] ?? {})) resources += Object.keys(instances).length;
  }
  const terraformData = Object.keys(subject.resource?.terraform_data ?? {}).length;
  const identical = JSON.stringify(canonical(baseline)) === JSON.stringify(canonical(subject));
  let detail = '';
  if (!identical) {
    const a = JSON.stringify(canonical(baseline), null, 1).split('\n');
    const b = JSON.stringify(canonical(subject), null, 1).split('\n');
    const at = a.findIndex((line, index) => line !== b[index]);
    detail = `first difference at line ${at}: baseline ${a[at]?.trim()} / package ${b[at]?.trim()}`;
  }
  return { identical, resources, terraformData, detail };
}

interface SynthPairs {
  readonly pairs: Pairs;
  readonly equivalence: Equivalence;
}

async function synthPairs(
  runs: number,
  stack: string,
  baselineProbe: string,
  subjectProbe: string,
  size: number,
  skipVersionCheck: boolean,
): Promise<SynthPairs> {
  let equivalence: Equivalence | undefined;
  const kept: { baseline?: string; subject?: string } = {};
  const once = (probe: string, role: 'baseline' | 'subject') => async (run: number) => {
    const { result, outdir } = await synthOnce(probe, size, skipVersionCheck);
    if (run === 0) kept[role] = outdir;
    else rmSync(outdir, { recursive: true, force: true });
    return result;
  };
  const pairs = await pairedRuns(runs, once(baselineProbe, 'baseline'), once(subjectProbe, 'subject'));
  if (kept.baseline !== undefined && kept.subject !== undefined) {
    equivalence = compareStacks(stack, kept.baseline, kept.subject);
  }
  for (const dir of Object.values(kept)) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  if (equivalence === undefined) throw new Error('no run to compare');
  return { pairs, equivalence };
}

function equivalenceNote(equivalence: Equivalence): string {
  return equivalence.identical
    ? `same cdk.tf.json (${equivalence.resources} resources and data sources)`
    : `BASELINE DIFFERS: ${equivalence.detail}`;
}

export async function examplesSection(runs: number, log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const cloud of ['aws', 'azure', 'gcp']) {
    log(`  examples/${cloud}`);
    const { pairs, equivalence } = await synthPairs(runs, `${cloud}-audit-logs`, `example-${cloud}-direct`, `example-${cloud}-library`, 0, true);
    const wall = ratioSpread(pairs, (r) => r.wallMs);
    const rss = ratioSpread(pairs, rssMb);
    const valid = equivalence.identical ? undefined : 'invalid';
    rows.push(
      {
        what: `synth examples/${cloud}: wall`,
        baseline: ms(medianOf(pairs.map((p) => p.baseline), (r) => r.wallMs)),
        subject: ms(medianOf(pairs.map((p) => p.subject), (r) => r.wallMs)),
        figure: ratioCell(wall),
        target: '≤ 1.5×',
        verdict: valid ?? verdict(wall.median <= 1.5),
        note: `${equivalenceNote(equivalence)}; package: load ${ms(medianOf(pairs.map((p) => p.subject), (r) => reportNumber(r, 'loadMs')))}, construct ${ms(medianOf(pairs.map((p) => p.subject), (r) => reportNumber(r, 'constructMs')))}, synth ${ms(medianOf(pairs.map((p) => p.subject), (r) => reportNumber(r, 'synthMs')))}`,
      },
      {
        what: `synth examples/${cloud}: peak RSS`,
        baseline: mb(medianOf(pairs.map((p) => p.baseline), rssMb)),
        subject: mb(medianOf(pairs.map((p) => p.subject), rssMb)),
        figure: ratioCell(rss),
        target: '≤ 1.5×',
        verdict: valid ?? verdict(rss.median <= 1.5),
      },
    );
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

export async function scaleSection(runs: number, sizes: readonly number[], log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const bySize = new Map<number, SynthPairs>();
  for (const size of sizes) {
    log(`  ${size} integrations`);
    const measured = await synthPairs(runs, 'scale', 'scale-direct', 'scale-library', size, true);
    bySize.set(size, measured);
    const { pairs, equivalence } = measured;
    const wall = ratioSpread(pairs, (r) => r.wallMs);
    const rss = ratioSpread(pairs, rssMb);
    const valid = equivalence.identical ? undefined : 'invalid';
    const subjectWall = medianOf(pairs.map((p) => p.subject), (r) => r.wallMs);
    const subjectRss = medianOf(pairs.map((p) => p.subject), rssMb);
    rows.push(
      {
        what: `synth ${size} integrations: wall`,
        baseline: ms(medianOf(pairs.map((p) => p.baseline), (r) => r.wallMs)),
        subject: ms(subjectWall),
        figure: ratioCell(wall),
        target: size === 1000 ? '≤ 2×, ≤ 5 s' : '≤ 2×',
        verdict: valid ?? verdict(wall.median <= 2 && (size !== 1000 || subjectWall <= 5000)),
        note: `${equivalenceNote(equivalence)}; package: construct ${ms(medianOf(pairs.map((p) => p.subject), (r) => reportNumber(r, 'constructMs')))}, synth ${ms(medianOf(pairs.map((p) => p.subject), (r) => reportNumber(r, 'synthMs')))}`,
      },
      {
        what: `synth ${size} integrations: peak RSS`,
        baseline: mb(medianOf(pairs.map((p) => p.baseline), rssMb)),
        subject: mb(subjectRss),
        figure: ratioCell(rss),
        target: size === 1000 ? '≤ 2×, ≤ 500 MB' : '≤ 2×',
        verdict: valid ?? verdict(rss.median <= 2 && (size !== 1000 || subjectRss <= 500)),
      },
    );
  }

  // Growth: the cost of one more integration from 100 to 1000, against that from 10 to 100.
  if (bySize.has(10) && bySize.has(100) && bySize.has(1000)) {
    const at = (size: number, run: number, role: 'baseline' | 'subject') => bySize.get(size)!.pairs[run][role].wallMs;
    const growth = (role: 'baseline' | 'subject'): { perIntegration: Spread; ratio: Spread } => {
      const high: number[] = [];
      const ratios: number[] = [];
      for (let run = 0; run < runs; run++) {
        const lowSlope = (at(100, run, role) - at(10, run, role)) / 90;
        const highSlope = (at(1000, run, role) - at(100, run, role)) / 900;
        high.push(highSlope);
        ratios.push(highSlope / lowSlope);
      }
      return { perIntegration: spread(high), ratio: spread(ratios) };
    };
    const subject = growth('subject');
    const baseline = growth('baseline');
    rows.push({
      what: 'growth: ms per integration, 100→1000 ÷ 10→100',
      baseline: `${baseline.ratio.median.toFixed(2)}× (${baseline.perIntegration.median.toFixed(1)} ms each)`,
      subject: `${subject.perIntegration.median.toFixed(1)} ms each`,
      figure: figure(subject.ratio, (v) => `${v.toFixed(2)}×`),
      target: '≤ 1.5×',
      verdict: verdict(subject.ratio.median <= 1.5),
    });
  }

  // As shipped: the baseline's DataResource runs `terraform version` once per resource at synth;
  // the package's terraform_data resources do not.
  if (bySize.has(100)) {
    log('  100 integrations as shipped (the baseline checks the Terraform version per resource)');
    const { pairs, equivalence } = await synthPairs(runs, 'scale', 'scale-direct', 'scale-library', 100, false);
    rows.push({
      what: 'synth 100 integrations as shipped: wall',
      baseline: ms(medianOf(pairs.map((p) => p.baseline), (r) => r.wallMs)),
      subject: ms(medianOf(pairs.map((p) => p.subject), (r) => r.wallMs)),
      figure: ratioCell(ratioSpread(pairs, (r) => r.wallMs)),
      target: '',
      verdict: equivalence.identical ? 'info' : 'invalid',
      note:
        `the baseline's ${equivalence.terraformData} DataResource each run \`terraform version\` at synth ` +
        "(cdktf's validation); the package's terraform_data resources render the same JSON without it",
    });
  }
  return rows;
}
