/**
 * A PostgreSQL server of the tests' own, for Terraform's `pg` backend: a new cluster in a
 * temporary directory, listening on 127.0.0.1 only (no Unix socket), on a free port, with trust
 * authentication for loopback TCP only, so the connection string holds no password. `stop()`
 * stops it and removes the directory.
 *
 * The binaries are `initdb` and `pg_ctl` on PATH, else those of the newest
 * /usr/lib/postgresql/<version>/bin (where Debian's `postgresql` package puts them without
 * linking them onto PATH). PostgreSQL refuses to run as root: under root the cluster belongs to
 * the `postgres` user that package creates (or `nobody`).
 */
import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface RunningPostgres {
  /** `postgres://terraform@127.0.0.1:<port>/postgres?sslmode=disable` */
  readonly connStr: string;
  readonly port: number;
  stop(): void;
}

const SUPERUSER = 'terraform';
const PG_CTL_TIMEOUT_SECONDS = 60;

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder holding `initdb` and `pg_ctl`. */
export function postgresBinDir(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, 'initdb')) && executable(path.join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const dir = path.join(root, version, 'bin');
    if (executable(path.join(dir, 'initdb')) && executable(path.join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'The remote-state tests need PostgreSQL server binaries (initdb and pg_ctl on PATH or under /usr/lib/postgresql/<version>/bin); ' +
      'install them, for example with `apt-get install -y postgresql` (what .ci/run does when they are missing).',
  );
}

/** Under root, the uid and gid of an unprivileged user to run the cluster as. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('PostgreSQL does not run as root, and this machine has neither a `postgres` nor a `nobody` user to run it as.');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function outputOf(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status ?? result.signal ?? result.error?.message}\n${result.stdout ?? ''}${result.stderr ?? ''}`;
}

/** Starts a new cluster; throws with initdb's or the server's own output when it cannot. */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const user = unprivilegedUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'sigma-e2e-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (file: string, args: string[]) =>
    spawnSync(path.join(bin, file), args, {
      encoding: 'utf8',
      cwd: dir,
      timeout: (PG_CTL_TIMEOUT_SECONDS + 10) * 1000,
      // Only what PostgreSQL needs: no PG* variable of the caller steers the cluster.
      env: { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' },
      ...(user ?? {}),
    });
  const pgCtl = (args: string[]) => run('pg_ctl', ['-D', dataDir, '-t', String(PG_CTL_TIMEOUT_SECONDS), '-w', ...args]);

  try {
    const initdb = run('initdb', ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
    if (initdb.status !== 0) throw new Error(`initdb failed: ${outputOf(initdb)}`);
    // Trust, for TCP from 127.0.0.1 only; no line for the (disabled) Unix socket or other hosts.
    writeFileSync(path.join(dataDir, 'pg_hba.conf'), `host all ${SUPERUSER} 127.0.0.1/32 trust\n`);
    if (user) chownSync(path.join(dataDir, 'pg_hba.conf'), user.uid, user.gid);

    // A port found free may be taken before the server binds it: a few tries.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off`;
      const started = pgCtl(['-l', logFile, '-o', options, 'start']);
      if (started.status === 0) {
        return {
          connStr: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres?sslmode=disable`,
          port,
          stop: () => {
            const stopped = pgCtl(['-m', 'fast', 'stop']);
            if (stopped.status !== 0) pgCtl(['-m', 'immediate', 'stop']);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (attempt >= 3 || !/could not bind|address already in use/i.test(log)) {
        throw new Error(`pg_ctl start failed: ${outputOf(started)}\nserver log:\n${log}`);
      }
    }
  } catch (err) {
    pgCtl(['-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
