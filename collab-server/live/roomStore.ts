// Incremental room persistence: a room is its last snapshot (live_rooms) plus the Yjs updates appended since
// (live_room_updates, numbered per room). Appending costs one small row instead of re-encoding the whole
// document; compaction folds the updates into a new snapshot (on unload, or when the log grows).
// Every query takes db first and binds every value through the sql tag (STYLE.md rule 4).
import type { ServerDb } from '../store/db.ts';
import { all, get, run, sql } from '../store/sql.ts';

export interface StoredRoom {
  /** The snapshot first (when there is one), then every appended update in order. */
  readonly updates: Uint8Array[];
  /** The seq of the last appended update (0 when none). */
  readonly lastSeq: number;
}

export interface RoomUpdate {
  readonly room: string;
  readonly meetingId: string;
  readonly update: Uint8Array;
  /** ISO time. */
  readonly at: string;
}

export interface RoomSnapshot {
  readonly room: string;
  readonly meetingId: string;
  /** Y.encodeStateAsUpdate of the doc, which must include every update up to and including uptoSeq. */
  readonly state: Uint8Array;
  readonly uptoSeq: number;
  readonly at: string;
}

export function loadRoom(db: ServerDb, room: string): StoredRoom {
  const snapshot = get<{ state: Uint8Array }>(db, sql`SELECT state FROM live_rooms WHERE room = ${room}`);
  const rows = all<{ seq: number; update_data: Uint8Array }>(
    db,
    sql`SELECT seq, update_data FROM live_room_updates WHERE room = ${room} ORDER BY seq`,
  );
  const updates = snapshot ? [snapshot.state] : [];
  for (const r of rows) updates.push(r.update_data);
  return { updates, lastSeq: rows.at(-1)?.seq ?? lastSeq(db, room) };
}

/**
 * What a room stored after `afterSeq` (several server instances, collab-server/cluster/): the updates appended
 * since, or the snapshot first when a compaction folded some of them away (`afterSeq` -1: everything, snapshot included). The rows are read before the
 * snapshot: a compaction committing between the two reads then only makes the snapshot cover more, never less.
 * `lastSeq` is the highest seq covered; the caller asks again from there.
 */
export function loadRoomSince(db: ServerDb, room: string, afterSeq: number): StoredRoom {
  const rows = all<{ seq: number; update_data: Uint8Array }>(
    db,
    sql`SELECT seq, update_data FROM live_room_updates WHERE room = ${room} AND seq > ${afterSeq} ORDER BY seq`,
  );
  const snapshot = get<{ state: Uint8Array; upto_seq: number }>(db, sql`SELECT state, upto_seq FROM live_rooms WHERE room = ${room}`);
  const folded = snapshot !== undefined && (afterSeq < 0 || snapshot.upto_seq > afterSeq);
  const updates = folded ? [snapshot.state] : [];
  for (const r of rows) updates.push(r.update_data);
  return { updates, lastSeq: Math.max(0, afterSeq, rows.at(-1)?.seq ?? 0, folded ? snapshot.upto_seq : 0) };
}

function lastSeq(db: ServerDb, room: string): number {
  const row = get<{ seq: number | null }>(
    db,
    sql`SELECT MAX(seq) AS seq FROM (
          SELECT MAX(seq) AS seq FROM live_room_updates WHERE room = ${room}
          UNION ALL SELECT upto_seq AS seq FROM live_rooms WHERE room = ${room}) AS stored`,
  );
  return row?.seq ?? 0;
}

/** Appends one update; returns its seq. Runs inside the caller's transaction when there is one. */
export function appendRoomUpdate(db: ServerDb, u: RoomUpdate): number {
  const seq = lastSeq(db, u.room) + 1;
  run(
    db,
    sql`INSERT INTO live_room_updates (room, seq, meeting_id, update_data, created_at)
        VALUES (${u.room}, ${seq}, ${u.meetingId}, ${u.update}, ${u.at})`,
  );
  return seq;
}

/** Writes a new snapshot and drops the updates it contains, in one transaction. */
export function compactRoom(db: ServerDb, s: RoomSnapshot): void {
  db.transaction(() => {
    run(
      db,
      sql`INSERT INTO live_rooms (room, meeting_id, state, updated_at, upto_seq) VALUES (${s.room}, ${s.meetingId}, ${s.state}, ${s.at}, ${s.uptoSeq})
          ON CONFLICT (room) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
            upto_seq = CASE WHEN live_rooms.upto_seq > excluded.upto_seq THEN live_rooms.upto_seq ELSE excluded.upto_seq END`,
    );
    run(db, sql`DELETE FROM live_room_updates WHERE room = ${s.room} AND seq <= ${s.uptoSeq}`);
  })();
}

/** How much is waiting to be compacted. */
export function roomUpdateStats(db: ServerDb, room: string): { readonly count: number; readonly bytes: number } {
  const row = get<{ n: number; bytes: number | null }>(
    db,
    sql`SELECT COUNT(*) AS n, SUM(LENGTH(update_data)) AS bytes FROM live_room_updates WHERE room = ${room}`,
  );
  return { count: row?.n ?? 0, bytes: row?.bytes ?? 0 };
}

// ---- used by the room registry (quotas, compaction)

/** The seq of the last update the room has stored (appended or folded into its snapshot); 0 for none. */
export function lastRoomSeq(db: ServerDb, room: string): number {
  return lastSeq(db, room);
}

/** Whether anything of the room is stored (a snapshot or an update). */
export function roomIsStored(db: ServerDb, room: string): boolean {
  const row = get<{ n: number }>(
    db,
    sql`SELECT (EXISTS (SELECT 1 FROM live_rooms WHERE room = ${room}) OR EXISTS (SELECT 1 FROM live_room_updates WHERE room = ${room})) AS n`,
  );
  return (row?.n ?? 0) === 1;
}

/** How many rooms of the meeting are stored. */
export function storedRoomCount(db: ServerDb, meetingId: string): number {
  const row = get<{ n: number }>(
    db,
    sql`SELECT COUNT(*) AS n FROM (SELECT room FROM live_rooms WHERE meeting_id = ${meetingId}
                                   UNION SELECT room FROM live_room_updates WHERE meeting_id = ${meetingId}) AS stored`,
  );
  return row?.n ?? 0;
}

/** Every meeting with a stored room (snapshot or appended updates). */
export function roomMeetings(db: ServerDb): string[] {
  return all<{ meeting_id: string }>(db, sql`SELECT meeting_id FROM live_rooms UNION SELECT meeting_id FROM live_room_updates ORDER BY meeting_id`).map((r) => r.meeting_id);
}
