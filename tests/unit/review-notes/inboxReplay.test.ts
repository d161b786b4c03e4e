// Review of issue 8: every member may write the inbox rooms, and a sealed góp ý does not bind its map key. A member
// who copies another's sealed góp ý under a new key (as it was before its author edited it) must not make the
// secretariat see it twice, nor the old text beside the new one.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { inboxRoom } from '../../../common/annotations/rooms.ts';
import { readInbox } from '../../../main/services/annotations/inbox.ts';
import { notesMap } from '../../../renderer/annotations/sync/shape.ts';
import { connect, waitForSynced, type Client } from '../live/liveHarness.ts';
import { ADMIN, noteBy, publishTestMeeting, until, type Published } from '../annotations-sync/harness.ts';

const SHA = 'e'.repeat(64);
let pub: Published;
const raw: Client[] = [];
beforeEach(async () => {
  pub = await publishTestMeeting();
});
afterEach(async () => {
  for (const c of raw.splice(0)) c.destroy();
  await pub.cleanup();
});

it('shows each góp ý once, in its newest version, when a member replays an old copy under another key', async () => {
  let t = Date.parse('2026-12-02T08:00:00.000Z');
  const d01 = await pub.book('d01', undefined, { now: () => new Date((t += 1000)) });
  const n = noteBy('d01', 'private', pub.ordinaryId, SHA, 'bản đầu');
  await d01.put(n);
  await d01.sendOpinion(n.id);
  await until('the first góp ý confirmed', () => d01.snapshot().pending === 0);

  // d02 keeps a copy of the sealed first version.
  const room = inboxRoom(pub.meetingId, 'opinions');
  const c = connect(pub.server.url, room, pub.members.d02.token);
  raw.push(c);
  await waitForSynced(c);
  const [first] = [...notesMap(c.doc).values()];
  if (!first) throw new Error('no góp ý in the inbox');
  const copy = new Uint8Array(first);

  // d01 edits the note and sends it again (its entry is replaced); d02 puts the old one back under a new key.
  await d01.put({ ...n, text: 'bản sửa', updatedAt: new Date().toISOString() } as typeof n);
  await d01.sendOpinion(n.id);
  await until('the second góp ý confirmed', () => d01.snapshot().pending === 0);
  notesMap(c.doc).set('replayed-old-copy-0000', copy);
  await until('the copy at the server', () => notesMap(c.doc).size === 2);
  c.destroy();

  const keys = await pub.inboxKeys();
  const got = await readInbox({ server: pub.server.url, adminToken: ADMIN, meetingId: pub.meetingId, ...keys });
  expect(got.opinions.map((o) => [o.id, o.text])).toEqual([[n.id, 'bản sửa']]);

  const tk01 = await pub.book('tk01');
  const listed = await tk01.opinions();
  expect(listed.map((o) => [o.id, o.text])).toEqual([[n.id, 'bản sửa']]);
});
