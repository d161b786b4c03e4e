// Fuzz: y-websocket frames over real sockets to real rooms of a server in its own process. Random bytes,
// mutated valid sync and awareness frames, deep and huge awareness states, unknown message types,
// oversized frames, and upgrades to wrong, foreign and malformed rooms. A socket may be closed for what it
// sent; the server must not die, must keep answering, and a normal client must still join and sync.
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { meetingStateRoom, privateRoom, sharedRoom, SYNC_PATH } from '../../../common/live/rooms.ts';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../../common/live/wire.ts';
import { fakeMember, publishMeeting, type FakeMember } from '../collab-server/helpers.ts';
import { assertHealthy, keepInRoom, startFuzzServer, type FuzzServer, type Keeper } from './serverProcess.ts';
import { deepJsonText, fromB64, fuzzFailure, loadCorpus, mutateBytes, randomJson, randomString, Rng, runSeed, saveToCorpus, toB64 } from './fuzzKit.ts';

const TARGET = 'websocket';
const SOCKETS = 240;
const MAX_FRAMES_PER_SOCKET = 12;
const BATCH = 60;
const RSS_BOUND = 600 * 1024 * 1024;
const SOCKET_BOUND_MS = 10_000;
const seed = runSeed();

export interface WsCase {
  /** Room name after /sync/ (may be malformed on purpose). */
  readonly room: string;
  /** '$CHAIR', '$DELEGATE', '$OTHER' or a literal. */
  readonly token: string;
  /** base64 frames, sent in order as binary messages. */
  readonly frames: readonly string[];
}

let server: FuzzServer;
let tokens: Record<string, string>;
let watcher: FakeMember;
/** Normal clients in the fuzzed rooms: they keep each room loaded, so its broadcasts run as in a meeting. */
let keepers: Keeper[] = [];

beforeAll(async () => {
  server = await startFuzzServer();
  const chair = fakeMember('chu-toa', 'chair');
  const delegate = fakeMember('d1');
  const other = fakeMember('d2');
  watcher = fakeMember('kiem-tra');
  await publishMeeting(server.url, 'fz', [chair, delegate, other, watcher]);
  tokens = { $CHAIR: chair.token, $DELEGATE: delegate.token, $OTHER: other.token };
  keepers = await Promise.all([
    keepInRoom(server.url, sharedRoom('fz', 'notes'), watcher.token),
    keepInRoom(server.url, meetingStateRoom('fz'), watcher.token),
    keepInRoom(server.url, privateRoom('fz', 'd1', 'notes'), delegate.token),
  ]);
}, 60_000);
afterAll(async () => {
  for (const k of keepers) k.destroy();
  await server?.stop();
});

// ---- frames

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function randomDoc(rng: Rng): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, randomString(rng));
  doc.getMap('m').set(randomString(rng) || 'k', JSON.stringify(randomJson(rng, 2)) ?? null);
  if (rng.chance(0.2)) doc.getArray('a').insert(0, Array.from({ length: rng.size(2000) }, (_, i) => i));
  return doc;
}

function syncStep1(rng: Rng): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, randomDoc(rng));
  });
}

function syncUpdate(rng: Rng, step2: boolean): Uint8Array {
  const update = Y.encodeStateAsUpdate(randomDoc(rng));
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, step2 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
    encoding.writeVarUint8Array(e, update);
  });
}

function awarenessState(rng: Rng): string {
  switch (rng.int(6)) {
    case 0:
      return deepJsonText(rng.pick([50, 5_000, 200_000]), rng.chance(0.5) ? 'array' : 'object');
    case 1:
      return JSON.stringify({ user: { name: 'x'.repeat(rng.pick([100, 100_000, 900_000])) } });
    case 2:
      return rng.pick(['null', '', '{', '"x"', '1', '[]', '{"__proto__":{"polluted":1}}']);
    default:
      return JSON.stringify({ user: randomJson(rng, 3), cursor: randomJson(rng, 2) });
  }
}

