// A server restart in the middle of a session: the queue, the current item, attendance and announcements
// survive (commands are saved in their own transaction), client-written rooms are saved on close, and the
// connected clients resume on their own.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meetingStateRoom, privateRoom, readMeetingState } from '../../../common/live/index.ts';
import { cast, connect, nextCommandId, seedMeeting, send, startLiveServer, waitForDoc, waitForSynced, waitUntil, type Client, type LiveServer } from './liveHarness.ts';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

function waitReconnected(c: Client): Promise<void> {
  return waitUntil('a resynced connection', () => c.provider.synced, (wake) => {
    c.provider.on('sync', wake);
    return () => c.provider.off('sync', wake);
  });
}

it('keeps the session across a restart and the clients resume', async () => {
  const id = 'ky-hop-restart';
  const [chair, d1, d2, d3] = seedMeeting(live.server, id, cast(3));
  if (!chair || !d1 || !d2 || !d3) throw new Error('seed');
  const u = live.url();
  const watchers = [connect(u, meetingStateRoom(id), d1.token), connect(u, meetingStateRoom(id), d2.token)];
  const notes = connect(u, privateRoom(id, d3.delegateId, 'ghi-chu'), d3.token);
  clients.push(...watchers, notes);
  await Promise.all([...watchers, notes].map(waitForSynced));

  await send(u, id, chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: 'to-trinh-05' });
  await send(u, id, d1.token, { id: nextCommandId(), type: 'requestToSpeak', speechType: 'phat-bieu' });
  await send(u, id, d2.token, { id: nextCommandId(), type: 'requestToSpeak', speechType: 'tranh-luan' });
  await send(u, id, d1.token, { id: nextCommandId(), type: 'checkIn', mode: 'present-online' });
  await send(u, id, chair.token, { id: nextCommandId(), type: 'recordAttendance', delegateId: d3.delegateId, status: 'absent', reason: 'Đi công tác' });
  await send(u, id, chair.token, { id: nextCommandId(), type: 'announce', text: 'Phiên chiều bắt đầu lúc 14 giờ' });
  notes.doc.getText('t').insert(0, 'Hỏi về ngân sách');
  for (const w of watchers) await waitForDoc('the announcement', w.doc, () => readMeetingState(w.doc).announcements.length === 1);
  const before = readMeetingState(at(watchers, 0).doc);

  await live.restart();

  await Promise.all([...watchers, notes].map(waitReconnected));
  const next = await send(live.url(), id, chair.token, { id: nextCommandId(), type: 'nextSpeaker' });
  expect(next.status).toBe(200);
  for (const w of watchers) {
    await waitForDoc('the floor after the restart', w.doc, () => readMeetingState(w.doc).floor !== null);
    const s = readMeetingState(w.doc);
    expect(s.currentItemId).toBe('to-trinh-05');
    expect(s.floor?.delegateId).toBe(d1.delegateId);
    expect(s.queue.map((r) => r.delegateId)).toEqual([d2.delegateId]);
    expect(s.attendance).toEqual(before.attendance);
    expect(s.announcements).toEqual(before.announcements);
  }
  const late = connect(live.url(), privateRoom(id, d3.delegateId, 'ghi-chu'), d3.token);
  clients.push(late);
  await waitForSynced(late);
  expect(late.doc.getText('t').toString()).toBe('Hỏi về ngân sách');
});

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no element ${i}`);
  return x;
}
