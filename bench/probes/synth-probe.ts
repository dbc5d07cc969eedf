/**
 * The body of every synth probe: declares an app (the package's or the hand-written baseline)
 * and synthesizes it into the folder given as the first argument. Prints how long loading the
 * modules, declaring the constructs and synthesizing took.
 *
 * Arguments: <outdir> <size> <handler bundle>.
 */
import { performance } from 'node:perf_hooks';
import { App } from 'cdktf';

export type DeclareApp = (app: App, size: number, handlerBundle: string) => void;

export function runSynthProbe(declare: DeclareApp): void {
  // Since the process started: node's own start plus loading every module of the probe.
  const loadMs = performance.now();
  const [outdir, size, handlerBundle] = process.argv.slice(2);
  const app = new App({ outdir });
  declare(app, Number(size), handlerBundle);
  const declaredAt = performance.now();
  app.synth();
  const synthesizedAt = performance.now();
  process.stdout.write(
    `${JSON.stringify({
      loadMs,
      constructMs: declaredAt - loadMs,
      synthMs: synthesizedAt - declaredAt,
      maxRssKb: process.resourceUsage().maxRSS,
    })}\n`,
  );
}
