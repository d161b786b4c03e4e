// Review of issue 8: a note id is visible to every writer of a room (the Y.Map key). Another member who writes
// their OWN note (validly sealed and signed by them) under my note's id, in another room, must neither hide my note
// from me nor stop me editing or deleting it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { groupRoom } from '../../../common/live/rooms.ts';
import { NOTES_ROOM_NAME } from '../../../common/annotations/rooms.ts';
import { sealAnnotation } from '../../../common/annotations/seal.ts';
import { notesMap } from '../../../renderer/annotations/sync/shape.ts';
import { connect, waitForSynced, type Client } from '../live/liveHarness.ts';
import { has, noteBy, publishTestMeeting, until, type Published } from '../annotations-sync/harness.ts';

const SHA = 'c'.repeat(64);
let pub: Published;
const raw: Client[] = [];

beforeEach(async () => {
  pub = await publishTestMeeting();
});
afterEach(async () => {
  for (const c of raw.splice(0)) c.destroy();
  await pub.cleanup();
});

it('keeps my note mine when another member writes a note of theirs under its id in another room', async () => {
  const victim = await pub.book('d01');
  const witness = await pub.book('d03'); // another tổ: sees the shared room, not the tổ room
  const mine = noteBy('d01', 'meeting', pub.ordinaryId, SHA, 'ý kiến của d01');
  await victim.put(mine);
  await until('the note at d03', () => has(witness, mine.id));

  // d02 (same tổ) seals its own note under d01's id, dated in the future, into the tổ room.
  const room = groupRoom(pub.meetingId, 'to-1', NOTES_ROOM_NAME);
  const squat = noteBy('d02', 'group', pub.ordinaryId, SHA, 'chiếm chỗ', { id: mine.id, updatedAt: '2099-01-01T00:00:00.000Z' });
  const blob = await sealAnnotation(pub.members.d02.keys, room, squat);
  const c = connect(pub.server.url, room, pub.members.d02.token);
  raw.push(c);
  await waitForSynced(c);
  notesMap(c.doc).set(mine.id, blob);
  const victimRoom = victim.roomSyncs().get(room);
  await until('the squatting note at d01', () => victimRoom?.map.has(mine.id) === true);
  await victim.settled();
  // The snapshot is redrawn in a microtask after the entries opened.
  await Promise.resolve();
  expect(victim.snapshot().rejected).toBe(0);

  // I still see my own note, and may edit and delete it.
  const shown = victim.snapshot().annotations.filter((a) => a.annotation.id === mine.id);
  expect(shown).toHaveLength(1);
  expect(shown[0]?.mine).toBe(true);
  expect(shown[0]?.annotation.authorId).toBe('d01');
  await victim.put({ ...mine, text: 'đã sửa', updatedAt: new Date().toISOString() } as typeof mine);
  await until('the edit at d03', () => {
    const a = witness.snapshot().annotations.find((x) => x.annotation.id === mine.id && x.annotation.authorId === 'd01')?.annotation;
    return a?.kind === 'note' && a.text === 'đã sửa';
  });
  await victim.remove(mine.id);
  await until('my note gone from the shared room at d03', () => !witness.snapshot().annotations.some((x) => x.annotation.authorId === 'd01' && x.annotation.id === mine.id));
});
