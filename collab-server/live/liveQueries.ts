// Queries of the live session. Each takes db first; every value is bound through the sql tag.
import type Database from 'better-sqlite3';
import { all, get, run, sql } from '../store/sql.ts';

// ---- rooms

export function loadRoomState(db: Database.Database, room: string): Uint8Array | undefined {
  const row = get<{ state: Uint8Array }>(db, sql`SELECT state FROM live_rooms WHERE room = ${room}`);
  return row?.state;
}

export function saveRoomState(db: Database.Database, room: string, meetingId: string, state: Uint8Array, now: string): void {
  run(
    db,
    sql`INSERT INTO live_rooms (room, meeting_id, state, updated_at) VALUES (${room}, ${meetingId}, ${state}, ${now})
        ON CONFLICT (room) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
}

// ---- members (read only; the pack store owns the table)

export function votingMemberCount(db: Database.Database, meetingId: string): number {
  const row = get<{ n: number }>(
    db,
    sql`SELECT COUNT(*) AS n FROM members WHERE meeting_id = ${meetingId} AND revoked_at IS NULL AND role IN ('delegate', 'chair')`,
  );
  return row?.n ?? 0;
}

export function isVotingMember(db: Database.Database, meetingId: string, delegateId: string): boolean {
  const row = get<{ n: number }>(
    db,
    sql`SELECT COUNT(*) AS n FROM members
        WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId} AND revoked_at IS NULL AND role IN ('delegate', 'chair')`,
  );
  return (row?.n ?? 0) > 0;
}

// ---- idempotency

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

export function getStoredCommand(db: Database.Database, meetingId: string, delegateId: string, commandId: string): StoredCommand | undefined {
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

export function insertStoredCommand(db: Database.Database, c: CommandRecord): void {
  run(
    db,
    sql`INSERT INTO live_commands (meeting_id, delegate_id, command_id, request_hash, status, result, created_at)
        VALUES (${c.meetingId}, ${c.delegateId}, ${c.commandId}, ${c.requestHash}, ${c.status}, ${c.result}, ${c.createdAt})`,
  );
}

// ---- audit log

export interface AuditRow {
  meeting_id: string;
  seq: number;
  prev_hash: string;
  entry: string;
  hash: string;
}

export function lastAuditRow(db: Database.Database, meetingId: string): Pick<AuditRow, 'seq' | 'hash'> | undefined {
  return get<Pick<AuditRow, 'seq' | 'hash'>>(db, sql`SELECT seq, hash FROM live_audit WHERE meeting_id = ${meetingId} ORDER BY seq DESC LIMIT 1`);
}

export function insertAuditRow(db: Database.Database, r: AuditRow): void {
  run(
    db,
    sql`INSERT INTO live_audit (meeting_id, seq, prev_hash, entry, hash) VALUES (${r.meeting_id}, ${r.seq}, ${r.prev_hash}, ${r.entry}, ${r.hash})`,
  );
}

export function auditRows(db: Database.Database, meetingId: string, afterSeq: number, limit: number): AuditRow[] {
  return all<AuditRow>(
    db,
    sql`SELECT meeting_id, seq, prev_hash, entry, hash FROM live_audit
        WHERE meeting_id = ${meetingId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`,
  );
}

export function auditMeetings(db: Database.Database): string[] {
  return all<{ meeting_id: string }>(db, sql`SELECT DISTINCT meeting_id FROM live_audit ORDER BY meeting_id`).map((r) => r.meeting_id);
}
