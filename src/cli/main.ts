/** Entry point of the `sigma-audit-logs` command (bundled into dist/cli.js). */
import { runCli } from './program';

void runCli(process.argv).then((code) => {
  process.exitCode = code;
});
