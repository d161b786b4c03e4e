// Live-session benchmarks: fan-out to 500 real y-websocket clients (a command, and a client's update through
// a shared room), 50 meetings x 100 clients on one server (RSS, broadcast p99), and the same client-update
// fan-out through the reference @y/websocket-server@0.1.1 as the baseline, all in one run.
// The servers run in child processes (their RSS is their own); the clients are real WebsocketProviders.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { sendOwnAwarenessOnly } from '../../common/live/ownAwareness.ts';
import { LIVE_API, meetingStateRoom, SESSION_KEYS, SESSION_MAP, sharedRoom, SYNC_PATH } from '../../common/live/index.ts';
import { percentile, type BenchRow } from '../table.ts';

const FANOUT_CLIENTS = 500;
const FANOUT_SAMPLES = 20;
const FLEET_MEETINGS = 50;
const FLEET_CLIENTS = 100;
const FLEET_COMMANDS_PER_MEETING = 3;
/** Clients connect in waves of this many, so the handshake storm does not time out on 2 cores. */
const CONNECT_WAVE = 100;
const WAIT_BOUND_MS = 120_000;

export interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  request<T>(msg: object, key: string): Promise<T>;
  stop(): Promise<void>;
}

function nextMessage<T>(proc: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`server child exited (${code})`));
    const onMessage = (m: unknown): void => {
      const rec = m as Record<string, unknown>;
      if (!(key in rec)) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(rec[key] as T);
    };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

export async function startChild(mode: 'ours' | 'reference'): Promise<Child> {
  const proc = fork(fileURLToPath(new URL('./serverChild.ts', import.meta.url)), [mode], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await nextMessage<number>(proc, 'port');
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    request<T>(msg: object, key: string): Promise<T> {
      const answer = nextMessage<T>(proc, key);
      proc.send(msg);
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.send({ stop: true });
      }),
  };
}

export interface BenchClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
}

function client(url: string, room: string, token: string | undefined): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    ...(token ? { params: { token } } : {}),
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  // As the app's clients do (renderer/live/liveClient.ts): a device sends its own awareness only, no echoes.
  sendOwnAwarenessOnly(provider);
  return { doc, provider };
}

function synced(c: BenchClient): Promise<void> {
  return c.provider.synced ? Promise.resolve() : new Promise((resolve) => c.provider.once('sync', () => resolve()));
}

function progress(line: string): void {
  process.stderr.write(`bench live: ${line}\n`);
}

export async function connectAll(url: string, rooms: readonly { room: string; token: string | undefined }[]): Promise<BenchClient[]> {
  const all: BenchClient[] = [];
  for (let i = 0; i < rooms.length; i += CONNECT_WAVE) {
    const wave = rooms.slice(i, i + CONNECT_WAVE).map((r) => client(url, r.room, r.token));
    all.push(...wave);
    await Promise.all(wave.map(synced));
  }
  progress(`${all.length} clients synced`);
  return all;
}

export function destroyAll(clients: readonly BenchClient[]): void {
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
}

