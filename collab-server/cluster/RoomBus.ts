// The fan-out between server instances: one Redis pub/sub channel per loaded room (its name HMAC'd,
// redis.ts), carrying [kind][instance id][bytes]. What we took from the two public designs:
// - Hocuspocus's Redis extension (packages/extension-redis/src/Redis.ts): ioredis with a publisher and a
//   subscriber connection; every message prefixed with the sender's instance id, so an instance drops its own
//   (Redis delivers to every subscriber, the sender included); subscribe when a document loads, unsubscribe
//   when it unloads; on load, ask the others for their awareness.
// - y-redis (yjs/y-redis): Redis distributes, a database persists; a late or reconnected reader rebuilds from
//   what is stored, not from messages it may have missed. y-redis keeps a Redis stream per room for that; here
//   PostgreSQL's room log is that record (live/roomStore.ts loadRoomSince), so Redis stays plain pub/sub.
// Updates arriving from Redis are applied with REMOTE_ORIGIN: sent to this instance's sockets, never stored
// again (the instance that took them from its client, or committed the command, stores them). Whenever
// messages may have been lost (a room newly subscribed, Redis back after a restart), the instances store what
// they hold unsaved and say so (STORED), and every instance catches up from storage.
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Redis } from 'ioredis';
import { REMOTE_ORIGIN, type Room } from '../live/Room.ts';
import type { RoomFanout, RoomRegistry } from '../live/RoomRegistry.ts';
import type { RedisNames } from './redis.ts';

/** Message kinds (first byte). */
export const BUS_KIND = {
  /** A Yjs update (a client's, or a committed command's). */
  update: 1,
  /** A y-protocols awareness update of the sender's sockets. */
  awareness: 2,
  /**
   * "I joined this room (or Redis came back; then I stored what I held)": catch up, store what you hold
   * unsaved, send STORED and your awareness.
   */
  hello: 3,
  /** "Storage now holds what I had": catch up from it. */
  stored: 4,
  /**
   * On the control channel: "a member's token stopped working (revoked, or replaced by a reinvitation): check
   * your sockets now" — rather than at the next periodic check. No payload: Redis learns nothing of who.
   */
  revoked: 5,
} as const;

