// Issue 13.6 / 12.5: a write into a room the socket may only read (the meeting state for everyone; shared
// rooms for the hall screen) used to be dropped silently, so the writer's own copy stayed changed for good.
// Now it is undone at once on the server: nobody else sees it and the writer's copy converges back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meetingStateRoom, readMeetingState, sessionMap, sharedRoom } from '../../../common/live/index.ts';
import { cast, connect, nextCommandId, poll, seedMeeting, send, startLiveServer, waitForDoc, waitForSynced, type Client, type LiveServer } from '../live/liveHarness.ts';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

function open(room: string, token: string): Client {
  const c = connect(live.url(), room, token);
  clients.push(c);
  return c;
}

const dropped = (): number => live.logs.filter((l) => l.includes('dropped a write')).length;

it("undoes a delegate's write into the state room for the writer too, and later commands still land", async () => {
  const [chair, d1, d2] = seedMeeting(live.server, 'ky-hop-chi-doc', cast(2));
  if (!chair || !d1 || !d2) throw new Error('seed');
  await send(live.url(), 'ky-hop-chi-doc', chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: 'muc-1' });
  const writer = open(meetingStateRoom('ky-hop-chi-doc'), d1.token);
  const other = open(meetingStateRoom('ky-hop-chi-doc'), d2.token);
  await Promise.all([writer, other].map(waitForSynced));
  await waitForDoc('the current item', writer.doc, () => readMeetingState(writer.doc).currentItemId === 'muc-1');

  const before = dropped();
  writer.doc.transact(() => {
    sessionMap(writer.doc).set('currentItemId', 'gia-mao');
    sessionMap(writer.doc).set('rac', 'x');
  });
  await waitForDoc("the writer's copy converging back", writer.doc, () => readMeetingState(writer.doc).currentItemId === 'muc-1' && !sessionMap(writer.doc).has('rac'));
  expect(dropped()).toBe(before + 1);
  expect(writer.provider.wsconnected).toBe(true);

  await send(live.url(), 'ky-hop-chi-doc', chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: 'muc-2' });
  for (const c of [writer, other]) await waitForDoc('the next item', c.doc, () => readMeetingState(c.doc).currentItemId === 'muc-2');
  expect(sessionMap(other.doc).has('rac')).toBe(false);
});

it('lets the hall screen read a shared room but undoes its writes', async () => {
  const members = seedMeeting(live.server, 'ky-hop-man-hinh', cast(1));
  const delegate = members.find((m) => m.role === 'delegate');
  const hall = members.find((m) => m.role === 'observer');
  if (!delegate || !hall) throw new Error('seed');
  const room = sharedRoom('ky-hop-man-hinh', 'trinh-chieu');
  const author = open(room, delegate.token);
  const screen = open(room, hall.token);
  await Promise.all([author, screen].map(waitForSynced));
  author.doc.getMap('slide').set('trang', 3);
  await waitForDoc('the slide on the hall screen', screen.doc, () => screen.doc.getMap('slide').get('trang') === 3);

  const before = dropped();
  screen.doc.getMap('slide').set('trang', 99);
  await poll('the dropped write in the log', () => dropped() > before);
  await waitForDoc("the screen's copy converging back", screen.doc, () => screen.doc.getMap('slide').get('trang') === 3);
  author.doc.getMap('slide').set('trang', 4);
  for (const c of [author, screen]) await waitForDoc('the next slide', c.doc, () => c.doc.getMap('slide').get('trang') === 4);
});
