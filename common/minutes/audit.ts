// The audit line of the minutes: the log is checked with the same verifier devices run (common/live/audit.ts
// verifyAuditPage: the chain, every entry's signature, and that it reaches the signed head).
import { verifyAuditPage, type AuditCheckpoint, type AuditRecord } from '../live/audit.ts';
import type { MinutesAuditCheck } from './types.ts';

/**
 * `records`: every page of GET LIVE_API.audit joined, oldest first; `head`: the checkpoint (the last page's
 * `head`, or the one kept from the state room); `publicKey`: the server's audit key (AUDIT_KEY_PATH).
 */
export async function checkMinutesAudit(records: readonly AuditRecord[], head: AuditCheckpoint | undefined, publicKey: string, meetingId: string): Promise<MinutesAuditCheck> {
  const verdict = await verifyAuditPage(records, head, publicKey, { meetingId, complete: true });
  return { ok: verdict.ok, entries: records.length, problems: verdict.problems };
}
