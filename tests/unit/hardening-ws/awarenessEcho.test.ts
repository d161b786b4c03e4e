// The real y-websocket client sends back every awareness change it hears of (other clients' included). The
// server refused those echoes as foreign client ids: a log line per echo (thousands a minute in a full hall),
// and an echo of a departed client's removal made the echoing socket that client id's owner, so the client's
// own state was refused when it came back. Echoes (a clock the room has already seen) are now skipped.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedRoom } from '../../../common/live/index.ts';
import { cast, connect, seedMeeting, startLiveServer, waitUntil, type Client, type LiveServer } from '../live/liveHarness.ts';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

function waitAwareness(what: string, c: Client, check: () => boolean): Promise<void> {
  return waitUntil(what, check, (wake) => {
    c.provider.awareness.on('change', wake);
    return () => c.provider.awareness.off('change', wake);
  });
}

const named = (c: Client, id: number): unknown => (c.provider.awareness.getStates().get(id) as { user?: { name?: unknown } } | undefined)?.user?.name;
const awarenessRefusals = (): string[] => live.logs.filter((l) => l.includes('refused') && l.includes('awareness'));

it('skips echoed awareness without a refusal, and a client that left and came back is seen again', async () => {
  const [, d1, d2, d3] = seedMeeting(live.server, 'ky-hop-tieng-vong', cast(3));
  if (!d1 || !d2 || !d3) throw new Error('seed');
  const room = sharedRoom('ky-hop-tieng-vong', 'chung');
  const leaver = connect(live.url(), room, d1.token);
  const echoer = connect(live.url(), room, d2.token);
  const watcher = connect(live.url(), room, d3.token);
  clients.push(leaver, echoer, watcher);
  leaver.provider.awareness.setLocalStateField('user', { name: 'Đại biểu 1' });
  echoer.provider.awareness.setLocalStateField('user', { name: 'Đại biểu 2' });
  watcher.provider.awareness.setLocalStateField('user', { name: 'Đại biểu 3' });
  const leaverId = leaver.doc.clientID;
  await waitAwareness('everyone sees everyone', watcher, () => named(watcher, leaverId) === 'Đại biểu 1' && named(watcher, echoer.doc.clientID) === 'Đại biểu 2');
  await waitAwareness('the echoer sees the others', echoer, () => named(echoer, leaverId) === 'Đại biểu 1' && named(echoer, watcher.doc.clientID) === 'Đại biểu 3');

  // The leaver's network drops: the server removes its state, the others hear of it and echo the removal.
  leaver.provider.disconnect();
  await waitAwareness('the leaver gone for the watcher', watcher, () => !watcher.provider.awareness.getStates().has(leaverId));
  await waitAwareness('the leaver gone for the echoer', echoer, () => !echoer.provider.awareness.getStates().has(leaverId));
  // The echo of that removal reaches the server before the leaver's return: a later change of the echoer's,
  // seen by the watcher, was sent after it on the same socket.
  echoer.provider.awareness.setLocalStateField('user', { name: 'Đại biểu 2', typing: true });
  await waitAwareness("the echoer's change after its echo", watcher, () => (watcher.provider.awareness.getStates().get(echoer.doc.clientID) as { user?: { typing?: unknown } } | undefined)?.user?.typing === true);

  // It comes back with the same client id and changes its state: the watcher sees it again.
  leaver.provider.connect();
  leaver.provider.awareness.setLocalStateField('user', { name: 'Đại biểu 1 (trở lại)' });
  await waitAwareness('the leaver seen again', watcher, () => named(watcher, leaverId) === 'Đại biểu 1 (trở lại)');
  expect(awarenessRefusals()).toEqual([]);
});
