// The live client tells the platform when the server answered (synced, a command answered 200), so the device
// lease restarts during a live session that fetches no manifest; at most once a minute. Real server, real sockets.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LiveCredentials } from '../../../common/api/appTypes.ts';
import { memoryLiveStateStore } from '../../../renderer/live/lastKnown.ts';
import { LiveClient } from '../../../renderer/live/liveClient.ts';
import { cast, nextCommandId, seedMeeting, startLiveServer, waitUntil, type LiveServer, type TestMember } from '../live/liveHarness.ts';

const polyfill = { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 200 };
const MEETING = 'ky-hop-lien-lac';

let live: LiveServer;
let d1: TestMember;
let d2: TestMember;
beforeAll(async () => {
  live = await startLiveServer();
  const members = seedMeeting(live.server, MEETING, cast(2));
  if (!members[1] || !members[2]) throw new Error('seed');
  [d1, d2] = [members[1], members[2]];
});
afterAll(() => live.stop());

const credsOf = (m: TestMember): LiveCredentials => ({ server: live.url(), token: m.token, delegateId: m.delegateId, role: m.role });

it('notes contact once the state is synced, and not again within the minute', async () => {
  let contacts = 0;
  const c = new LiveClient(MEETING, credsOf(d1), undefined, polyfill, memoryLiveStateStore(), () => void contacts++);
  try {
    expect(contacts).toBe(0);
    await waitUntil('synced', () => c.getSnapshot().synced && c.getSnapshot().status === 'online', (wake) => c.subscribe(wake));
    expect(contacts).toBe(1);
    expect(await c.send({ id: nextCommandId(), type: 'checkIn', mode: 'present-hall' })).toMatchObject({ status: 'sent' });
    await waitUntil('checked in', () => c.getSnapshot().state.attendance[d1.delegateId]?.status === 'present-hall', (wake) => c.subscribe(wake));
    expect(contacts).toBe(1);
  } finally {
    c.destroy();
  }
});

it('a refused command is no contact', async () => {
  let contacts = 0;
  const revokedCreds: LiveCredentials = { ...credsOf(d2), token: 'not-a-token' };
  const c = new LiveClient(MEETING, revokedCreds, undefined, polyfill, memoryLiveStateStore(), () => void contacts++);
  try {
    await waitUntil('refused', () => c.getSnapshot().status !== 'connecting', (wake) => c.subscribe(wake));
    expect(c.getSnapshot().synced).toBe(false);
    expect(contacts).toBe(0);
  } finally {
    c.destroy();
  }
});
