// Queries of pack distribution. Each takes db first; rows are converted to records in rowToX only.
import type { ServerDb } from './serverDb.ts';
import { ROLES, type Role } from '../../common/meeting/types.ts';
import type { ManifestEnvelope, WrappedKeys } from '../../common/pack/format.ts';
import { all, get, run, sql, sqlList } from './sql.ts';

export interface MeetingRecord {
  readonly id: string;
  readonly publisherKey: string;
  readonly latestRevision: number;
}
export interface MemberRecord {
  readonly meetingId: string;
  readonly delegateId: string;
  readonly role: Role;
  readonly tokenHash: string;
  readonly revokedAt: string | undefined;
}

interface MeetingRow {
  id: string;
  publisher_key: string;
  latest_revision: number;
}
interface MemberRow {
  meeting_id: string;
  delegate_id: string;
  role: string;
  token_hash: string;
  revoked_at: string | null;
}
interface WrappedKeysRow {
  nonce: string;
  ciphertext: string;
}

function rowToMeeting(row: MeetingRow): MeetingRecord {
  return { id: row.id, publisherKey: row.publisher_key, latestRevision: row.latest_revision };
}

function toRole(value: string): Role {
  const role = ROLES.find((r) => r === value);
  if (!role) throw new Error(`unknown role in database: ${value}`);
  return role;
}

function rowToMember(row: MemberRow): MemberRecord {
  return {
    meetingId: row.meeting_id,
    delegateId: row.delegate_id,
    role: toRole(row.role),
    tokenHash: row.token_hash,
    revokedAt: row.revoked_at ?? undefined,
  };
}

// ---- settings

export function getSetting(db: ServerDb, key: string): string | undefined {
  return get<{ value: string }>(db, sql`SELECT value FROM settings WHERE key = ${key}`)?.value;
}

