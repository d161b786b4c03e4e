// Issue 13.1: an awareness state nested 200,000 levels deep used to crash the whole server from the broadcast
// timer (JSON.stringify → RangeError, uncaught). The server runs in its own process here, so a crash shows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE, sharedRoom } from '../../../common/live/index.ts';
import { closed, connect, rawSocket, waitForDoc, waitForSynced, type Client } from '../live/liveHarness.ts';
import { startChildServer, type ChildServer } from './childServer.ts';
import { awarenessFrame, deepJson } from './frames.ts';

let child: ChildServer;
const clients: Client[] = [];
beforeAll(async () => {
  child = await startChildServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await child.stop();
});

/** Rejects as soon as the server process ends, so a crash fails the test at once instead of timing out. */
function orCrash<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, child.exited.then((code) => Promise.reject(new Error(`the server process exited (${code})`)))]);
}

it('refuses an awareness state nested 200,000 deep, closes that socket only, and keeps serving', async () => {
  const [a, b, c] = await child.seed('ky-hop-sau', [
    { delegateId: 'd01', role: 'delegate' },
    { delegateId: 'd02', role: 'delegate' },
    { delegateId: 'd03', role: 'delegate' },
  ]);
  if (!a || !b || !c) throw new Error('seed');
  const room = sharedRoom('ky-hop-sau', 'chu-thich');
  const watcher = connect(child.url, room, b.token);
  const writer = connect(child.url, room, c.token);
  clients.push(watcher, writer);
  await orCrash(Promise.all([waitForSynced(watcher), waitForSynced(writer)]));

  const { ws } = await rawSocket(child.url, room, a.token);
  if (!ws) throw new Error('not opened');
  const code = closed(ws);
  ws.send(awarenessFrame([{ clientId: 424242, clock: 1, json: deepJson(200_000) }]));
  expect(await orCrash(code)).toBe(CLOSE.malformed);

  // A later edit still goes round, so broadcast ticks ran after the hostile state, and HTTP still answers.
  writer.doc.getMap('m').set('sau', 1);
  await orCrash(waitForDoc('an edit after the hostile state', watcher.doc, () => watcher.doc.getMap('m').get('sau') === 1));
  const health = await orCrash(fetch(`${child.url}/api/health`));
  expect(health.status).toBe(200);
  expect(child.exitCode()).toBeUndefined();
});

it('refuses an awareness state larger than the limit', async () => {
  const [a] = await child.seed('ky-hop-lon', [{ delegateId: 'd01', role: 'delegate' }]);
  if (!a) throw new Error('seed');
  const { ws } = await rawSocket(child.url, sharedRoom('ky-hop-lon', 'x'), a.token);
  if (!ws) throw new Error('not opened');
  const code = closed(ws);
  ws.send(awarenessFrame([{ clientId: 7, clock: 1, json: JSON.stringify({ user: { name: 'x'.repeat(200_000) } }) }]));
  expect(await orCrash(code)).toBe(CLOSE.malformed);
  expect(child.exitCode()).toBeUndefined();
});
