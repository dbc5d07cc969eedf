/**
 * `npm run bench`: what the package costs, each figure against a baseline measured in the same
 * run. Prints a table and writes the figures into docs/benchmarks.md.
 *
 *   npm run bench                    full run (about 15 to 20 minutes on 2 cores, half of it Terraform at scale)
 *   npm run bench -- --quick         fewer runs and sizes, to try it out
 *   npm run bench -- --only=scale    one section: require, examples, scale, start, calls, parallel, python, terraform
 *   npm run bench -- --only=terraform --write
 *                                    Terraform at scale alone: 1, 10, 30 and 100 integrations (--quick: 1 and
 *                                    10) deployed, planned and destroyed by the end-to-end lane's Terraform
 *                                    against the emulator, next to a floor stack of the same shape whose
 *                                    programs are `node -e 0`; --write replaces only its own figures
 *   npm run bench -- --no-build      measure lib/ and dist/ as they are, even if older than src/
 *   npm run bench -- --runs=7        runs of each figure (default 5; 10 for the short ones)
 *   --write / --no-write             write docs/benchmarks.md or not (default: only a full run of
 *                                    every section writes it)
 *
 * Every measurement runs in a child process of its own, so module caches and peak RSS are clean.
 */
import * as path from 'node:path';
import { ROOT, bundleProbes, copyPackage, ensureBuilt } from './build';
import { callsSection, parallelSection, startSection } from './handler';
import { HAS_GNU_TIME } from './measure';
import { pythonSection } from './python';
import { FIGURE_MARKERS, Section, TERRAFORM_MARKERS, machine, renderMarkdown, renderText, writeMarkdown } from './report';
import { examplesSection, requireSection, scaleSection } from './synth';
import { findTerraform, terraformSection } from './terraform';

const SECTIONS = ['require', 'examples', 'scale', 'start', 'calls', 'parallel', 'python', 'terraform'] as const;
type SectionName = (typeof SECTIONS)[number];

interface Options {
  readonly quick: boolean;
  readonly build: boolean;
  readonly runs: number;
  readonly only?: SectionName;
  readonly write: boolean;
}

