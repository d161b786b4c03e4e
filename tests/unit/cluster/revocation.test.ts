// A revocation committed through one instance closes the member's sockets on every instance at once (issue 11):
// the instance that committed it says so on Redis's control channel (no payload: nothing of who), and the others
// check their sockets then, not at their periodic check — set here to an hour so that only the announcement can
// close the socket on B.
import { expect, it } from 'vitest';
import { CLOSE, sharedRoom } from '../../../common/live/index.ts';
import { connect, WAIT_BOUND_MS, waitForDoc, waitForSynced, type TestMember } from '../live/liveHarness.ts';
import { CLUSTER_ADMIN_TOKEN, clusterPerTest, MEETING } from './clusterHarness.ts';

const run = clusterPerTest();
const clients = run.clients;

it('a member revoked through A is closed on B at once, and B relays nothing from it afterwards', async () => {
  const cluster = await run.start();
  const [, victim, watcherMember, sentinelMember] = cluster.members(3) as [TestMember, TestMember, TestMember, TestMember];
  const hour = { revocationCheckMs: 3_600_000 };
  const a = await cluster.start('a', hour);
  const b = await cluster.start('b', hour);
  const room = sharedRoom(MEETING, 'chung');
  const revoked = connect(b.url, room, victim.token);
  const watcher = connect(b.url, room, watcherMember.token);
  const sentinel = connect(b.url, room, sentinelMember.token);
  clients.push(revoked, watcher, sentinel);
  await Promise.all([revoked, watcher, sentinel].map(waitForSynced));
  // -1: still open after the wait bound (without the announcement it would be until B's hourly check).
  const code = new Promise<number>((resolve) => {
    revoked.provider.on('connection-close', (e) => resolve(e?.code ?? 0));
    setTimeout(() => resolve(-1), WAIT_BOUND_MS).unref();
  });

  const res = await fetch(`${a.url}/api/meetings/${MEETING}/members/${victim.delegateId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(await code).toBe(CLOSE.revoked);
  // Once closed: a write through the revoked member's socket, then a sentinel from another member.
  revoked.doc.getMap('m').set('sau-thu-hoi', 'lọt');
  sentinel.doc.getMap('m').set('moc', 1);
  await waitForDoc('the sentinel edit', watcher.doc, () => watcher.doc.getMap('m').get('moc') === 1);
  expect(watcher.doc.getMap('m').has('sau-thu-hoi')).toBe(false);
}, 60_000);
