// A feature registered through the command registry can keep a ballot secret: a command with a secret
// payload goes through the real HTTP route of a real server, and afterwards the secret appears nowhere the
// server wrote — no table of the SQLite file, not its -wal file, not the room updates, not the server log —
// while a retry returns the same answer and applies once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as Y from 'yjs';
import { chairOnly, defineCommand, votingMembers, type Feature } from '../../../collab-server/live/commands/registry.ts';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import { meetingStateRoom, readMeetingState, sessionMap } from '../../../common/live/index.ts';
import { SERVER_DB_FILE } from '../../../collab-server/store/db.ts';
import { cast, nextCommandId, seedMeeting, send, startLiveServer, type LiveServer, type TestMember } from './liveHarness.ts';

const TestSecret = z.strictObject({ id: z.string().min(1).max(64), type: z.literal('testSecret'), choice: z.string().min(1).max(200) });
/** What the feature saw, kept in the test process only: proves it applied once and got the choice. */
const applied: string[] = [];

const SECRET_FEATURE: Feature = {
  name: 'test-secret',
  commands: [
    defineCommand('testSecret', {
      schema: TestSecret,
      allow: votingMembers,
      apply: (ctx, c) => {
        applied.push(c.choice);
        // Only the count goes into the state room, as "x / N đã biểu quyết" would.
        const ballots = ctx.doc.getMap<number>('testBallots');
        ballots.set('count', (ballots.get('count') ?? 0) + 1);
        return { ok: true };
      },
      // The log says who voted (and that they did), never what.
      policy: { audit: () => ({ poll: 'p1' }), auditActor: true, idempotency: 'opaque' },
    }),
  ],
};

/** A feature with a bug: it writes into the state, then throws. */
const BROKEN_FEATURE: Feature = {
  name: 'test-broken',
  commands: [
    defineCommand('testBroken', {
      schema: z.strictObject({ id: z.string().min(1).max(64), type: z.literal('testBroken') }),
      allow: chairOnly,
      apply: (ctx) => {
        sessionMap(ctx.doc).set('currentItemId', 'nua-chung');
        throw new Error('a bug in the feature');
      },
      policy: { audit: 'full', auditActor: true, idempotency: 'hash' },
    }),
  ],
};

let live: LiveServer;
let members: TestMember[];
const MEETING = 'ky-hop-bi-mat';

beforeAll(async () => {
  live = await startLiveServer(undefined, { features: [SECRET_FEATURE, BROKEN_FEATURE] });
  members = seedMeeting(live.server, MEETING, cast(3));
});
afterAll(async () => {
  await live.stop();
});

const member = (id: string): TestMember => {
  const m = members.find((x) => x.delegateId === id);
  if (!m) throw new Error(`no member ${id}`);
  return m;
};

/** Every place the server wrote, as text to search: each table row (blobs decoded), the db and -wal bytes, the log. */
function everythingWritten(): { where: string; text: string }[] {
  const file = path.join(live.dataDir, SERVER_DB_FILE);
  const db = new Database(file, { readonly: true });
  const out: { where: string; text: string }[] = [];
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['live_audit', 'live_commands', 'live_opaque_commands', 'live_rooms', 'live_room_updates', 'live_audit_heads']));
    for (const t of tables) {
      // Table names come from sqlite_master of our own test database, not from input.
      for (const row of db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) {
        const cells = Object.values(row).map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v)));
        out.push({ where: `table ${t}`, text: cells.join('\u0000') });
      }
    }
  } finally {
    db.close();
  }
  for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) out.push({ where: path.basename(f), text: fs.readFileSync(f).toString('latin1') });
  out.push({ where: 'server log', text: live.logs.join('\n') });
  return out;
}

const containing = (needle: string): string[] => everythingWritten().filter((w) => w.text.includes(needle)).map((w) => w.where);

