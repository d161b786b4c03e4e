// Meetings, revisions and protected keys in the vault. Rows (snake_case, as stored) are converted to
// records in one place each: rowToMeeting, rowToRevision.
import type { Role } from '../../../common/meeting/types.ts';
import type { ManifestEnvelope, WrappedKeys } from '../../../common/pack/format.ts';
import { all, get, run, sql } from './sql.ts';
import type { VaultDb } from './vaultDb.ts';
import { withFullSync } from './vaultDb.ts';
import { collectGarbage } from './chunkQueries.ts';

import type { MeetingIdentity, MeetingRecord, MeetingStatus, PendingRevision, RevisionKeys, RevisionRecord } from '../../../common/device/store.ts';

export type { MeetingIdentity, MeetingRecord, MeetingStatus, PendingRevision, RevisionRecord };

export interface MeetingRow {
  readonly id: string;
  readonly server: string;
  readonly delegate_id: string;
  readonly role: string;
  readonly publisher_key: string;
  readonly current_revision: number | null;
  readonly pending_revision: number | null;
  readonly status: string;
  readonly joined_at: string;
  readonly updated_at: string;
  readonly last_contact_at: string;
  readonly expired_lease_hours: number | null;
  readonly highest_revision: number | null;
  readonly latest_seen_at: string;
}

export interface RevisionRow {
  readonly meeting_id: string;
  readonly revision: number;
  readonly envelope: string;
  readonly wrapped_keys: string;
  readonly complete: number;
  readonly started: number;
}

export function rowToMeeting(r: MeetingRow): MeetingRecord {
  return {
    id: r.id,
    server: r.server,
    delegateId: r.delegate_id,
    role: r.role as Role,
    publisherKey: r.publisher_key,
    currentRevision: r.current_revision,
    pendingRevision: r.pending_revision,
    // The row keeps 'revoked' (the status CHECK of step 10); a lease that ran out is told apart by its hours.
    status: r.status === 'revoked' && r.expired_lease_hours !== null ? 'expired' : (r.status as MeetingStatus),
    joinedAt: r.joined_at,
    updatedAt: r.updated_at,
    lastContactAt: r.last_contact_at === '' ? r.updated_at : r.last_contact_at,
    expiredLeaseHours: r.expired_lease_hours,
    highestRevision: r.highest_revision,
    ...(r.latest_seen_at === '' ? {} : { latestSeenAt: r.latest_seen_at }),
  };
}

export function rowToRevision(r: RevisionRow): RevisionRecord {
  return {
    meetingId: r.meeting_id,
    revision: r.revision,
    envelope: JSON.parse(r.envelope) as ManifestEnvelope,
    wrappedKeys: JSON.parse(r.wrapped_keys) as WrappedKeys,
    complete: r.complete === 1,
    started: r.started === 1,
  };
}

const now = (): string => new Date().toISOString();

export function getMeetingRecord(db: VaultDb, id: string): MeetingRecord | undefined {
  const row = get<MeetingRow>(db, sql`SELECT * FROM meetings WHERE id = ${id}`);
  return row && rowToMeeting(row);
}

export function listMeetingRecords(db: VaultDb): MeetingRecord[] {
  return all<MeetingRow>(db, sql`SELECT * FROM meetings ORDER BY joined_at, id`).map(rowToMeeting);
}

/**
 * Records (or refreshes) who this device is in a meeting and the protected invitation secret, fsynced.
 * A meeting seen for the first time starts as 'joining' with no current revision.
 */
export function saveMeetingIdentity(db: VaultDb, m: MeetingIdentity, key: { readonly protector: string; readonly blob: Uint8Array }): void {
  const t = now();
  withFullSync(db, () => {
    run(
      db,
      sql`INSERT INTO meetings (id, server, delegate_id, role, publisher_key, status, joined_at, updated_at, last_contact_at)
          VALUES (${m.id}, ${m.server}, ${m.delegateId}, ${m.role}, ${m.publisherKey}, 'joining', ${t}, ${t}, ${t})
          ON CONFLICT (id) DO UPDATE SET server = excluded.server, delegate_id = excluded.delegate_id,
            role = excluded.role, updated_at = excluded.updated_at, expired_lease_hours = NULL,
            status = CASE WHEN status = 'revoked' THEN 'joining' ELSE status END`,
    );
    run(
      db,
      sql`INSERT INTO meeting_keys (meeting_id, protector, blob, created_at) VALUES (${m.id}, ${key.protector}, ${key.blob}, ${t})
          ON CONFLICT (meeting_id) DO UPDATE SET protector = excluded.protector, blob = excluded.blob, created_at = excluded.created_at`,
    );
  });
}

export function getProtectedKey(db: VaultDb, meetingId: string): Uint8Array | undefined {
  return get<{ blob: Uint8Array }>(db, sql`SELECT blob FROM meeting_keys WHERE meeting_id = ${meetingId}`)?.blob;
}

export function getRevision(db: VaultDb, meetingId: string, revision: number): RevisionRecord | undefined {
  const row = get<RevisionRow>(db, sql`SELECT * FROM revisions WHERE meeting_id = ${meetingId} AND revision = ${revision}`);
  return row && rowToRevision(row);
}

/**
 * Starts (or resumes) downloading a revision: the current revision and its chunks stay untouched; an older
 * abandoned pending revision is dropped, keeping any chunk the new one shares with it.
 */
