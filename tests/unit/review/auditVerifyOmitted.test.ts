// Review finding on collab-server/live/auditVerify.ts: the meetings checked come from auditMeetings (audit rows,
// heads, acknowledged answers) but not from the state rooms, although the state room's published head is one of
// the claims. Deleting a meeting's audit rows, its head and its answers — and leaving the state room, which
// still holds a signed head at seq 1 — passes `council audit verify`.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { verifyServerAudit } from '../../../collab-server/live/auditVerify.ts';
import { openServerStore } from '../../../collab-server/store/db.ts';
import { cast, nextCommandId, seedMeeting, send, startLiveServer } from '../live/liveHarness.ts';

it('a log deleted whole while the state room keeps its signed head is reported', async () => {
  const live = await startLiveServer();
  try {
    const [chair] = seedMeeting(live.server, 'review-omit', cast(1));
    if (!chair) throw new Error('seed');
    expect((await send(live.url(), 'review-omit', chair.token, { id: nextCommandId(), type: 'announce', text: 'x' })).status).toBe(200);
    await live.server.close();
    // The folder's store, whichever engine the run uses (SQLite file, or PostgreSQL in vitest.pg.config.ts).
    const db = openServerStore({ dataDir: live.dataDir });
    try {
      for (const t of ['live_audit', 'live_audit_heads', 'live_commands', 'live_opaque_commands']) db.prepare(`DELETE FROM ${t} WHERE meeting_id = ?`).run('review-omit');
    } finally {
      db.close();
    }
    const verdict = await verifyServerAudit(live.dataDir);
    expect(verdict?.ok).toBe(false);
  } finally {
    fs.rmSync(live.dataDir, { recursive: true, force: true });
  }
});
