// Incremental room persistence: client updates are appended (not the whole room rewritten on each change),
// the log is compacted into a snapshot when the last client leaves or when it grows past a threshold, and a
// restart brings everything back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_LIVE_LIMITS } from '../../../collab-server/live/limits.ts';
import { roomUpdateStats } from '../../../collab-server/live/roomStore.ts';
import { sharedRoom } from '../../../common/live/index.ts';
import { cast, connect, poll, seedMeeting, startLiveServer, waitForDoc, waitForSynced, waitUntil, type Client, type LiveServer } from '../live/liveHarness.ts';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

const snapshotOf = (room: string): { n: number } =>
  live.server.db.prepare(`SELECT COUNT(*) AS n FROM live_rooms WHERE room = ?`).get(room) as { n: number };

it('appends client updates, compacts on unload, and reloads after a restart', async () => {
  const [, d1, d2] = seedMeeting(live.server, 'ky-hop-luu', cast(2));
  if (!d1 || !d2) throw new Error('seed');
  const room = sharedRoom('ky-hop-luu', 'ghi-chu');
  const a = connect(live.url(), room, d1.token);
  clients.push(a);
  await waitForSynced(a);
  for (let i = 0; i < 20; i++) a.doc.getMap('m').set(`k${i}`, i);
  await poll('the appended updates', () => roomUpdateStats(live.server.db, room).count > 0);
  expect(snapshotOf(room).n).toBe(0);

  a.destroy();
  await poll('the compaction on unload', () => roomUpdateStats(live.server.db, room).count === 0 && snapshotOf(room).n === 1);

  await live.restart();
  const b = connect(live.url(), room, d2.token);
  clients.push(b);
  await waitForSynced(b);
  await waitForDoc('the reloaded room', b.doc, () => b.doc.getMap('m').get('k19') === 19);
  b.doc.getMap('m').set('sau', 1);
  await poll('an update appended after the snapshot', () => roomUpdateStats(live.server.db, room).count > 0);
  await live.restart();
  const c = connect(live.url(), room, d1.token);
  clients.push(c);
  await waitUntil('snapshot + log reloaded', () => c.doc.getMap('m').get('sau') === 1 && c.doc.getMap('m').get('k0') === 0, (wake) => {
    c.doc.on('update', wake);
    return () => c.doc.off('update', wake);
  });
});

it('compacts a room whose log passes the byte threshold while clients are still in it', async () => {
  const [, d1] = seedMeeting(live.server, 'ky-hop-nen', cast(1));
  if (!d1) throw new Error('seed');
  const room = sharedRoom('ky-hop-nen', 'lon');
  const a = connect(live.url(), room, d1.token);
  clients.push(a);
  await waitForSynced(a);
  const chunk = Math.ceil(DEFAULT_LIVE_LIMITS.compactAfterBytes / 2) + 1024;
  a.doc.getText('a').insert(0, 'a'.repeat(chunk));
  a.doc.getText('b').insert(0, 'b'.repeat(chunk));
  await poll('the compaction past the byte threshold', () => snapshotOf(room).n === 1 && roomUpdateStats(live.server.db, room).count === 0);
  expect(a.provider.wsconnected).toBe(true);
});
