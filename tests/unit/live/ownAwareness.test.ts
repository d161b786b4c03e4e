// sendOwnAwarenessOnly (common/live/ownAwareness.ts), against a real server with real y-websocket clients: a client
// of ours sends its own awareness state and nothing else, while a plain y-websocket client echoes every change it
// hears of (the control: it shows the count can see an echo). Presence still works both ways, removal included.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { sharedRoom, SYNC_PATH } from '../../../common/live/index.ts';
import { sendOwnAwarenessOnly } from '../../../common/live/ownAwareness.ts';
import { cast, seedMeeting, startLiveServer, waitForSynced, waitUntil, type Client, type LiveServer } from './liveHarness.ts';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

/** A client whose socket counts the awareness messages (y-websocket type 1) it sends. */
function counted(room: string, token: string, ours: boolean): Client & { sent: () => number } {
  let sent = 0;
  class Counting extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array && data.byteLength > 0 && decoding.readVarUint(decoding.createDecoder(data)) === 1) sent++;
      (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(live.url() + SYNC_PATH, room, doc, { params: { token }, WebSocketPolyfill: Counting as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 300 });
  if (ours) sendOwnAwarenessOnly(provider);
  const c = { doc, provider, sent: () => sent, destroy: () => (provider.destroy(), doc.destroy()) };
  clients.push(c);
  return c;
}

const nameOf = (c: Client, id: number): unknown => (c.provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined)?.user?.name;
const sees = (c: Client, what: string, check: () => boolean): Promise<void> =>
  waitUntil(what, check, (wake) => {
    c.provider.awareness.on('change', wake);
    return () => c.provider.awareness.off('change', wake);
  });

it('our client sends only its own awareness; a plain y-websocket client echoes the others', async () => {
  const [, a, b, c] = seedMeeting(live.server, 'ky-hop-hien-dien', cast(3));
  if (!a || !b || !c) throw new Error('seed');
  const room = sharedRoom('ky-hop-hien-dien', 'chung');
  const speaker = counted(room, a.token, true);
  const ours = counted(room, b.token, true);
  const plain = counted(room, c.token, false);
  await Promise.all([speaker, ours, plain].map(waitForSynced));
  const before = { ours: ours.sent(), plain: plain.sent() };

  speaker.provider.awareness.setLocalStateField('user', { name: 'Đại biểu A' });
  const id = speaker.doc.clientID;
  await Promise.all([sees(ours, 'A on ours', () => nameOf(ours, id) === 'Đại biểu A'), sees(plain, 'A on plain', () => nameOf(plain, id) === 'Đại biểu A')]);
  // Both received A's change; y-websocket echoes it from the handler that applied it, synchronously.
  expect(plain.sent() - before.plain).toBe(1);
  expect(ours.sent() - before.ours).toBe(0);

  // Our client's own change still goes out, and is seen.
  ours.provider.awareness.setLocalStateField('user', { name: 'Đại biểu B' });
  expect(ours.sent() - before.ours).toBe(1);
  await sees(speaker, 'B on A', () => nameOf(speaker, ours.doc.clientID) === 'Đại biểu B');

  // Its own removal too: A leaves, the others see it gone at once (not after the 30 s timeout).
  speaker.provider.awareness.setLocalState(null);
  await sees(ours, 'A gone on ours', () => !ours.provider.awareness.getStates().has(id));
  await sees(plain, 'A gone on plain', () => !plain.provider.awareness.getStates().has(id));
});
