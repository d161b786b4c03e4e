// executeCommandGrouped (commands/execute.ts): commands arriving in one event-loop turn share one SQL
// transaction (one fsync); one that throws rolls back alone; a twin retry in the same group gets the stored
// answer; the audit chain stays whole. Real database, real room registry and audit signer, called directly (the
// command route calls the same function for every command).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditSigner } from '../../../collab-server/live/auditKey.ts';
import { verifyMeetingChain } from '../../../collab-server/live/auditLog.ts';
import type { ExecuteDeps } from '../../../collab-server/live/commands/execute.ts';
import { CommandRegistry } from '../../../collab-server/live/commands/registry.ts';
import { DEFAULT_LIVE_LIMITS } from '../../../collab-server/live/limits.ts';
import { RoomRegistry } from '../../../collab-server/live/RoomRegistry.ts';
import { openServerDb } from '../../../collab-server/store/db.ts';
import type { Member } from '../../../collab-server/core/types.ts';
import { NOTES, submitNote } from '../live/notesFeature.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function world(): { deps: ExecuteDeps; close(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-group-'));
  dirs.push(dir);
  const db = openServerDb(dir);
  const l = DEFAULT_LIVE_LIMITS;
  const rooms = new RoomRegistry({ db, tickMs: l.broadcastTickMs, persistDebounceMs: l.persistDebounceMs, maxUpdatesPerMerge: l.maxUpdatesPerMerge, compactAfterUpdates: l.compactAfterUpdates, compactAfterBytes: l.compactAfterBytes, onLoad: () => {}, log: () => {} });
  const commands = new CommandRegistry([NOTES]);
  const deps: ExecuteDeps = { db, rooms, commands, signer: openAuditSigner(db, dir), limits: l };
  return { deps, close: () => (rooms.closeAll(), db.close()) };
}

const member = (i: number): Member => ({ meetingId: 'm1', delegateId: `d${i}`, role: 'delegate' });

describe('group commit', () => {
  it('commits a group in one transaction; a throwing command rolls back alone; a twin gets the same answer', async () => {
    const { deps, close } = world();
    try {
      // A device in the room keeps it loaded (an idle room is compacted on release, in a transaction of its own).
      const held = deps.rooms.acquire({ kind: 'state', meetingId: 'm1' });
      const peer = { send: () => {}, fail: () => {} };
      held.addPeer(peer);
      let commits = 0;
      // Count real commits: each outermost transaction ends in one COMMIT (one WAL fsync).
      const realTransaction = deps.db.transaction.bind(deps.db);
      deps.db.transaction = ((fn: (...a: unknown[]) => unknown) => {
        const t = realTransaction(fn);
        const wrapped = ((...a: unknown[]) => {
          const outer = !deps.db.inTransaction;
          const r = t(...a);
          if (outer) commits++;
          return r;
        }) as typeof t;
        return Object.assign(wrapped, t);
      }) as typeof deps.db.transaction;
      const answers = await Promise.allSettled([
        ...Array.from({ length: 20 }, (_, i) => submitNote(deps, member(i), { id: `c${i}`, type: 'note', text: `n${i}` })),
        submitNote(deps, member(99), { id: 'bad', type: 'note', text: 'boom' }),
        submitNote(deps, member(3), { id: 'c3', type: 'note', text: 'n3' }),
        submitNote(deps, member(4), { id: 'c4', type: 'note', text: 'other body' }),
      ]);
      expect(commits).toBe(1);
      const ok = answers.slice(0, 20).map((a) => (a.status === 'fulfilled' ? a.value : undefined));
      expect(ok.every((a) => a?.status === 200 && a.result.ok)).toBe(true);
      expect(ok.map((a) => (a?.result.ok ? (a.result.value as unknown as { echoed: string }).echoed : ''))).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
      expect(answers[20]?.status).toBe('rejected');
      const twin = answers[21];
      expect(twin?.status === 'fulfilled' ? twin.value : undefined).toEqual(ok[3]);
      const conflict = answers[22];
      expect(conflict?.status === 'fulfilled' && !conflict.value.result.ok ? conflict.value.result.error.code : undefined).toBe('CONFLICT');
      // The throwing command left nothing: not in the doc, not in the audit log, not in the idempotency table.
      expect(held.doc.getMap('notes').has('bad')).toBe(false);
      expect(held.doc.getMap('notes').size).toBe(20);
      held.removePeer(peer);
      deps.rooms.releaseIfIdle(held);
      const chain = verifyMeetingChain(deps.db, 'm1');
      expect(chain.ok).toBe(true);
      expect((deps.db.prepare(`SELECT COUNT(*) AS n FROM live_audit WHERE meeting_id = 'm1'`).get() as { n: number }).n).toBe(20);
      expect((deps.db.prepare(`SELECT COUNT(*) AS n FROM live_commands WHERE meeting_id = 'm1'`).get() as { n: number }).n).toBe(20);
      // After a reload from storage the doc holds exactly what was committed.
      const again = deps.rooms.acquire({ kind: 'state', meetingId: 'm1' });
      expect([...again.doc.getMap<string>('notes').keys()].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`).sort());
      deps.rooms.releaseIfIdle(again);
    } finally {
      close();
    }
  });
});
