// Rooms opened and closed while Redis is away queue nothing in ioredis (its offline queue has no bound): the
// bus only keeps the set of channels it wants, and subscribes to that set once Redis is back — exactly the
// rooms loaded then, nothing of the rooms that came and went — and the rooms fan out between the instances again.
// Two live sessions in this process (so the test can read the bus), each with its own store connection to one
// store and its own Redis connections (collab-server/cluster/), a real Redis killed and started again, real
// y-websocket clients.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../collab-server/cluster/index.ts';
import { REDIS_PREFIX, RedisNames } from '../../../collab-server/cluster/redis.ts';
import { authenticate } from '../../../collab-server/core/auth.ts';
import { Readiness } from '../../../collab-server/core/healthRoutes.ts';
import { createLiveSession } from '../../../collab-server/live/index.ts';
import { openServerStore, type ServerDb } from '../../../collab-server/store/db.ts';
import { startTestRedis, type TestRedis } from '../../support/redis.ts';
import { connect, poll, sha256Hex, waitForDoc, waitForSynced, WAIT_BOUND_MS, type Client } from '../live/liveHarness.ts';

const MEETING = 'hdnd-offline-queue';
/** Rooms opened and closed on each instance while Redis is away. */
const CYCLES = 60;
const ROOMS = 6;

interface Node {
  readonly url: string;
  readonly cluster: Cluster;
  readonly readiness: Readiness;
  readonly db: ServerDb;
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function node(dataDir: string, redis: TestRedis): Promise<Node> {
  const db = openServerStore({ dataDir });
  const readiness = new Readiness();
  const cluster = startCluster({ redisUrl: redis.url, db, log: () => undefined, readiness });
  const live = createLiveSession({
    db,
    authenticate: (t) => authenticate(db, t),
    dataDir,
    cluster: cluster.live,
    limits: { roomCreateBurst: 1_000 },
  });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => live.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    await live.close();
    await new Promise((resolve) => server.close(resolve));
    await cluster.close();
    db.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cluster, readiness, db };
}

const redisUp = (n: Node): boolean => n.readiness.report().dependencies['redis'] === true;
const room = (i: number | string): string => `m/${MEETING}/s/notes-${i}`;

async function channels(url: string): Promise<string[]> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await r.connect();
    return ((await r.pubsub('CHANNELS', `${REDIS_PREFIX}room:*`)) as string[]).sort();
  } finally {
    r.disconnect();
  }
}

/** Polls an async condition (Redis's own view) with a bound. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + WAIT_BOUND_MS; !(await check()); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('rooms opened and closed while Redis is away', () => {
  it('queue nothing; once Redis is back, exactly the loaded rooms are subscribed and fan out between instances', async () => {
    const redis = await startTestRedis();
    cleanups.push(() => redis.stop());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-offline-queue-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const seed = openServerStore({ dataDir });
    const token = crypto.randomBytes(24).toString('base64url');
    seed.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (?, ?, 0, ?)`).run(MEETING, 'test-key', new Date().toISOString());
    seed.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (?, ?, ?, ?)`).run(MEETING, 'db-001', 'delegate', sha256Hex(token));
    const names = new RedisNames(seed);
    seed.close();
    const a = await node(dataDir, redis);
    const b = await node(dataDir, redis);
    await poll('both instances connected to redis', () => redisUp(a) && redisUp(b));

    // One room stays open on A through the outage.
    const kept = connect(a.url, room('kept'), token);
    clients.push(kept);
    await waitForSynced(kept);

    await redis.restart(async () => {
      await poll('both instances see redis down', () => !redisUp(a) && !redisUp(b));
      for (let i = 0; i < CYCLES; i++) {
        for (const n of [a, b]) {
          const c = connect(n.url, room(i % ROOMS), token);
          await waitForSynced(c);
          c.doc.getMap('notes').set(`n${i}`, 'ghi trong lúc Redis dừng');
          c.destroy();
        }
      }
      await poll('every cycled room unloaded', () => a.cluster.bus.wantedChannels === 1 && b.cluster.bus.wantedChannels === 0);
      // Nothing waits for Redis: no SUBSCRIBE/UNSUBSCRIBE (or PUBLISH) piled up in ioredis.
      expect([a.cluster.bus.queuedCommands(), b.cluster.bus.queuedCommands()]).toEqual([0, 0]);
    });

    await poll('both instances connected to redis again', () => redisUp(a) && redisUp(b));
    // Only the room still loaded is subscribed (a fresh Redis: nothing of the rooms that came and went).
    const keptChannel = names.room(room('kept'));
    await until('only the kept room subscribed', async () => (await channels(redis.url)).join('\n') === keptChannel);

    // The kept room relays again (A's client to a new client on B), and so does a room opened now on both.
    const keptOnB = connect(b.url, room('kept'), token);
    clients.push(keptOnB);
    await waitForSynced(keptOnB);
    kept.doc.getMap('notes').set('after', 'sau');
    await waitForDoc('a note written on A after the restart, on B', keptOnB.doc, () => keptOnB.doc.getMap('notes').get('after') === 'sau');
    const onA = connect(a.url, room(0), token);
    const onB = connect(b.url, room(0), token);
    clients.push(onA, onB);
    await Promise.all([waitForSynced(onA), waitForSynced(onB)]);
    // What was written while Redis was away is in storage: both see it.
    expect(onB.doc.getMap('notes').get('n0')).toBe('ghi trong lúc Redis dừng');
    onB.doc.getMap('notes').set('live', 'trực tiếp');
    await waitForDoc('a note written on B, on A', onA.doc, () => onA.doc.getMap('notes').get('live') === 'trực tiếp');
    expect([a.cluster.bus.queuedCommands(), b.cluster.bus.queuedCommands()]).toEqual([0, 0]);
  }, 120_000);
});