export function beginRevision(db: VaultDb, p: PendingRevision): void {
  db.transaction(() => {
    run(db, sql`DELETE FROM revisions WHERE meeting_id = ${p.meetingId} AND complete = 0 AND revision <> ${p.revision}`);
    run(
      db,
      sql`INSERT INTO revisions (meeting_id, revision, envelope, wrapped_keys, complete, started)
          VALUES (${p.meetingId}, ${p.revision}, ${JSON.stringify(p.envelope)}, ${JSON.stringify(p.wrappedKeys)}, 0, ${p.started ? 1 : 0})
          ON CONFLICT (meeting_id, revision) DO UPDATE SET envelope = excluded.envelope, wrapped_keys = excluded.wrapped_keys,
            started = MAX(started, excluded.started)
          WHERE complete = 0`,
    );
    run(db, sql`DELETE FROM revision_chunks WHERE meeting_id = ${p.meetingId} AND revision = ${p.revision}`);
    for (const hash of new Set(p.hashes)) {
      run(db, sql`INSERT INTO revision_chunks (meeting_id, revision, hash) VALUES (${p.meetingId}, ${p.revision}, ${hash})`);
    }
    run(db, sql`UPDATE meetings SET pending_revision = ${p.revision}, updated_at = ${now()} WHERE id = ${p.meetingId}`);
    collectGarbage(db);
  })();
}

/** Makes a verified revision current in one fsynced transaction, then forgets the older ones and their chunks. */
export function commitRevision(db: VaultDb, meetingId: string, revision: number): void {
  withFullSync(db, () => {
    run(db, sql`UPDATE revisions SET complete = 1 WHERE meeting_id = ${meetingId} AND revision = ${revision}`);
    run(
      db,
      sql`UPDATE meetings SET current_revision = ${revision}, pending_revision = NULL, status = 'active', updated_at = ${now()}
          WHERE id = ${meetingId}`,
    );
    run(db, sql`DELETE FROM revisions WHERE meeting_id = ${meetingId} AND revision <> ${revision}`);
    collectGarbage(db);
  });
}

/**
 * Forgets a pending revision that failed verification. A meeting that never completed a revision is removed
 * entirely, key included; a meeting with a current revision keeps it, untouched.
 */
export function abandonRevision(db: VaultDb, meetingId: string, revision: number): void {
  db.transaction(() => {
    run(db, sql`DELETE FROM revisions WHERE meeting_id = ${meetingId} AND revision = ${revision} AND complete = 0`);
    run(db, sql`UPDATE meetings SET pending_revision = NULL, updated_at = ${now()} WHERE id = ${meetingId}`);
    run(db, sql`DELETE FROM meetings WHERE id = ${meetingId} AND current_revision IS NULL`);
    collectGarbage(db);
  })();
}

/**
 * The server says this delegate was revoked: mark the meeting and destroy its key and ciphertext
 * (crypto-shredding, SECURITY.md "a lease"). The meeting row stays so the UI can say why it is gone.
 */
export function markRevoked(db: VaultDb, meetingId: string, expiredLeaseHours: number | null = null): void {
  withFullSync(db, () => {
    run(db, sql`DELETE FROM meeting_keys WHERE meeting_id = ${meetingId}`);
    run(db, sql`DELETE FROM revisions WHERE meeting_id = ${meetingId}`);
    run(db, sql`DELETE FROM records WHERE meeting_id = ${meetingId}`);
    run(
      db,
      sql`UPDATE meetings SET status = 'revoked', current_revision = NULL, pending_revision = NULL, updated_at = ${now()},
            highest_revision = NULLIF(MAX(COALESCE(highest_revision, 0), COALESCE(current_revision, 0), COALESCE(pending_revision, 0)), 0),
            expired_lease_hours = ${expiredLeaseHours}
          WHERE id = ${meetingId}`,
    );
    collectGarbage(db);
  });
}

/** New wrapped keys and chunk lists for stored revisions (the lease's shredding, a re-download), fsynced. */
export function replaceRevisionKeys(db: VaultDb, meetingId: string, revisions: readonly RevisionKeys[]): void {
  withFullSync(db, () => {
    for (const r of revisions) {
      const changed = run(db, sql`UPDATE revisions SET wrapped_keys = ${JSON.stringify(r.wrappedKeys)} WHERE meeting_id = ${meetingId} AND revision = ${r.revision}`).changes;
      if (changed === 0) continue;
      run(db, sql`DELETE FROM revision_chunks WHERE meeting_id = ${meetingId} AND revision = ${r.revision}`);
      for (const hash of new Set(r.hashes)) run(db, sql`INSERT INTO revision_chunks (meeting_id, revision, hash) VALUES (${meetingId}, ${r.revision}, ${hash})`);
    }
    collectGarbage(db);
  });
}

export function recordContact(db: VaultDb, meetingId: string, at: string): void {
  run(db, sql`UPDATE meetings SET last_contact_at = ${at}, latest_seen_at = MAX(latest_seen_at, ${at}) WHERE id = ${meetingId}`);
}

/** Raises latest_seen_at (ISO text compares in time order); never lowers it. */
export function recordSeen(db: VaultDb, meetingId: string, at: string): void {
  run(db, sql`UPDATE meetings SET latest_seen_at = ${at} WHERE id = ${meetingId} AND latest_seen_at < ${at}`);
}
