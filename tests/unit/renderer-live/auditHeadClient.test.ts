// The live client verifies the audit head the server publishes before it compares or keeps it, against the real
// server over real sockets: the audit key is pinned for the meeting on first sight (kept with the state), a head
// that does not verify under it is a warning and is never kept, and a server that later offers another key is
// itself a warning.
import crypto from 'node:crypto';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LiveCredentials } from '../../../common/api/appTypes.ts';
import { AUDIT_KEY_PATH } from '../../../common/live/audit.ts';
import { memoryLiveStateStore } from '../../../renderer/live/lastKnown.ts';
import { LiveClient, type FetchLike } from '../../../renderer/live/liveClient.ts';
import { cast, nextCommandId, seedMeeting, send, startLiveServer, waitUntil, type LiveServer, type TestMember } from '../live/liveHarness.ts';

const polyfill = { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 200 };
const MEETING = 'ky-hop-kiem-tra';

let live: LiveServer;
let chair: TestMember;
let d1: TestMember;
let serverKey: string;
const clients: LiveClient[] = [];
beforeAll(async () => {
  live = await startLiveServer();
  const members = seedMeeting(live.server, MEETING, cast(1));
  if (!members[0] || !members[1]) throw new Error('seed');
  [chair, d1] = [members[0], members[1]];
  expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: '1' })).status).toBe(200);
  const body = (await (await fetch(live.url() + AUDIT_KEY_PATH)).json()) as { value: { publicKey: string } };
  serverKey = body.value.publicKey;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

const credsOf = (m: TestMember): LiveCredentials => ({ server: live.url(), token: m.token, delegateId: m.delegateId, role: m.role });
const wait = (what: string, c: LiveClient, check: () => boolean): Promise<void> => waitUntil(what, check, (wake) => c.subscribe(wake));
function client(m: TestMember, store: ReturnType<typeof memoryLiveStateStore>, fetchImpl?: FetchLike): LiveClient {
  const c = new LiveClient(MEETING, credsOf(m), fetchImpl, polyfill, store);
  clients.push(c);
  return c;
}
const otherKey = (): string => crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string;
/** Answers the audit key route with `key`, everything else as the real server does (a proxy in the way). */
const proxyOffering =
  (key: string): FetchLike =>
  (input, init) =>
    input.endsWith(AUDIT_KEY_PATH) ? Promise.resolve(Response.json({ ok: true, value: { algorithm: 'Ed25519', publicKey: key } })) : fetch(input, init);

it('pins the server audit key on first sight and keeps the verified head with it', async () => {
  const store = memoryLiveStateStore();
  const c = client(d1, store);
  await wait('synced', c, () => c.getSnapshot().synced);
  await c.auditSettled();
  c.destroy();
  expect(store.saved?.auditKey).toBe(serverKey);
  expect(store.saved?.auditHead?.meetingId).toBe(MEETING);
  expect(store.saved?.auditHead?.seq).toBeGreaterThan(0);
  expect(c.getSnapshot().auditWarning).toBeUndefined();
});

it('warns about a head the pinned key did not sign, and never keeps it', async () => {
  // First sight through a proxy that offers its own key: the server's heads do not verify under it.
  const store = memoryLiveStateStore();
  const c = client(d1, store, proxyOffering(otherKey()));
  await wait('warned', c, () => c.getSnapshot().auditWarning !== undefined);
  expect(c.getSnapshot().auditWarning).toMatchObject({ kind: 'unsigned', seen: { meetingId: MEETING } });
  await c.auditSettled();
  c.destroy();
  expect(store.saved?.auditHead).toBeUndefined();
});

it('warns when the server later offers another audit key than the one pinned', async () => {
  const store = memoryLiveStateStore();
  const first = client(d1, store);
  await wait('synced', first, () => first.getSnapshot().synced);
  await first.auditSettled();
  first.destroy();
  const kept = store.saved?.auditHead;
  expect(kept).toBeDefined();

  const offered = otherKey();
  const second = client(d1, store, proxyOffering(offered));
  await wait('warned', second, () => second.getSnapshot().auditWarning !== undefined);
  expect(second.getSnapshot().auditWarning).toEqual({ kind: 'key-changed', pinned: serverKey, offered });
  // A new command: its head still verifies under the pinned key and is kept; the pin is not replaced.
  expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: '2' })).status).toBe(200);
  await wait('item 2', second, () => second.getSnapshot().state.currentItemId === '2');
  await second.auditSettled();
  second.destroy();
  expect(store.saved?.auditKey).toBe(serverKey);
  expect(store.saved?.auditHead?.seq).toBeGreaterThan(kept?.seq ?? Infinity);
  expect(second.getSnapshot().auditWarning?.kind).toBe('key-changed');
});
