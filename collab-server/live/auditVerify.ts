// The full check of a server's audit logs, for `council audit verify --data DIR`: per meeting, the chain and
// every entry's signature (common/live/audit.ts), held to every signed head the server kept (the heads table
// and the head published in the meeting state room) and to every seq the server acknowledged to a client
// (live_commands, live_opaque_commands). What is wrong is said exactly: "entries 51–100 missing", "entry 7
// altered". A server that deletes the head, the state room and the answers as well is only caught by the
// devices that kept a head (verifyAuditPage). The key comes from `--key` when given (trust nothing on the
// disk for it), else from audit-key, else — said as a warning, since whoever rewrote the log could have
// rewritten it too — from the database.
import crypto from 'node:crypto';
import * as Y from 'yjs';
import { finishWalk, readAuditHead, startWalk, walkLink, type AuditProblem, type Claim } from '../../common/live/audit.ts';
import { meetingStateRoom } from '../../common/live/rooms.ts';
import { openServerStoreForReading, type ServerDb } from '../store/db.ts';
import { AUDIT_PAGE_SIZE, storedCheckpoint } from './auditLog.ts';
import { publicKeyOf, readAuditKey, storedAuditPublicKey } from './auditKey.ts';
import { auditMeetings, auditRows, maxAcknowledgedSeq } from './liveQueries.ts';
import { loadRoom, roomIsStored, roomMeetings } from './roomStore.ts';

export interface MeetingAudit {
  readonly meetingId: string;
  /** Entries present in the log. */
  readonly entries: number;
  readonly problems: readonly AuditProblem[];
}

/** Where the public key the entries were checked against came from. */
export type AuditKeySource = 'given' | 'key file' | 'database';

export interface ServerAudit {
  readonly ok: boolean;
  readonly meetings: readonly MeetingAudit[];
  /** Problems of the server as a whole (the key). */
  readonly problems: readonly AuditProblem[];
  /** The key used, its fingerprint and source; absent when there was none. */
  readonly key?: { readonly publicKey: string; readonly fingerprint: string; readonly source: AuditKeySource };
}

export interface VerifyOptions {
  /**
   * The public key to hold the log to (base64url raw Ed25519, as `GET /api/audit/key` gives it), known from
   * elsewhere: then neither the key file nor the database is trusted for it (both are checked against it).
   */
  readonly publicKey?: string;
}

/** SHA-256 of the raw public key, first 16 bytes in hex groups: what to compare with a copy kept elsewhere. */
export function keyFingerprint(publicKey: string): string {
  const hex = crypto.createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)?.join(':') ?? hex;
}

/** A base64url raw Ed25519 public key (32 bytes), or undefined. */
export function parsePublicKey(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9_-]{43}$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed, 'base64url').length === 32 ? trimmed : undefined;
}

function publishedHead(db: ServerDb, meetingId: string): Claim | undefined {
  let room: string;
  try {
    room = meetingStateRoom(meetingId);
  } catch {
    return undefined;
  }
  const doc = new Y.Doc();
  try {
    for (const u of loadRoom(db, room).updates) Y.applyUpdate(doc, u);
    const head = readAuditHead(doc);
    return head ? { checkpoint: head, source: 'state room' } : undefined;
  } finally {
    doc.destroy();
  }
}

function claimsOf(db: ServerDb, meetingId: string): Claim[] {
  const stored = storedCheckpoint(db, meetingId);
  const claims = [stored ? { checkpoint: stored, source: 'server head' } : undefined, publishedHead(db, meetingId)];
  return claims.filter((c): c is Claim => c !== undefined);
}

