/**
 * Output into a pipe whose reader has gone (`sigma-audit-logs --help | head -n 1`, or a Terraform
 * that stopped reading) is dropped quietly, and the program goes on to its own exit code. Other
 * programs are ended by SIGPIPE there; Node ignores that signal, so the write fails with EPIPE
 * instead, which, unhandled, ends the program with a stack trace. Going on rather than exiting
 * keeps the exit code truthful, and keeps the emulator serving when its log's reader goes away.
 */
export function dropOutputToClosedPipes(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // The stream is destroyed now: later writes are dropped without another error event.
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
