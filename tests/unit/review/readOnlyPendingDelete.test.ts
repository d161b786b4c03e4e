// Review finding on Room.applyClientUpdate / Room.revert (read-only rooms): an update whose delete set names
// items the server has not created YET is kept by Yjs as a pending delete set (store.pendingDs). Nothing is
// integrated, so the UndoManager has nothing to undo; but Y.encodeStateAsUpdate includes pending deletes, so
// the next compaction writes them into the snapshot, and loading it deletes the server's later items. An
// observer (read-only everywhere) can thereby delete what the chair announces after its frame.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { loadRoom } from '../../../collab-server/live/roomStore.ts';
import { meetingStateRoom, readMeetingState } from '../../../common/live/index.ts';
import { MESSAGE_SYNC } from '../../../common/live/wire.ts';
import { cast, connect, nextCommandId, poll, seedMeeting, send, startLiveServer, waitForDoc, waitForSynced, type LiveServer, type TestMember } from '../live/liveHarness.ts';

const MEETING = 'review-pending-ds';
let live: LiveServer;
let members: TestMember[];
const member = (id: string): TestMember => {
  const m = members.find((x) => x.delegateId === id);
  if (!m) throw new Error(`no member ${id}`);
  return m;
};

beforeAll(async () => {
  live = await startLiveServer();
  members = seedMeeting(live.server, MEETING, cast(2));
});
afterAll(async () => {
  await live.stop();
});

/** A v1 update with no structs and a delete set of [clock, clock + len) for each client. */
function deleteOnlyUpdate(ranges: ReadonlyMap<number, number>, len: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, ranges.size);
  for (const [client, clock] of ranges) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clock);
    encoding.writeVarUint(e, len);
  }
  return encoding.toUint8Array(e);
}

it('an observer cannot delete, from the read-only state room, what the server writes after its frame', async () => {
  const room = meetingStateRoom(MEETING);
  const chair = member('chu-toa');
  expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'announce', text: 'truoc' })).status).toBe(200);
  const observer = connect(live.url(), room, member('quan-sat').token);
  await waitForSynced(observer);
  // A command while the observer is in the room: its copy now knows the loaded room's server client id.
  expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'announce', text: 'giua' })).status).toBe(200);
  await waitForDoc('the second announcement', observer.doc, () => readMeetingState(observer.doc).announcements.length === 2);
  // Every client the observer has seen (the server's among them), from its next clock on.
  const future = Y.decodeStateVector(Y.encodeStateVector(observer.doc));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MESSAGE_SYNC);
  syncProtocol.writeUpdate(frame, deleteOnlyUpdate(future, 100_000));
  const dropped = live.logs.length;
  observer.provider.ws?.send(encoding.toUint8Array(frame));
  await poll('the dropped write', () => live.logs.slice(dropped).some((l) => l.includes('dropped a write from quan-sat')));

  expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'announce', text: 'sau' })).status).toBe(200);
  observer.destroy();
  // The room unloads (compacting into a snapshot) when its last socket leaves.
  const appended = (): number => (live.server.db.prepare(`SELECT COUNT(*) AS n FROM live_room_updates WHERE room = ?`).get(room) as { n: number }).n;
  await poll('the room to unload', () => appended() === 0);

  const stored = new Y.Doc();
  for (const u of loadRoom(live.server.db, room).updates) Y.applyUpdate(stored, u);
  expect(readMeetingState(stored).announcements.map((a) => a.text)).toEqual(['truoc', 'giua', 'sau']);
});
