/**
 * The benchmark's output: a table on stdout, and the same figures in docs/benchmarks.md between
 * two markers (the prose around them is kept).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import type { Spread } from './measure';

export type Verdict = 'met' | 'MISSED' | 'info' | 'invalid';

export interface Row {
  readonly what: string;
  /** Baseline's median (absolute). */
  readonly baseline: string;
  /** Measured subject's median (absolute). */
  readonly subject: string;
  /** The figure judged against the target: median (min–max). */
  readonly figure: string;
  readonly target: string;
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface Section {
  readonly title: string;
  /** What the baseline is, in a few words. */
  readonly baseline: string;
  readonly rows: Row[];
  /** Free lines printed under the table (e.g. the HTTP calls of a handler run). */
  readonly details?: string[];
}

export function verdict(met: boolean): Verdict {
  return met ? 'met' : 'MISSED';
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function mb(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${Math.round(value)} MB`;
}

export function figure(value: Spread, format: (v: number) => string): string {
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

export function ratioCell(value: Spread): string {
  return figure(value, (v) => `${v.toFixed(2)}×`);
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  readonly date: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

// ---------------------------------------------------------------------------------------------

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** Plain-text tables, one per section. */
export function renderText(sections: readonly Section[]): string {
  const out: string[] = [];
  const headers = ['what', 'baseline', 'package', 'figure (median, min–max)', 'target', ''];
  for (const section of sections) {
    out.push('', `${section.title}   [baseline: ${section.baseline}]`);
    const cells = section.rows.map((row) => [row.what, row.baseline, row.subject, row.figure, row.target, row.verdict]);
    const widths = headers.map((header, column) => Math.max([...header].length, ...cells.map((line) => [...line[column]].length)));
    out.push(headers.map((header, column) => pad(header, widths[column])).join('  '));
    for (const line of cells) out.push(line.map((cell, column) => pad(cell, widths[column])).join('  '));
    for (const row of section.rows) if (row.note) out.push(`  - ${row.what}: ${row.note}`);
    for (const line of section.details ?? []) out.push(`  ${line}`);
  }
  return out.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Where a block of figures goes in docs/benchmarks.md. */
export interface Markers {
  readonly begin: string;
  readonly end: string;
}

export const FIGURE_MARKERS: Markers = {
  begin: '<!-- benchmark figures: begin (written by `npm run bench`) -->',
  end: '<!-- benchmark figures: end -->',
};

/** The Terraform lane's own block: it takes minutes and is often run alone (`--only=terraform`). */
export const TERRAFORM_MARKERS: Markers = {
  begin: '<!-- terraform figures: begin (written by `npm run bench -- --only=terraform`) -->',
  end: '<!-- terraform figures: end -->',
};

export interface RunSettings {
  readonly quick: boolean;
  readonly runs: number;
  readonly sizes: readonly number[];
  readonly gnuTime: boolean;
  readonly durationMs: number;
}

/** The generated part of docs/benchmarks.md. */
export function renderMarkdown(sections: readonly Section[], host: Machine, settings: RunSettings, markers: Markers): string {
  const out: string[] = [
    markers.begin,
    '',
    `Measured ${host.date} on ${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, ${host.os}, Node.js ${host.node}` +
      ` (${settings.quick ? 'quick run' : 'full run'}: ${settings.runs} run${settings.runs === 1 ? '' : 's'} of each figure` +
      ` unless stated; the whole benchmark took ${Math.round(settings.durationMs / 1000)} s).` +
      ` Peak RSS from ${settings.gnuTime ? '`/usr/bin/time`' : "the child's `process.resourceUsage().maxRSS`"}.`,
  ];
  for (const section of sections) {
    out.push('', `### ${section.title}`, '', `Baseline: ${section.baseline}.`, '');
    out.push('| what | baseline | package | figure: median (min–max) | target | |', '| --- | --- | --- | --- | --- | --- |');
    for (const row of section.rows) {
      out.push(`| ${[row.what, row.baseline, row.subject, row.figure, row.target, row.verdict].map(escapeCell).join(' | ')} |`);
    }
    const notes = section.rows.filter((row) => row.note).map((row) => `- ${row.what}: ${row.note}`);
    if (notes.length > 0 || (section.details?.length ?? 0) > 0) {
      out.push('', ...notes);
      if (section.details && section.details.length > 0) out.push('', '```', ...section.details, '```');
    }
  }
  out.push('', markers.end);
  return out.join('\n');
}

const SKELETON = `# Benchmarks

\`npm run bench\` measures what the package costs the people who use it: loading it, synthesizing
stacks with it, and running its custom-resource handler. Every figure is a ratio to a baseline
measured in the same run, on the same machine, alternating with it.

${FIGURE_MARKERS.begin}
${FIGURE_MARKERS.end}
`;

/**
 * Replaces one block of figures in docs/benchmarks.md, keeping the prose and the other blocks; a
 * block the file does not have yet is added at its end.
 */
export function writeMarkdown(file: string, generated: string, markers: Markers): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : SKELETON;
  const from = current.indexOf(markers.begin);
  const end = current.indexOf(markers.end, from);
  if (from < 0 || end < 0) {
    writeFileSync(file, `${current.replace(/\n*$/, '')}\n\n${generated}\n`);
    return;
  }
  writeFileSync(file, `${current.slice(0, from)}${generated}${current.slice(end + markers.end.length)}`);
}
