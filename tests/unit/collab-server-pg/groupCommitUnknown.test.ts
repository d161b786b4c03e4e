// A group commit (executeCommandGrouped: the commands of one event-loop turn in one transaction) whose COMMIT
// loses its connection, on a real PostgreSQL with the real room registry and audit signer: (a) committed before
// the break: every command of the group that succeeded is answered as stored, the one that threw stays refused,
// the rooms in memory equal what a reload from storage gives, both meetings' audit chains verify; (b) broke before
// COMMIT was sent: every command is refused, nothing is in memory or storage, and the same group sent again commits.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { meetingStateRoom } from '../../../common/live/index.ts';
import { openAuditSigner } from '../../../collab-server/live/auditKey.ts';
import { verifyMeetingChain } from '../../../collab-server/live/auditLog.ts';
import type { Answer, ExecuteDeps } from '../../../collab-server/live/commands/execute.ts';
import { CommandRegistry } from '../../../collab-server/live/commands/registry.ts';
import { DEFAULT_LIVE_LIMITS } from '../../../collab-server/live/limits.ts';
import { RoomRegistry } from '../../../collab-server/live/RoomRegistry.ts';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import type { Room } from '../../../collab-server/live/Room.ts';
import { openServerStore } from '../../../collab-server/store/db.ts';
import { PgDb } from '../../../collab-server/store/pg/PgDb.ts';
import type { Member } from '../../../collab-server/core/types.ts';
import { freshDataDir, usePostgres } from './helpers.ts';
import { NOTES, submitNote } from '../live/notesFeature.ts';

usePostgres();

interface World {
  readonly deps: ExecuteDeps;
  readonly db: PgDb;
  readonly held: Map<string, Room>;
  close(): void;
}

const open: World[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});

const MEETINGS = ['m-a', 'm-b'] as const;

function world(): World {
  const dir = freshDataDir();
  const db = openServerStore({ dataDir: dir });
  if (!(db instanceof PgDb)) throw new Error('expected the PostgreSQL store');
  const l = DEFAULT_LIVE_LIMITS;
  const rooms = new RoomRegistry({ db, tickMs: l.broadcastTickMs, persistDebounceMs: l.persistDebounceMs, maxUpdatesPerMerge: l.maxUpdatesPerMerge, compactAfterUpdates: l.compactAfterUpdates, compactAfterBytes: l.compactAfterBytes, onLoad: () => {}, log: () => {} });
  const deps: ExecuteDeps = { db, rooms, commands: new CommandRegistry([NOTES]), signer: openAuditSigner(db, dir), limits: l };
  // A device in each room keeps it loaded (an idle room is compacted on release, in a transaction of its own).
  const peer = { send: () => {}, fail: () => {} };
  const held = new Map<string, Room>();
  for (const m of MEETINGS) {
    const room = rooms.acquire({ kind: 'state', meetingId: m });
    room.addPeer(peer);
    held.set(m, room);
  }
  const w: World = { deps, db, held, close: () => (rooms.closeAll(), db.close(), fs.rmSync(dir, { recursive: true, force: true })) };
  open.push(w);
  return w;
}

const member = (i: number): Member => ({ meetingId: MEETINGS[i % 2] ?? 'm-a', delegateId: `d${i}`, role: 'delegate' });

/** Ten commands over two meetings and one that throws, all in the same turn (one group, one transaction). */
const group = (w: World): Promise<PromiseSettledResult<Answer>[]> =>
  Promise.allSettled([...Array.from({ length: 10 }, (_, i) => submitNote(w.deps, member(i), { id: `c${i}`, type: 'note', text: `n${i}` })), submitNote(w.deps, member(99), { id: 'bad', type: 'note', text: 'boom' })]);

const inMemory = (w: World, m: string): string[] => [...(w.held.get(m)?.doc.getMap<string>('notes').keys() ?? [])].sort();

/** The notes as stored (what another instance, or a restart, would load). */
function stored(w: World, m: string): string[] {
  const doc = new Y.Doc();
  for (const u of loadRoom(w.db, meetingStateRoom(m)).updates) Y.applyUpdate(doc, u);
  return [...doc.getMap<string>('notes').keys()].sort();
}

const idsOf = (m: string): string[] => Array.from({ length: 10 }, (_, i) => i).filter((i) => member(i).meetingId === m).map((i) => `c${i}`).sort();
const count = (w: World, table: string): number => Number((w.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number | string }).n);

describe('a group commit whose COMMIT has an unknown outcome', () => {
  it('(a) committed before the connection broke: the group is answered as stored, memory equals storage, the chains verify', async () => {
    const w = world();
    w.db.failNextCommitForTest('after');
    const answers = await group(w);
    const ok = answers.slice(0, 10).map((a) => (a.status === 'fulfilled' ? a.value : undefined));
    // Taken as a rollback (no 08007 path), every command of the group was refused and undone in memory, although stored.
    expect(ok.map((a) => a?.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(answers[10]?.status).toBe('rejected');
    for (const m of MEETINGS) {
      expect(inMemory(w, m)).toEqual(idsOf(m));
      expect(stored(w, m)).toEqual(idsOf(m));
      expect(verifyMeetingChain(w.db, m).ok).toBe(true);
    }
    expect(count(w, 'live_audit')).toBe(10);
    expect(count(w, 'live_commands')).toBe(10);
    // A retry of each gets the stored answer, not a second entry.
    const again = await Promise.all(Array.from({ length: 10 }, (_, i) => submitNote(w.deps, member(i), { id: `c${i}`, type: 'note', text: `n${i}` })));
    expect(again).toEqual(ok);
    expect(count(w, 'live_audit')).toBe(10);
  });

  it('(b) broke before COMMIT was sent: every command refused, nothing kept anywhere, the same group then commits', async () => {
    const w = world();
    w.db.failNextCommitForTest('before');
    const answers = await group(w);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 11 }, () => 'rejected'));
    for (const m of MEETINGS) {
      expect(inMemory(w, m)).toEqual([]);
      expect(stored(w, m)).toEqual([]);
    }
    expect(count(w, 'live_audit')).toBe(0);
    expect(count(w, 'live_commands')).toBe(0);
    const retry = await group(w);
    expect(retry.slice(0, 10).map((a) => (a.status === 'fulfilled' ? a.value.status : a.status))).toEqual(Array.from({ length: 10 }, () => 200));
    for (const m of MEETINGS) {
      expect(inMemory(w, m)).toEqual(idsOf(m));
      expect(stored(w, m)).toEqual(idsOf(m));
      expect(verifyMeetingChain(w.db, m).ok).toBe(true);
    }
  });
});
