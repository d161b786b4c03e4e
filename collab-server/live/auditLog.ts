// The hash-chained audit log: each meeting's entries form a chain where
//   hash = sha256_hex(prev_hash || canonicalJson(entry))
// and the first entry's prev_hash is GENESIS_HASH. Editing, deleting or reordering any row breaks the chain.
// Appends run inside the command's transaction; the connection runs with synchronous=FULL (rule 7).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../../common/live/canonicalJson.ts';
import type { AuditEntry, AuditRecord } from '../../common/live/commands.ts';
import { auditMeetings, auditRows, insertAuditRow, lastAuditRow, type AuditRow } from './liveQueries.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Rows read per query while verifying or paging. */
export const AUDIT_PAGE_SIZE = 1000;

export function chainHash(prevHash: string, entryJson: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(entryJson, 'utf8').digest('hex');
}

/** Appends an entry (its seq is assigned here) and returns the seq. Call inside a transaction. */
export function appendAudit(db: Database.Database, entry: Omit<AuditEntry, 'seq'>): number {
  const last = lastAuditRow(db, entry.meetingId);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const json = canonicalJson({ ...entry, seq });
  insertAuditRow(db, { meeting_id: entry.meetingId, seq, prev_hash: prevHash, entry: json, hash: chainHash(prevHash, json) });
  return seq;
}

export function rowToAuditRecord(row: AuditRow): AuditRecord {
  return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, entry: JSON.parse(row.entry) as AuditEntry };
}

export type ChainCheck =
  | { readonly ok: true; readonly meetingId: string; readonly count: number }
  | { readonly ok: false; readonly meetingId: string; readonly seq: number; readonly reason: string };

function checkRow(row: AuditRow, expectedSeq: number, prevHash: string): string | undefined {
  if (row.seq !== expectedSeq) return `expected seq ${expectedSeq}, found ${row.seq} (a row is missing)`;
  if (row.prev_hash !== prevHash) return 'prev_hash does not match the previous entry';
  if (chainHash(row.prev_hash, row.entry) !== row.hash) return 'hash does not match the entry (the entry was altered)';
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.entry);
  } catch {
    return 'entry is not JSON';
  }
  if (canonicalJson(parsed) !== row.entry) return 'entry is not in canonical form';
  const e = parsed as Partial<AuditEntry>;
  if (e.seq !== row.seq || e.meetingId !== row.meeting_id) return 'entry seq or meeting differs from its row';
  return undefined;
}

export function verifyMeetingChain(db: Database.Database, meetingId: string): ChainCheck {
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = auditRows(db, meetingId, count, AUDIT_PAGE_SIZE);
    for (const row of rows) {
      const reason = checkRow(row, count + 1, prevHash);
      if (reason) return { ok: false, meetingId, seq: row.seq, reason };
      prevHash = row.hash;
      count += 1;
    }
    if (rows.length < AUDIT_PAGE_SIZE) return { ok: true, meetingId, count };
  }
}

export function verifyAllChains(db: Database.Database): ChainCheck[] {
  return auditMeetings(db).map((m) => verifyMeetingChain(db, m));
}
