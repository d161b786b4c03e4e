// Content-addressed ciphertext chunks, exactly as downloaded. The caller verifies a chunk's SHA-256 against
// its address before putChunk; nothing here ever holds plaintext.
import { all, get, run, sql } from './sql.ts';
import type { VaultDb } from './vaultDb.ts';

export function putChunk(db: VaultDb, hash: string, data: Uint8Array): void {
  run(db, sql`INSERT INTO chunks (hash, size, data) VALUES (${hash}, ${data.length}, ${data}) ON CONFLICT (hash) DO NOTHING`);
}

export function readChunk(db: VaultDb, hash: string): Uint8Array | undefined {
  return get<{ data: Uint8Array }>(db, sql`SELECT data FROM chunks WHERE hash = ${hash}`)?.data;
}

export function hasChunk(db: VaultDb, hash: string): boolean {
  return get<{ one: number }>(db, sql`SELECT 1 AS one FROM chunks WHERE hash = ${hash}`) !== undefined;
}

/** Chunks a revision references that are not stored yet. */
export function missingChunks(db: VaultDb, meetingId: string, revision: number): string[] {
  return all<{ hash: string }>(
    db,
    sql`SELECT rc.hash FROM revision_chunks rc LEFT JOIN chunks c ON c.hash = rc.hash
        WHERE rc.meeting_id = ${meetingId} AND rc.revision = ${revision} AND c.hash IS NULL`,
  ).map((r) => r.hash);
}

/** Deletes every chunk no revision (current or pending, of any meeting) references. */
export function collectGarbage(db: VaultDb): number {
  return run(db, sql`DELETE FROM chunks WHERE NOT EXISTS (SELECT 1 FROM revision_chunks rc WHERE rc.hash = chunks.hash)`).changes;
}

export function chunkStats(db: VaultDb): { readonly count: number; readonly bytes: number } {
  const r = get<{ count: number; bytes: number | null }>(db, sql`SELECT COUNT(*) AS count, SUM(size) AS bytes FROM chunks`);
  return { count: r?.count ?? 0, bytes: r?.bytes ?? 0 };
}
