// Issue 13.2: a revoked member's open socket kept delivering writes for seconds (the periodic check). Now the
// revocation closes the member's sockets as it commits: once the revoke answer is back, nothing from that
// socket reaches anyone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE, sharedRoom } from '../../../common/live/index.ts';
import { ADMIN_TOKEN, cast, connect, seedMeeting, startLiveServer, waitForDoc, waitForSynced, type Client, type LiveServer } from '../live/liveHarness.ts';

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

it('closes the revoked member at once: no write after the revoke answer reaches the others', async () => {
  const [, victim, watcherMember, sentinelMember] = seedMeeting(live.server, 'ky-hop-thu-hoi', cast(3));
  if (!victim || !watcherMember || !sentinelMember) throw new Error('seed');
  const room = sharedRoom('ky-hop-thu-hoi', 'chung');
  const revoked = connect(live.url(), room, victim.token);
  const watcher = connect(live.url(), room, watcherMember.token);
  const sentinel = connect(live.url(), room, sentinelMember.token);
  clients.push(revoked, watcher, sentinel);
  await Promise.all([revoked, watcher, sentinel].map(waitForSynced));
  const code = new Promise<number>((resolve) => revoked.provider.on('connection-close', (e) => resolve(e?.code ?? 0)));

  const res = await fetch(`${live.url()}/api/meetings/ky-hop-thu-hoi/members/${victim.delegateId}/revoke`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(res.status).toBe(200);
  // Straight after the answer: a write through the revoked member's socket, then a sentinel from another member.
  revoked.doc.getMap('m').set('sau-thu-hoi', 'lọt');
  sentinel.doc.getMap('m').set('moc', 1);
  await waitForDoc('the sentinel edit', watcher.doc, () => watcher.doc.getMap('m').get('moc') === 1);
  expect(await code).toBe(CLOSE.revoked);
  expect(watcher.doc.getMap('m').has('sau-thu-hoi')).toBe(false);
  expect(live.logs.some((l) => l.includes(`revoked ky-hop-thu-hoi/${victim.delegateId}`))).toBe(true);
});

it('still closes a member revoked behind the routes (periodic check)', async () => {
  const [, victim] = seedMeeting(live.server, 'ky-hop-thu-hoi-2', cast(1));
  if (!victim) throw new Error('seed');
  const c = connect(live.url(), sharedRoom('ky-hop-thu-hoi-2', 'chung'), victim.token);
  clients.push(c);
  await waitForSynced(c);
  const code = new Promise<number>((resolve) => c.provider.on('connection-close', (e) => resolve(e?.code ?? 0)));
  live.server.db.prepare(`UPDATE members SET revoked_at = ? WHERE meeting_id = ? AND delegate_id = ?`).run(new Date().toISOString(), 'ky-hop-thu-hoi-2', victim.delegateId);
  expect(await code).toBe(CLOSE.revoked);
});