export function setSetting(db: ServerDb, key: string, value: string): void {
  run(db, sql`INSERT INTO settings (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

// ---- chunks

export function getChunkSize(db: ServerDb, hash: string): number | undefined {
  return get<{ size: number }>(db, sql`SELECT size FROM chunks WHERE hash = ${hash}`)?.size;
}

export function insertChunk(db: ServerDb, hash: string, size: number, now: string): void {
  run(db, sql`INSERT INTO chunks (hash, size, created_at) VALUES (${hash}, ${size}, ${now}) ON CONFLICT (hash) DO NOTHING`);
}

// SQLite bounds the number of bound parameters per statement; stay well below it.
const IN_BATCH = 500;

export function missingChunks(db: ServerDb, hashes: readonly string[]): string[] {
  const present = new Set<string>();
  for (let i = 0; i < hashes.length; i += IN_BATCH) {
    const batch = hashes.slice(i, i + IN_BATCH);
    for (const row of all<{ hash: string }>(db, sql`SELECT hash FROM chunks WHERE hash IN ${sqlList(batch)}`)) present.add(row.hash);
  }
  return hashes.filter((h) => !present.has(h));
}

/** Size of a chunk when some revision of the meeting references it; undefined otherwise. */
export function chunkSizeInMeeting(db: ServerDb, meetingId: string, hash: string): number | undefined {
  const row = get<{ size: number }>(
    db,
    sql`SELECT c.size AS size FROM chunks c
        WHERE c.hash = ${hash}
          AND EXISTS (SELECT 1 FROM revision_chunks rc WHERE rc.hash = c.hash AND rc.meeting_id = ${meetingId})`,
  );
  return row?.size;
}

// ---- meetings and revisions

export function getMeeting(db: ServerDb, meetingId: string): MeetingRecord | undefined {
  const row = get<MeetingRow>(db, sql`SELECT id, publisher_key, latest_revision FROM meetings WHERE id = ${meetingId}`);
  return row ? rowToMeeting(row) : undefined;
}

export function insertMeeting(db: ServerDb, meetingId: string, publisherKey: string, now: string): void {
  run(db, sql`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES (${meetingId}, ${publisherKey}, 0, ${now})`);
}

export function getEnvelopeJson(db: ServerDb, meetingId: string, revision: number): string | undefined {
  return get<{ envelope: string }>(db, sql`SELECT envelope FROM revisions WHERE meeting_id = ${meetingId} AND revision = ${revision}`)
    ?.envelope;
}

export function insertRevision(db: ServerDb, envelope: ManifestEnvelope, envelopeJson: string, now: string): void {
  const { meetingId, revision } = envelope;
  run(db, sql`INSERT INTO revisions (meeting_id, revision, envelope, published_at) VALUES (${meetingId}, ${revision}, ${envelopeJson}, ${now})`);
  run(db, sql`UPDATE meetings SET latest_revision = ${revision} WHERE id = ${meetingId}`);
}

/** The deputies in office as the newest revision says; the live session's N (liveQueries.votingMemberCount). */
export function setMeetingTotalDelegates(db: ServerDb, meetingId: string, total: number): void {
  run(db, sql`UPDATE meetings SET total_delegates = ${total} WHERE id = ${meetingId}`);
}

export function insertRevisionChunks(db: ServerDb, meetingId: string, revision: number, hashes: readonly string[]): void {
  for (const hash of hashes) {
    run(db, sql`INSERT INTO revision_chunks (meeting_id, revision, hash) VALUES (${meetingId}, ${revision}, ${hash}) ON CONFLICT DO NOTHING`);
  }
}

// ---- members and wrapped keys

const MEMBER_COLUMNS = sql`meeting_id, delegate_id, role, token_hash, revoked_at`;

export function getMember(db: ServerDb, meetingId: string, delegateId: string): MemberRecord | undefined {
  const row = get<MemberRow>(db, sql`SELECT ${MEMBER_COLUMNS} FROM members WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId}`);
  return row ? rowToMember(row) : undefined;
}

export function getMemberByTokenHash(db: ServerDb, tokenHash: string): MemberRecord | undefined {
  const row = get<MemberRow>(db, sql`SELECT ${MEMBER_COLUMNS} FROM members WHERE token_hash = ${tokenHash}`);
  return row ? rowToMember(row) : undefined;
}

export function insertMember(db: ServerDb, m: Omit<MemberRecord, 'revokedAt'>): void {
  run(db, sql`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES (${m.meetingId}, ${m.delegateId}, ${m.role}, ${m.tokenHash})`);
}

export function setMemberRole(db: ServerDb, meetingId: string, delegateId: string, role: Role): void {
  run(db, sql`UPDATE members SET role = ${role} WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId}`);
}

/** The member's delegate group slug ('' for none); it follows the newest revision, like the role. */
export function setMemberGroup(db: ServerDb, meetingId: string, delegateId: string, groupId: string): void {
  run(db, sql`UPDATE members SET group_id = ${groupId} WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId} AND group_id <> ${groupId}`);
}

/** Marks the member revoked once; a second call keeps the first time. */
export function revokeMember(db: ServerDb, meetingId: string, delegateId: string, now: string): void {
  run(db, sql`UPDATE members SET revoked_at = ${now} WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId} AND revoked_at IS NULL`);
}

/** A new token for the same seat (re-invitation): the old token stops authenticating, the revocation is lifted. */
export function replaceMemberToken(db: ServerDb, meetingId: string, delegateId: string, tokenHash: string): void {
  run(db, sql`UPDATE members SET token_hash = ${tokenHash}, revoked_at = NULL WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId}`);
}

/** Keeps a replaced token hash, so the old link is answered REVOKED (schema 160). */
export function retireToken(db: ServerDb, tokenHash: string, meetingId: string, delegateId: string, now: string): void {
  run(
    db,
    sql`INSERT INTO retired_tokens (token_hash, meeting_id, delegate_id, retired_at) VALUES (${tokenHash}, ${meetingId}, ${delegateId}, ${now})
        ON CONFLICT (token_hash) DO NOTHING`,
  );
}

/** Whether the token hash belonged to a link a re-invitation replaced. */
export function isRetiredToken(db: ServerDb, tokenHash: string): boolean {
  return get<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM retired_tokens WHERE token_hash = ${tokenHash}`)?.n === 1;
}

/** Drops the member's wrapped keys of every revision (a re-invitation wraps them again under the new secret). */
export function deleteWrappedKeys(db: ServerDb, meetingId: string, delegateId: string): void {
  run(db, sql`DELETE FROM wrapped_keys WHERE meeting_id = ${meetingId} AND delegate_id = ${delegateId}`);
}

export function insertWrappedKeys(db: ServerDb, meetingId: string, revision: number, delegateId: string, keys: WrappedKeys): void {
  run(
    db,
    sql`INSERT INTO wrapped_keys (meeting_id, revision, delegate_id, nonce, ciphertext)
        VALUES (${meetingId}, ${revision}, ${delegateId}, ${keys.nonce}, ${keys.ciphertext})`,
  );
}

export function getWrappedKeys(db: ServerDb, meetingId: string, revision: number, delegateId: string): WrappedKeys | undefined {
  const row = get<WrappedKeysRow>(
    db,
    sql`SELECT nonce, ciphertext FROM wrapped_keys WHERE meeting_id = ${meetingId} AND revision = ${revision} AND delegate_id = ${delegateId}`,
  );
  return row ? { nonce: row.nonce, ciphertext: row.ciphertext } : undefined;
}
