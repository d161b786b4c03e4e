// A secret motion (bãi nhiệm, Tán thành / Không tán thành / Không biểu quyết) with ONE counter, on a real
// server: a counter who alters a line is caught by that voter's check (the server cannot see it); a counter
// whose device lost the key leaves the poll untallied, and the chair cancels it for a re-vote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { PollDefinitionSchema } from '../../../common/voting/choices.ts';
import { importCounterPrivateKey, runCounterStage, sealedSizeOf } from '../../../common/voting/secret.ts';
import {
  ballotCheckHolds,
  castSecret,
  checkMyBallot,
  ensureCounterKey,
  memoryRecords,
  myBallot,
  RECORD_KINDS,
  runMyStage,
  type SecretBallotRecord,
} from '../../../common/voting/secretClient.ts';
import type { OpenResult } from '../../../common/voting/tally.ts';
import { MAX_SEALED_BALLOT_CHARS } from '../../../common/voting/commands.ts';
import { MAX_STAGE_BODY } from '../../../collab-server/live/voting/secretStages.ts';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { readVotingState } from '../../../common/voting/state.ts';
import { connect, waitForDoc, waitForSynced } from '../live/liveHarness.ts';
import { checkInAll, createSecretPoll, delegateIds, ok, startSecretMeeting, type SecretMeeting } from './secretHarness.ts';

const MEETING = 'ky-hop-bai-nhiem';
const COUNTER = 'db-004';
const MOTION = { kind: 'open', question: 'Bãi nhiệm đại biểu X', itemId: 'muc-7', secret: true, rule: { kind: 'two-thirds' } } as const;
const CHOICES = ['yes', 'no', 'abstain'] as const;

let m: SecretMeeting;
let voters: string[];

beforeAll(async () => {
  m = await startSecretMeeting(MEETING, 12);
  voters = delegateIds(m);
  await checkInAll(m);
});
afterAll(async () => {
  await m.live.stop();
});

async function openAndCast(pollId: string): Promise<Map<string, SecretBallotRecord>> {
  const draft = await createSecretPoll(m, pollId, MOTION, [COUNTER]);
  expect((await ensureCounterKey(m.deps(COUNTER), draft)).ok).toBe(true);
  await ok(m, m.chair, { type: 'openPoll', pollId });
  const open = m.poll(pollId);
  const cast = new Map<string, SecretBallotRecord>();
  for (const [i, v] of voters.entries()) {
    const r = await castSecret(m.deps(v), open, CHOICES[i % 3]);
    if (!r.ok) throw new Error(r.error.message);
    cast.set(v, r.value);
  }
  await ok(m, m.chair, { type: 'closePoll', pollId });
  return cast;
}

