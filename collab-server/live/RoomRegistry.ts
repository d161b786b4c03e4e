// Rooms in memory: loaded from SQLite on first use (snapshot + appended updates, roomStore.ts), unloaded when
// the last client leaves. Persistence is incremental: the updates clients make are appended, batched over a
// short debounce, and the log is compacted into a new snapshot after N updates or bytes and on unload.
// Command updates (SERVER_ORIGIN) are appended by the command's own transaction, not here.
// With several server instances (a RoomFanout, collab-server/cluster/), storage is shared: every append and
// compaction holds the meeting's lock, and a room catches up with what the others stored (REMOTE_ORIGIN)
// before it compacts, before a command writes it (commands/execute.ts) and when the fan-out says so.
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { lockMeeting, type ServerDb } from '../store/db.ts';
import { roomToString, type RoomRef } from '../../common/live/rooms.ts';
import { appendRoomUpdate, compactRoom, lastRoomSeq, loadRoom, loadRoomSince, roomIsStored, roomUpdateStats, storedRoomCount } from './roomStore.ts';
import { INIT_ORIGIN, LOAD_ORIGIN, REMOTE_ORIGIN, Room, SERVER_ORIGIN, type RoomPeer } from './Room.ts';

/** What the registry tells the fan-out between server instances (collab-server/cluster/); absent: one instance. */
export interface RoomFanout {
  roomLoaded(room: Room): void;
  roomUnloaded(room: Room): void;
  /** A change made on this instance (a client's, stored after the debounce; a command's, once committed). */
  publishUpdate(room: Room, update: Uint8Array): void;
  /** An awareness change of this instance's sockets (encoded y-protocols awareness update). */
  publishAwareness(room: Room, update: Uint8Array): void;
}

export interface RegistryOptions {
  readonly db: ServerDb;
  readonly tickMs: number;
  readonly persistDebounceMs: number;
  readonly maxUpdatesPerMerge: number;
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  /** Called once after a room is loaded (e.g. to give the state room its shape). */
  readonly onLoad: (room: Room) => void;
  readonly log: (line: string) => void;
  /** Several instances share the store: their changes reach this one's rooms through it. */
  readonly fanout?: RoomFanout;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The close reason of a socket whose room failed to load (with CLOSE.internalError, 1011: the y-websocket
 * client reconnects, and its next connect loads the room again).
 */
export const ROOM_LOAD_FAILED_REASON = 'room load failed';

/** acquire() could not load a shared room: it was dropped, nothing of it is served. */
export class RoomLoadError extends Error {
  constructor(
    readonly room: string,
    cause: unknown,
  ) {
    super(`could not load room ${room}: ${describe(cause)}`, { cause });
    this.name = 'RoomLoadError';
  }
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  /** Updates of each room not appended yet, and the timer that appends them. */
  private readonly unsaved = new Map<Room, { updates: Uint8Array[]; timer: ReturnType<typeof setTimeout> }>();
  /** Several instances: the last stored seq each loaded room has applied (its catch-up starts after it). */
  private readonly seen = new WeakMap<Room, number>();
  /** Several instances: what a room being loaded changed, relayed once its load committed (never when it failed). */
  private readonly loading = new Map<Room, Uint8Array[]>();

  constructor(private readonly opts: RegistryOptions) {}

  get size(): number {
    return this.rooms.size;
  }

  /** Whether the room exists: loaded now, or stored. A room that does not would be created by opening it. */
  exists(ref: RoomRef): boolean {
    const name = roomToString(ref);
    return this.rooms.has(name) || roomIsStored(this.opts.db, name);
  }

  /** Rooms of the meeting that exist: stored, or written to and about to be. */
  roomCount(meetingId: string): number {
    let unstored = 0;
    for (const room of this.unsaved.keys()) if (room.ref.meetingId === meetingId && !roomIsStored(this.opts.db, room.name)) unstored++;
    return storedRoomCount(this.opts.db, meetingId) + unstored;
  }

  acquire(ref: RoomRef): Room {
    const name = roomToString(ref);
    const existing = this.rooms.get(name);
    if (existing) return existing;
    const room = new Room(name, ref, {
      tickMs: this.opts.tickMs,
      maxUpdatesPerMerge: this.opts.maxUpdatesPerMerge,
      log: this.opts.log,
      onUpdate: (r, update, origin) => this.onUpdate(r, update, origin),
      ...(this.opts.fanout ? { onAwareness: (r: Room, ids: readonly number[], origin: unknown) => this.onAwareness(r, ids, origin) } : {}),
    });
    // Shared storage: rows first, then the snapshot (roomStore.loadRoomSince), so a compaction by another instance in between loses nothing.
    const stored = this.opts.fanout ? loadRoomSince(this.opts.db, name, -1) : loadRoom(this.opts.db, name);
    if (this.opts.fanout) this.seen.set(room, stored.lastSeq);
    room.doc.transact(() => {
      for (const u of stored.updates) Y.applyUpdate(room.doc, u, LOAD_ORIGIN);
    }, LOAD_ORIGIN);
    room.measure();
    this.rooms.set(name, room);
    if (this.opts.fanout) this.loadShared(room, this.opts.fanout);
    else this.opts.onLoad(room);
    return room;
  }

