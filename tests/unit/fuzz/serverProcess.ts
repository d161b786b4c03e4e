// Starts fuzzServer.ts in a child process and watches it: alive or not, its RSS, its log.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { SYNC_PATH } from '../../../common/live/index.ts';
import { ADMIN_TOKEN, tempDir } from '../collab-server/helpers.ts';

const SCRIPT = fileURLToPath(new URL('./fuzzServer.ts', import.meta.url));
const START_BOUND_MS = 30_000;
const CHECK_BOUND_MS = 15_000;

export interface FuzzServer {
  readonly url: string;
  readonly pid: number;
  /** The server's log so far (its stderr). */
  log(): string;
  /** Undefined while running; the exit code or signal once it died. */
  exited(): string | undefined;
  /** Resident set size in bytes (Linux /proc), or undefined elsewhere. */
  rss(): number | undefined;
  stop(): Promise<void>;
}

export async function startFuzzServer(): Promise<FuzzServer> {
  const dataDir = tempDir('council-fuzz-');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir, ADMIN_TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let exit: string | undefined;
  child.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString('utf8')).slice(-200_000)));
  child.on('exit', (code, signal) => void (exit = `exit code ${String(code)}, signal ${String(signal)}`));
  const ready = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fuzz server did not start within ${START_BOUND_MS} ms: ${stderr}`)), START_BOUND_MS);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string; pid: number });
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`fuzz server exited at start: ${stderr}`));
    });
  });
  return {
    ...ready,
    log: () => stderr,
    exited: () => exit,
    rss: () => readRss(ready.pid),
    async stop() {
      if (exit === undefined) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await gone;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function readRss(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Rejects unless a real y-websocket client joins `room` with `token` and syncs. */
export async function normalClientSyncs(url: string, room: string, token: string): Promise<void> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url + SYNC_PATH, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a normal client did not sync ${room} within ${CHECK_BOUND_MS} ms`)), CHECK_BOUND_MS);
      const done = (synced: boolean): void => {
        if (!synced) return;
        clearTimeout(timer);
        resolve();
      };
      provider.on('sync', done);
      if (provider.synced) done(true);
    });
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

/**
 * What must hold after every batch: the process lives, /api/health answers, a normal client joins and
 * syncs, and RSS stays under the bound. A failure while the server is dead reports the death and its log.
 */
export async function assertHealthy(server: FuzzServer, room: string, token: string, rssBound: number): Promise<void> {
  const dead = (): Error | undefined => {
    const how = server.exited();
    return how ? new Error(`the server died (${how}); its log ends:\n${server.log().slice(-4000)}`) : undefined;
  };
  try {
    const health = await fetch(`${server.url}/api/health`);
    if (health.status !== 200) throw new Error(`/api/health answered ${health.status}`);
    await normalClientSyncs(server.url, room, token);
  } catch (e) {
    throw dead() ?? e;
  }
  const died = dead();
  if (died) throw died;
  const rss = server.rss();
  if (rss !== undefined && rss > rssBound) throw new Error(`server RSS ${Math.round(rss / 2 ** 20)} MiB is over the bound ${Math.round(rssBound / 2 ** 20)} MiB`);
}

/** A normal client that stays in a room while the fuzzer works, so the room stays loaded and broadcasts. */
export interface Keeper {
  readonly connected: () => boolean;
  destroy(): void;
}

export async function keepInRoom(url: string, room: string, token: string): Promise<Keeper> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url + SYNC_PATH, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the keeper did not sync ${room} within ${CHECK_BOUND_MS} ms`)), CHECK_BOUND_MS);
    provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      resolve();
    });
  });
  provider.awareness.setLocalState({ keeper: true });
  return {
    connected: () => provider.wsconnected,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
