// Annotation sync benchmark (issue 8): a meeting notes room holding 1,000 sealed annotations (60 % highlights,
// 30 % notes, 10 % pen strokes), on the real collab-server in a child process and two note books (the real
// y-websocket client over `ws`). Measured: how long one new annotation takes to reach the other device (put →
// shown there, sealing and opening included; p50/p99 over 200 puts), what the server stores for the room (live_rooms
// + live_room_updates bytes, before and after compaction) and what the device stores (its record). Baseline, same
// run: the same annotations as plaintext JSON in a Y.Map, over the same server, with raw y-websocket clients.
// Figures only; nothing passes or fails.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { noteRoomsOf } from '../../common/annotations/rooms.ts';
import type { Annotation } from '../../common/annotations/types.ts';
import { sharedRoom, SYNC_PATH } from '../../common/live/rooms.ts';
import { openNoteBook, type SyncedNoteBook } from '../../renderer/annotations/book.ts';
import { NOTES_ROOM_RECORD } from '../../renderer/annotations/sync/shape.ts';
import { makeKeys } from '../../tests/unit/annotations-keys/fixtures.ts';
import { MemoryRecords } from '../../tests/unit/annotations-sync/harness.ts';
import { formatTable, percentile, type BenchRow } from '../table.ts';

const GROUP = 'annotations-sync';
const PREFILL = 1_000;
const TIMED = 200;
const BOUND_MS = 120_000;
const MEETING = 'mNotesBench01';
const PLAIN_MEETING = 'mNotesBench02';
const WS = WebSocket as unknown as typeof globalThis.WebSocket;
const KB = 1024;

interface Child {
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

async function startChild(): Promise<Child> {
  const proc = fork(fileURLToPath(new URL('./syncServerChild.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await nextMessage<number>(proc, 'port');
  return {
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

const VI = 'Đề nghị Ủy ban nhân dân xã làm rõ nguồn vốn đối ứng và tiến độ giải ngân các công trình chuyển tiếp năm 2027.';

/** The i-th annotation of the mix, by d1, meeting scope. */
function annotation(i: number): Annotation {
  const at = new Date(Date.UTC(2026, 11, 5, 8, 0, i)).toISOString();
  const base = { id: `n${String(i).padStart(6, '0')}bench${(i * 7919).toString(36)}`, scope: 'meeting' as const, authorId: 'd1', createdAt: at, updatedAt: at };
  const target = { documentId: `doc${i % 12}`, revision: 1, sha256: 'e'.repeat(64), page: 1 + (i % 40) };
  const anchor = { quote: { exact: VI.slice(0, 40 + (i % 60)), prefix: 'theo báo cáo số 12/BC-UBND về ', suffix: ' trong kế hoạch đầu tư công' }, position: { start: 100 + i, end: 160 + i } };
  if (i % 10 === 9) {
    const points = Array.from({ length: 40 }, (_, k) => [100 + k * 3.25, 500 + Math.sin(k) * 12.5, 0.5] as const);
    return { ...base, kind: 'ink', target, color: 'red', width: 2, strokes: [{ points }] };
  }
  if (i % 10 >= 6) return { ...base, kind: 'note', target, point: [320.5, 610.25], text: VI, anchor };
  return { ...base, kind: 'highlight', target, color: 'yellow', anchor, rects: [[72, 640 - (i % 30) * 14, 451.5, 13.75], [72, 626 - (i % 30) * 14, 210.25, 13.75]] };
}

/** Resolves when `check` holds, re-checked on each call of the returned wake function's source. */
function until(check: () => boolean, subscribe: (wake: () => void) => () => void): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('benchmark wait timed out'));
    }, BOUND_MS);
    const stop = subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

const shows = (b: SyncedNoteBook, id: string, updatedAt: string): boolean => b.snapshot().annotations.some((a) => a.annotation.id === id && a.annotation.updatedAt === updatedAt);

async function roomSize(child: Child, room: string): Promise<{ snapshot: number; log: number }> {
  // The server stores a room 500 ms after its last change: wait until two readings agree.
  let last = await child.request<{ snapshot: number; log: number }>({ size: room }, 'size');
  for (;;) {
    await new Promise((r) => setTimeout(r, 700));
    const now = await child.request<{ snapshot: number; log: number }>({ size: room }, 'size');
    if (now.snapshot === last.snapshot && now.log === last.log) return now;
    last = now;
  }
}

interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly stored: { snapshot: number; log: number };
  readonly compacted: number;
  readonly device: number;
  /** ms for the 1,000 first puts on one device until the other device shows the last. */
  readonly fillMs: number;
}

async function sealed(child: Child, tokens: readonly string[]): Promise<Measured> {
  const keys = await makeKeys(MEETING, [{ id: 'd1', groupId: '', role: 'delegate' }, { id: 'd2', groupId: '', role: 'delegate' }], []);
  const records = new MemoryRecords();
  const open = (id: 'd1' | 'd2', token: string, r = new MemoryRecords()): Promise<SyncedNoteBook> =>
    openNoteBook({ keys: keys[id] ?? (undefined as never), credentials: { server: child.url, token }, records: r, WebSocket: WS, persistDelayMs: 300 });
  const a = await open('d1', tokens[0] ?? '', records);
  const b = await open('d2', tokens[1] ?? '');
  const sub = (wake: () => void): (() => void) => b.subscribe(wake);
  const f0 = performance.now();
  for (let i = 0; i < PREFILL; i++) await a.put(annotation(i));
  const lastFill = annotation(PREFILL - 1);
  await until(() => shows(b, lastFill.id, lastFill.updatedAt), sub);
  const fillMs = performance.now() - f0;
  const times: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    const n = annotation(PREFILL + i);
    const t0 = performance.now();
    await a.put(n);
    await until(() => shows(b, n.id, n.updatedAt), sub);
    times.push(performance.now() - t0);
  }
  await until(() => a.snapshot().pending === 0, (w) => a.subscribe(w));
  const room = (await noteRoomsOf(keys['d1'] ?? (undefined as never))).find((r) => r.scope === 'meeting')?.room ?? '';
  const stored = await roomSize(child, room);
  await a.closeAndFlush();
  await b.closeAndFlush();
  const compacted = (await roomSize(child, room)).snapshot;
  const saved = await records.get(MEETING, NOTES_ROOM_RECORD, room);
  const device = saved.ok ? (saved.value?.length ?? 0) : 0;
  return { p50: percentile(times, 50), p99: percentile(times, 99), stored, compacted, device, fillMs };
}

function rawClient(url: string, room: string, token: string): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url + SYNC_PATH, room, doc, { params: { token }, WebSocketPolyfill: WS, disableBc: true });
  return { doc, provider };
}

