// What the console shows as "who has downloaded the documents" (issue 10): the newest manifest revision each
// member's device fetched, and when (schema 180). One row per member; an older revision never overwrites it.
import type { ServerDb } from './serverDb.ts';
import type { FollowMember } from '../../common/api/console.ts';
import { all, run, sql } from './sql.ts';

interface FollowRow {
  delegate_id: string;
  role: string;
  revoked_at: string | null;
  revision: number | null;
  fetched_at: string | null;
}

export function recordDownload(db: ServerDb, meetingId: string, delegateId: string, revision: number, now: string): void {
  run(
    db,
    sql`INSERT INTO member_downloads (meeting_id, delegate_id, revision, fetched_at) VALUES (${meetingId}, ${delegateId}, ${revision}, ${now})
        ON CONFLICT (meeting_id, delegate_id) DO UPDATE SET revision = excluded.revision, fetched_at = excluded.fetched_at
        WHERE excluded.revision >= member_downloads.revision`,
  );
}

function rowToFollowMember(row: FollowRow): FollowMember {
  return {
    delegateId: row.delegate_id,
    role: row.role,
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
    ...(row.revision !== null ? { downloadedRevision: row.revision } : {}),
    ...(row.fetched_at !== null ? { downloadedAt: row.fetched_at } : {}),
  };
}

export function followMembers(db: ServerDb, meetingId: string): FollowMember[] {
  const rows = all<FollowRow>(
    db,
    sql`SELECT m.delegate_id, m.role, m.revoked_at, d.revision, d.fetched_at
        FROM members m LEFT JOIN member_downloads d ON d.meeting_id = m.meeting_id AND d.delegate_id = m.delegate_id
        WHERE m.meeting_id = ${meetingId} ORDER BY m.delegate_id`,
  );
  return rows.map(rowToFollowMember);
}
