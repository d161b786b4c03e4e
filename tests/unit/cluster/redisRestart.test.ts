// Redis restarted in the middle of a session (killed, a command and a client write made while it is away,
// then started again, empty): commands keep working meanwhile (rate limits fall back to each instance), and
// once Redis is back every instance catches up from PostgreSQL (/readyz stays 200 and says redis degraded, then
// up) — nothing acknowledged is lost, and the rooms relay again.
import { describe, expect, it } from 'vitest';
import { readMeetingState } from '../../../common/live/state.ts';
import { connect, waitForDoc, waitForSynced, WAIT_BOUND_MS, type TestMember } from '../live/liveHarness.ts';
import { clusterPerTest, cmd, MEETING, stateClient } from './clusterHarness.ts';

/**
 * Polls /readyz (with a bound) until it reports Redis `up` or down. Either way it answers 200: Redis away costs
 * the fan-out only, so the instance stays ready and names redis under `degraded` (core/healthRoutes.ts).
 */
async function readyz(url: string, up: boolean): Promise<void> {
  let last = '';
  for (const until = Date.now() + WAIT_BOUND_MS; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as { dependencies?: { redis?: boolean }; degraded?: string[] };
    last = `${res.status} ${JSON.stringify(body)}`;
    if (res.status === 200 && body.dependencies?.redis === up && (up ? body.degraded === undefined : body.degraded?.join() === 'redis')) return;
  }
  throw new Error(`/readyz stayed ${last}, not redis ${up ? 'up' : 'down'}`);
}

const run = clusterPerTest();
const clients = run.clients;

describe('Redis restarted mid-session', () => {
  it('loses nothing acknowledged: rooms resume from storage and relay again', async () => {
    const cluster = await run.start();
    const [chair, d1, d2] = cluster.members(3) as [TestMember, TestMember, TestMember];
    const a = await cluster.start('a');
    const b = await cluster.start('b');
    const chairOnA = await stateClient(a, chair.token);
    const room = `m/${MEETING}/s/notes`;
    const notesA = connect(a.url, room, d1.token);
    const notesB = connect(b.url, room, d2.token);
    clients.push(chairOnA, notesA, notesB);
    await Promise.all([waitForSynced(notesA), waitForSynced(notesB)]);
    notesA.doc.getMap('notes').set('before', 'trước');
    await waitForDoc('the first note on B', notesB.doc, () => notesB.doc.getMap('notes').get('before') === 'trước');

    await cluster.redis.restart(async () => {
      // Redis is away: a command on B is acknowledged, a note is written on A.
      expect((await cmd(b, d1, { type: 'requestToSpeak', speechType: 'phat-bieu' })).status).toBe(200);
      notesA.doc.getMap('notes').set('during', 'trong lúc Redis dừng');
      await readyz(b.url, false);
    });
    await readyz(b.url, true);

    await waitForDoc('the request made while Redis was away, on A', chairOnA.doc, () => readMeetingState(chairOnA.doc).queue.some((r) => r.delegateId === d1.delegateId));
    await waitForDoc('the note written while Redis was away, on B', notesB.doc, () => notesB.doc.getMap('notes').get('during') === 'trong lúc Redis dừng');
    // And the fan-out works again.
    expect((await cmd(b, d2, { type: 'requestToSpeak', speechType: 'phat-bieu' })).status).toBe(200);
    await waitForDoc('a request made after the restart, on A', chairOnA.doc, () => readMeetingState(chairOnA.doc).queue.some((r) => r.delegateId === d2.delegateId));
    notesB.doc.getMap('notes').set('after', 'sau');
    await waitForDoc('a note written after the restart, on A', notesA.doc, () => notesA.doc.getMap('notes').get('after') === 'sau');
  }, 120_000);
});
