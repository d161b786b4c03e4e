// Redis connections of one server instance, and the names it uses there. Redis only carries news between
// instances (PostgreSQL is the truth, store/db.ts): a connection that drops or a Redis that restarts costs
// speed, never data, so every command fails fast instead of queueing while Redis is away.
// Like Hocuspocus's Redis extension (packages/extension-redis/src/Redis.ts) we use ioredis with two
// connections, one to publish and one in subscriber mode (a subscribed connection can do nothing else).
import crypto from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { ServerDb } from '../store/db.ts';
import { commandMacKey } from '../live/liveQueries.ts';

/** A command to Redis that takes longer fails (the caller falls back): a stalled Redis must not stall commands. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** Reconnection backoff: 100 ms more per attempt, at most this. */
export const REDIS_MAX_RETRY_DELAY_MS = 2_000;
/** Every key and channel of ours starts with this. */
export const REDIS_PREFIX = 'council:';

export type RedisRole = 'pub' | 'sub';

export function connectRedis(url: string, role: RedisRole, log: (line: string) => void): Redis {
  const options: RedisOptions = {
    connectionName: `council-${role}`,
    // CLIENT SETINFO goes out late (after a package.json read): on the subscriber it would follow SUBSCRIBE,
    // which Redis refuses in subscriber mode, and ioredis then drops the connection.
    disableClientInfo: true,
    // Nothing queues while Redis is away (ioredis's offline queue has no bound: a hall whose Redis is down
    // for an hour, rooms opening and closing all along, would pile up SUBSCRIBEs and UNSUBSCRIBEs). The
    // publisher refuses at once: what Redis missed, storage has (the others catch up from it). The subscriber
    // sends only while connected; RoomBus keeps the set of channels it wants and subscribes to that set on
    // every 'ready', so ioredis's own resubscription and resending are off.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    ...(role === 'pub' ? { commandTimeout: REDIS_COMMAND_TIMEOUT_MS } : {}),
    retryStrategy: (attempt) => Math.min(attempt * 100, REDIS_MAX_RETRY_DELAY_MS),
  };
  const client = new Redis(url, options);
  let down = false;
  // Logged once per transition, without the URL (it may carry a password).
  client.on('error', (e: Error) => {
    if (down) return;
    down = true;
    log(`cluster: redis (${role}) error: ${e.message}`);
  });
  client.on('ready', () => {
    if (down) log(`cluster: redis (${role}) connected again`);
    down = false;
  });
  return client;
}

/**
 * Names in Redis: room names and rate-limit keys say which meetings exist and who takes part, so they are
 * HMAC'd with a key every instance derives from the shared store (the command MAC key, schema step 140) and
 * nobody with only Redis can read them back.
 */
export class RedisNames {
  private readonly key: Buffer;

  constructor(db: ServerDb) {
    const hex = commandMacKey(db);
    if (!hex) throw new Error('the command HMAC key is missing from settings (schema step 140)');
    this.key = crypto.createHmac('sha256', Buffer.from(hex, 'hex')).update('council cluster names v1').digest();
  }

  private tag(kind: string, name: string): string {
    return crypto.createHmac('sha256', this.key).update(`${kind}\u0000${name}`, 'utf8').digest('base64url').slice(0, 32);
  }

  room(name: string): string {
    return `${REDIS_PREFIX}room:${this.tag('room', name)}`;
  }

  /** The one channel every instance listens on besides its rooms' (news about no room: a revocation). */
  control(): string {
    return `${REDIS_PREFIX}control:${this.tag('control', 'v1')}`;
  }

  bucket(kind: 'auth' | 'cmd', key: string): string {
    return `${REDIS_PREFIX}${kind}:${this.tag(kind, key)}`;
  }
}