async function plain(child: Child, tokens: readonly string[]): Promise<Measured> {
  const room = sharedRoom(PLAIN_MEETING, 'plain');
  const a = rawClient(child.url, room, tokens[0] ?? '');
  const b = rawClient(child.url, room, tokens[1] ?? '');
  const ma = a.doc.getMap<string>('notes');
  const mb = b.doc.getMap<string>('notes');
  const sub = (wake: () => void): (() => void) => {
    mb.observe(wake);
    return () => mb.unobserve(wake);
  };
  await Promise.all([a, b].map((c) => until(() => c.provider.synced, (w) => (c.provider.on('sync', w), () => c.provider.off('sync', w)))));
  const f0 = performance.now();
  for (let i = 0; i < PREFILL; i++) ma.set(annotation(i).id, JSON.stringify(annotation(i)));
  await until(() => mb.size === PREFILL, sub);
  const fillMs = performance.now() - f0;
  const times: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    const n = annotation(PREFILL + i);
    const t0 = performance.now();
    ma.set(n.id, JSON.stringify(n));
    await until(() => mb.has(n.id), sub);
    times.push(performance.now() - t0);
  }
  const stored = await roomSize(child, room);
  const device = Buffer.from(Y.encodeStateAsUpdate(a.doc)).toString('base64').length;
  for (const c of [a, b]) {
    c.provider.destroy();
    c.doc.destroy();
  }
  const compacted = (await roomSize(child, room)).snapshot;
  return { p50: percentile(times, 50), p99: percentile(times, 99), stored, compacted, device, fillMs };
}

export async function runSyncBench(): Promise<BenchRow[]> {
  const child = await startChild();
  try {
    const tokens = await child.request<string[]>({ seed: { meetingId: MEETING, delegates: ['d1', 'd2'] } }, 'tokens');
    const plainTokens = await child.request<string[]>({ seed: { meetingId: PLAIN_MEETING, delegates: ['d1', 'd2'] } }, 'tokens');
    const s = await sealed(child, tokens);
    const p = await plain(child, plainTokens);
    const n = PREFILL + TIMED;
    const kb = (x: number): number => x / KB;
    const ratio = (x: number, y: number): string => `×${(x / y).toFixed(2)}`;
    return [
      { group: GROUP, name: `new note reaches the other device, p50 (room of ${PREFILL})`, value: s.p50, unit: 'ms', baseline: `plaintext Y.Map ${p.p50.toFixed(1)} ms`, note: 'seal + send + open + snapshot' },
      { group: GROUP, name: 'new note reaches the other device, p99', value: s.p99, unit: 'ms', baseline: `plaintext Y.Map ${p.p99.toFixed(1)} ms` },
      { group: GROUP, name: `${PREFILL} puts on one device until shown on the other`, value: s.fillMs / 1000, unit: 's', baseline: `plaintext Y.Map ${(p.fillMs / 1000).toFixed(2)} s`, note: 'sequential; the server throttles a member past 500 frames (200/s)' },
      { group: GROUP, name: `server: room stored while open (${n} notes)`, value: kb(s.stored.snapshot + s.stored.log), unit: 'KiB', baseline: `plaintext ${kb(p.stored.snapshot + p.stored.log).toFixed(0)} KiB`, note: `${ratio(s.stored.snapshot + s.stored.log, p.stored.snapshot + p.stored.log)}; snapshot ${kb(s.stored.snapshot).toFixed(0)} + log ${kb(s.stored.log).toFixed(0)} KiB` },
      { group: GROUP, name: 'server: room after compaction', value: kb(s.compacted), unit: 'KiB', baseline: `plaintext ${kb(p.compacted).toFixed(0)} KiB`, note: `${ratio(s.compacted, p.compacted)}; ${(s.compacted / n).toFixed(0)} B a note (plaintext ${(p.compacted / n).toFixed(0)})` },
      { group: GROUP, name: 'device: stored room record (base64 text)', value: kb(s.device), unit: 'KiB', baseline: `plaintext ${kb(p.device).toFixed(0)} KiB`, note: ratio(s.device, p.device) },
    ];
  } finally {
    await child.stop();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(formatTable(await runSyncBench()));
}
