/** Entry point of the `sigma-audit-logs` command (bundled into dist/cli.js). */
// First: a Node.js too old for the CLI stops here, before any other module is evaluated.
import './require-node';
import { dropOutputToClosedPipes } from '../handler/closed-output';
import { runCli } from './program';

dropOutputToClosedPipes();

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