export async function verifyMeetingAudit(db: ServerDb, meetingId: string, publicKey: string): Promise<MeetingAudit> {
  const walk = startWalk();
  let entries = 0;
  for (let after = 0; ; ) {
    const rows = auditRows(db, meetingId, after, AUDIT_PAGE_SIZE);
    for (const r of rows) {
      await walkLink(walk, { seq: r.seq, meetingId: r.meeting_id, prevHash: r.prev_hash, hash: r.hash, entryJson: r.entry, signature: r.signature ?? undefined }, publicKey);
    }
    entries += rows.length;
    const last = rows.at(-1);
    if (rows.length < AUDIT_PAGE_SIZE || !last) break;
    after = last.seq;
  }
  const claims = claimsOf(db, meetingId);
  const foreign: AuditProblem[] = claims.filter((c) => c.checkpoint.meetingId !== meetingId).map((c) => ({ kind: 'bad-checkpoint', seq: c.checkpoint.seq, source: c.source }));
  const own = claims.filter((c) => c.checkpoint.meetingId === meetingId);
  const problems = [...(await finishWalk(walk, own, publicKey, maxAcknowledgedSeq(db, meetingId))), ...foreign];
  return { meetingId, entries, problems };
}

/** Meetings to check: every audit trace, and every meeting whose state room is stored (it may hold a head). */
function meetingsToCheck(db: ServerDb): string[] {
  const ids = new Set(auditMeetings(db));
  for (const id of roomMeetings(db)) {
    let room: string;
    try {
      room = meetingStateRoom(id);
    } catch {
      continue;
    }
    if (roomIsStored(db, room)) ids.add(id);
  }
  return [...ids].sort();
}

type KeyChoice = { readonly key?: { readonly publicKey: string; readonly source: AuditKeySource }; readonly problems: AuditProblem[] };

/** The audit public key: the one given, else the key file's, else the database's; all that exist must agree. */
function publicKeyFor(db: ServerDb, dataDir: string, given: string | undefined): KeyChoice {
  const recorded = storedAuditPublicKey(db);
  let fromFile: string | undefined;
  try {
    const key = readAuditKey(dataDir);
    fromFile = key ? publicKeyOf(key) : undefined;
  } catch (e) {
    return { problems: [{ kind: 'other', message: e instanceof Error ? e.message : String(e) }] };
  }
  const problems: AuditProblem[] = [];
  if (given !== undefined) {
    if (fromFile && fromFile !== given) problems.push({ kind: 'other', message: 'the key in audit-key is not the public key given' });
    if (recorded && recorded !== given) problems.push({ kind: 'other', message: 'the audit public key in the database is not the public key given' });
    return { key: { publicKey: given, source: 'given' }, problems };
  }
  if (fromFile && recorded && fromFile !== recorded) {
    return { problems: [{ kind: 'other', message: 'the audit public key in the database is not the key in audit-key' }] };
  }
  if (fromFile) return { key: { publicKey: fromFile, source: 'key file' }, problems };
  return recorded ? { key: { publicKey: recorded, source: 'database' }, problems } : { problems };
}

export async function verifyAuditDb(db: ServerDb, dataDir: string, options: VerifyOptions = {}): Promise<ServerAudit> {
  const { key, problems } = publicKeyFor(db, dataDir, options.publicKey);
  const meetingIds = meetingsToCheck(db);
  if (!key) {
    const none: AuditProblem[] = meetingIds.length > 0 ? [{ kind: 'other', message: 'no audit public key: the entries cannot be checked' }] : [];
    return { ok: problems.length + none.length === 0, meetings: [], problems: [...problems, ...none] };
  }
  const meetings: MeetingAudit[] = [];
  for (const id of meetingIds) meetings.push(await verifyMeetingAudit(db, id, key.publicKey));
  return {
    ok: problems.length === 0 && meetings.every((m) => m.problems.length === 0),
    meetings,
    problems,
    key: { ...key, fingerprint: keyFingerprint(key.publicKey) },
  };
}

/**
 * Opens the server's store read-only — `<dataDir>/council-server.sqlite`, or PostgreSQL when `databaseUrl` (by
 * default COUNCIL_DATABASE_URL, as `council serve` reads it) is given — and checks every meeting; undefined when
 * there is no database.
 */
export async function verifyServerAudit(dataDir: string, options: VerifyOptions & { readonly databaseUrl?: string } = {}): Promise<ServerAudit | undefined> {
  const db = openServerStoreForReading({ dataDir, databaseUrl: options.databaseUrl ?? process.env.COUNCIL_DATABASE_URL });
  if (!db) return undefined;
  try {
    return await verifyAuditDb(db, dataDir, options);
  } finally {
    db.close();
  }
}