describe('a secret motion with one counter', () => {
  it('a counter who changes one line is caught by that voter, and only that voter', async () => {
    const cast = await openAndCast('bai-nhiem-1');
    const poll = m.poll('bai-nhiem-1');
    // The counter's device does the real work, then alters the victim's line before posting.
    const victim = voters[0] ?? '';
    const victimTracker = cast.get(victim)?.tracker;
    const box = (await (await fetch(m.live.url() + pathTo(ROUTES.pollBox, { meetingId: MEETING, pollId: poll.id }), { headers: { authorization: `Bearer ${m.member(COUNTER).token}` } })).json()) as {
      value: { ballots: string[] };
    };
    const keyRecord = JSON.parse((await m.deps(COUNTER).records.get(RECORD_KINDS.counterKey, poll.id)) ?? '{}') as { privateJwk: JsonWebKey };
    const out = await runCounterStage(
      { meetingId: MEETING, pollId: poll.id, definition: poll.definition, counters: 1, index: 0 },
      box.value.ballots,
      await importCounterPrivateKey(keyRecord.privateJwk),
    );
    if (!out.ok || out.value.kind !== 'lines') throw new Error('no lines');
    const altered = out.value.lines.map((l) => (l.tracker === victimTracker ? { ...l, choice: l.choice === 'no' ? 'yes' : 'no' } : l));
    const res = await fetch(m.live.url() + pathTo(ROUTES.pollStage, { meetingId: MEETING, pollId: poll.id, stage: '1' }), {
      method: 'POST',
      headers: { authorization: `Bearer ${m.member(COUNTER).token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lines: altered }),
    });
    expect(res.status).toBe(200);
    const counted = m.poll(poll.id);
    expect(counted.status).toBe('counted');
    for (const v of voters) {
      const check = await checkMyBallot(m.deps(v), counted, { whoVoted: m.voters(poll.id) });
      if (!check.ok) throw new Error(check.error.message);
      expect(check.value.trackers?.signed).toBe(true);
      expect(ballotCheckHolds(check.value), v).toBe(v !== victim);
    }
  });

  it('counts an honest run by the rule of the poll (two thirds of N)', async () => {
    const cast = await openAndCast('bai-nhiem-2');
    expect((await runMyStage(m.deps(COUNTER), m.poll('bai-nhiem-2'))).ok).toBe(true);
    const poll = m.poll('bai-nhiem-2');
    expect(poll.status).toBe('counted');
    for (const v of voters) {
      const check = await checkMyBallot(m.deps(v), poll);
      expect(check.ok && ballotCheckHolds(check.value)).toBe(true);
    }
    const yes = [...cast.values()].filter((b) => b.choice === 'yes').length;
    const open = await tallyOf('bai-nhiem-2');
    expect(open.counts.yes.count).toBe(yes);
    expect(open.participated.count).toBe(voters.length);
    expect(open.passed).toBe(3 * yes >= 2 * open.n);
  });

  it('a counter device that lost its key cannot tally: the poll stays tallying and the chair cancels it', async () => {
    await openAndCast('bai-nhiem-3');
    const lost = await runMyStage({ ...m.deps(COUNTER), records: memoryRecords() }, m.poll('bai-nhiem-3'));
    expect(lost).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(m.poll('bai-nhiem-3').status).toBe('tallying');
    await ok(m, m.chair, { type: 'cancelPoll', pollId: 'bai-nhiem-3', reason: 'Thành viên Ban kiểm phiếu mất khóa; biểu quyết lại' });
    expect(m.poll('bai-nhiem-3').status).toBe('cancelled');
    // Even with the key found again, a cancelled poll takes no stage.
    const late = await runMyStage(m.deps(COUNTER), m.poll('bai-nhiem-3'));
    expect(late).toMatchObject({ ok: false, error: { code: 'POLL_STATE' } });
    expect((await myBallot(m.deps(voters[1] ?? ''), 'bai-nhiem-3'))?.receipt).toBeDefined();
  });

  it('a stage of 2,000 of the widest ballots reaches the route (checked, not cut by the body limit); more is cut', async () => {
    await openAndCast('bai-nhiem-4');
    const post = (body: string): Promise<Response> =>
      fetch(m.live.url() + pathTo(ROUTES.pollStage, { meetingId: MEETING, pollId: 'bai-nhiem-4', stage: '1' }), {
        method: 'POST',
        headers: { authorization: `Bearer ${m.member(COUNTER).token}`, 'content-type': 'application/json' },
        body,
      });
    const big = JSON.stringify({ lines: Array.from({ length: 2000 }, () => ({ tracker: '', choice: 'x'.repeat(MAX_SEALED_BALLOT_CHARS) })) });
    expect(big.length).toBeGreaterThan(2000 * MAX_SEALED_BALLOT_CHARS);
    const checked = await post(big);
    // Read whole and judged: 2,000 lines where the box holds 12.
    expect(checked.status).toBe(400);
    expect(((await checked.json()) as { error: { code: string } }).error.code).toBe('BALLOT_INVALID');
    const tooBig = await post(`{"lines":["${'x'.repeat(MAX_STAGE_BODY)}"]}`);
    expect(tooBig.status).toBe(413);
    expect(m.poll('bai-nhiem-4').status).toBe('tallying');
  });

  it('answers garbage on the secret-ballot routes with a 4xx error value, never a crash', async () => {
    const url = (stage: string, pollId = 'bai-nhiem-4', meetingId = MEETING): string => m.live.url() + pathTo(ROUTES.pollStage, { meetingId, pollId, stage });
    const counter = { authorization: `Bearer ${m.member(COUNTER).token}`, 'content-type': 'application/json' };
    const bodies: (string | Uint8Array<ArrayBuffer>)[] = [
      '',
      'not json',
      new Uint8Array([0xff, 0xfe, 0x7b]),
      '[]',
      '{"lines":{}}',
      '{"lines":[{"tracker":1,"choice":"yes"}]}',
      '{"lines":[], "extra":1}',
      '{"ballots":[]}',
      `{"lines":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      JSON.stringify({ lines: Array.from({ length: 12 }, () => ({ tracker: 'AAAA-AAAA', choice: 'yes' })) }),
    ];
    for (const body of bodies) {
      const res = await fetch(url('1'), { method: 'POST', headers: counter, body });
      expect(res.status, String(body).slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { ok: boolean }).ok).toBe(false);
    }
    for (const stage of ['x', '-1', '01', '2', '1.5', '99999999999999999999']) {
      const res = await fetch(url(stage), { method: 'POST', headers: counter, body: '{"lines":[]}' });
      expect(res.status, stage).toBe(400);
    }
    const getters = [
      [url('0', 'khong-co'), counter, 404],
      [url('0'), { authorization: 'Bearer sai' }, 401],
      [url('0'), {}, 401],
      [m.live.url() + pathTo(ROUTES.pollTrackers, { meetingId: MEETING, pollId: 'bai-nhiem-4' }), counter, 409],
      [m.live.url() + pathTo(ROUTES.pollBox, { meetingId: 'hop-khac', pollId: 'bai-nhiem-4' }), counter, 403],
    ] as const;
    for (const [target, headers, status] of getters) expect((await fetch(target, { headers })).status, target).toBe(status);
    expect(m.poll('bai-nhiem-4').status).toBe('tallying');
  });

  it('the largest ballot any poll allows fits a command, and 2,000 of them fit a stage', () => {
    const id = (i: number): string => `ung-vien-${String(i).padStart(3, '0')}-${'x'.repeat(26)}`;
    const persons = Array.from({ length: 100 }, (_, i) => ({ id: id(i), name: `Người ${i}` }));
    const widest = [
      PollDefinitionSchema.parse({ kind: 'election', question: 'Bầu', itemId: 'i', seats: 100, candidates: persons }),
      PollDefinitionSchema.parse({ kind: 'confidence', question: 'Tín nhiệm', itemId: 'i', persons }),
    ];
    for (const def of widest) {
      const chars = Math.ceil((sealedSizeOf(def, 3) * 4) / 3);
      expect(chars).toBeLessThanOrEqual(MAX_SEALED_BALLOT_CHARS);
      expect(2000 * (chars + 3) + 64).toBeLessThan(MAX_STAGE_BODY);
    }
  });
});

async function tallyOf(pollId: string): Promise<OpenResult> {
  const client = connect(m.live.url(), meetingStateRoom(MEETING), m.chair.token);
  try {
    await waitForSynced(client);
    await waitForDoc('the result', client.doc, () => readVotingState(client.doc).results[pollId] !== undefined);
    const r = readVotingState(client.doc).results[pollId];
    if (r?.tally.kind !== 'open') throw new Error('not an open result');
    return r.tally.result;
  } finally {
    client.destroy();
  }
}
