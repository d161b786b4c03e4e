// A shared room whose load fails (the store or the fan-out throws while the state room is loaded for an
// instance of a cluster) is not left half-loaded: the socket that asked for it is closed with 1011 and a
// reason, the room is dropped (the next connect loads it again, under the lock), nothing of the failed load is
// relayed, and the failure is logged. A real live session on a real store (SQLite here; PostgreSQL in the
// `test:unit:pg` run), a real y-websocket client that reconnects by itself; what fails is an injected
// dependency: the store (a statement that throws once) or the fan-out (a subscription that throws once).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticate } from '../../../collab-server/core/auth.ts';
import { createLiveSession, type LiveSession } from '../../../collab-server/live/index.ts';
import type { Room } from '../../../collab-server/live/Room.ts';
import { ROOM_LOAD_FAILED_REASON, type RoomFanout } from '../../../collab-server/live/RoomRegistry.ts';
import { openServerStore, type ServerDb } from '../../../collab-server/store/db.ts';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { SESSION_KEYS, sessionMap } from '../../../common/live/state.ts';
import { CLOSE } from '../../../common/live/wire.ts';
import { connect, sha256Hex, waitForDoc, waitUntil, type Client } from '../live/liveHarness.ts';

const MEETING = 'hdnd-load-fail';

/** What the registry told the fan-out, in order; `failSubscribe` makes the next roomLoaded throw. */
class RecordingFanout implements RoomFanout {
  readonly events: string[] = [];
  failSubscribe = false;

  roomLoaded(room: Room): void {
    this.events.push(`loaded ${room.name}`);
    if (!this.failSubscribe) return;
    this.failSubscribe = false;
    throw new Error('redis: subscribe refused (test)');
  }

  roomUnloaded(room: Room): void {
    this.events.push(`unloaded ${room.name}`);
  }

  publishUpdate(room: Room): void {
    this.events.push(`update ${room.name}`);
  }

  publishAwareness(): void {}
}

/** The store, with one armed failure: the next statement whose SQL matches throws (as a dropped connection would). */
function failingOnce(db: ServerDb): { db: ServerDb; arm(pattern: RegExp): void; fired(): boolean } {
  let armed: RegExp | undefined;
  let fired = false;
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (text: string) => {
          if (armed?.test(text)) {
            armed = undefined;
            fired = true;
            throw new Error('store: connection lost (test)');
          }
          return target.prepare(text);
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, arm: (p) => void (armed = p), fired: () => fired };
}

interface Setup {
  readonly url: string;
  readonly token: string;
  readonly fanout: RecordingFanout;
  readonly store: ReturnType<typeof failingOnce>;
  readonly logs: string[];
}

const cleanups: (() => Promise<void> | void)[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function start(): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-load-fail-'));
  const real = openServerStore({ dataDir });
  cleanups.push(
    () => fs.rmSync(dataDir, { recursive: true, force: true }),
    () => void real.close(),
  );
  const token = crypto.randomBytes(24).toString('base64url');
  real.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, ?, 0, ?)`).run(MEETING, 'test-key', new Date().toISOString());
  real.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, ?, ?)`).run(MEETING, 'db-001', 'delegate', sha256Hex(token));
  const store = failingOnce(real);
  const fanout = new RecordingFanout();
  const logs: string[] = [];
  const live: LiveSession = createLiveSession({
    db: store.db,
    authenticate: (t) => authenticate(store.db, t),
    dataDir,
    log: (l) => logs.push(l),
    cluster: { fanout, attach: () => undefined },
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => live.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await live.close();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token, fanout, store, logs };
}

/** Connects a y-websocket client; resolves once it saw its first close (code, reason) and then synced. */
async function closedThenSynced(s: Setup): Promise<{ code: number; reason: string; client: Client }> {
  const client = connect(s.url, meetingStateRoom(MEETING), s.token);
  clients.push(client);
  const closes: { code: number; reason: string }[] = [];
  client.provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: String(event.reason) });
  });
  await waitUntil('a close, then a sync', () => closes.length > 0 && client.provider.synced, (wake) => {
    client.provider.on('connection-close', wake);
    client.provider.on('sync', wake);
    return () => {
      client.provider.off('connection-close', wake);
      client.provider.off('sync', wake);
    };
  });
  const first = closes[0] as { code: number; reason: string };
  return { ...first, client };
}

const room = meetingStateRoom(MEETING);
const shaped = (c: Client): boolean => sessionMap(c.doc).has(SESSION_KEYS.config) && sessionMap(c.doc).has(SESSION_KEYS.queue);

describe('a shared room whose load fails', () => {
  it('the store throws inside the load: the socket gets 1011, the room is dropped, the reconnect loads it with its shape', async () => {
    const s = await start();
    // The load's own write (the state room's shape, appended under the meeting's lock) fails once.
    s.store.arm(/INSERT INTO live_room_updates/);
    const { code, reason, client } = await closedThenSynced(s);
    expect(s.store.fired()).toBe(true);
    expect([code, reason]).toEqual([CLOSE.internalError, ROOM_LOAD_FAILED_REASON]);
    await waitForDoc('the shape after the reconnect', client.doc, () => shaped(client));
    // Loaded twice (the failed one unloaded at once); the failed load's shape was never relayed, the second one's was.
    expect(s.fanout.events.slice(0, 3)).toEqual([`loaded ${room}`, `unloaded ${room}`, `loaded ${room}`]);
    expect(s.fanout.events.slice(3).every((e) => e === `update ${room}`)).toBe(true);
    expect(s.fanout.events.length).toBeGreaterThan(3);
    expect(s.logs.filter((l) => l.startsWith(`live: could not load shared room ${room}`))).toHaveLength(1);
  });

  it('the fan-out throws while subscribing: same close, and the room is loaded again on the reconnect', async () => {
    const s = await start();
    s.fanout.failSubscribe = true;
    const { code, reason, client } = await closedThenSynced(s);
    expect([code, reason]).toEqual([CLOSE.internalError, ROOM_LOAD_FAILED_REASON]);
    await waitForDoc('the shape after the reconnect', client.doc, () => shaped(client));
    expect(s.fanout.events.slice(0, 3)).toEqual([`loaded ${room}`, `unloaded ${room}`, `loaded ${room}`]);
    expect(s.logs.some((l) => l.includes('subscribe refused (test)'))).toBe(true);
  });
});
