// Issue 13.4: one member's burst of 20,000 tiny updates used to freeze every meeting for seconds. Now it slows
// that member only: while the burst is still being worked through, another meeting syncs an edit and
// /api/health answers. No timings: the order of events is the assertion.
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedRoom, SYNC_PATH } from '../../../common/live/index.ts';
import { connect, waitForDoc, waitForSynced, type Client } from '../live/liveHarness.ts';
import { startChildServer, type ChildServer } from './childServer.ts';
import { updateFrame } from './frames.ts';

const BURST = 20_000;
const KEYS = 500;

let child: ChildServer;
const clients: Client[] = [];
beforeAll(async () => {
  child = await startChildServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await child.stop();
});

function open(room: string, token: string): Client {
  const c = connect(child.url, room, token);
  clients.push(c);
  return c;
}

async function rawOpen(room: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${child.url.replace(/^http/, 'ws')}${SYNC_PATH}/${room}?token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

it("keeps other meetings and /api/health served during one member's burst", async () => {
  const [burster, watcher] = await child.seed('ky-hop-bao', [
    { delegateId: 'd01', role: 'delegate' },
    { delegateId: 'd02', role: 'delegate' },
  ]);
  const [e1, e2] = await child.seed('ky-hop-khac', [
    { delegateId: 'e01', role: 'delegate' },
    { delegateId: 'e02', role: 'delegate' },
  ]);
  if (!burster || !watcher || !e1 || !e2) throw new Error('seed');
  const burstRoom = sharedRoom('ky-hop-bao', 'chung');
  const seen = open(burstRoom, watcher.token);
  const [left, right] = [open(sharedRoom('ky-hop-khac', 'chung'), e1.token), open(sharedRoom('ky-hop-khac', 'chung'), e2.token)];
  await Promise.all([seen, left, right].map(waitForSynced));

  const ws = await rawOpen(burstRoom, burster.token);
  ws.on('error', () => undefined);
  const doc = new Y.Doc();
  doc.on('update', (u: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(updateFrame(u));
  });
  const map = doc.getMap<number>('m');
  for (let i = 0; i < BURST; i++) map.set(`k${i % KEYS}`, i);
  const burstDone = (): boolean => seen.doc.getMap('m').get(`k${(BURST - 1) % KEYS}`) === BURST - 1;

  left.doc.getMap('x').set('trong-luc-bao', 1);
  await waitForDoc("the other meeting's edit", right.doc, () => right.doc.getMap('x').get('trong-luc-bao') === 1);
  const doneAtEdit = burstDone();
  const answered: number[] = [];
  for (let i = 0; i < 3; i++) answered.push((await fetch(`${child.url}/api/health`)).status);
  const doneAtHealth = burstDone();
  ws.terminate();
  doc.destroy();

  expect({ answered, doneAtEdit, doneAtHealth }).toEqual({ answered: [200, 200, 200], doneAtEdit: false, doneAtHealth: false });
  expect(child.exitCode()).toBeUndefined();
});
