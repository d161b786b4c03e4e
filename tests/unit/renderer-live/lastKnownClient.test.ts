// The state-room client keeps the last known state on the device, against the real server over real sockets:
// a "reload" with the server stopped shows it at once as last known (never live, never empty), the status says
// the server does not answer (not "connecting" forever), and after a restart the live state takes over. The
// audit head kept with it catches a server whose log went backwards.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LiveCredentials } from '../../../common/api/appTypes.ts';
import { startCollabServer } from '../../../collab-server/server.ts';
import { liveFacts } from '../../../renderer/live/facts.ts';
import { memoryLiveStateStore } from '../../../renderer/live/lastKnown.ts';
import { LiveClient } from '../../../renderer/live/liveClient.ts';
import { ADMIN_TOKEN, cast, nextCommandId, seedMeeting, send, startLiveServer, waitUntil, type LiveServer, type TestMember } from '../live/liveHarness.ts';

const polyfill = { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 200 };
const MEETING = 'ky-hop-da-biet';

let live: LiveServer;
let chair: TestMember;
let d1: TestMember;
const clients: LiveClient[] = [];
beforeAll(async () => {
  live = await startLiveServer();
  const members = seedMeeting(live.server, MEETING, cast(1));
  if (!members[0] || !members[1]) throw new Error('seed');
  [chair, d1] = [members[0], members[1]];
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

const credsOf = (m: TestMember): LiveCredentials => ({ server: live.url(), token: m.token, delegateId: m.delegateId, role: m.role });
const wait = (what: string, c: LiveClient, check: () => boolean): Promise<void> => waitUntil(what, check, (wake) => c.subscribe(wake));
function client(m: TestMember, store: ReturnType<typeof memoryLiveStateStore>): LiveClient {
  const c = new LiveClient(MEETING, credsOf(m), undefined, polyfill, store);
  clients.push(c);
  return c;
}

it('shows the last known state after a reload with the server down, then the live one after the restart', async () => {
  const store = memoryLiveStateStore();
  const delegate = client(d1, store);
  await wait('online', delegate, () => liveFacts(delegate.getSnapshot()).kind === 'live');
  expect(await delegate.send({ id: nextCommandId(), type: 'checkIn', mode: 'present-hall' })).toMatchObject({ status: 'sent' });
  for (const command of [
    { id: nextCommandId(), type: 'setCurrentItem', itemId: '4.3' },
    { id: nextCommandId(), type: 'announce', text: 'Giải lao 15 phút', level: 'info' },
    { id: nextCommandId(), type: 'announce', text: 'Trở lại hội trường lúc 10 giờ', level: 'info' },
  ]) {
    expect((await send(live.url(), MEETING, chair.token, command)).status).toBe(200);
  }
  await wait('the state', delegate, () => delegate.getSnapshot().state.announcements.length === 2 && delegate.getSnapshot().state.currentItemId === '4.3');

  // The server stops: the connection is lost, the state stays as last known with the time of the last contact.
  const port = live.server.port;
  await live.server.close();
  await wait('lost', delegate, () => delegate.getSnapshot().status === 'reconnecting');
  const lost = delegate.getSnapshot();
  expect(liveFacts(lost)).toEqual({ kind: 'lastKnown', at: lost.knownAt });
  expect(lost.lastContactAt).toBeGreaterThan(0);
  expect(store.saved?.at).toBe(lost.knownAt);
  delegate.destroy();

  // "Reload": a new client on the same store shows the saved state before any connection.
  const reloaded = client(d1, store);
  const first = reloaded.getSnapshot();
  expect(first.synced).toBe(false);
  expect(liveFacts(first)).toEqual({ kind: 'lastKnown', at: lost.knownAt });
  expect(first.state.currentItemId).toBe('4.3');
  expect(first.state.attendance[d1.delegateId]?.status).toBe('present-hall');
  expect(first.state.announcements.map((a) => a.text)).toEqual(['Giải lao 15 phút', 'Trở lại hội trường lúc 10 giờ']);
  // The first attempt fails: the server does not answer, which is not "still connecting".
  await wait('unreachable', reloaded, () => reloaded.getSnapshot().status === 'reconnecting');
  expect(liveFacts(reloaded.getSnapshot()).kind).toBe('lastKnown');

  // The server comes back on the same port: live again, with what changed meanwhile.
  live.server = await startCollabServer({ dataDir: live.dataDir, host: '127.0.0.1', port, adminToken: ADMIN_TOKEN, log: () => undefined });
  expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: '4.4' })).status).toBe(200);
  await wait('live again', reloaded, () => liveFacts(reloaded.getSnapshot()).kind === 'live' && reloaded.getSnapshot().state.currentItemId === '4.4');
  expect(reloaded.getSnapshot().state.attendance[d1.delegateId]?.status).toBe('present-hall');
  expect(reloaded.getSnapshot().auditWarning).toBeUndefined();
});

it('keeps the audit head it saw and warns when the server publishes a lower or a different one', async () => {
  const store = memoryLiveStateStore();
  const first = client(d1, store);
  await wait('online', first, () => liveFacts(first.getSnapshot()).kind === 'live');
  expect((await send(live.url(), MEETING, chair.token, { id: nextCommandId(), type: 'setCurrentItem', itemId: '5' })).status).toBe(200);
  await wait('item 5', first, () => first.getSnapshot().state.currentItemId === '5');
  // The head is verified (audit key, meeting) before it is kept: let that finish before the "reload".
  await first.auditSettled();
  first.destroy();
  const kept = store.saved?.auditHead;
  if (!kept) throw new Error('no audit head was kept');
  expect(kept.meetingId).toBe(MEETING);

  // As if this device had seen a longer log than the server now has.
  store.saved = { ...(store.saved ?? { update: new Uint8Array(), at: 0 }), auditHead: { ...kept, seq: kept.seq + 5 } };
  const warned: unknown[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
  try {
    const second = client(d1, store);
    await wait('warned', second, () => second.getSnapshot().auditWarning !== undefined);
    expect(second.getSnapshot().auditWarning).toMatchObject({ kind: 'lower', kept: { seq: kept.seq + 5 }, seen: { seq: kept.seq } });
    expect(warned.join('\n')).toContain(`seq ${kept.seq}`);
    second.destroy();
    // The kept head is not lowered by what the server shows.
    expect(store.saved?.auditHead?.seq).toBe(kept.seq + 5);

    store.saved = { ...store.saved, auditHead: { ...kept, hash: 'f'.repeat(64) } };
    const third = client(d1, store);
    await wait('forked', third, () => third.getSnapshot().auditWarning !== undefined);
    expect(third.getSnapshot().auditWarning?.kind).toBe('forked');
  } finally {
    console.warn = original;
  }
});