  /**
   * Several instances: the room's first changes (the state room's shape) are made and stored under the
   * meeting's lock, after catching up — two instances loading a new state room at once must not each create
   * their own speaker queue (Yjs would keep one, and the requests pushed into the other would vanish).
   * A load that fails (the store or the fan-out threw) drops the room and throws RoomLoadError: a room left
   * loaded without its shape would serve its clients a doc that commands cannot write into until it unloads.
   */
  private loadShared(room: Room, fanout: RoomFanout): void {
    const made: Uint8Array[] = [];
    this.loading.set(room, made);
    try {
      fanout.roomLoaded(room);
      this.opts.db.transaction(() => {
        lockMeeting(this.opts.db, room.ref.meetingId);
        this.pull(room);
        this.opts.onLoad(room);
        this.saveUnsaved(room);
      })();
    } catch (e) {
      this.opts.log(`live: could not load shared room ${room.name}, dropped (its clients reconnect): ${describe(e)}`);
      this.dropFailed(room, fanout);
      throw new RoomLoadError(room.name, e);
    } finally {
      this.loading.delete(room);
    }
    // Stored now: the others may see it (before, a rolled-back shape would have reached their docs and never storage).
    for (const update of made) fanout.publishUpdate(room, update);
  }

  /** Forgets a room whose load failed: its unstored shape too, which the next load makes again under the lock. */
  private dropFailed(room: Room, fanout: RoomFanout): void {
    const pending = this.unsaved.get(room);
    if (pending) clearTimeout(pending.timer);
    this.unsaved.delete(room);
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    try {
      fanout.roomUnloaded(room);
    } catch (e) {
      this.opts.log(`live: could not unsubscribe room ${room.name}: ${describe(e)}`);
    }
    // No peer yet (acquire runs before the first one joins): the caller closes the socket that asked for it.
    room.destroy();
  }

  private onUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    if (origin === SERVER_ORIGIN || origin === LOAD_ORIGIN || origin === REMOTE_ORIGIN) return;
    const pending = this.unsaved.get(room);
    if (pending) pending.updates.push(update);
    else this.unsaved.set(room, { updates: [update], timer: setTimeout(() => this.save(room), this.opts.persistDebounceMs) });
    // A client's write (or the room's shape) goes out at once; an undo of a rolled-back command or of a
    // dropped read-only write is stored like before but not relayed (the others never saw what it undoes).
    if (origin !== INIT_ORIGIN && !room.peers.has(origin as RoomPeer)) return;
    const held = this.loading.get(room);
    if (held) held.push(update);
    else this.opts.fanout?.publishUpdate(room, update);
  }

