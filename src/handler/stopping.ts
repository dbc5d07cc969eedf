/**
 * When the handler stops before its operation ends: on SIGINT or SIGTERM (a Ctrl-C, a cancelled
 * pipeline, Terraform stopping), and when the Terraform that started it is gone, so that no
 * handler goes on polling Sigma after Terraform exited.
 *
 * Terraform runs a local-exec through `/bin/sh -c` (a shell that, on Linux, waits for the handler
 * rather than becoming it) and a data source through its `external` provider: when Terraform
 * exits or is killed, the handler's parent (or the shell's) is re-parented or gone. The watch
 * follows the chain of parents up through shells and provider plugins, and notices a link that
 * changed.
 */
import { readFileSync } from 'node:fs';
import { SigmaAuditLogsError } from '../errors/base';

/** Why the handler stops early: a signal, or the process that started it is gone. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'parent_gone';

/** The run stopped before its operation ended; what the handler prints then, on one line. */
export class HandlerStoppedError extends SigmaAuditLogsError {
  public readonly code = 'interrupted';

  /** @param activity what the run was doing, e.g. "apply of Sigma integration 'audit_logs'"; '' before the spec is read */
  constructor(
    public readonly reason: StopReason,
    activity: string,
  ) {
    const why =
      reason === 'parent_gone'
        ? 'the Terraform that started it is gone (it exited or was killed)'
        : `${reason} (Terraform, the pipeline or the terminal is stopping the run)`;
    super(
      `stopped ${activity === '' ? 'the handler' : `the ${activity}`} before it finished, because of ${why}; no further ` +
        'Sigma call is made. What Sigma did so far stays, and the next apply (or destroy) carries on from it.',
    );
  }
}

/** The signals that stop the handler. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** How often the chain of parents is checked, in ms. */
const PARENT_CHECK_INTERVAL_MS = 250;

/** Processes that stand between Terraform and the handler: shells (local-exec) and provider plugins (data sources). */
const IN_BETWEEN = /^(sh|dash|bash|ash|ksh|zsh|busybox)$|^(terraform-provi|tofu-provider)/;

/** At most this many links are watched above the handler (handler → shell → Terraform is two). */
const MAX_LINKS = 4;

/** The parent of a process and its command name, read from /proc (Linux); undefined elsewhere or once it is gone. */
function procEntry(pid: number): { ppid: number; comm: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split at the last one.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? { ppid, comm } : undefined;
  } catch {
    return undefined;
  }
}

/** A process and the parent it had when the handler started. */
interface Link {
  readonly pid: number;
  readonly ppid: number;
}

/**
 * The links to watch: the handler and its parent, then, while the parent is a shell or a provider
 * plugin, that process and its own parent. Above the handler itself only where /proc exists.
 */
function linksToWatch(): Link[] {
  const links: Link[] = [{ pid: process.pid, ppid: process.ppid }];
  let pid = process.ppid;
  while (links.length < MAX_LINKS && pid > 1) {
    const entry = procEntry(pid);
    if (entry === undefined || !IN_BETWEEN.test(entry.comm) || entry.ppid <= 1) break;
    links.push({ pid, ppid: entry.ppid });
    pid = entry.ppid;
  }
  return links;
}

/** Whether a link still holds: the process is there, with the same parent. */
function holds(link: Link): boolean {
  if (link.pid === process.pid) return process.ppid === link.ppid;
  return procEntry(link.pid)?.ppid === link.ppid;
}

/**
 * Calls `onStop` once, on the first SIGINT or SIGTERM or when the process that started the
 * handler (through shells and provider plugins) is gone. Later signals are ignored: the handler
 * is already stopping. The check of the parents keeps no process alive by itself.
 */
export function stopOnSignalOrOrphaned(onStop: (reason: StopReason) => void): void {
  let stopped = false;
  const stop = (reason: StopReason): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    onStop(reason);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
  const links = linksToWatch();
  const timer = setInterval(() => {
    if (!links.every(holds)) stop('parent_gone');
  }, PARENT_CHECK_INTERVAL_MS);
  timer.unref();
}
