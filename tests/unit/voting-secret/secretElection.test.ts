// A secret election from key registration to the count, on a real server over real HTTP with real WebCrypto:
// 3 counters, 30 delegates and the chair voting. Every voter finds their tracker with their choice; the box
// count equals the who-voted count; the counters can only go in order, once, with the right count; a ballot
// of the wrong size, a second ballot and a ballot after close are refused; a dropped or stuffed ballot is seen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingStateRoom } from '../../../common/live/rooms.ts';
import { readVotingState, type PollResult } from '../../../common/voting/state.ts';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import type { AuditEntry } from '../../../common/live/audit.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import { generateCounterKeyPair, keyFingerprint, sealedSizeOf, type BoxListing } from '../../../common/voting/secret.ts';
import { ballotCheckHolds, castSecret, counterKeyCheck, checkMyBallot, ensureCounterKey, memoryRecords, myBallot, runMyStage, stagesDone, stageTurn } from '../../../common/voting/secretClient.ts';
import type { ElectionResult } from '../../../common/voting/tally.ts';
import { connect, nextCommandId, send, waitForDoc, waitForSynced } from '../live/liveHarness.ts';
import { checkInAll, createSecretPoll, delegateIds, ok, startSecretMeeting, type SecretMeeting } from './secretHarness.ts';

const MEETING = 'ky-hop-bau-cu';
const POLL = 'bau-pct';
const COUNTERS = ['db-001', 'db-002', 'db-003'];
const CANDIDATES = [
  { id: 'ung-vien-a', name: 'Nguyễn Văn An' },
  { id: 'ung-vien-b', name: 'Trần Thị Bình' },
  { id: 'ung-vien-c', name: 'Lê Văn Cường' },
];

let m: SecretMeeting;
let voters: string[];
/** What each voter marked, kept by the test only. */
const marked = new Map<string, string[]>();

const choiceFor = (i: number): string[] => [['ung-vien-a'], ['ung-vien-a', 'ung-vien-b'], ['ung-vien-c'], [], ['ung-vien-b', 'ung-vien-a']][i % 5] ?? [];

beforeAll(async () => {
  m = await startSecretMeeting(MEETING, 30);
  voters = [...delegateIds(m), 'chu-toa'];
  await checkInAll(m);
});
afterAll(async () => {
  await m.live.stop();
});