function awareness(rng: Rng): Uint8Array {
  const entries = rng.chance(0.1) ? rng.pick([100, 5_000]) : 1 + rng.int(3);
  const update = frame((e) => {
    encoding.writeVarUint(e, entries);
    for (let i = 0; i < entries; i++) {
      encoding.writeVarUint(e, rng.chance(0.5) ? rng.int(2 ** 32) : rng.int(10));
      encoding.writeVarUint(e, rng.pick([0, 1, 2 ** 31, 2 ** 53 - 1]));
      encoding.writeVarString(e, entries > 3 ? JSON.stringify(randomJson(rng, 2)) : awarenessState(rng));
    }
  });
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

function randomFrame(rng: Rng): Uint8Array {
  switch (rng.int(10)) {
    case 0:
      return rng.bytes(rng.size(4096));
    case 1:
      return syncStep1(rng);
    case 2:
    case 3:
      return syncUpdate(rng, rng.chance(0.5));
    case 4:
    case 5:
      return awareness(rng);
    case 6:
      return mutateBytes(rng, rng.pick([syncStep1(rng), syncUpdate(rng, false), awareness(rng)]));
    case 7:
      return frame((e) => {
        encoding.writeVarUint(e, rng.pick([2, 3, 4, 99, 2 ** 31]));
        encoding.writeUint8Array(e, rng.bytes(rng.size(64)));
      });
    case 8:
      return rng.chance(0.2) ? new Uint8Array(1024 * 1024 + 1 + rng.int(1000)) : new Uint8Array(0);
    default:
      return frame((e) => encoding.writeVarUint(e, MESSAGE_SYNC));
  }
}

function randomRoom(rng: Rng): { room: string; token: string } {
  const r = rng.int(10);
  if (r < 3) return { room: sharedRoom('fz', 'notes'), token: rng.pick(['$CHAIR', '$DELEGATE']) };
  if (r < 5) return { room: privateRoom('fz', 'd1', 'notes'), token: '$DELEGATE' };
  if (r < 7) return { room: meetingStateRoom('fz'), token: rng.pick(['$CHAIR', '$DELEGATE']) };
  if (r === 7) return { room: privateRoom('fz', 'd1', 'notes'), token: '$OTHER' };
  const bad = rng.pick(['m/fz', 'm/fz/x/y', 'm/other/state', 'm/fz/g/to-1/notes', `m/fz/s/${'a'.repeat(41)}`, `m/fz/s/${encodeURIComponent(randomString(rng))}`, '', 'm/fz/p/d1']);
  return { room: bad, token: rng.pick(['$DELEGATE', 'forged', '']) };
}

function wsCase(rng: Rng): WsCase {
  const { room, token } = randomRoom(rng);
  return { room, token, frames: Array.from({ length: 1 + rng.int(MAX_FRAMES_PER_SOCKET) }, () => toB64(randomFrame(rng))) };
}

// ---- running a case

/** Connects, sends every frame (as far as the socket stays open), and resolves with what happened. */
function send(c: WsCase): Promise<{ status: number; closeCode?: number }> {
  const token = tokens[c.token] ?? c.token;
  const url = `${server.url.replace(/^http/, 'ws')}${SYNC_PATH}/${c.room}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`the socket neither finished nor closed within ${SOCKET_BOUND_MS} ms`));
    }, SOCKET_BOUND_MS);
    const finish = (r: { status: number; closeCode?: number }): void => {
      clearTimeout(timer);
      resolve(r);
    };
    ws.on('unexpected-response', (_req, res) => {
      ws.terminate();
      finish({ status: res.statusCode ?? 0 });
    });
    ws.on('error', () => {});
    ws.on('close', (code) => finish({ status: 101, closeCode: code }));
    ws.on('open', () => {
      for (const f of c.frames) if (ws.readyState === WebSocket.OPEN) ws.send(fromB64(f));
      // A ping after the frames: once its pong is back, the server has read everything before it.
      ws.ping();
      ws.once('pong', () => ws.close(1000));
    });
  });
}

function checkOutcome(r: { status: number; closeCode?: number }): void {
  if (r.status !== 101 && (r.status < 400 || r.status >= 500) && r.status !== 503) throw new Error(`upgrade answered ${r.status}`);
  // 1011 is the server's own "internal error": a frame made it fail, which only a fix can answer.
  if (r.closeCode === 1011) throw new Error('the server closed the socket with 1011 (internal error)');
}

async function run(c: WsCase, why: string): Promise<void> {
  try {
    checkOutcome(await send(c));
    const dead = server.exited();
    if (dead) throw new Error(`the server died (${dead}); its log ends:\n${server.log().slice(-3000)}`);
  } catch (e) {
    saveToCorpus(TARGET, { why: `${why}: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`, input: c });
    throw fuzzFailure(TARGET, seed, { ...c, frames: c.frames.map((f) => f.slice(0, 200)) }, e);
  }
}

async function healthy(): Promise<void> {
  await assertHealthy(server, meetingStateRoom('fz'), watcher.token, RSS_BOUND);
  // The keepers were never the ones misbehaving: none of them may have been cut off.
  expect(keepers.map((k) => k.connected())).toEqual([true, true, true]);
}

describe('fuzz: y-websocket frames', () => {
  it('replays the corpus', async () => {
    const corpus = loadCorpus<WsCase>(TARGET);
    expect(corpus.length).toBeGreaterThan(0);
    for (const entry of corpus) {
      await run(entry.input, 'corpus');
      await healthy();
    }
  });

  it(`survives ${SOCKETS} sockets of random and mutated frames (seed ${seed})`, async () => {
    const rng = new Rng(seed);
    for (let i = 0; i < SOCKETS; i++) {
      await run(wsCase(rng), `socket ${i}`);
      if ((i + 1) % BATCH === 0) await healthy();
    }
    await healthy();
  });
});
