// Issue 13.5: six valid updates from one member grew a shared room past 4 MiB, after which every join was
// closed as a slow consumer, for good; one member created 1,500 rooms in 20 s. Now a room has a byte quota
// (the writer is told: CLOSE.roomFull), a room of any size stays joinable, and new rooms are bounded per member.
import * as Y from 'yjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compactRoom } from '../../../collab-server/live/roomStore.ts';
import { DEFAULT_LIVE_LIMITS } from '../../../collab-server/live/limits.ts';
import { CLOSE, MESSAGE_QUERY_AWARENESS, sharedRoom } from '../../../common/live/index.ts';
import { cast, closed, connect, rawSocket, seedMeeting, startLiveServer, waitForDoc, waitForSynced, WAIT_BOUND_MS, type Client, type LiveServer } from '../live/liveHarness.ts';
import { updateFrame } from './frames.ts';

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

const CHUNK = 700 * 1024;

it('refuses the write that would pass the room quota with CLOSE.roomFull, and the room stays joinable', async () => {
  const [, writer, reader] = seedMeeting(live.server, 'ky-hop-day', cast(2));
  if (!writer || !reader) throw new Error('seed');
  const room = sharedRoom('ky-hop-day', 'lon');
  const { ws } = await rawSocket(live.url(), room, writer.token);
  if (!ws) throw new Error('not opened');
  const code = closed(ws);
  const doc = new Y.Doc();
  doc.on('update', (u: Uint8Array) => ws.readyState === ws.OPEN && ws.send(updateFrame(u)));
  const maxWrites = Math.ceil(DEFAULT_LIVE_LIMITS.maxRoomBytes / CHUNK) + 2;
  for (let i = 0; i < maxWrites; i++) doc.getText(`t${i}`).insert(0, String(i % 10).repeat(CHUNK));
  expect(await code).toBe(CLOSE.roomFull);
  expect(live.logs.some((l) => l.includes(`${room} is full`))).toBe(true);

  const late = open(room, reader.token);
  await waitForSynced(late);
  expect(late.doc.getText('t0').length).toBe(CHUNK);
  expect(late.provider.wsconnected).toBe(true);
});

it('serves a room stored larger than the send buffer (made before the quota) to every new client', async () => {
  const [, reader] = seedMeeting(live.server, 'ky-hop-cu', cast(1));
  if (!reader) throw new Error('seed');
  const room = sharedRoom('ky-hop-cu', 'qua-lon');
  const big = new Y.Doc();
  for (let i = 0; i < 6; i++) big.getText(`t${i}`).insert(0, 'x'.repeat(900 * 1024));
  const state = Y.encodeStateAsUpdate(big);
  expect(state.byteLength).toBeGreaterThan(DEFAULT_LIVE_LIMITS.maxSendBufferBytes);
  compactRoom(live.server.db, { room, meetingId: 'ky-hop-cu', state, uptoSeq: 0, at: new Date().toISOString() });

  const c = open(room, reader.token);
  await waitForSynced(c);
  await waitForDoc('the whole room', c.doc, () => c.doc.getText('t5').length === 900 * 1024);
  expect(c.provider.wsconnected).toBe(true);
});

it("closes a member's new room past the creation budget with CLOSE.roomQuota; existing rooms still open", async () => {
  const [, spammer, other] = seedMeeting(live.server, 'ky-hop-nhieu-phong', cast(2));
  if (!spammer || !other) throw new Error('seed');
  let refusedAt = -1;
  const bound = DEFAULT_LIVE_LIMITS.roomCreateBurst * 3;
  const until = Date.now() + WAIT_BOUND_MS;
  for (let i = 0; i < bound && refusedAt < 0 && Date.now() < until; i++) {
    const { ws } = await rawSocket(live.url(), sharedRoom('ky-hop-nhieu-phong', `p${i}`), spammer.token);
    if (!ws) throw new Error('not opened');
    const code = closed(ws);
    // An accepted socket answers an awareness query; a refused one is closed. Either ends this wait.
    const answered = new Promise<'open'>((resolve) => ws.once('message', () => resolve('open')));
    ws.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
    const first = await Promise.race([code, answered]);
    if (first === CLOSE.roomQuota) refusedAt = i;
    ws.terminate();
    await code;
  }
  expect(refusedAt).toBeGreaterThanOrEqual(DEFAULT_LIVE_LIMITS.roomCreateBurst);
  expect(refusedAt).toBeLessThan(DEFAULT_LIVE_LIMITS.roomCreateBurst + 3);
  // Another member is not affected, and an existing room is not "new".
  const fine = open(sharedRoom('ky-hop-nhieu-phong', 'p0'), other.token);
  await waitForSynced(fine);
});
