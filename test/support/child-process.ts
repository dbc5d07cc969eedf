import { spawn } from 'node:child_process';

export interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NodeRunOptions {
  readonly cwd: string;
  /** The child's whole environment besides PATH: the test runner's own is not passed on. */
  readonly env?: Record<string, string | undefined>;
  readonly stdin?: string;
  /** Receives stdout and stderr of every run, for the secret checks. */
  readonly capture?: string[];
  /**
   * Closes the reading end of this output before the program writes to it, as a reader such as
   * `head` does when it has read enough: every write of the program then fails with EPIPE.
   */
  readonly closedOutput?: 'stdout' | 'stderr';
}

/**
 * Runs `node <script> <args>` asynchronously (so an in-process emulator keeps serving meanwhile),
 * as a user or Terraform would: a clean environment, and stdin closed after `stdin`.
 */
export function runNode(script: string, args: readonly string[], options: NodeRunOptions): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(
      Object.entries({ PATH: process.env.PATH, ...options.env }).filter(([, value]) => value !== undefined),
    ) as NodeJS.ProcessEnv;
    const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (options.closedOutput !== undefined) child[options.closedOutput].destroy();
    child.on('error', reject);
    child.on('close', (code) => {
      options.capture?.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