const get = async <T>(who: string, pattern: string): Promise<{ status: number; body: { ok: boolean; value?: T; error?: { code: string } } }> => {
  const res = await fetch(m.live.url() + pattern, { headers: { authorization: `Bearer ${m.member(who).token}` } });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: T; error?: { code: string } } };
};
const post = async (who: string, pattern: string, body: unknown): Promise<{ status: number; body: { ok: boolean; error?: { code: string } } }> => {
  const res = await fetch(m.live.url() + pattern, {
    method: 'POST',
    headers: { authorization: `Bearer ${m.member(who).token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string } } };
};
const stage = (s: number): string => pathTo(ROUTES.pollStage, { meetingId: MEETING, pollId: POLL, stage: String(s) });

describe('a secret election with three counters', () => {
  it('registers every counter key from the counters devices (only counters, only in draft), then opens', async () => {
    const draft = await createSecretPoll(m, POLL, { kind: 'election', question: 'Bầu Phó Chủ tịch HĐND', itemId: 'muc-3', seats: 2, candidates: CANDIDATES }, COUNTERS);
    const early = await send(m.live.url(), MEETING, m.chair.token, { id: nextCommandId(), type: 'openPoll', pollId: POLL });
    expect(early.body).toMatchObject({ ok: false, error: { code: 'COUNTER_KEYS_MISSING' } });
    const notCounter = await ensureCounterKey(m.deps('db-010'), draft);
    expect(notCounter).toMatchObject({ ok: false, error: { code: 'NOT_COUNTER' } });
    const forged = await send(m.live.url(), MEETING, m.member('db-010').token, { id: nextCommandId(), type: 'registerCounterKey', pollId: POLL, publicKey: `B${'A'.repeat(86)}` });
    expect(forged.body).toMatchObject({ ok: false, error: { code: 'NOT_COUNTER' } });
    for (const c of COUNTERS) expect((await ensureCounterKey(m.deps(c), draft)).ok).toBe(true);
    // A retry (the same device, a lost answer) registers the same key again without harm.
    expect((await ensureCounterKey(m.deps('db-001'), draft)).ok).toBe(true);
    const keyed = m.poll(POLL);
    expect(Object.keys(keyed.counterKeys).sort()).toEqual(COUNTERS);
    // Counter 3 cannot take counter 1's key (one counter would then hold two layers).
    const copied = await send(m.live.url(), MEETING, m.member('db-003').token, { id: nextCommandId(), type: 'registerCounterKey', pollId: POLL, publicKey: keyed.counterKeys['db-001'] });
    expect(copied.body).toMatchObject({ ok: false, error: { code: 'COMMAND_INVALID' } });
    // Each counter's device recognises its key on the poll; a swapped key (say, by the server) is 'other'.
    for (const c of COUNTERS) expect(await counterKeyCheck(m.deps(c), keyed)).toBe('mine');
    expect(await counterKeyCheck(m.deps('db-001'), { ...keyed, counterKeys: { ...keyed.counterKeys, 'db-001': keyed.counterKeys['db-002'] ?? '' } })).toBe('other');
    expect(await counterKeyCheck(m.deps('db-010'), keyed)).toBe('no-key');
    expect(await keyFingerprint(keyed.counterKeys['db-001'] ?? '')).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);
    await ok(m, m.chair, { type: 'openPoll', pollId: POLL });
    expect(m.poll(POLL).status).toBe('open');
    // A new key after open would strand the ballots sealed to the old one: refused.
    const fresh = await generateCounterKeyPair();
    const late = await send(m.live.url(), MEETING, m.member('db-002').token, { id: nextCommandId(), type: 'registerCounterKey', pollId: POLL, publicKey: fresh.publicKey });
    expect(late.body).toMatchObject({ ok: false, error: { code: 'POLL_STATE' } });
    expect(m.poll(POLL).counterKeys['db-002']).toBe(keyed.counterKeys['db-002']);
  });

  it('refuses a sealed ballot of the wrong size, from an observer, or on an unknown poll', async () => {
    const size = sealedSizeOf(m.poll(POLL).definition, 3);
    const wrong = await send(m.live.url(), MEETING, m.member('db-030').token, {
      id: crypto.randomUUID(),
      type: 'castSealedBallot',
      pollId: POLL,
      sealed: toB64url(new Uint8Array(size + 1).fill(1)),
    });
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'BALLOT_INVALID' } });
    const observer = await send(m.live.url(), MEETING, m.member('quan-sat').token, { id: crypto.randomUUID(), type: 'castSealedBallot', pollId: POLL, sealed: 'AQ' });
    expect(observer.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const unknown = await send(m.live.url(), MEETING, m.member('db-030').token, { id: crypto.randomUUID(), type: 'castSealedBallot', pollId: 'khong-co', sealed: 'AQ' });
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'POLL_NOT_FOUND' } });
    expect(m.voters(POLL)).toBe(0);
  });

  it('every voter casts once; a retry gets the same receipt; a second ballot is ALREADY_VOTED', async () => {
    const poll = m.poll(POLL);
    const results = await Promise.all(
      voters.map(async (v, i) => {
        marked.set(v, choiceFor(i));
        return castSecret(m.deps(v), poll, choiceFor(i));
      }),
    );
    for (const r of results) expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    expect(m.voters(POLL)).toBe(voters.length);
    // The device kept the receipt; sending again (a reload) answers from the record, and the server's stored
    // answer for the same command id is the same receipt.
    const v = voters[4] ?? '';
    const rec = await myBallot(m.deps(v), POLL);
    expect(rec?.receipt?.ballotHash).toBe(rec?.ballotHash);
    const again = await send(m.live.url(), MEETING, m.member(v).token, { id: rec?.commandId, type: 'castSealedBallot', pollId: POLL, sealed: rec?.sealed });
    expect(again.body).toMatchObject({ ok: true, value: { receipt: rec?.receipt } });
    // Another device of the same delegate (no record) seals a new ballot: refused.
    const second = await castSecret({ ...m.deps(v), records: memoryRecords() }, poll, ['ung-vien-c']);
    expect(second).toMatchObject({ ok: false, error: { code: 'ALREADY_VOTED' } });
    expect(m.voters(POLL)).toBe(voters.length);
  });

  it('closes: the signed box holds every voter hash and as many ballots as the who-voted register', async () => {
    await ok(m, m.chair, { type: 'closePoll', pollId: POLL });
    const closed = m.poll(POLL);
    expect(closed.status).toBe('tallying');
    const late = await castSecret({ ...m.deps('db-005'), records: memoryRecords() }, { ...closed, status: 'open' }, ['ung-vien-a']);
    expect(late).toMatchObject({ ok: false, error: { code: 'POLL_CLOSED' } });
    for (const v of voters) {
      const check = await checkMyBallot(m.deps(v), closed, { whoVoted: m.voters(POLL) });
      expect(check.ok && check.value).toMatchObject({ boxProblems: [], inBox: true, countMatches: true });
    }
    const box = await get<BoxListing>('quan-sat', pathTo(ROUTES.pollBox, { meetingId: MEETING, pollId: POLL }));
    expect(box.body.value?.count).toBe(voters.length);
  });

  it('the counters go in order and once, with the right count; then the lines are published', async () => {
    let poll = m.poll(POLL);
    expect(stageTurn(poll, 'db-002', 0)).toBe('wait');
    // Counter 2 before counter 1: refused, nothing stored.
    const early = await runMyStage(m.deps('db-002'), poll);
    expect(early).toMatchObject({ ok: false });
    expect(await stagesDone(m.deps('db-002'), POLL)).toEqual({ ok: true, value: 0 });
    // Someone else posting counter 1's stage: NOT_COUNTER.
    const box = (await get<BoxListing>('db-010', pathTo(ROUTES.pollBox, { meetingId: MEETING, pollId: POLL }))).body.value;
    expect((await post('db-010', stage(1), { ballots: box?.ballots })).body.error?.code).toBe('NOT_COUNTER');
    expect(stageTurn(poll, 'db-001', 0)).toBe('mine');
    const s1 = await runMyStage(m.deps('db-001'), poll);
    expect(s1).toEqual({ ok: true, value: { stage: 1, count: voters.length, last: false } });
    // A retry of the same stage (a lost answer) gets the same answer; other content under stage 1 is refused.
    expect((await runMyStage(m.deps('db-001'), poll)).ok).toBe(true);
    const mine = (await get<{ ballots: string[] }>('db-001', stage(1))).body.value?.ballots ?? [];
    const other = await post('db-001', stage(1), { ballots: [...mine].reverse() });
    expect(other.body.error?.code).toBe('CONFLICT');
    // Counter 2 drops one ballot: the count is wrong, refused.
    const prev = (await get<{ ballots: string[] }>('db-002', stage(1))).body.value?.ballots ?? [];
    const dropped = await post('db-002', stage(2), { ballots: prev.slice(1) });
    expect(dropped.body.error?.code).toBe('BALLOT_INVALID');
    const unpeeled = await post('db-002', stage(2), { ballots: prev });
    expect(unpeeled.body.error?.code).toBe('BALLOT_INVALID'); // still carries its layer: wrong size
    expect(await runMyStage(m.deps('db-002'), poll)).toMatchObject({ ok: true, value: { stage: 2 } });
    expect(await runMyStage(m.deps('db-003'), poll)).toMatchObject({ ok: true, value: { stage: 3, last: true, count: voters.length } });
    poll = m.poll(POLL);
    expect(poll.status).toBe('counted');
  });

  it('every voter finds their tracker with their choice; the count is what they marked', async () => {
    const poll = m.poll(POLL);
    for (const v of voters) {
      const check = await checkMyBallot(m.deps(v), poll, { whoVoted: m.voters(POLL) });
      if (!check.ok) throw new Error(check.error.message);
      expect(check.value.trackers?.mine).toHaveLength(1);
      expect(ballotCheckHolds(check.value), v).toBe(true);
    }
    // The result as the chair's screen gets it: the state room's results, by a real client.
    const expected: Record<string, number> = {};
    for (const marks of marked.values()) for (const c of marks) expected[c] = (expected[c] ?? 0) + 1;
    const result = await readResult(m);
    expect(result.ballots.collected.count).toBe(voters.length);
    expect(result.ballots.valid).toBe(voters.length);
    expect(Object.fromEntries(result.lines.map((l) => [l.candidate.id, l.votes.count]))).toEqual({ 'ung-vien-a': expected['ung-vien-a'] ?? 0, 'ung-vien-b': expected['ung-vien-b'] ?? 0, 'ung-vien-c': expected['ung-vien-c'] ?? 0 });
  });

  it('the audit log names who voted but keeps only {pollId}; each stage is audited with its counter', () => {
    const entries = (m.live.server.db.prepare('SELECT entry FROM live_audit WHERE meeting_id = ? ORDER BY seq').all(MEETING) as { entry: string }[]).map(
      (r) => JSON.parse(r.entry) as AuditEntry,
    );
    const casts = entries.filter((e) => e.command.type === 'castSealedBallot');
    expect(casts).toHaveLength(voters.length);
    for (const e of casts) expect(e.command).toEqual({ type: 'castSealedBallot', pollId: POLL });
    expect(new Set(casts.map((e) => e.actor?.delegateId))).toEqual(new Set(voters));
    const stages = entries.filter((e) => e.command.type === 'submitTallyStage');
    expect(stages.map((e) => [e.actor?.delegateId, e.command['stage']])).toEqual([
      ['db-001', 1],
      ['db-002', 2],
      ['db-003', 3],
    ]);
    for (const e of stages) expect(Object.keys(e.command).sort()).toEqual(['digest', 'pollId', 'stage', 'type']);
  });

  it('a dropped or a stuffed ballot is seen by the voters checks', async () => {
    const poll = m.poll(POLL);
    const victim = voters[7] ?? '';
    const rec = await myBallot(m.deps(victim), POLL);
    const db = m.live.server.db;
    // A server that drops a ballot (and re-signs a box without it): the victim's hash is missing.
    const row = db.prepare('SELECT sealed FROM poll_box WHERE meeting_id = ? AND poll_id = ? AND ballot_hash = ?').get(MEETING, POLL, rec?.ballotHash) as { sealed: Uint8Array };
    db.prepare('DELETE FROM poll_box WHERE meeting_id = ? AND poll_id = ? AND ballot_hash = ?').run(MEETING, POLL, rec?.ballotHash);
    const afterDrop = await checkMyBallot(m.deps(victim), poll, { whoVoted: m.voters(POLL) });
    expect(afterDrop.ok && afterDrop.value.inBox).toBe(false);
    expect(afterDrop.ok && afterDrop.value.countMatches).toBe(false);
    expect(afterDrop.ok && ballotCheckHolds(afterDrop.value)).toBe(false);
    // A server that stuffs one more ballot: the count no longer equals the who-voted register.
    db.prepare('INSERT INTO poll_box (meeting_id, poll_id, ballot_hash, sealed) VALUES (?, ?, ?, ?)').run(MEETING, POLL, rec?.ballotHash, row.sealed);
    db.prepare('INSERT INTO poll_box (meeting_id, poll_id, ballot_hash, sealed) VALUES (?, ?, ?, ?)').run(MEETING, POLL, 'f'.repeat(64), row.sealed);
    const stuffed = await checkMyBallot(m.deps(voters[0] ?? ''), poll, { whoVoted: m.voters(POLL), ...(lastResult?.box ? { result: lastResult.box } : {}) });
    expect(stuffed.ok && stuffed.value.countMatches).toBe(false);
    expect(stuffed.ok && stuffed.value.matchesResult).toBe(false);
    expect(stuffed.ok && stuffed.value.boxProblems).toContain('hash-mismatch');
    db.prepare('DELETE FROM poll_box WHERE meeting_id = ? AND poll_id = ? AND ballot_hash = ?').run(MEETING, POLL, 'f'.repeat(64));
  });
});

type CountedResult = PollResult & { tally: { kind: 'election'; result: ElectionResult } };
let lastResult: CountedResult | undefined;

async function readResult(meeting: SecretMeeting): Promise<ElectionResult> {
  const client = connect(meeting.live.url(), meetingStateRoom(meeting.meetingId), meeting.chair.token);
  try {
    await waitForSynced(client);
    await waitForDoc('the counted result', client.doc, () => readVotingState(client.doc).results[POLL] !== undefined);
    const r = readVotingState(client.doc).results[POLL];
    // Whose turn it was, for the counters' screens: every counter done, with the ballots each passed on.
    expect(readVotingState(client.doc).progress[POLL]?.entered).toEqual(Object.fromEntries(COUNTERS.map((c) => [c, voters.length])));
    if (r?.tally.kind !== 'election') throw new Error('not an election result');
    lastResult = r as CountedResult;
    expect(r.box?.count).toBe(voters.length);
    expect(r.trackersDigest).toMatch(/^[0-9a-f]{64}$/);
    return r.tally.result;
  } finally {
    client.destroy();
  }
}
