/** Entry point of the `sigma-audit-logs` command (bundled into dist/cli.js). */
import { dropOutputToClosedPipes } from '../handler/closed-output';
import { runCli } from './program';

dropOutputToClosedPipes();

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
