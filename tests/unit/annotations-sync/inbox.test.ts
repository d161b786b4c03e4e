// Góp ý and read receipts: a delegate sends them from the book; the secretariat's console reads them with the
// admin token (read-only) and the publisher state's opinion key; the secretary's own book lists the góp ý; nobody
// else's does.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { inboxRoom } from '../../../common/annotations/rooms.ts';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { readInbox, readInboxBlobs, readLiveState } from '../../../main/services/annotations/inbox.ts';
import { notesMap } from '../../../renderer/annotations/sync/shape.ts';
import { connect, rawSocket, waitForSynced, type Client } from '../live/liveHarness.ts';
import { ADMIN, has, highlightBy, MemoryRecords, noteBy, publishTestMeeting, until, type Published } from './harness.ts';

const SHA = 'd'.repeat(64);
let pub: Published;
const raw: Client[] = [];
beforeEach(async () => {
  pub = await publishTestMeeting();
});
afterEach(async () => {
  for (const c of raw.splice(0)) c.destroy();
  await pub.cleanup();
});

it('delivers a góp ý and a read receipt to the secretariat only', async () => {
  const d02 = await pub.book('d02');
  const n = noteBy('d02', 'private', pub.ordinaryId, SHA, 'Đề nghị làm rõ nguồn vốn', {
    anchor: { quote: { exact: 'nguồn vốn đối ứng', prefix: '', suffix: '' }, position: { start: 3, end: 20 } },
  });
  await d02.put(n);
  await d02.sendOpinion(n.id);
  await d02.sendOpinion(n.id); // a re-send replaces it
  await d02.noteOpened(pub.ordinaryId, 1);
  await d02.noteOpened(pub.ordinaryId, 1); // sent once per revision
  await until('everything confirmed', () => d02.snapshot().pending === 0);
  expect(d02.snapshot().annotations.find((a) => a.annotation.id === n.id)?.annotation.opinionSentAt).toBeDefined();

  const keys = await pub.inboxKeys();
  const got = await readInbox({ server: pub.server.url, adminToken: pub.members.tk01.token, meetingId: pub.meetingId, ...keys });
  expect(got.rejected).toBe(0);
  expect(got.opinions).toEqual([expect.objectContaining({ id: n.id, authorId: 'd02', documentId: pub.ordinaryId, page: 1, quote: 'nguồn vốn đối ứng', text: 'Đề nghị làm rõ nguồn vốn' })]);
  expect(got.receipts).toEqual([expect.objectContaining({ documentId: pub.ordinaryId, revision: 1, delegateId: 'd02' })]);

  // The secretary's book lists it; a delegate's is empty (they hold no opinion key).
  const tk01 = await pub.book('tk01');
  expect((await tk01.opinions()).map((o) => o.id)).toEqual([n.id]);
  expect(await d02.opinions()).toEqual([]);
  const d01 = await pub.book('d01');
  expect(await d01.opinions()).toEqual([]);

  // A góp ý arriving later re-emits the secretary's snapshot (the panel re-reads opinions() then).
  let emitted = 0;
  tk01.subscribe(() => void emitted++);
  const later = noteBy('d01', 'private', pub.ordinaryId, SHA, 'Góp ý thêm của d01');
  await d01.put(later);
  const before = emitted;
  await d01.sendOpinion(later.id);
  await until('the secretary notified', () => emitted > before);
  const end = Date.now() + 20_000;
  let listed: string[] = [];
  while (listed.length < 2 && Date.now() < end) listed = (await tk01.opinions()).map((o) => o.id);
  expect(listed.sort()).toEqual([n.id, later.id].sort());
});

it('keeps a góp ý sent offline on the device and delivers it when a later session is online', async () => {
  const records = new MemoryRecords();
  const d02 = await pub.book('d02', records);
  await pub.stopServer();
  const n = noteBy('d02', 'group', pub.ordinaryId, SHA, 'Góp ý gửi khi mất mạng');
  await d02.put(n);
  await d02.sendOpinion(n.id);
  expect(d02.snapshot().pending).toBeGreaterThan(0);
  await d02.closeAndFlush();
  await pub.restart();
  const again = await pub.book('d02', records);
  await until('delivered', () => again.snapshot().pending === 0);
  const got = await readInbox({ server: pub.server.url, adminToken: ADMIN, meetingId: pub.meetingId, ...(await pub.inboxKeys()) });
  expect(got.opinions.map((o) => o.text)).toEqual(['Góp ý gửi khi mất mạng']);
});

it('rejects góp ý that are not for a secretariat key or not signed by their author', async () => {
  const c = connect(pub.server.url, inboxRoom(pub.meetingId, 'opinions'), pub.members.d03.token);
  raw.push(c);
  await waitForSynced(c);
  notesMap(c.doc).set('junk', new Uint8Array(2000).fill(7));
  await until('stored', () => (pub.server.db.prepare(`SELECT COUNT(*) AS n FROM live_room_updates`).get() as { n: number }).n > 0);
  const got = await readInbox({ server: pub.server.url, adminToken: pub.members.tk01.token, meetingId: pub.meetingId, ...(await pub.inboxKeys()) });
  expect(got).toEqual({ opinions: [], receipts: [], rejected: 1 });
});

it('lets the admin token read the inboxes and the state room, read-only, and enter no other room', async () => {
  const d01 = await pub.book('d01');
  const n = highlightBy('d01', 'meeting', pub.ordinaryId, SHA, { text: 'Góp ý của d01' });
  await d01.put(n);
  await d01.sendOpinion(n.id);
  await until('sent', () => d01.snapshot().pending === 0);
  const opts = { server: pub.server.url, adminToken: ADMIN, meetingId: pub.meetingId };
  const got = await readInbox({ ...opts, ...(await pub.inboxKeys()) });
  expect(got.opinions.map((o) => o.id)).toEqual([n.id]);
  const state = await readLiveState(opts);
  expect(state.meeting.queue).toEqual([]);

  // Read-only: a write through the admin socket is dropped (and undone) by the server.
  const c = connect(pub.server.url, inboxRoom(pub.meetingId, 'opinions'), ADMIN);
  raw.push(c);
  await waitForSynced(c);
  notesMap(c.doc).set('admin-write', new Uint8Array(1200).fill(1));
  await until('the write undone', () => !notesMap(c.doc).has('admin-write'));
  expect((await readInboxBlobs({ ...opts, name: 'opinions' })).length).toBe(1);
  // Not a notes room, not another room kind.
  const shared = [...d01.roomSyncs().keys()];
  for (const room of shared) expect((await rawSocket(pub.server.url, room, ADMIN)).status).toBe(403);
  expect(has(d01, n.id)).toBe(true);
  expect((await rawSocket(pub.server.url, meetingStateRoom(pub.meetingId), ADMIN)).status).toBeUndefined();
});
