// A throwaway PostgreSQL 15 cluster with durability ON, for the store benchmark. tests/support/postgres.ts
// starts its cluster with `-c fsync=off -c synchronous_commit=off`, and command-line settings outrank ALTER
// SYSTEM, so that cluster cannot be made durable afterwards; SQLite runs synchronous=FULL, so a like-for-like
// figure needs this one. Same recipe otherwise: initdb in a temp folder, Unix socket only, as `postgres` when root.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PG_BIN, type TestPostgres } from '../../tests/support/postgres.ts';

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

export async function startDurablePostgres(): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-bench-pg-'));
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = command('initdb', ['-D', data, '-U', user, '-E', 'UTF8', '--locale=C', '-A', 'trust', '--no-sync']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  // fsync, synchronous_commit and full_page_writes keep their defaults (on): a commit is on disk when answered.
  const settings = ['max_connections=50', 'listen_addresses=', `unix_socket_directories=${dir}`, 'shared_buffers=64MB'];
  const [cmd, args] = command('postgres', ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]);
  let output = '';
  const server = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (d: Buffer) => void (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => void (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      // SIGQUIT to the postmaster itself (runuser forwards no signal): immediate shutdown, nothing to keep.
      let pid = NaN;
      try {
        pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      } catch {
        // Not written yet: the runuser wrapper is all there is to stop.
      }
      process.kill(Number.isSafeInteger(pid) && pid > 0 ? pid : (server.pid as number), 'SIGQUIT');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (server.exitCode !== null || i >= 600) {
      await stop();
      throw new Error(`postgres did not start:\n${output}`);
    }
    const [rc, ra] = command('pg_isready', ['-q', '-h', dir, '-p', String(port), '-U', user]);
    if (spawnSync(rc, ra).status === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const adminUrl = `postgresql://${user}@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`;
  return { adminUrl, port, dir, stop };
}