/** Milliseconds from `trigger` until `seen` holds on every client, woken by document updates. */
export async function fanout(clients: readonly BenchClient[], seen: (doc: Y.Doc) => boolean, trigger: () => Promise<void> | void): Promise<number> {
  let waiting = clients.length;
  const start = performance.now();
  const done = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fan-out: ${waiting} clients never saw the change`)), WAIT_BOUND_MS);
    for (const c of clients) {
      const check = (): void => {
        if (!seen(c.doc)) return;
        c.doc.off('update', check);
        if (--waiting === 0) {
          clearTimeout(timer);
          resolve(performance.now() - start);
        }
      };
      c.doc.on('update', check);
    }
  });
  await trigger();
  const ms = await done;
  progress(`fan-out to ${clients.length}: ${ms.toFixed(1)} ms`);
  return ms;
}

async function command(url: string, meetingId: string, token: string, body: object): Promise<void> {
  const res = await fetch(url + LIVE_API.commands(meetingId), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`command refused: ${res.status} ${await res.text()}`);
}

const queueLength = (doc: Y.Doc): number => (doc.getMap(SESSION_MAP).get(SESSION_KEYS.queue) as Y.Array<unknown> | undefined)?.length ?? 0;
const notes = (doc: Y.Doc): number => doc.getArray('notes').length;

/** p50/p99 rows of a list of latencies. */
function latencyRows(group: string, name: string, samples: readonly number[], baseline?: readonly number[], note?: string): BenchRow[] {
  return [50, 99].map((p) => ({
    group,
    name: `${name} p${p}`,
    value: percentile(samples, p),
    unit: 'ms',
    ...(baseline ? { baseline: `@y/websocket-server 0.1.1: ${percentile(baseline, p).toFixed(1)} ms` } : {}),
    ...(note ? { note } : {}),
  }));
}

async function oursFanout(n: number, samples: number): Promise<{ commandMs: number[]; updateMs: number[]; rssMb: number }> {
  const child = await startChild('ours');
  const meetingId = 'bench-500';
  const tokens = await child.request<string[]>({ seed: { meetingId, delegates: n } }, 'tokens');
  const delegates = tokens.slice(1);
  const clients = await connectAll(child.url + SYNC_PATH, delegates.map((token) => ({ room: meetingStateRoom(meetingId), token })));
  const commandMs: number[] = [];
  for (let k = 1; k <= samples; k++) {
    const token = delegates[k - 1] as string;
    commandMs.push(await fanout(clients, (d) => queueLength(d) >= k, () => command(child.url, meetingId, token, { id: `b-${k}`, type: 'requestToSpeak', speechType: 'phat-bieu' })));
  }
  const rssMb = await child.request<number>({ rss: true }, 'rssMb');
  destroyAll(clients);
  const shared = await connectAll(child.url + SYNC_PATH, delegates.map((token) => ({ room: sharedRoom(meetingId, 'bench'), token })));
  const updateMs = await updateFanout(shared, samples);
  destroyAll(shared);
  await child.stop();
  return { commandMs, updateMs, rssMb };
}

/** One client pushes into a shared array; time until every client holds it. */
async function updateFanout(clients: readonly BenchClient[], samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let k = 1; k <= samples; k++) {
    const writer = clients[k % clients.length] as BenchClient;
    out.push(await fanout(clients, (d) => notes(d) >= k, () => void writer.doc.getArray<number>('notes').push([k])));
  }
  return out;
}

async function referenceFanout(n: number, samples: number): Promise<{ updateMs: number[]; rssMb: number }> {
  const child = await startChild('reference');
  const clients = await connectAll(child.url, Array.from({ length: n }, () => ({ room: 'bench-room', token: undefined })));
  const updateMs = await updateFanout(clients, samples);
  const rssMb = await child.request<number>({ rss: true }, 'rssMb');
  destroyAll(clients);
  await child.stop();
  return { updateMs, rssMb };
}

async function fleet(meetings: number, perMeeting: number): Promise<{ broadcastMs: number[]; rssMb: number }> {
  const child = await startChild('ours');
  const rooms: { meetingId: string; tokens: string[]; clients: BenchClient[] }[] = [];
  for (let i = 0; i < meetings; i++) {
    const meetingId = `fleet-${i}`;
    const tokens = await child.request<string[]>({ seed: { meetingId, delegates: perMeeting } }, 'tokens');
    const clients = await connectAll(child.url + SYNC_PATH, tokens.slice(1).map((token) => ({ room: meetingStateRoom(meetingId), token })));
    rooms.push({ meetingId, tokens, clients });
  }
  const broadcastMs: number[] = [];
  for (let k = 1; k <= FLEET_COMMANDS_PER_MEETING; k++) {
    for (const r of rooms) {
      const token = r.tokens[k] as string;
      broadcastMs.push(await fanout(r.clients, (d) => queueLength(d) >= k, () => command(child.url, r.meetingId, token, { id: `f-${k}`, type: 'requestToSpeak', speechType: 'phat-bieu' })));
    }
  }
  const rssMb = await child.request<number>({ rss: true }, 'rssMb');
  for (const r of rooms) destroyAll(r.clients);
  await child.stop();
  return { broadcastMs, rssMb };
}

export async function runLiveBench(opts: { quick?: boolean } = {}): Promise<BenchRow[]> {
  // Every WebsocketProvider adds a process 'exit' listener; thousands of clients in one process are the point.
  process.setMaxListeners(0);
  const n = opts.quick ? 100 : FANOUT_CLIENTS;
  const samples = opts.quick ? 5 : FANOUT_SAMPLES;
  const meetings = opts.quick ? 5 : FLEET_MEETINGS;
  const reference = await referenceFanout(n, samples);
  const ours = await oursFanout(n, samples);
  const fleetResult = await fleet(meetings, opts.quick ? 20 : FLEET_CLIENTS);
  // burstBench.ts uses this file's helpers; imported here, when they exist, rather than at load.
  const burstRows = await (await import('./burstBench.ts')).burstCase(opts);
  const group = 'live';
  const perClients = `${n} clients, ${samples} samples`;
  return [
    ...latencyRows(group, `requestToSpeak command -> all ${n} see it`, ours.commandMs, undefined, `${perClients}; HTTP + SQLite FULL + Yjs`),
    ...latencyRows(group, `client update -> all ${n} see it (shared room)`, ours.updateMs, reference.updateMs, perClients),
    { group, name: `server RSS, ${n} clients in one room`, value: ours.rssMb, unit: 'MB', baseline: `@y/websocket-server 0.1.1: ${reference.rssMb.toFixed(0)} MB` },
    ...latencyRows(group, `broadcast, ${meetings} meetings x ${opts.quick ? 20 : FLEET_CLIENTS} clients`, fleetResult.broadcastMs, undefined, `${fleetResult.broadcastMs.length} commands`),
    { group, name: `server RSS, ${meetings} meetings x ${opts.quick ? 20 : FLEET_CLIENTS} clients`, value: fleetResult.rssMb, unit: 'MB' },
    ...burstRows,
  ];
}
