// Queries of the live session. Each takes db first; every value is bound through the sql tag.
import type { ServerDb } from '../store/db.ts';
import { all, get, run, sql } from '../store/sql.ts';

// ---- rooms

export function loadRoomState(db: ServerDb, room: string): Uint8Array | undefined {
  const row = get<{ state: Uint8Array }>(db, sql`SELECT state FROM live_rooms WHERE room = ${room}`);
  return row?.state;
}

export function saveRoomState(db: ServerDb, room: string, meetingId: string, state: Uint8Array, now: string): void {
  run(
    db,
    sql`INSERT INTO live_rooms (room, meeting_id, state, updated_at) VALUES (${room}, ${meetingId}, ${state}, ${now})
        ON CONFLICT (room) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
}

// ---- members (read only; the pack store owns the table)

/** The member's delegate group slug (schema 150), '' for none. */
export function memberGroup(db: ServerDb, meetingId: string, delegateId: string): string {
  const row = get<{ group_id: string }>(db, sql`SELECT group_id FROM members WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId}`);
  return row?.group_id ?? '';
}

/**
 * The quorum's N: the deputies in office as the newest revision says (meeting.json totalDelegates, schema 160),
 * else the voting seats (delegate and chair) with revoked ones included — revoking a lost device does not
 * remove a deputy from office (issue 14 §5).
 */
export function votingMemberCount(db: ServerDb, meetingId: string): number {
  const row = get<{ n: number }>(
    db,
    sql`SELECT COALESCE((SELECT total_delegates FROM meetings WHERE id = ${meetingId}),
                        (SELECT COUNT(*) FROM members WHERE meeting_id = ${meetingId} AND role IN ('delegate', 'chair'))) AS n`,
  );
  return row?.n ?? 0;
}

/** A voting seat of the meeting, revoked or not (the chair may still record a deputy whose device was revoked). */
export function isVotingMember(db: ServerDb, meetingId: string, delegateId: string): boolean {
  const row = get<{ n: number }>(
    db,
    sql`SELECT COUNT(*) AS n FROM members WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId} AND role IN ('delegate', 'chair')`,
  );
  return (row?.n ?? 0) > 0;
}

// ---- idempotency ('hash' policy: the sender, the command id and a hash of the command)

export interface StoredCommand {
  readonly requestHash: string;
  readonly status: number;
  readonly result: string;
}
interface StoredCommandRow {
  request_hash: string;
  status: number;
  result: string;
}

export function getStoredCommand(db: ServerDb, meetingId: string, delegateId: string, commandId: string): StoredCommand | undefined {
  const row = get<StoredCommandRow>(
    db,
    sql`SELECT request_hash, status, result FROM live_commands
        WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId} AND command_id = ${commandId}`,
  );
  return row ? { requestHash: row.request_hash, status: row.status, result: row.result } : undefined;
}

export interface CommandRecord extends StoredCommand {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly commandId: string;
  readonly createdAt: string;
}

export function insertStoredCommand(db: ServerDb, c: CommandRecord): void {
  run(
    db,
    sql`INSERT INTO live_commands (meeting_id, delegate_id, command_id, request_hash, status, result, created_at)
        VALUES (${c.meetingId}, ${c.delegateId}, ${c.commandId}, ${c.requestHash}, ${c.status}, ${c.result}, ${c.createdAt})`,
  );
}

// ---- idempotency ('opaque' policy: an HMAC key, no sender, no time, no rowid)

export interface OpaqueCommand {
  readonly meetingId: string;
  readonly key: string;
  readonly contentMac: string;
  readonly status: number;
  readonly result: string;
}

export function getOpaqueCommand(db: ServerDb, meetingId: string, key: string): OpaqueCommand | undefined {
  const row = get<{ content_mac: string; status: number; result: string }>(
    db,
    sql`SELECT content_mac, status, result FROM live_opaque_commands WHERE meeting_id = ${meetingId} AND command_key = ${key}`,
  );
  return row ? { meetingId, key, contentMac: row.content_mac, status: row.status, result: row.result } : undefined;
}

export function insertOpaqueCommand(db: ServerDb, c: OpaqueCommand): void {
  run(
    db,
    sql`INSERT INTO live_opaque_commands (meeting_id, command_key, content_mac, status, result)
        VALUES (${c.meetingId}, ${c.key}, ${c.contentMac}, ${c.status}, ${c.result})`,
  );
}

export function commandMacKey(db: ServerDb): string | undefined {
  return get<{ value: string }>(db, sql`SELECT value FROM settings WHERE key = 'command_mac_key'`)?.value;
}

/**
 * The highest audit seq the server acknowledged (status 200) to a client of the meeting; 0 if none. Only
 * 'hash' answers count: an opaque answer is sealed under its command id (commands/idempotency.ts), so that no
 * join links the row to the audit entry that names its sender.
 */
export function maxAcknowledgedSeq(db: ServerDb, meetingId: string): number {
  // The JSON functions are each engine's own (council_jsonb: PostgreSQL step 110, NULL for text that is not JSON).
  const query =
    db.dialect === 'postgres'
      ? sql`SELECT MAX(CASE WHEN jsonb_typeof(v) = 'number' AND (v #>> '{}')::numeric = trunc((v #>> '{}')::numeric) THEN (v #>> '{}')::numeric END) AS seq
            FROM (SELECT council_jsonb(result) #> '{value,seq}' AS v FROM live_commands WHERE meeting_id = ${meetingId} AND status = 200) AS acknowledged`
      : sql`SELECT MAX(seq) AS seq FROM (
              SELECT json_extract(result, '$.value.seq') AS seq FROM live_commands WHERE meeting_id = ${meetingId} AND status = 200 AND json_valid(result))
            WHERE typeof(seq) = 'integer'`;
  return get<{ seq: number | null }>(db, query)?.seq ?? 0;
}

// ---- audit log

export interface AuditRow {
  meeting_id: string;
  seq: number;
  prev_hash: string;
  entry: string;
  hash: string;
  /** Null only on rows written before the log was signed (schema 140). */
  signature: string | null;
}

export function lastAuditRow(db: ServerDb, meetingId: string): Pick<AuditRow, 'seq' | 'hash'> | undefined {
  return get<Pick<AuditRow, 'seq' | 'hash'>>(db, sql`SELECT seq, hash FROM live_audit WHERE meeting_id = ${meetingId} ORDER BY seq DESC LIMIT 1`);
}

export function insertAuditRow(db: ServerDb, r: AuditRow): void {
  run(
    db,
    sql`INSERT INTO live_audit (meeting_id, seq, prev_hash, entry, hash, signature)
        VALUES (${r.meeting_id}, ${r.seq}, ${r.prev_hash}, ${r.entry}, ${r.hash}, ${r.signature})`,
  );
}

export function setAuditSignature(db: ServerDb, meetingId: string, seq: number, signature: string): void {
  run(db, sql`UPDATE live_audit SET signature = ${signature} WHERE meeting_id = ${meetingId} AND seq = ${seq} AND signature IS NULL`);
}

export function auditRows(db: ServerDb, meetingId: string, afterSeq: number, limit: number): AuditRow[] {
  return all<AuditRow>(
    db,
    sql`SELECT meeting_id, seq, prev_hash, entry, hash, signature FROM live_audit
        WHERE meeting_id = ${meetingId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`,
  );
}

/** Every meeting that has an audit trace anywhere: entries, a signed head, or acknowledged commands. */
export function auditMeetings(db: ServerDb): string[] {
  return all<{ meeting_id: string }>(
    db,
    sql`SELECT meeting_id FROM live_audit UNION SELECT meeting_id FROM live_audit_heads
        UNION SELECT meeting_id FROM live_commands WHERE status = 200
        UNION SELECT meeting_id FROM live_opaque_commands WHERE status = 200 ORDER BY meeting_id`,
  ).map((r) => r.meeting_id);
}

export interface AuditHeadRow {
  meeting_id: string;
  seq: number;
  hash: string;
  at: number;
  signature: string;
}

export function getAuditHead(db: ServerDb, meetingId: string): AuditHeadRow | undefined {
  return get<AuditHeadRow>(db, sql`SELECT meeting_id, seq, hash, at, signature FROM live_audit_heads WHERE meeting_id = ${meetingId}`);
}

export function putAuditHead(db: ServerDb, h: AuditHeadRow): void {
  run(
    db,
    sql`INSERT INTO live_audit_heads (meeting_id, seq, hash, at, signature) VALUES (${h.meeting_id}, ${h.seq}, ${h.hash}, ${h.at}, ${h.signature})
        ON CONFLICT (meeting_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at, signature = excluded.signature`,
  );
}
