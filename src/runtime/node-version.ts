/**
 * The oldest Node.js the bundled programs (the handler Terraform starts, the CLI) run on, and
 * the check both make before anything else. Kept free of imports: it runs first in each bundle,
 * before any other module is evaluated, so an older Node.js stops with one clear line instead of
 * a stack trace from deep inside a dependency.
 *
 * The minimum is what the CLI's bundled undici requires (its engines: 20.18.1; a test keeps it in
 * step), and the handler keeps the same one; the supported lines, tested in CI, are SUPPORTED_NODE_LINES.
 */
export const MINIMUM_NODE_VERSION = '20.18.1';
/** The Node.js lines this project supports and tests (package.json's engines starts at the first). */
export const SUPPORTED_NODE_LINES = '22 and 24';

/** Why `version` (process.versions.node) cannot run `program`, or undefined when it can. */
export function nodeVersionProblem(program: string, version: string): string | undefined {
  const current = version.split('.').map(Number);
  const minimum = MINIMUM_NODE_VERSION.split('.').map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const part = current[i] ?? 0;
    if (part > minimum[i]) return undefined;
    if (part < minimum[i] || Number.isNaN(part)) {
      return (
        `${program} needs Node.js ${MINIMUM_NODE_VERSION} or later, and this is Node.js ${version}. ` +
        `Install a supported Node.js (${SUPPORTED_NODE_LINES}) and put it first on PATH: \`node --version\` then prints e.g. v22.21.1.`
      );
    }
  }
  return undefined;
}

/** Ends the process with exit code 1 (failed) and one line on stderr when this Node.js is too old. */
export function exitOnUnsupportedNode(program: string): void {
  const problem = nodeVersionProblem(program, process.versions.node);
  if (problem === undefined) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
