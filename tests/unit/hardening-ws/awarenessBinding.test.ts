// Issue 13.3: awareness entries were not bound to the authenticated member, so a delegate could appear online
// as another, or overwrite another socket's entry. Now the server stamps `member` into every state and a
// socket may only set the client ids it owns.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AWARENESS_MEMBER_FIELD, sharedRoom } from '../../../common/live/index.ts';
import { cast, connect, rawSocket, seedMeeting, startLiveServer, waitUntil, type Client, type LiveServer } from '../live/liveHarness.ts';
import { awarenessFrame } from './frames.ts';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

type State = Record<string, unknown> & { user?: { delegateId?: unknown }; member?: { delegateId?: unknown; role?: unknown } };

function statesOf(c: Client): Map<number, State> {
  return c.provider.awareness.getStates() as Map<number, State>;
}

function waitAwareness(what: string, c: Client, check: () => boolean): Promise<void> {
  return waitUntil(what, check, (wake) => {
    c.provider.awareness.on('change', wake);
    return () => c.provider.awareness.off('change', wake);
  });
}

it('stamps the authenticated member, refuses a state naming another member, and keeps client ids to their owner', async () => {
  const [chair, d1, d2, d3] = seedMeeting(live.server, 'ky-hop-hien-dien', cast(3));
  if (!chair || !d1 || !d2 || !d3) throw new Error('seed');
  const room = sharedRoom('ky-hop-hien-dien', 'chung');
  const watcher = connect(live.url(), room, d3.token);
  const honest = connect(live.url(), room, d1.token);
  const impostor = connect(live.url(), room, d2.token);
  clients.push(watcher, honest, impostor);

  honest.provider.awareness.setLocalStateField('user', { delegateId: d1.delegateId, name: 'Đại biểu 1' });
  impostor.provider.awareness.setLocalStateField('user', { delegateId: chair.delegateId, name: 'Chủ tọa' });
  const honestId = honest.doc.clientID;
  await waitAwareness("the honest member's state", watcher, () => statesOf(watcher).get(honestId)?.member?.delegateId === d1.delegateId);
  expect(statesOf(watcher).get(honestId)?.[AWARENESS_MEMBER_FIELD]).toEqual({ delegateId: d1.delegateId, role: 'delegate' });

  // A raw socket of d2 tries to take over d1's client id, and to forge the member field on its own id.
  const { ws } = await rawSocket(live.url(), room, d2.token);
  if (!ws) throw new Error('not opened');
  clients.push({ doc: honest.doc, provider: honest.provider, destroy: () => ws.terminate() });
  ws.send(awarenessFrame([{ clientId: honestId, clock: 1_000, json: JSON.stringify({ user: { delegateId: d2.delegateId } }) }]));
  ws.send(awarenessFrame([{ clientId: 777_001, clock: 1, json: JSON.stringify({ member: { delegateId: chair.delegateId, role: 'chair' } }) }]));
  await waitAwareness('the forged member field, overridden', watcher, () => statesOf(watcher).get(777_001)?.member?.delegateId === d2.delegateId);

  const states = [...statesOf(watcher).entries()];
  expect(statesOf(watcher).get(honestId)?.user?.delegateId).toBe(d1.delegateId);
  expect(statesOf(watcher).get(777_001)?.member).toEqual({ delegateId: d2.delegateId, role: 'delegate' });
  // Nobody appears as the chair: the impostor's state was refused outright.
  expect(states.filter(([, s]) => s.user?.delegateId === chair.delegateId || s.member?.delegateId === chair.delegateId)).toEqual([]);
  expect(live.logs.some((l) => l.includes('refused') && l.includes('awareness'))).toBe(true);
});
