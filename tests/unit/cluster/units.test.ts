// The cluster's small parts on their own: the catch-up read of a room's log across compactions (roomStore
// loadRoomSince), and the Redis-counted limits falling back to this instance's own when Redis is not there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RedisCommandLimiter, RedisFailureStore } from '../../../collab-server/cluster/buckets.ts';
import { connectRedis, RedisNames } from '../../../collab-server/cluster/redis.ts';
import { AUTH_FAILURE_BURST } from '../../../collab-server/core/auth.ts';
import { RateLimiter } from '../../../collab-server/live/RateLimiter.ts';
import { appendRoomUpdate, compactRoom, lastRoomSeq, loadRoomSince } from '../../../collab-server/live/roomStore.ts';
import { openServerDb } from '../../../collab-server/store/db.ts';
import { startTestRedis } from '../../support/redis.ts';

const dirs: string[] = [];
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDb(): ReturnType<typeof openServerDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-cluster-unit-'));
  dirs.push(dir);
  const db = openServerDb(dir);
  closers.push(() => db.close());
  return db;
}

const ROOM = 'm/hdnd/s/notes';
const at = new Date().toISOString();

function edit(doc: Y.Doc, key: string): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  doc.once('update', (u: Uint8Array) => void (update = u));
  doc.getMap('m').set(key, key);
  return update;
}

function keysOf(updates: readonly Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return [...doc.getMap('m').keys()].sort();
}

describe('loadRoomSince', () => {
  it('gives the rows after a seq, and the snapshot first once a compaction folded rows the reader has not seen', () => {
    const db = tempDb();
    const writer = new Y.Doc();
    for (const k of ['a', 'b', 'c']) appendRoomUpdate(db, { room: ROOM, meetingId: 'hdnd', update: edit(writer, k), at });
    const all = loadRoomSince(db, ROOM, -1);
    expect(all.lastSeq).toBe(3);
    expect(keysOf(all.updates)).toEqual(['a', 'b', 'c']);
    const after1 = loadRoomSince(db, ROOM, 1);
    expect(after1.updates).toHaveLength(2);
    expect(after1.lastSeq).toBe(3);
    expect(loadRoomSince(db, ROOM, 3)).toEqual({ updates: [], lastSeq: 3 });
    // Another instance compacts up to seq 3 and appends d: a reader at seq 1 needs the snapshot.
    compactRoom(db, { room: ROOM, meetingId: 'hdnd', state: Y.encodeStateAsUpdate(writer), uptoSeq: lastRoomSeq(db, ROOM), at });
    appendRoomUpdate(db, { room: ROOM, meetingId: 'hdnd', update: edit(writer, 'd'), at });
    const behind = loadRoomSince(db, ROOM, 1);
    expect(behind.lastSeq).toBe(4);
    expect(keysOf(behind.updates)).toEqual(['a', 'b', 'c', 'd']);
    // A reader at seq 3 (what the snapshot holds) gets only the new row.
    expect(loadRoomSince(db, ROOM, 3).updates).toHaveLength(1);
  });
});

describe('Redis-counted limits', () => {
  it('count across two instances’ stores, and fall back to the local count when Redis is away, never throwing', async () => {
    const redis = await startTestRedis();
    closers.push(() => redis.stop());
    const db = tempDb();
    const names = new RedisNames(db);
    const log: string[] = [];
    const [pubA, pubB] = [connectRedis(redis.url, 'pub', (l) => log.push(l)), connectRedis(redis.url, 'pub', (l) => log.push(l))];
    closers.unshift(() => (pubA.disconnect(), pubB.disconnect()));
    await Promise.all([pubA, pubB].map((c) => new Promise((r) => c.once('ready', r))));
    const [a, b] = [new RedisFailureStore(pubA, names, (l) => log.push(l)), new RedisFailureStore(pubB, names, (l) => log.push(l))];
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) await (i % 2 === 0 ? a : b).recordFailure('a 10.0.0.9');
    expect(await a.allows('a 10.0.0.9')).toBe(false);
    expect(await b.allows('a 10.0.0.9')).toBe(false);
    expect(await b.allows('a 10.0.0.10')).toBe(true);
    const limiter = new RedisCommandLimiter(pubA, names, new RateLimiter({ burst: 2, refillPerSec: 0.001, maxBuckets: 10 }), { burst: 2, refillPerSec: 0.001 }, (l) => log.push(l));
    expect((await limiter.take('m/d')).ok).toBe(true);

    await redis.restart(async () => {
      // Redis away: the local limiter answers (its own bucket, fresh), logged once.
      await new Promise<void>((r) => (pubA.status === 'ready' ? pubA.once('close', () => r()) : r()));
      expect((await limiter.take('m/d')).ok).toBe(true);
      expect((await limiter.take('m/d')).ok).toBe(true);
      expect((await limiter.take('m/d')).ok).toBe(false);
      await expect(a.recordFailure('a 10.0.0.11')).resolves.toBeUndefined();
      expect(await a.allows('a 10.0.0.11')).toBe(true);
      expect(log.filter((l) => l.includes('command rate limits counted on this instance only'))).toHaveLength(1);
    });
  });
});
