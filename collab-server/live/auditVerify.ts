// The full check of a server's audit logs, for `council audit verify --data DIR`: per meeting, the chain and
// every entry's signature (common/live/audit.ts), held to every signed head the server kept (the heads table
// and the head published in the meeting state room) and to every seq the server acknowledged to a client
// (live_commands, live_opaque_commands). What is wrong is said exactly: "entries 51–100 missing", "entry 7
// altered". A server that deletes the head, the state room and the answers as well is only caught by the
// devices that kept a head (verifyAuditPage).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { finishWalk, readAuditHead, startWalk, walkLink, type AuditProblem, type Claim } from '../../common/live/audit.ts';
import { meetingStateRoom } from '../../common/live/rooms.ts';
import { SERVER_DB_FILE } from '../store/db.ts';
import { AUDIT_PAGE_SIZE, storedCheckpoint } from './auditLog.ts';
import { publicKeyOf, readAuditKey, storedAuditPublicKey } from './auditKey.ts';
import { auditMeetings, auditRows, maxAcknowledgedSeq } from './liveQueries.ts';
import { loadRoom } from './roomStore.ts';

export interface MeetingAudit {
  readonly meetingId: string;
  /** Entries present in the log. */
  readonly entries: number;
  readonly problems: readonly AuditProblem[];
}

export interface ServerAudit {
  readonly ok: boolean;
  readonly meetings: readonly MeetingAudit[];
  /** Problems of the server as a whole (the key). */
  readonly problems: readonly AuditProblem[];
}

function publishedHead(db: Database.Database, meetingId: string): Claim | undefined {
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

function claimsOf(db: Database.Database, meetingId: string): Claim[] {
  const stored = storedCheckpoint(db, meetingId);
  const claims = [stored ? { checkpoint: stored, source: 'server head' } : undefined, publishedHead(db, meetingId)];
  return claims.filter((c): c is Claim => c !== undefined);
}

export async function verifyMeetingAudit(db: Database.Database, meetingId: string, publicKey: string): Promise<MeetingAudit> {
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

/** The audit public key: the key file's, checked against the one the database recorded. */
function publicKeyFor(db: Database.Database, dataDir: string): { key?: string; problems: AuditProblem[] } {
  const recorded = storedAuditPublicKey(db);
  let fromFile: string | undefined;
  try {
    const key = readAuditKey(dataDir);
    fromFile = key ? publicKeyOf(key) : undefined;
  } catch (e) {
    return { problems: [{ kind: 'other', message: e instanceof Error ? e.message : String(e) }] };
  }
  if (fromFile && recorded && fromFile !== recorded) {
    return { problems: [{ kind: 'other', message: 'the audit public key in the database is not the key in audit-key' }] };
  }
  const key = fromFile ?? recorded;
  return key ? { key, problems: [] } : { problems: [] };
}

export async function verifyAuditDb(db: Database.Database, dataDir: string): Promise<ServerAudit> {
  const { key, problems } = publicKeyFor(db, dataDir);
  const meetingIds = auditMeetings(db);
  if (!key) {
    const none: AuditProblem[] = meetingIds.length > 0 ? [{ kind: 'other', message: 'no audit public key: the entries cannot be checked' }] : [];
    return { ok: problems.length + none.length === 0, meetings: [], problems: [...problems, ...none] };
  }
  const meetings: MeetingAudit[] = [];
  for (const id of meetingIds) meetings.push(await verifyMeetingAudit(db, id, key));
  return { ok: problems.length === 0 && meetings.every((m) => m.problems.length === 0), meetings, problems };
}

/** Opens `<dataDir>/council-server.sqlite` read-only and checks every meeting; undefined when there is no database. */
export async function verifyServerAudit(dataDir: string): Promise<ServerAudit | undefined> {
  const file = path.join(path.resolve(dataDir), SERVER_DB_FILE);
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return await verifyAuditDb(db, dataDir);
  } finally {
    db.close();
  }
}
