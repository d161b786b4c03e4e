// Review finding on commands/execute.ts executeMemberChange: it runs inside the caller's transaction (revoke,
// re-invite) and, once its own savepoint succeeded, records the doc's state vector as stored. When the caller's
// transaction then rolls back (a later listener throws; the COMMIT fails), the doc keeps the change (undo runs
// only when executeMemberChange itself throws) and the next command stores only its own ops, which follow
// clocks storage never got. Read back as after a crash, that command's update cannot integrate: it is lost.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import { onMemberChange } from '../../../collab-server/store/memberEvents.ts';
import { revokeMemberLink } from '../../../collab-server/store/memberChanges.ts';
import { meetingStateRoom, readMeetingState } from '../../../common/live/index.ts';
import { cast, connect, nextCommandId, seedMeeting, send, startLiveServer, waitForSynced, type LiveServer, type TestMember } from '../live/liveHarness.ts';

const MEETING = 'review-member-rollback';
let live: LiveServer;
let members: TestMember[];

beforeAll(async () => {
  live = await startLiveServer();
  members = seedMeeting(live.server, MEETING, cast(2));
});
afterAll(async () => {
  await live.stop();
});

it('a command after a rolled-back revocation is still in what storage holds', async () => {
  const chair = members.find((m) => m.role === 'chair');
  const observer = members.find((m) => m.role === 'observer');
  if (!chair || !observer) throw new Error('seed');
  const watcher = connect(live.url(), meetingStateRoom(MEETING), observer.token);
  try {
    await waitForSynced(watcher);
    expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'announce', text: 'a' })).status).toBe(200);
    const off = onMemberChange(live.server.db, () => {
      throw new Error('a later step of the revocation fails');
    });
    try {
      expect(() => revokeMemberLink(live.server.db, MEETING, 'db-001', new Date())).toThrow('a later step');
    } finally {
      off();
    }
    expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'announce', text: 'b' })).status).toBe(200);
    // What a restart right now would load (the room is still open, so nothing compacted it).
    const stored = new Y.Doc();
    for (const u of loadRoom(live.server.db, meetingStateRoom(MEETING)).updates) Y.applyUpdate(stored, u);
    expect(readMeetingState(stored).announcements.map((a) => a.text)).toEqual(['a', 'b']);
  } finally {
    watcher.destroy();
  }
});