const ID_BYTES = 16;
/** After Redis is back, the resync round runs again this much later (see resync). */
export const RESYNC_AGAIN_MS = 3_000;
/** Channels per SUBSCRIBE when the whole wanted set is subscribed again (after a reconnect). */
export const SUBSCRIBE_BATCH = 500;
/** A message larger than this is not relayed: the others catch up from storage instead (frames are ≤ 1 MiB). */
export const MAX_BUS_MESSAGE_BYTES = 2 * 1024 * 1024;

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class RoomBus implements RoomFanout {
  readonly instanceId = randomBytes(ID_BYTES);
  private registry: RoomRegistry | undefined;
  /**
   * Channel -> room name, for the rooms loaded here: the channels this instance wants. While Redis is away
   * nothing is sent or queued; every 'ready' of the subscriber subscribes to this set (subscriberReady).
   */
  private readonly channels = new Map<string, string>();
  private publishFailing = false;
  private subscribeFailing = false;
  private again: ReturnType<typeof setTimeout> | undefined;
  private readonly control: string;
  private revokedElsewhere: (() => void) | undefined;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly names: RedisNames,
    private readonly log: (line: string) => void,
  ) {
    this.control = names.control();
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString('latin1'), message));
  }

  /** What to do when another instance says a member's token stopped working (the live session checks its sockets). */
  onRevokedElsewhere(fn: () => void): void {
    this.revokedElsewhere = fn;
  }

  /** Tells the other instances a revocation or reinvitation has committed here. */
  announceRevocation(): void {
    this.sendTo(this.control, BUS_KIND.revoked);
  }

  attach(registry: RoomRegistry): void {
    this.registry = registry;
  }

  /** How many channels this instance wants (one per loaded room). */
  get wantedChannels(): number {
    return this.channels.size;
  }

  /**
   * Commands waiting in ioredis's offline queues (tests, diagnostics): zero by construction (redis.ts turns the
   * queue off), and a test that opens rooms while Redis is away keeps it so.
   */
  queuedCommands(): number {
    const queued = (c: Redis): number => (c as unknown as { offlineQueue?: { length: number } }).offlineQueue?.length ?? 0;
    return queued(this.pub) + queued(this.sub);
  }

  roomLoaded(room: Room): void {
    const channel = this.names.room(room.name);
    this.channels.set(channel, room.name);
    // Redis away: subscribed with the whole set once the subscriber is ready again.
    if (this.sub.status !== 'ready') return;
    // Once subscribed, what the others published before is in storage or about to be: ask them to store it.
    this.sub.subscribe(channel).then(
      () => {
        this.subscribed();
        // Not for a room unloaded meanwhile.
        if (this.channels.get(channel) === room.name) this.send(room.name, BUS_KIND.hello);
      },
      (e: unknown) => this.subscribeFailed(e),
    );
  }

  roomUnloaded(room: Room): void {
    const channel = this.names.room(room.name);
    if (!this.channels.delete(channel)) return;
    // Redis away: the next connection subscribes to the wanted set only, so there is nothing to undo.
    if (this.sub.status !== 'ready') return;
    this.sub.unsubscribe(channel).catch((e: unknown) => this.log(`cluster: could not unsubscribe from a room: ${describe(e)}`));
  }

  /**
   * The subscriber connected (a new connection: it holds no subscription). Subscribes to every wanted channel;
   * then, after a gap (`again`: not the first connection), the resync round, else a HELLO per room.
   */
  subscriberReady(again: boolean): void {
    // The control channel too: a new connection holds no subscription at all.
    const wanted = [this.control, ...this.channels.keys()];
    const batches: Promise<unknown>[] = [];
    for (let i = 0; i < wanted.length; i += SUBSCRIBE_BATCH) batches.push(this.sub.subscribe(...wanted.slice(i, i + SUBSCRIBE_BATCH)));
    Promise.all(batches).then(
      () => {
        this.subscribed();
        if (again) this.resync();
        else for (const name of this.channels.values()) this.send(name, BUS_KIND.hello);
      },
      // The connection dropped meanwhile: its next 'ready' subscribes again.
      (e: unknown) => this.subscribeFailed(e),
    );
  }

  private subscribed(): void {
    if (this.subscribeFailing) this.log('cluster: subscribing again');
    this.subscribeFailing = false;
  }

  private subscribeFailed(e: unknown): void {
    if (!this.subscribeFailing) this.log(`cluster: could not subscribe to a room (subscribed again once redis is back): ${describe(e)}`);
    this.subscribeFailing = true;
  }

  publishUpdate(room: Room, update: Uint8Array): void {
    this.send(room.name, BUS_KIND.update, update);
  }

  publishAwareness(room: Room, update: Uint8Array): void {
    this.send(room.name, BUS_KIND.awareness, update);
  }

  /**
   * Redis is back (after a restart or a network cut): messages of the gap are lost. Every loaded room stores
   * what it holds, catches up, and asks the others to do the same (they answer STORED; then it catches up again).
   */
  resync(): void {
    this.resyncNow();
    // Instances reconnect one after the other: a HELLO sent before another one subscribed again is lost, so
    // once they all had time to come back, the same round again.
    clearTimeout(this.again);
    this.again = setTimeout(() => this.resyncNow(), RESYNC_AGAIN_MS);
    this.again.unref();
  }

  private resyncNow(): void {
    const registry = this.registry;
    if (!registry) return;
    registry.syncAll();
    for (const room of registry.loadedRooms()) this.send(room.name, BUS_KIND.hello);
  }

  close(): void {
    clearTimeout(this.again);
  }

  private send(roomName: string, kind: number, payload: Uint8Array = new Uint8Array(0)): void {
    this.sendTo(this.names.room(roomName), kind, payload);
  }

  private sendTo(channel: string, kind: number, payload: Uint8Array = new Uint8Array(0)): void {
    if (payload.byteLength > MAX_BUS_MESSAGE_BYTES) kind = BUS_KIND.stored;
    if (this.pub.status !== 'ready') return;
    const message = Buffer.concat([Buffer.from([kind]), this.instanceId, kind === BUS_KIND.stored ? Buffer.alloc(0) : payload]);
    this.pub.publish(channel, message).then(
      () => {
        if (this.publishFailing) this.log('cluster: publishing again');
        this.publishFailing = false;
      },
      (e: unknown) => {
        if (!this.publishFailing) this.log(`cluster: publish failed (the others catch up from storage): ${describe(e)}`);
        this.publishFailing = true;
      },
    );
  }

  private receive(channel: string, message: Buffer): void {
    if (message.byteLength < 1 + ID_BYTES || message.subarray(1, 1 + ID_BYTES).equals(this.instanceId)) return;
    if (channel === this.control) {
      if (message[0] === BUS_KIND.revoked) this.revokedElsewhere?.();
      return;
    }
    const name = this.channels.get(channel);
    const room = name === undefined ? undefined : this.registry?.loaded(name);
    if (!room) return;
    const kind = message[0];
    const payload = new Uint8Array(message.buffer, message.byteOffset + 1 + ID_BYTES, message.byteLength - 1 - ID_BYTES);
    try {
      this.apply(room, kind, payload);
    } catch (e) {
      // A message this instance cannot apply: storage has it; the next catch-up brings it.
      this.log(`cluster: could not apply a message (kind ${kind}) to ${room.name}: ${describe(e)}`);
    }
  }

  private apply(room: Room, kind: number | undefined, payload: Uint8Array): void {
    const registry = this.registry;
    if (!registry) return;
    switch (kind) {
      case BUS_KIND.update:
        Y.applyUpdate(room.doc, payload, REMOTE_ORIGIN);
        return;
      case BUS_KIND.awareness:
        room.applyRemoteAwareness(payload);
        return;
      case BUS_KIND.hello: {
        registry.catchUp(room);
        registry.storeNow(room);
        this.send(room.name, BUS_KIND.stored);
        const ids = room.localAwarenessIds();
        if (ids.length > 0) this.send(room.name, BUS_KIND.awareness, awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids));
        return;
      }
      case BUS_KIND.stored:
        registry.catchUp(room);
        return;
      default:
        this.log(`cluster: unknown message kind ${String(kind)} for ${room.name}`);
    }
  }
}
