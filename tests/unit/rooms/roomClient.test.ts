// The renderer's sync client for any room (openRoom) and the state-room client built on it, in Node against
// the real server (the `ws` package stands in for the browser's WebSocket).
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE, sharedRoom } from '../../../common/live/index.ts';
import type { LiveCredentials } from '../../../common/api/appTypes.ts';
import { LiveClient, openRoom, type RoomClient } from '../../../renderer/live/liveClient.ts';
import { ADMIN_TOKEN, cast, connect, nextCommandId, seedMeeting, startLiveServer, waitForDoc, waitForSynced, waitUntil, type Client, type LiveServer, type TestMember } from '../live/liveHarness.ts';

const polyfill = { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 300 };

let live: LiveServer;
const cleanup: { destroy(): void }[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of cleanup) c.destroy();
  await live.stop();
});

const credsOf = (m: TestMember): LiveCredentials => ({ server: live.url(), token: m.token, delegateId: m.delegateId, role: m.role });

function waitRoom(what: string, room: RoomClient, check: () => boolean): Promise<void> {
  return waitUntil(what, check, (wake) => room.subscribe(wake));
}

it('opens any room: syncs its doc, reports online, and a final close with its code', async () => {
  const [, d1, d2] = seedMeeting(live.server, 'ky-hop-phong', cast(2));
  if (!d1 || !d2) throw new Error('seed');
  const name = sharedRoom('ky-hop-phong', 'ghi-chu-chung');
  const room = openRoom(credsOf(d1), { kind: 'shared', meetingId: 'ky-hop-phong', name: 'ghi-chu-chung' }, polyfill);
  const peer: Client = connect(live.url(), name, d2.token);
  cleanup.push(room, peer);
  await waitRoom('online', room, () => room.getSnapshot().status === 'online' && room.getSnapshot().synced);
  expect(room.room).toBe(name);
  await waitForSynced(peer);
  room.doc.getMap('m').set('tu-renderer', 1);
  await waitForDoc('the edit at the peer', peer.doc, () => peer.doc.getMap('m').get('tu-renderer') === 1);

  // Revoked: 4403 is final, the client says so and stops.
  const revoked = await fetch(`${live.url()}/api/meetings/ky-hop-phong/members/${d1.delegateId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(revoked.status).toBe(200);
  await waitRoom('closed', room, () => room.getSnapshot().status === 'closed');
  expect(room.getSnapshot().closeCode).toBe(CLOSE.revoked);
});

it('builds the state-room client on it: state, online members as the server stamped them, commands', async () => {
  const [chair, d1] = seedMeeting(live.server, 'ky-hop-trang-thai', cast(1));
  if (!chair || !d1) throw new Error('seed');
  const delegate = new LiveClient('ky-hop-trang-thai', credsOf(d1), undefined, polyfill);
  const chairClient = new LiveClient('ky-hop-trang-thai', credsOf(chair), undefined, polyfill);
  cleanup.push(delegate, chairClient);
  const wait = (what: string, c: LiveClient, check: () => boolean): Promise<void> => waitUntil(what, check, (wake) => c.subscribe(wake));
  await wait('both online', delegate, () => delegate.getSnapshot().status === 'online' && delegate.getSnapshot().onlineIds.includes(chair.delegateId));
  expect(delegate.getSnapshot().onlineIds).toEqual([chair.delegateId, d1.delegateId].sort());
  await wait('the chair online', chairClient, () => chairClient.getSnapshot().status === 'online');
  expect(await chairClient.send({ id: nextCommandId(), type: 'setCurrentItem', itemId: 'muc-7' })).toMatchObject({ status: 'sent' });
  await wait('the current item', delegate, () => delegate.getSnapshot().state.currentItemId === 'muc-7');
});
