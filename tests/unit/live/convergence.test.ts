// Seeded chaos: clients drop and reconnect at random while commands are issued and a shared room is edited
// (also offline). At the end every client holds exactly the server's state.
import * as Y from 'yjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meetingStateRoom, readMeetingState, sharedRoom, type MeetingState } from '../../../common/live/index.ts';
import type { LiveCommandInput } from '../../../common/live/commands.ts';
import { cast, connect, nextCommandId, seedMeeting, send, startLiveServer, waitForDoc, waitForSynced, type Client, type LiveServer, type TestMember } from './liveHarness.ts';

const SEED = 20240611;
const STEPS = 2000;
const STATE_CLIENTS = 6;
const SHARED_CLIENTS = 3;
const DELEGATES = 20;

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let live: LiveServer;
const clients: Client[] = [];
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await live.stop();
});

function pick<T>(random: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(random() * xs.length)];
  if (x === undefined) throw new Error('empty');
  return x;
}

function randomCommand(random: () => number, members: readonly TestMember[], state: MeetingState | undefined): { by: TestMember; cmd: LiveCommandInput } {
  const chair = members[0] as TestMember;
  const delegate = pick(random, members.slice(1, DELEGATES + 1));
  const id = nextCommandId();
  const r = random();
  if (r < 0.3) return { by: delegate, cmd: { id, type: 'requestToSpeak', speechType: pick(random, ['phat-bieu', 'tranh-luan'] as const) } };
  if (r < 0.45) return { by: delegate, cmd: { id, type: 'checkIn', mode: pick(random, ['present-hall', 'present-online'] as const) } };
  if (r < 0.55) return { by: chair, cmd: { id, type: 'nextSpeaker' } };
  if (r < 0.62) return { by: chair, cmd: { id, type: 'adjustTime', deltaSec: pick(random, [-30, 30, 60]) } };
  if (r < 0.7 && state && state.queue.length > 1) return { by: chair, cmd: { id, type: 'reorderQueue', requestIds: state.queue.map((q) => q.id).reverse() } };
  if (r < 0.8 && state?.queue[0]) return { by: chair, cmd: { id, type: 'removeRequest', requestId: state.queue[0].id } };
  if (r < 0.9) return { by: chair, cmd: { id, type: 'announce', text: `Thông báo ${id}` } };
  return { by: chair, cmd: { id, type: 'recordAttendance', delegateId: delegate.delegateId, status: 'absent', reason: 'ốm' } };
}

/** The chair has spent its token bucket in the loop; back off as the 429 answer says (Retry-After). */
async function sendHonouringRateLimit(u: string, id: string, token: string, cmd: LiveCommandInput): Promise<Awaited<ReturnType<typeof send>>> {
  for (;;) {
    const answer = await send(u, id, token, cmd);
    if (answer.status !== 429) return answer;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function toggle(random: () => number, c: Client): void {
  if (c.provider.shouldConnect) c.provider.disconnect();
  else c.provider.connect();
  void random;
}

it(`converges after ${STEPS} random steps (seed ${SEED})`, async () => {
  const random = rng(SEED);
  const id = 'ky-hop-chaos';
  const members = seedMeeting(live.server, id, cast(DELEGATES));
  const u = live.url();
  const watchers = Array.from({ length: STATE_CLIENTS }, (_, i) => connect(u, meetingStateRoom(id), (members[1 + i] as TestMember).token));
  const editors = Array.from({ length: SHARED_CLIENTS }, (_, i) => connect(u, sharedRoom(id, 'chu-thich'), (members[10 + i] as TestMember).token));
  clients.push(...watchers, ...editors);
  await Promise.all(clients.map(waitForSynced));

  let state: MeetingState | undefined;
  let applied = 0;
  let pushes = 0;
  for (let step = 0; step < STEPS; step++) {
    const r = random();
    if (r < 0.25) toggle(random, pick(random, [...watchers, ...editors]));
    else if (r < 0.45) {
      pick(random, editors).doc.getArray<string>('notes').push([`${step}`]);
      pushes += 1;
    }
    else {
      const { by, cmd } = randomCommand(random, members, state);
      const answer = await send(u, id, by.token, cmd);
      if (answer.body.ok) {
        applied += 1;
        state = answer.body.value.state;
      }
    }
  }
  for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
  const final = await sendHonouringRateLimit(u, id, members[0]?.token ?? '', { id: nextCommandId(), type: 'announce', text: 'Kết thúc' });
  if (!final.body.ok || !final.body.value.state) throw new Error(`final command failed: ${JSON.stringify(final.body)}`);
  const expected = JSON.stringify(final.body.value.state);

  for (const w of watchers) await waitForDoc('the final state', w.doc, () => JSON.stringify(readMeetingState(w.doc)) === expected);
  // Every note pushed, online or offline, must reach every editor; then all hold the same array in the same order.
  const notes = (c: Client): string => JSON.stringify(c.doc.getArray('notes').toJSON());
  for (const e of editors) await waitForDoc('all shared notes', e.doc, () => e.doc.getArray('notes').length === pushes);
  for (const e of editors) expect(notes(e)).toBe(notes(editors[0] as Client));
  for (const e of editors) expect(Y.encodeStateVector(e.doc)).toEqual(Y.encodeStateVector(editors[0]?.doc ?? new Y.Doc()));
  expect(applied).toBeGreaterThan(STEPS / 10);
});