describe('a secret command', () => {
  it('leaves no trace of its content anywhere the server writes, and no (delegate, choice) link', async () => {
    const voter = member('db-001');
    const marker = `yes-${crypto.randomBytes(12).toString('hex')}`;
    // A control in the same run: a fully audited command's text IS found, so the search works.
    const visible = `thong-bao-${crypto.randomBytes(8).toString('hex')}`;
    expect((await send(live.url(), MEETING, member('chu-toa').token, { id: nextCommandId(), type: 'announce', text: visible })).status).toBe(200);

    const before = applied.length;
    const cast1 = await send(live.url(), MEETING, voter.token, { id: `ballot-${crypto.randomUUID()}`, type: 'testSecret', choice: marker });
    expect(cast1.status).toBe(200);
    expect(cast1.body.ok && cast1.body.value.seq).toBeGreaterThan(0);
    expect(applied.slice(before)).toEqual([marker]);

    const control = containing(visible);
    expect(control).toContain('table live_audit');
    // The room is a snapshot (live_rooms) once compacted, appended updates (live_room_updates) until then.
    expect(control.some((w) => w === 'table live_rooms' || w === 'table live_room_updates')).toBe(true);
    expect(control.some((w) => w.startsWith(SERVER_DB_FILE))).toBe(true);
    expect(containing(marker)).toEqual([]);
    // The same holds with the marker's bytes in any other common encoding a row could use.
    expect(containing(Buffer.from(marker, 'utf8').toString('base64'))).toEqual([]);
    expect(containing(crypto.createHash('sha256').update(marker).digest('hex'))).toEqual([]);

    const db = new Database(path.join(live.dataDir, SERVER_DB_FILE), { readonly: true });
    try {
      // The idempotency row does not name the sender; the audit entry names the sender but not the choice.
      const commandRows = db.prepare(`SELECT command_id FROM live_commands WHERE meeting_id = ? AND delegate_id = ?`).all(MEETING, voter.delegateId);
      expect(commandRows).toEqual([]);
      const opaque = db.prepare(`SELECT * FROM live_opaque_commands WHERE meeting_id = ?`).all(MEETING) as Record<string, unknown>[];
      expect(opaque).toHaveLength(1);
      expect(JSON.stringify(opaque)).not.toContain(voter.delegateId);
      // Nor can it be joined to the audit entry that names the sender: its stored answer holds no readable seq.
      const linked = db
        .prepare(
          `SELECT json_extract(a.entry, '$.actor.delegateId') AS delegate FROM live_opaque_commands o JOIN live_audit a
             ON a.meeting_id = o.meeting_id AND a.seq = json_extract(o.result, '$.value.seq') WHERE o.meeting_id = ?`,
        )
        .all(MEETING);
      expect(linked).toEqual([]);
      expect(JSON.stringify(opaque)).not.toContain(`"seq":${cast1.body.ok ? cast1.body.value.seq : -1}`);
      const audited = (db.prepare(`SELECT entry FROM live_audit WHERE meeting_id = ? ORDER BY seq`).all(MEETING) as { entry: string }[]).map(
        (r) => JSON.parse(r.entry) as { actor?: { delegateId: string }; command: Record<string, unknown> },
      );
      const ballotEntry = audited.find((e) => e.command['type'] === 'testSecret');
      expect(ballotEntry?.actor?.delegateId).toBe(voter.delegateId);
      expect(ballotEntry?.command).toEqual({ type: 'testSecret', poll: 'p1' });
    } finally {
      db.close();
    }
  });

  it('answers a retry with the same answer and applies once; another body under the same id is a conflict', async () => {
    const voter = member('db-002');
    const command = { id: `ballot-${crypto.randomUUID()}`, type: 'testSecret', choice: `no-${crypto.randomBytes(8).toString('hex')}` };
    const before = applied.length;
    const first = await send(live.url(), MEETING, voter.token, command);
    const retries = await Promise.all([1, 2, 3].map(() => send(live.url(), MEETING, voter.token, command)));
    expect(first.status).toBe(200);
    for (const r of retries) expect(r).toEqual(first);
    expect(applied.length - before).toBe(1);
    const changed = await send(live.url(), MEETING, voter.token, { ...command, choice: 'abstain' });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Another delegate may use the same command id: the key includes the sender.
    const other = await send(live.url(), MEETING, member('db-003').token, command);
    expect(other.status).toBe(200);
    expect(applied.length - before).toBe(2);
  });

  it('refuses an opaque command whose id is too short to be secret', async () => {
    const short = await send(live.url(), MEETING, member('db-001').token, { id: nextCommandId(), type: 'testSecret', choice: 'yes' });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ ok: false, error: { code: 'COMMAND_INVALID' } });
  });

  it('checks the sender through the registry (an observer may not vote) and the schema (unknown fields)', async () => {
    const refused = await send(live.url(), MEETING, member('quan-sat').token, { id: nextCommandId(), type: 'testSecret', choice: 'yes' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const extra = await send(live.url(), MEETING, member('db-001').token, { id: nextCommandId(), type: 'testSecret', choice: 'yes', voter: 'db-001' });
    expect(extra.status).toBe(400);
    const unknown = await send(live.url(), MEETING, member('db-001').token, { id: nextCommandId(), type: 'noSuchCommand' });
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'COMMAND_INVALID' } });
  });

  it('leaves neither state nor audit behind when a command throws half way', async () => {
    const chair = member('chu-toa');
    const auditCount = (): number =>
      (live.server.db.prepare(`SELECT COUNT(*) AS n FROM live_audit WHERE meeting_id = ?`).get(MEETING) as { n: number }).n;
    const before = auditCount();
    const broken = await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'testBroken' });
    expect(broken.status).toBe(500);
    expect(auditCount()).toBe(before);
    const next = await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'announce', text: 'Sau lỗi' });
    expect(next.body.ok && next.body.value.state?.currentItemId).toBeNull();
    expect(auditCount()).toBe(before + 1);
    const stored = new Y.Doc();
    for (const u of loadRoom(live.server.db, meetingStateRoom(MEETING)).updates) Y.applyUpdate(stored, u);
    expect(readMeetingState(stored).currentItemId).toBeNull();
    expect(readMeetingState(stored).announcements.map((a) => a.text)).toContain('Sau lỗi');
  });
});