  /** Relays this instance's awareness changes; not those of other instances, nor the outdated-state sweep each instance runs itself. */
  private onAwareness(room: Room, ids: readonly number[], origin: unknown): void {
    if (origin === REMOTE_ORIGIN || origin === 'timeout' || ids.length === 0) return;
    this.opts.fanout?.publishAwareness(room, awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...ids]));
  }

  /** Whether other instances share the store (a fan-out is attached). */
  get shared(): boolean {
    return this.opts.fanout !== undefined;
  }

  /** Tells the other instances of a change this one stored (a command's, after its commit). */
  publish(room: Room, update: Uint8Array): void {
    this.opts.fanout?.publishUpdate(room, update);
  }

  /** The loaded room of that name, if any (the fan-out applies other instances' changes to it). */
  loaded(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /**
   * Several instances: applies what the others stored since this room last looked (REMOTE_ORIGIN: sent to
   * this instance's sockets, not stored again). A no-op with one instance. Callers that write next hold the
   * meeting's lock (lockMeeting) first, so nothing is stored between this read and their write.
   */
  catchUp(room: Room): void {
    if (this.opts.fanout && this.rooms.get(room.name) === room) this.pull(room);
  }

  private pull(room: Room): void {
    const since = loadRoomSince(this.opts.db, room.name, this.seen.get(room) ?? -1);
    this.seen.set(room, since.lastSeq);
    if (since.updates.length === 0) return;
    room.doc.transact(() => {
      for (const u of since.updates) Y.applyUpdate(room.doc, u, REMOTE_ORIGIN);
    }, REMOTE_ORIGIN);
  }

  /** Every loaded room stores what it has unsaved, then catches up (after the fan-out lost messages: Redis restarted). Never throws. */
  syncAll(): void {
    for (const room of [...this.rooms.values()]) {
      try {
        this.saveUnsaved(room);
        this.pull(room);
      } catch (e) {
        this.opts.log(`live: could not catch up room ${room.name}: ${describe(e)}`);
      }
    }
  }

  /** Stores the room's unsaved client updates now (another instance is about to read storage). Never throws. */
  storeNow(room: Room): void {
    try {
      this.saveUnsaved(room);
    } catch (e) {
      this.opts.log(`live: could not save room ${room.name}: ${describe(e)}`);
    }
  }

  /** The loaded rooms. */
  loadedRooms(): Room[] {
    return [...this.rooms.values()];
  }

  /** Appends the room's unsaved updates (merged in bounded groups); compacts when the log has grown. Never throws (it runs from a timer). */
  save(room: Room): void {
    try {
      this.saveUnsaved(room);
      // A room unloaded while its append kept failing: its updates are stored now; its doc is gone.
      if (this.rooms.get(room.name) !== room) return;
      const stats = roomUpdateStats(this.opts.db, room.name);
      if (stats.count >= this.opts.compactAfterUpdates || stats.bytes >= this.opts.compactAfterBytes) this.compact(room);
    } catch (e) {
      this.opts.log(`live: could not save room ${room.name}: ${describe(e)}`);
    }
  }

  private append(room: Room, updates: readonly Uint8Array[]): void {
    const at = new Date().toISOString();
    const step = this.opts.maxUpdatesPerMerge;
    this.opts.db.transaction(() => {
      // Several instances append to one room: the lock keeps its seqs dense and in commit order (catch-up relies on it).
      if (this.opts.fanout) lockMeeting(this.opts.db, room.ref.meetingId);
      for (let i = 0; i < updates.length; i += step) {
        const group = updates.slice(i, i + step);
        const update = group.length === 1 ? (group[0] as Uint8Array) : Y.mergeUpdates(group);
        appendRoomUpdate(this.opts.db, { room: room.name, meetingId: room.ref.meetingId, update, at });
      }
    })();
  }

  /** Folds the log into a new snapshot (after appending what is unsaved); a no-op for a room with no log. */
  compact(room: Room): void {
    try {
      this.saveUnsaved(room);
      if (this.opts.fanout) {
        // The snapshot replaces rows other instances stored too: it must hold them, so catch up under the lock first.
        this.opts.db.transaction(() => {
          lockMeeting(this.opts.db, room.ref.meetingId);
          this.pull(room);
          this.fold(room);
        })();
      } else this.fold(room);
      room.measure();
    } catch (e) {
      this.opts.log(`live: could not compact room ${room.name}: ${describe(e)}`);
    }
  }

  private fold(room: Room): void {
    if (roomUpdateStats(this.opts.db, room.name).count === 0) return;
    const uptoSeq = lastRoomSeq(this.opts.db, room.name);
    compactRoom(this.opts.db, { room: room.name, meetingId: room.ref.meetingId, state: Y.encodeStateAsUpdate(room.doc), uptoSeq, at: new Date().toISOString() });
  }

  /** Appends the unsaved updates; they stay unsaved (and are tried again after the debounce) until that succeeds. */
  private saveUnsaved(room: Room): void {
    const pending = this.unsaved.get(room);
    if (!pending) return;
    clearTimeout(pending.timer);
    try {
      this.append(room, pending.updates);
    } catch (e) {
      pending.timer = setTimeout(() => this.save(room), this.opts.persistDebounceMs);
      throw e;
    }
    if (this.unsaved.get(room) === pending) this.unsaved.delete(room);
  }

  /** Unloads the room when nobody is in it any more, after saving and compacting it. */
  releaseIfIdle(room: Room): void {
    if (room.peers.size > 0 || this.rooms.get(room.name) !== room) return;
    this.rooms.delete(room.name);
    this.opts.fanout?.roomUnloaded(room);
    room.flushBroadcast();
    this.compact(room);
    room.destroy();
  }

  closeAll(): void {
    for (const room of this.rooms.values()) {
      this.opts.fanout?.roomUnloaded(room);
      room.flushBroadcast();
      this.compact(room);
      room.destroy();
    }
    this.rooms.clear();
  }
}
