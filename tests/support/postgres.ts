// A throwaway PostgreSQL 15 cluster for tests, from Debian's packages: initdb in a fresh temp folder, the server
// on a free port with its socket in that folder, durability off (fsync) since the cluster dies with the run.
// PostgreSQL refuses to run as root: as root the folder is given to the `postgres` user and every binary runs
// through `runuser -u postgres`; as anyone else they run as that user.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PG_BIN = process.env.COUNCIL_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** postgresql:// URL of the superuser, over the Unix socket. */
  readonly adminUrl: string;
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;
const user = asRoot ? 'postgres' : os.userInfo().username;

function command(bin: string, args: readonly string[]): [string, string[]] {
  const exe = path.join(PG_BIN, bin);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, [...args]];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function ownedDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-pg-'));
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    fs.chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  return dir;
}

/** Waits until the server accepts connections (pg_isready), or fails when the server exited. */
async function ready(server: ChildProcess, socketDir: string, port: number, log: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`postgres exited (${server.exitCode}):\n${log()}`);
    const [cmd, args] = command('pg_isready', ['-q', '-h', socketDir, '-p', String(port), '-U', user]);
    if (spawnSync(cmd, args).status === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`postgres did not start:\n${log()}`);
}

/**
 * `durable`: fsync, synchronous_commit and full_page_writes keep their defaults (on), for the store benchmark's
 * like-for-like figure against SQLite's synchronous=FULL (command-line settings outrank ALTER SYSTEM, so the
 * choice is made here, at start).
 */
export async function startTestPostgres(options: { readonly durable?: boolean } = {}): Promise<TestPostgres> {
  const dir = ownedDir();
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = command('initdb', ['-D', data, '-U', user, '-E', 'UTF8', '--locale=C', '-A', 'trust', '--no-sync']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const durability = options.durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
  const settings = [...durability, 'max_connections=300', 'listen_addresses=', `unix_socket_directories=${dir}`, 'shared_buffers=64MB'];
  const [cmd, args] = command('postgres', ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]);
  let output = '';
  const server = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (d: Buffer) => void (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => void (output += d.toString()));
  try {
    await ready(server, dir, port, () => output);
  } catch (e) {
    server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const adminUrl = `postgresql://${user}@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`;
  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      // SIGQUIT to the postmaster itself (runuser forwards no signal): immediate shutdown, nothing to keep.
      const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(Number.isSafeInteger(pid) && pid > 0 ? pid : (server.pid as number), 'SIGQUIT');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { adminUrl, port, dir, stop };
}
