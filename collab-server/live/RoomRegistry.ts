// Rooms in memory: loaded from SQLite on first use, unloaded (after a final save) when the last client
// leaves, so memory follows the rooms in use rather than every room ever opened.
import * as Y from 'yjs';
import type Database from 'better-sqlite3';
import { roomToString, type RoomRef } from '../../common/live/rooms.ts';
import { loadRoomState, saveRoomState } from './liveQueries.ts';
import { Room, SERVER_ORIGIN } from './Room.ts';

export interface RegistryOptions {
  readonly db: Database.Database;
  readonly tickMs: number;
  readonly persistDebounceMs: number;
  /** Called once after a room is loaded (e.g. to give the state room its shape). */
  readonly onLoad: (room: Room) => void;
  readonly log: (line: string) => void;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly opts: RegistryOptions) {}

  get size(): number {
    return this.rooms.size;
  }

  acquire(ref: RoomRef): Room {
    const name = roomToString(ref);
    const existing = this.rooms.get(name);
    if (existing) return existing;
    const room = new Room(name, ref, {
      tickMs: this.opts.tickMs,
      persistDebounceMs: this.opts.persistDebounceMs,
      persist: (r) => this.persist(r),
    });
    const saved = loadRoomState(this.opts.db, name);
    if (saved) Y.applyUpdate(room.doc, saved, SERVER_ORIGIN);
    room.markPersisted();
    this.rooms.set(name, room);
    this.opts.onLoad(room);
    return room;
  }

  /** Writes the room's whole state; cheap for the small documents of a session. */
  persist(room: Room): void {
    try {
      saveRoomState(this.opts.db, room.name, room.ref.meetingId, Y.encodeStateAsUpdate(room.doc), new Date().toISOString());
      room.markPersisted();
    } catch (e) {
      this.opts.log(`live: could not save room ${room.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Unloads the room when nobody is in it any more. */
  releaseIfIdle(room: Room): void {
    if (room.peers.size > 0 || this.rooms.get(room.name) !== room) return;
    this.rooms.delete(room.name);
    room.destroy();
  }

  closeAll(): void {
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
  }
}
