// Rooms in memory: loaded from SQLite on first use (snapshot + appended updates, roomStore.ts), unloaded when
// the last client leaves. Persistence is incremental: the updates clients make are appended, batched over a
// short debounce, and the log is compacted into a new snapshot after N updates or bytes and on unload.
// Command updates (SERVER_ORIGIN) are appended by the command's own transaction, not here.
import * as Y from 'yjs';
import type Database from 'better-sqlite3';
import { roomToString, type RoomRef } from '../../common/live/rooms.ts';
import { appendRoomUpdate, compactRoom, lastRoomSeq, loadRoom, roomIsStored, roomUpdateStats, storedRoomCount } from './roomStore.ts';
import { LOAD_ORIGIN, Room, SERVER_ORIGIN } from './Room.ts';

export interface RegistryOptions {
  readonly db: Database.Database;
  readonly tickMs: number;
  readonly persistDebounceMs: number;
  readonly maxUpdatesPerMerge: number;
  readonly compactAfterUpdates: number;
  readonly compactAfterBytes: number;
  /** Called once after a room is loaded (e.g. to give the state room its shape). */
  readonly onLoad: (room: Room) => void;
  readonly log: (line: string) => void;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  /** Updates of each room not appended yet, and the timer that appends them. */
  private readonly unsaved = new Map<Room, { updates: Uint8Array[]; timer: ReturnType<typeof setTimeout> }>();

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
    });
    const stored = loadRoom(this.opts.db, name);
    room.doc.transact(() => {
      for (const u of stored.updates) Y.applyUpdate(room.doc, u, LOAD_ORIGIN);
    }, LOAD_ORIGIN);
    room.measure();
    this.rooms.set(name, room);
    this.opts.onLoad(room);
    return room;
  }

  private onUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    if (origin === SERVER_ORIGIN || origin === LOAD_ORIGIN) return;
    const pending = this.unsaved.get(room);
    if (pending) pending.updates.push(update);
    else this.unsaved.set(room, { updates: [update], timer: setTimeout(() => this.save(room), this.opts.persistDebounceMs) });
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
      if (roomUpdateStats(this.opts.db, room.name).count === 0) return;
      const uptoSeq = lastRoomSeq(this.opts.db, room.name);
      compactRoom(this.opts.db, { room: room.name, meetingId: room.ref.meetingId, state: Y.encodeStateAsUpdate(room.doc), uptoSeq, at: new Date().toISOString() });
      room.measure();
    } catch (e) {
      this.opts.log(`live: could not compact room ${room.name}: ${describe(e)}`);
    }
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
    room.flushBroadcast();
    this.compact(room);
    room.destroy();
  }

  closeAll(): void {
    for (const room of this.rooms.values()) {
      room.flushBroadcast();
      this.compact(room);
      room.destroy();
    }
    this.rooms.clear();
  }
}
