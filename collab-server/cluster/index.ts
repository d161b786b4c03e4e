// Several `council serve` instances on one PostgreSQL and one Redis (issue 11): any instance takes any client.
// PostgreSQL orders and keeps everything (commands lock the meeting and catch up, live/commands/execute.ts);
// Redis carries news fast (RoomBus.ts) and counts rate limits across instances (buckets.ts). Without a Redis
// URL none of this exists and the server runs as one process, exactly as before.
import type { Redis } from 'ioredis';
import type { FailureStore } from '../core/auth.ts';
import type { Readiness } from '../core/healthRoutes.ts';
import type { LiveCluster } from '../live/LiveSession.ts';
import type { RateLimiter } from '../live/RateLimiter.ts';
import type { RoomRegistry } from '../live/RoomRegistry.ts';
import type { ServerDb } from '../store/db.ts';
import { RedisCommandLimiter, RedisFailureStore } from './buckets.ts';
import { connectRedis, RedisNames } from './redis.ts';
import { RoomBus } from './RoomBus.ts';

/** How long close() waits for Redis to acknowledge QUIT. */
export const REDIS_QUIT_WAIT_MS = 1_000;

export interface ClusterOptions {
  readonly redisUrl: string;
  readonly db: ServerDb;
  readonly log: (line: string) => void;
  readonly readiness?: Readiness;
}

export interface Cluster {
  /** What the live session plugs in (createLiveSession's `cluster`). */
  readonly live: LiveCluster;
  readonly failureStore: FailureStore;
  readonly bus: RoomBus;
  close(): Promise<void>;
}

/** A Redis connection that is ready now or not: 'ready' reports it, anything else reports it down. */
function reportReadiness(client: Redis, readiness: Readiness | undefined): void {
  if (!readiness) return;
  client.on('ready', () => readiness.setDependency('redis', true));
  for (const event of ['error', 'close', 'reconnecting', 'end']) client.on(event, () => readiness.setDependency('redis', false));
}

export function startCluster(opts: ClusterOptions): Cluster {
  const names = new RedisNames(opts.db);
  // Optional: Redis away costs the fan-out only, so /readyz stays 200 and says `degraded` (core/healthRoutes.ts).
  opts.readiness?.expect('redis', 'optional');
  const pub = connectRedis(opts.redisUrl, 'pub', opts.log);
  const sub = connectRedis(opts.redisUrl, 'sub', opts.log);
  reportReadiness(sub, opts.readiness);
  const bus = new RoomBus(pub, sub, names, opts.log);
  // After the first connection, every 'ready' of the subscriber follows a gap in which messages were lost.
  let connectedBefore = false;
  sub.on('ready', () => {
    bus.subscriberReady(connectedBefore);
    connectedBefore = true;
  });
  pub.on('ready', () => {
    if (connectedBefore) bus.resync();
  });
  const live: LiveCluster = {
    fanout: bus,
    attach: (registry: RoomRegistry) => bus.attach(registry),
    commandLimiter: (local: RateLimiter, rate) => new RedisCommandLimiter(pub, names, local, rate, opts.log),
    revocations: (checkNow) => {
      bus.onRevokedElsewhere(checkNow);
      return { announce: () => bus.announceRevocation() };
    },
  };
  return {
    live,
    failureStore: new RedisFailureStore(pub, names, opts.log),
    bus,
    async close() {
      bus.close();
      // QUIT lets Redis drop our subscriptions cleanly; a Redis that is away gets a bounded wait, then the cut.
      const quit = Promise.allSettled([pub.quit(), sub.quit()]);
      await Promise.race([quit, new Promise((resolve) => setTimeout(resolve, REDIS_QUIT_WAIT_MS).unref())]);
      pub.disconnect();
      sub.disconnect();
    },
  };
}
