// A revocation or reinvitation whose COMMIT loses its connection, through a real server on PostgreSQL: it is
// answered by what the database holds. (a) committed before the break: 200, the member is refused afterwards,
// and the state room — in memory (a fresh client's copy) and as stored — no longer counts the device's presence;
// (b) broke before COMMIT was sent: an error, nothing changed anywhere, and the clerk's retry succeeds.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { meetingStateRoom, SESSION_KEYS, SESSION_MAP } from '../../../common/live/index.ts';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import { PgDb } from '../../../collab-server/store/pg/PgDb.ts';
import { ADMIN_TOKEN, connect, nextCommandId, seedMeeting, send, sha256Hex, startLiveServer, waitForSynced, type LiveServer, type TestMember } from '../live/liveHarness.ts';
import { freshDataDir, usePostgres } from './helpers.ts';

usePostgres();

const MEETING = 'm-member-commit';
let live: LiveServer | undefined;
afterEach(async () => {
  await live?.stop();
  live = undefined;
});

interface SetUp {
  readonly live: LiveServer;
  readonly db: PgDb;
  readonly delegate: TestMember;
  readonly chair: TestMember;
}

/** A meeting with a published revision 1, a delegate who has checked in and a chair. */
async function setUp(): Promise<SetUp> {
  live = await startLiveServer(freshDataDir());
  const db = live.server.db;
  if (!(db instanceof PgDb)) throw new Error('expected the PostgreSQL store');
  const [delegate, chair] = seedMeeting(live.server, MEETING, [
    { delegateId: 'd-1', role: 'delegate' },
    { delegateId: 'chu-toa', role: 'chair' },
  ]);
  if (!delegate || !chair) throw new Error('no members');
  db.prepare(`INSERT INTO revisions (meeting_id, revision, envelope, published_at) VALUES (?, 1, '{}', ?)`).run(MEETING, new Date().toISOString());
  db.prepare(`UPDATE meetings SET latest_revision = 1 WHERE id = ?`).run(MEETING);
  const checkIn = await send(live.url(), MEETING, delegate.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-hall' });
  expect(checkIn.status).toBe(200);
  return { live, db, delegate, chair };
}

const present = (doc: Y.Doc): boolean => (doc.getMap(SESSION_MAP).get(SESSION_KEYS.attendance) as Y.Map<unknown> | undefined)?.has('d-1') === true;

/** Whether d-1's presence is in the state room as the server holds it in memory (the chair's fresh copy) and as stored. */
async function checkedIn(s: SetUp): Promise<{ memory: boolean; stored: boolean }> {
  const client = connect(s.live.url(), meetingStateRoom(MEETING), s.chair.token);
  try {
    await waitForSynced(client);
    const storedDoc = new Y.Doc();
    for (const u of loadRoom(s.db, meetingStateRoom(MEETING)).updates) Y.applyUpdate(storedDoc, u);
    return { memory: present(client.doc), stored: present(storedDoc) };
  } finally {
    client.destroy();
  }
}

async function admin(s: SetUp, action: 'revoke' | 'reinvite', body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.live.url()}/api/meetings/${MEETING}/members/d-1/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: res.status, body: await res.json() };
}

const me = async (s: SetUp, token: string): Promise<number> => (await fetch(`${s.live.url()}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;

/** The audit log as stored ends with the one entry of this type for d-1. */
function auditEndsWith(s: SetUp, type: string): void {
  const rows = s.db.prepare(`SELECT seq, entry FROM live_audit WHERE meeting_id = ? ORDER BY seq`).all(MEETING) as { seq: number; entry: string }[];
  const kinds = rows.map((r) => (JSON.parse(r.entry) as { command: { type: string; delegateId?: string } }).command);
  expect(kinds.filter((c) => c.type === type && c.delegateId === 'd-1')).toHaveLength(1);
  expect(kinds.at(-1)?.type).toBe(type);
}

const reinviteBody = (): { tokenHash: string; token: string; keys: { revision: number; wrappedKeys: { nonce: string; ciphertext: string } }[] } => {
  const token = crypto.randomBytes(24).toString('base64url');
  return { token, tokenHash: sha256Hex(token), keys: [{ revision: 1, wrappedKeys: { nonce: 'bm9uY2U', ciphertext: 'Y2lwaGVydGV4dA' } }] };
};

describe('a member change whose COMMIT has an unknown outcome', () => {
  it('(a) revoke committed before the connection broke: 200, the device is refused, its presence gone in memory and as stored', async () => {
    const s = await setUp();
    s.db.failNextCommitForTest('after');
    const answer = await admin(s, 'revoke');
    // Before the fix: 500, although the revocation was stored.
    expect(answer).toEqual({ status: 200, body: { revoked: true } });
    expect(await me(s, s.delegate.token)).toBe(403);
    expect(await checkedIn(s)).toEqual({ memory: false, stored: false });
    auditEndsWith(s, 'revokeMember');
    // The clerk's retry is harmless.
    expect((await admin(s, 'revoke')).status).toBe(200);
  });

  it('(b) revoke broke before COMMIT was sent: an error, nothing changed, and the retry revokes', async () => {
    const s = await setUp();
    s.db.failNextCommitForTest('before');
    const answer = await admin(s, 'revoke');
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(await me(s, s.delegate.token)).toBe(200);
    expect(await checkedIn(s)).toEqual({ memory: true, stored: true });
    expect((await admin(s, 'revoke')).status).toBe(200);
    expect(await checkedIn(s)).toEqual({ memory: false, stored: false });
    auditEndsWith(s, 'revokeMember');
  });

  it('(a) reinvite committed before the connection broke: 200, the new token joins, the old is refused', async () => {
    const s = await setUp();
    const { token, ...body } = reinviteBody();
    s.db.failNextCommitForTest('after');
    const answer = await admin(s, 'reinvite', body);
    // Before the fix: 500, and the clerk's retry was refused (the token hash already in use).
    expect(answer).toEqual({ status: 200, body: { reinvited: true, latestRevision: 1 } });
    expect(await me(s, token)).toBe(200);
    expect(await me(s, s.delegate.token)).toBe(403);
    expect(await checkedIn(s)).toEqual({ memory: false, stored: false });
    auditEndsWith(s, 'reinviteMember');
  });

  it('(b) reinvite broke before COMMIT was sent: an error, the old token still works, and the retry reinvites', async () => {
    const s = await setUp();
    const { token, ...body } = reinviteBody();
    s.db.failNextCommitForTest('before');
    expect((await admin(s, 'reinvite', body)).status).toBeGreaterThanOrEqual(500);
    expect(await me(s, s.delegate.token)).toBe(200);
    expect(await me(s, token)).toBe(401);
    expect(await checkedIn(s)).toEqual({ memory: true, stored: true });
    expect((await admin(s, 'reinvite', body)).status).toBe(200);
    expect(await me(s, token)).toBe(200);
    auditEndsWith(s, 'reinviteMember');
  });
});