function parseArgs(args: readonly string[]): Options {
  let quick = false;
  let build = true;
  let runs: number | undefined;
  let only: SectionName | undefined;
  let write: boolean | undefined;
  for (const arg of args) {
    const [key, value] = arg.split('=', 2);
    if (key === '--quick') quick = true;
    else if (key === '--no-build') build = false;
    else if (key === '--write') write = true;
    else if (key === '--no-write') write = false;
    else if (key === '--runs' && /^\d+$/.test(value ?? '') && Number(value) >= 1) runs = Number(value);
    else if (key === '--only' && SECTIONS.includes(value as SectionName)) only = value as SectionName;
    else {
      throw new Error(
        `Unknown argument ${JSON.stringify(arg)}; expected --quick, --no-build, --write, --no-write, --runs=<n> or ` +
          `--only=<${SECTIONS.join('|')}>. Example: npm run bench -- --quick --only=scale`,
      );
    }
  }
  const finalRuns = runs ?? (quick ? 3 : 5);
  // A partial or quick run would replace the full figures with rough ones: written only on request.
  return { quick, build, runs: finalRuns, only, write: write ?? (!quick && only === undefined) };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const wanted = (name: SectionName) => options.only === undefined || options.only === name;
  const runs = options.runs;
  const sizes = options.quick ? [10, 100] : [10, 100, 1000];

  ensureBuilt(options.build, log);
  copyPackage();
  await bundleProbes();

  const sections: Section[] = [];
  if (wanted('require')) {
    log('require() of the package...');
    sections.push({
      title: 'Loading the package',
      baseline: 'a script that only requires cdktf and constructs',
      rows: await requireSection(Math.max(runs, options.quick ? 3 : 10)),
    });
  }
  if (wanted('examples')) {
    log('synth of the examples...');
    sections.push({
      title: 'Synthesizing the examples',
      baseline: 'the same stacks written by hand with the prebuilt provider bindings, DataResource and TerraformAsset; both bundled by esbuild and run with node',
      rows: await examplesSection(runs, log),
    });
  }
  if (wanted('scale')) {
    log('synth at scale...');
    sections.push({
      title: 'Synthesizing many integrations in one stack',
      baseline: 'the same resources declared by hand, at each size (S3, Blob Storage with role assignment and GCS in turn)',
      rows: await scaleSection(runs, sizes, log),
    });
  }
  if (wanted('start')) {
    log('handler start...');
    sections.push({ title: 'Handler start', baseline: '`node -e 0`', rows: await startSection(Math.max(runs, options.quick ? 5 : 10)) });
  }
  if (wanted('calls')) {
    log('handler HTTP calls...');
    const calls = await callsSection();
    sections.push({
      title: 'Handler HTTP calls',
      baseline: "none: the emulator's request log, judged call by call",
      rows: calls.rows,
      details: calls.details,
    });
  }
  if (wanted('parallel')) {
    log('handler in parallel under rate limiting...');
    const rows = await parallelSection(
      { runs, count: options.quick ? 20 : 50, parallelism: 10, share: 0.2, retryAfterSeconds: 0, judged: true },
      log,
    );
    if (!options.quick) {
      log('  the same, with Retry-After 1 s...');
      // Every 429 now costs the wait the server asks for: fewer integrations keep the run short.
      rows.push(...(await parallelSection({ runs, count: 20, parallelism: 10, share: 0.2, retryAfterSeconds: 1, judged: false }, log)));
    }
    sections.push({
      title: 'Applying many integrations in parallel with rate limiting',
      baseline: 'the same apply without faults; per integration, as in one apply: the create step, the locate read, the settings step (right after its create), the credentials and destination reads; at most 10 handler processes at a time',
      rows,
    });
  }

  if (wanted('python')) {
    log('import of the Python package...');
    sections.push({
      title: 'Importing the Python package',
      baseline: '`import cdktf` in the same virtual environment (the Python lane\'s, with the wheel jsii-pacmak builds)',
      rows: await pythonSection(runs, options.build, log),
    });
  }

  // Its own block in docs/benchmarks.md: it takes minutes, and is often run alone.
  let terraform: Section | undefined;
  let terraformSizes: number[] = [];
  if (wanted('terraform')) {
    const found = findTerraform();
    terraformSizes = options.quick ? [1, 10] : [1, 10, 30, 100];
    log(`Terraform ${found.version}: deploy, plan and destroy of ${terraformSizes.join(', ')} integrations...`);
    const outcome = await terraformSection(found, terraformSizes, log);
    terraform = {
      title: `Deploying, planning and destroying many integrations with Terraform ${found.version}`,
      baseline:
        'the same stack with every program replaced by `node -e 0` (data sources: a node one-liner that prints a JSON object), ' +
        `same resources, provisioners, data sources and references; \`-parallelism=10\`, emulator provisioning delay 0; one run of each size, ` +
        'the two stacks one after the other at each step',
      rows: outcome.rows,
      details: outcome.details,
    };
  }

  const durationMs = Date.now() - started;
  const all = terraform === undefined ? sections : [...sections, terraform];
  process.stdout.write(`${renderText(all)}\n\n`);
  const host = machine();
  process.stdout.write(
    `${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, Node.js ${host.node}, ${host.date}; ${Math.round(durationMs / 1000)} s\n`,
  );
  if (options.write) {
    const file = path.join(ROOT, 'docs', 'benchmarks.md');
    const settings = { quick: options.quick, runs, sizes, gnuTime: HAS_GNU_TIME, durationMs };
    if (sections.length > 0) writeMarkdown(file, renderMarkdown(sections, host, settings, FIGURE_MARKERS), FIGURE_MARKERS);
    if (terraform !== undefined) {
      writeMarkdown(file, renderMarkdown([terraform], host, { ...settings, runs: 1, sizes: terraformSizes }, TERRAFORM_MARKERS), TERRAFORM_MARKERS);
    }
    process.stdout.write(`Figures written to ${path.relative(process.cwd(), file)}\n`);
  }
  const missed = all.flatMap((s) => s.rows).filter((row) => row.verdict === 'MISSED' || row.verdict === 'invalid');
  if (missed.length > 0) process.stdout.write(`${missed.length} target(s) missed or invalid; see docs/benchmarks.md for why.\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
