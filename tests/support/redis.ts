// A throwaway Redis for tests: `redis-server` on a free port, nothing saved (no RDB, no AOF), its files in a
// fresh temp folder. `restart()` stops it (SIGKILL: a crash) and starts it again on the same port, empty —
// what a Redis restart does to the fan-out (pub/sub state is never persisted anyway).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REDIS_BIN = process.env.COUNCIL_REDIS_BIN ?? 'redis-server';

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Kills it (a crash), runs `whileDown`, and starts a new, empty one on the same port; resolves once it answers. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export function redisAvailable(): boolean {
  return spawnSync(REDIS_BIN, ['--version']).status === 0;
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

/** Resolves once a PING gets PONG, polling with a bound; fails when the server exited. */
async function answers(server: ChildProcess, port: number, log: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) throw new Error(`redis-server exited (${server.exitCode}):\n${log()}`);
    const pong = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('error', () => resolve(false));
      s.once('connect', () => s.write('PING\r\n'));
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
    if (pong) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start:\n${log()}`);
}

export async function startTestRedis(): Promise<TestRedis> {
  // .ci/run installs it; a developer's machine may not have it yet.
  if (!redisAvailable()) throw new Error(`${REDIS_BIN} not found: apt-get install -y redis-server (or set COUNCIL_REDIS_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-redis-'));
  const port = await freePort();
  let server: ChildProcess;
  let output = '';
  const launch = async (): Promise<void> => {
    output = '';
    server = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.on('error', (e) => void (output += `${e.message}\n`));
    server.stdout?.on('data', (d: Buffer) => void (output += d.toString()));
    server.stderr?.on('data', (d: Buffer) => void (output += d.toString()));
    await answers(server, port, () => output);
  };
  const kill = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async (whileDown) => {
      await kill();
      await whileDown?.();
      await launch();
    },
    stop: async () => {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
