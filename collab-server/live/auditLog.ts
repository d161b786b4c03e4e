// The hash-chained, signed audit log: each meeting's entries form a chain where
//   hash = sha256_hex(prev_hash || canonicalJson(entry))
// and the first entry's prev_hash is GENESIS_HASH; each entry is signed with the server's audit key, and after
// each append the signed head (seq, hash) is stored and published (common/live/audit.ts). Editing, deleting or
// reordering a row breaks the chain or a signature; cutting the tail is caught by the signed head.
// Appends run inside the command's transaction; the connection runs with synchronous=FULL (rule 7).
import { createHash } from 'node:crypto';
import type { ServerDb } from '../store/db.ts';
import { AUDIT_GENESIS_HASH, type AuditCheckpoint, type AuditEntry, type AuditRecord } from '../../common/live/audit.ts';
import { canonicalJson } from '../../common/live/canonicalJson.ts';
import type { AuditSigner } from './auditKey.ts';
import { auditMeetings, auditRows, getAuditHead, insertAuditRow, lastAuditRow, putAuditHead, setAuditSignature, type AuditHeadRow, type AuditRow } from './liveQueries.ts';

export const GENESIS_HASH = AUDIT_GENESIS_HASH;
/** Rows read per query while verifying or paging. */
export const AUDIT_PAGE_SIZE = 1000;

export function chainHash(prevHash: string, entryJson: string): string {
  return createHash('sha256').update(prevHash, 'utf8').update(entryJson, 'utf8').digest('hex');
}

/**
 * Appends a signed entry (its seq is assigned here), stores the new signed head and returns it. Call inside
 * the command's transaction.
 */
export function appendAudit(db: ServerDb, signer: AuditSigner, entry: Omit<AuditEntry, 'seq'>): AuditCheckpoint {
  const last = lastAuditRow(db, entry.meetingId);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const json = canonicalJson({ ...entry, seq });
  const hash = chainHash(prevHash, json);
  insertAuditRow(db, { meeting_id: entry.meetingId, seq, prev_hash: prevHash, entry: json, hash, signature: signer.signEntry(json) });
  const head = signer.signCheckpoint({ meetingId: entry.meetingId, seq, hash, at: entry.at });
  putAuditHead(db, checkpointToRow(head));
  return head;
}

/** The current head of a meeting's log: its seq (0 for an empty log). */
export function auditHeadSeq(db: ServerDb, meetingId: string): number {
  return lastAuditRow(db, meetingId)?.seq ?? 0;
}

export function storedCheckpoint(db: ServerDb, meetingId: string): AuditCheckpoint | undefined {
  const row = getAuditHead(db, meetingId);
  return row ? { meetingId: row.meeting_id, seq: row.seq, hash: row.hash, at: row.at, signature: row.signature } : undefined;
}

function checkpointToRow(c: AuditCheckpoint): AuditHeadRow {
  return { meeting_id: c.meetingId, seq: c.seq, hash: c.hash, at: c.at, signature: c.signature };
}

export function rowToAuditRecord(row: AuditRow): AuditRecord {
  const base = { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, entry: JSON.parse(row.entry) as AuditEntry };
  return row.signature === null ? base : { ...base, signature: row.signature };
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

/** The chain alone (no signatures, no heads); verifyServerAudit (auditVerify.ts) is the full check. */
export function verifyMeetingChain(db: ServerDb, meetingId: string): ChainCheck {
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

export function verifyAllChains(db: ServerDb): ChainCheck[] {
  return auditMeetings(db).map((m) => verifyMeetingChain(db, m));
}

/**
 * Signs the entries a server wrote before its log was signed (schema < 140), once, when its key is created:
 * only chains that verify, and only rows without a signature. Trust on first use — tampering done before the
 * upgrade cannot be told apart — but from then on the log is held to the signatures and heads.
 */
export function signUnsignedChains(db: ServerDb, signer: AuditSigner, log: (line: string) => void): void {
  db.transaction(() => {
    for (const meetingId of auditMeetings(db)) {
      const check = verifyMeetingChain(db, meetingId);
      if (!check.ok) {
        log(`live: the audit log of ${meetingId} is broken at entry ${check.seq} (${check.reason}); left unsigned`);
        continue;
      }
      let last: AuditRow | undefined;
      for (let after = 0; ; ) {
        const rows = auditRows(db, meetingId, after, AUDIT_PAGE_SIZE);
        for (const r of rows) if (r.signature === null) setAuditSignature(db, meetingId, r.seq, signer.signEntry(r.entry));
        last = rows.at(-1) ?? last;
        if (rows.length < AUDIT_PAGE_SIZE || !last) break;
        after = last.seq;
      }
      if (last && !getAuditHead(db, meetingId)) putAuditHead(db, checkpointToRow(signer.signCheckpoint({ meetingId, seq: last.seq, hash: last.hash, at: Date.now() })));
    }
  })();
}
