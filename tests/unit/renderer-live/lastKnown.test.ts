// The pure parts of the last known live state: what is kept, how it reads back, what the panel may claim,
// and the audit head check.
import crypto from 'node:crypto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { AUDIT_HEAD_KEY, AUDIT_MAP, checkpointSignedBytes, type AuditCheckpoint } from '../../../common/live/audit.ts';
import { SESSION_KEYS, sessionMap } from '../../../common/live/state.ts';
import { connectionOf } from '../../../renderer/live/connection.ts';
import { formatKnownAt, liveFacts, mayOfferCheckIn } from '../../../renderer/live/facts.ts';
import { checkAuditHead, decodeSaved, encodeSaved, higherHead, MAX_SAVED_BYTES, readSaved, verifyHead } from '../../../renderer/live/lastKnown.ts';

const head = (seq: number, hash = `h${seq}`, meetingId = 'ky-hop'): AuditCheckpoint => ({ meetingId, seq, hash, at: 1000 + seq, signature: 'sig' });
const auditKey = crypto.generateKeyPairSync('ed25519');
const AUDIT_PUB = auditKey.publicKey.export({ format: 'jwk' }).x as string;
const signedHead = (seq: number, hash = `h${seq}`, meetingId = 'ky-hop'): AuditCheckpoint => {
  const c = { meetingId, seq, hash, at: 1000 + seq };
  return { ...c, signature: crypto.sign(null, checkpointSignedBytes(c), auditKey.privateKey).toString('base64url') };
};
/** A head as the live client adopts it: verified under the audit key for the meeting first. */
async function verified(c: AuditCheckpoint, meetingId = 'ky-hop'): Promise<AuditCheckpoint> {
  const check = await verifyHead(c, meetingId, AUDIT_PUB);
  if (!check.ok) throw new Error(`head ${c.seq} did not verify: ${check.reason}`);
  return check.head;
}

function stateDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const s = sessionMap(doc);
    s.set(SESSION_KEYS.currentItemId, '4.3');
    const attendance = new Y.Map<unknown>();
    attendance.set('d05', { status: 'present-hall', at: 1 });
    s.set(SESSION_KEYS.attendance, attendance);
    const announcements = new Y.Array<unknown>();
    announcements.push([
      { id: 'a1', text: 'Giải lao 15 phút', level: 'info', at: 2 },
      { id: 'a2', text: 'Khẩn: đổi phòng họp', level: 'urgent', at: 3 },
    ]);
    s.set(SESSION_KEYS.announcements, announcements);
    doc.getMap<unknown>(AUDIT_MAP).set(AUDIT_HEAD_KEY, head(7));
  });
  return doc;
}

describe('the saved live state', () => {
  it('round-trips through its text form and reads back the state, the kept audit head and the pinned key', () => {
    const doc = stateDoc();
    const text = encodeSaved({ update: Y.encodeStateAsUpdate(doc), at: 1_700_000_000_000, auditHead: head(6), auditKey: AUDIT_PUB });
    const saved = decodeSaved(text ?? null);
    expect(saved?.at).toBe(1_700_000_000_000);
    expect(saved?.auditKey).toBe(AUDIT_PUB);
    const known = saved && readSaved(saved);
    expect(known?.state.currentItemId).toBe('4.3');
    expect(known?.state.attendance['d05']?.status).toBe('present-hall');
    expect(known?.state.announcements.map((a) => a.id)).toEqual(['a1', 'a2']);
    // The kept head, not the unsigned seq 7 the saved doc carries (nothing verified that one).
    expect(known?.auditHead?.seq).toBe(6);
    const bare = decodeSaved(encodeSaved({ update: Y.encodeStateAsUpdate(doc), at: 1 }) ?? null);
    expect(bare && readSaved(bare)?.auditHead).toBeUndefined();
  });

  it('refuses what is not a saved state, and does not keep an oversized one', () => {
    for (const bad of [null, '', 'x', '{}', '{"v":2,"at":1,"update":""}', '{"v":1,"at":"9","update":"AA"}', '{"v":1,"at":1,"update":"!!"}']) expect(decodeSaved(bad)).toBeUndefined();
    expect(encodeSaved({ update: new Uint8Array(MAX_SAVED_BYTES + 1), at: 1 })).toBeUndefined();
    // An update that does not decode reads as nothing, not as an empty state.
    expect(readSaved({ update: new Uint8Array([1, 2, 3, 255, 255]), at: 1 })).toBeUndefined();
  });

  it('keeps the higher audit head: a lower one later never replaces it', async () => {
    expect(higherHead(undefined, await verified(signedHead(3)))?.seq).toBe(3);
    expect(higherHead(head(5), await verified(signedHead(3)))?.seq).toBe(5);
    expect(higherHead(head(5), await verified(signedHead(6)))?.seq).toBe(6);
    expect(higherHead(head(5), await verified(signedHead(5, 'other')))?.hash).toBe('h5');
    expect(higherHead(head(5), await verified(signedHead(9, 'h9', 'another-meeting'), 'another-meeting'))?.seq).toBe(5);
  });

  it('adopts only a head that verified under the audit key for this meeting', async () => {
    // Unsigned, or a signature that does not hold: never adopted, however high.
    expect(higherHead(head(5), head(6))?.seq).toBe(5);
    expect(higherHead(undefined, head(3))).toBeUndefined();
    expect(await verifyHead(head(6), 'ky-hop', AUDIT_PUB)).toMatchObject({ ok: false, reason: 'signature' });
    const altered = { ...signedHead(6), seq: 60 };
    expect(await verifyHead(altered, 'ky-hop', AUDIT_PUB)).toMatchObject({ ok: false, reason: 'signature' });
    expect(higherHead(head(5), altered)?.seq).toBe(5);
    // Signed by another key: refused.
    const other = crypto.generateKeyPairSync('ed25519');
    const c = { meetingId: 'ky-hop', seq: 7, hash: 'h7', at: 1 };
    const foreign = { ...c, signature: crypto.sign(null, checkpointSignedBytes(c), other.privateKey).toString('base64url') };
    expect(await verifyHead(foreign, 'ky-hop', AUDIT_PUB)).toMatchObject({ ok: false, reason: 'signature' });
    // Properly signed, but for another meeting than the one the device holds.
    expect(await verifyHead(signedHead(8, 'h8', 'another-meeting'), 'ky-hop', AUDIT_PUB)).toMatchObject({ ok: false, reason: 'meeting' });
    expect((await verifyHead(signedHead(8), 'ky-hop', AUDIT_PUB)).ok).toBe(true);
  });

  it('warns when the server head is behind the kept one or differs at the same seq', () => {
    expect(checkAuditHead(undefined, head(3))).toBeUndefined();
    expect(checkAuditHead(head(3), head(3))).toBeUndefined();
    expect(checkAuditHead(head(3), head(4))).toBeUndefined();
    expect(checkAuditHead(head(5), head(3))).toMatchObject({ kind: 'lower', kept: { seq: 5 }, seen: { seq: 3 } });
    expect(checkAuditHead(head(5), head(5, 'rewritten'))).toMatchObject({ kind: 'forked' });
    expect(checkAuditHead(head(5), undefined)).toBeUndefined();
  });
});

describe('what the live panel may claim', () => {
  it('live only when online and synced; else the last known state with its time; else nothing', () => {
    expect(liveFacts({ status: 'online', synced: true })).toEqual({ kind: 'live' });
    expect(liveFacts({ status: 'reconnecting', synced: true, knownAt: 42 })).toEqual({ kind: 'lastKnown', at: 42 });
    expect(liveFacts({ status: 'connecting', synced: false, knownAt: 42 })).toEqual({ kind: 'lastKnown', at: 42 });
    expect(liveFacts({ status: 'reconnecting', synced: false })).toEqual({ kind: 'unknown' });
    expect(liveFacts({ status: 'online', synced: false })).toEqual({ kind: 'unknown' });
  });

  it('never offers check-in from a state that is not live, nor twice', () => {
    expect(mayOfferCheckIn({ kind: 'live' }, false, false)).toBe(true);
    expect(mayOfferCheckIn({ kind: 'live' }, true, false)).toBe(false);
    expect(mayOfferCheckIn({ kind: 'live' }, false, true)).toBe(false);
    expect(mayOfferCheckIn({ kind: 'lastKnown', at: 1 }, false, false)).toBe(false);
    expect(mayOfferCheckIn({ kind: 'unknown' }, false, false)).toBe(false);
  });

  it('gives the time of the last known state, with the date when it is not today', () => {
    // In the meeting's time zone (UTC+7), as the announcements' times are.
    const at = Date.UTC(2026, 11, 2, 2, 41);
    expect(formatKnownAt(at, Date.UTC(2026, 11, 2, 3, 5))).toBe('09:41');
    expect(formatKnownAt(at, Date.UTC(2026, 11, 3, 1, 0))).toBe('09:41 02/12');
    expect(formatKnownAt(Date.UTC(2026, 11, 2, 17, 30), Date.UTC(2026, 11, 2, 18, 0))).toBe('00:30');
  });
});

describe('one connection indicator', () => {
  it('follows the live client when there is one, whatever the periodic ping said last', () => {
    expect(connectionOf(true, true, { status: 'reconnecting', lastContactAt: 5 })).toEqual({ kind: 'unreachable', lastContactAt: 5 });
    expect(connectionOf(false, true, { status: 'online' })).toEqual({ kind: 'online' });
    expect(connectionOf(true, false, { status: 'reconnecting' })).toEqual({ kind: 'offline' });
    expect(connectionOf(true, true, { status: 'offline' })).toEqual({ kind: 'offline' });
    expect(connectionOf(true, true, { status: 'connecting' })).toEqual({ kind: 'connecting' });
    expect(connectionOf(true, true, { status: 'closed' })).toEqual({ kind: 'closed' });
  });

  it('falls back to the platform check: the network may be up while the server is not', () => {
    expect(connectionOf(true, true, undefined)).toEqual({ kind: 'online' });
    expect(connectionOf(false, true, undefined)).toEqual({ kind: 'unreachable' });
    expect(connectionOf(false, false, undefined)).toEqual({ kind: 'offline' });
  });
});
