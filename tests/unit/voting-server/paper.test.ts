// The counting aid for paper ballots over real HTTP: two counters enter the same ballots independently; a
// difference is listed by ballot number and refused with ENTRIES_DISAGREE; once corrected, the agreed entries
// give the result (status counted).
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '../live/liveHarness.ts';
import type { TestMember } from '../live/liveHarness.ts';
import type { PollDefinitionInput } from '../../../common/voting/choices.ts';
import { auditLines, errorCode, okValue, pollIn, stateClient, votingOf, votingWorld, waitForPoll, type VotingWorld } from './votingHarness.ts';

let world: VotingWorld | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await world?.live.stop();
  world = undefined;
});

const election: PollDefinitionInput = {
  kind: 'election',
  itemId: '5',
  question: 'Bầu Phó Chủ tịch Hội đồng nhân dân tỉnh',
  seats: 1,
  candidates: [
    { id: 'ung-vien-a', name: 'Nguyễn Văn An' },
    { id: 'ung-vien-b', name: 'Trần Thị Bình' },
  ],
};

/** Ballots 1–7: 5 for A, 1 for B, 1 invalid (null). */
const BALLOTS: readonly (readonly string[] | null)[] = [['ung-vien-a'], ['ung-vien-a'], ['ung-vien-b'], ['ung-vien-a'], null, ['ung-vien-a'], ['ung-vien-a']];

async function enterAll(w: VotingWorld, counter: TestMember, ballots: readonly (readonly string[] | null)[]): Promise<void> {
  for (const [i, choice] of ballots.entries()) okValue(await w.cmd(counter, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: i + 1, choice: choice === null ? null : [...choice] }));
}

describe('paper ballots', () => {
  it('two agreeing entries give the result; a disagreement lists the ballot numbers until corrected', async () => {
    const w = (world = await votingWorld(8));
    const [c1, c2, c3] = w.delegates as [TestMember, TestMember, TestMember];
    const hall = await stateClient(w.live, w.observer);
    clients.push(hall);
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'bp', definition: election, mode: 'paper', counters: [c1.delegateId, c2.delegateId] }));
    okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'bp' }));
    expect(errorCode(await w.cmd(c3, { type: 'castBallot', pollId: 'bp', choice: ['ung-vien-a'] }))).toBe('BALLOT_INVALID');
    expect(errorCode(await w.cmd(c1, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 1, choice: ['ung-vien-a'] }))).toBe('POLL_STATE');
    okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'bp' }));
    await waitForPoll(hall, 'bp', (p) => p.status === 'tallying');
    expect(errorCode(await w.cmd(c3, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 1, choice: ['ung-vien-a'] }))).toBe('NOT_COUNTER');
    expect(errorCode(await w.cmd(w.secretary, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 1, choice: null }))).toBe('NOT_COUNTER');
    expect(errorCode(await w.cmd(c1, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 1, choice: ['ung-vien-z'] }))).toBe('BALLOT_INVALID');
    expect(errorCode(await w.cmd(c1, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 1, choice: ['ung-vien-a', 'ung-vien-b'] }))).toBe('BALLOT_INVALID');

    await enterAll(w, c1, BALLOTS);
    // Counter 2 misreads ballot 3 and skips ballot 7.
    await enterAll(w, c2, BALLOTS.slice(0, 6).map((b, i) => (i === 2 ? ['ung-vien-a'] : b)));
    expect(okValue(await w.cmd(c1, { type: 'finishPaperEntry', pollId: 'bp', issued: 9 }))['counted']).toBe(false);
    const disagree = await w.cmd(c2, { type: 'finishPaperEntry', pollId: 'bp', issued: 9 });
    expect(errorCode(disagree)).toBe('ENTRIES_DISAGREE');
    expect(disagree.body.ok ? [] : disagree.body.error.details).toEqual(['3', '7']);
    expect(Object.keys(disagree.body)).toEqual(['ok', 'error']);
    await waitForPoll(hall, 'bp', (_p, v) => v.progress['bp']?.disagreements?.join() === '3,7', 'disagreements 3,7');
    expect(votingOf(hall).progress['bp']?.entered).toEqual({ [c1.delegateId]: 7, [c2.delegateId]: 6 });
    expect(pollIn(hall, 'bp')?.status).toBe('tallying');
    // The disagreement is in the audit log with who finished.
    const finished = auditLines(w.live.server).filter((l) => l.command.type === 'finishPaperEntry');
    expect(finished.map((l) => [l.actor?.delegateId, l.command['disagreements']])).toEqual([[c1.delegateId, undefined], [c2.delegateId, [3, 7]]]);

    okValue(await w.cmd(c2, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 3, choice: ['ung-vien-b'] }));
    okValue(await w.cmd(c2, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 7, choice: ['ung-vien-a'] }));
    expect(okValue(await w.cmd(c2, { type: 'finishPaperEntry', pollId: 'bp', issued: 9 }))['counted']).toBe(true);
    await waitForPoll(hall, 'bp', (p) => p.status === 'counted');
    const result = votingOf(hall).results['bp'];
    expect(result?.agreedBy).toEqual([c1.delegateId, c2.delegateId].sort());
    if (result?.tally.kind !== 'election') throw new Error('no election result');
    const r = result.tally.result;
    expect([r.ballots.issued, r.ballots.collected.count, r.ballots.valid, r.ballots.invalid]).toEqual([9, 7, 6, 1]);
    // N = 9 seats; A has 5 of 9: 2·5 > 9, elected.
    expect(r.elected).toEqual(['ung-vien-a']);
    expect(r.lines.map((l) => l.votes.count)).toEqual([5, 1]);
    expect(votingOf(hall).progress['bp']?.disagreements).toBeUndefined();
    expect(errorCode(await w.cmd(c1, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 8, choice: null }))).toBe('POLL_STATE');
    okValue(await w.cmd(w.chair, { type: 'announcePoll', pollId: 'bp' }));
  });

  it('an open motion on paper: re-entering a number replaces it; a third counter may settle it', async () => {
    const w = (world = await votingWorld(5));
    const [c1, c2, c3] = w.delegates as [TestMember, TestMember, TestMember];
    okValue(await w.cmd(w.chair, { type: 'createPoll', pollId: 'bp', definition: { kind: 'open', itemId: '3', question: 'Thông qua chương trình giám sát năm 2027' }, mode: 'paper', counters: [c1.delegateId, c2.delegateId, c3.delegateId] }));
    okValue(await w.cmd(w.chair, { type: 'openPoll', pollId: 'bp' }));
    okValue(await w.cmd(w.chair, { type: 'closePoll', pollId: 'bp' }));
    const open = ['yes', 'yes', 'no', 'yes'] as const;
    for (const [i, c] of open.entries()) {
      okValue(await w.cmd(c1, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: i + 1, choice: c }));
      okValue(await w.cmd(c2, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: i + 1, choice: i === 0 ? 'no' : c }));
      okValue(await w.cmd(c3, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: i + 1, choice: c }));
    }
    expect(errorCode(await w.cmd(c1, { type: 'enterPaperBallot', pollId: 'bp', ballotNo: 2, choice: ['x'] }))).toBe('BALLOT_INVALID');
    okValue(await w.cmd(c1, { type: 'finishPaperEntry', pollId: 'bp', issued: 6 }));
    expect(errorCode(await w.cmd(c2, { type: 'finishPaperEntry', pollId: 'bp', issued: 6 }))).toBe('ENTRIES_DISAGREE');
    expect(okValue(await w.cmd(c3, { type: 'finishPaperEntry', pollId: 'bp', issued: 6 }))['counted']).toBe(true);
    const hall = await stateClient(w.live, w.observer);
    clients.push(hall);
    await waitForPoll(hall, 'bp', (p) => p.status === 'counted');
    const result = votingOf(hall).results['bp'];
    expect(result?.agreedBy).toEqual([c1.delegateId, c3.delegateId].sort());
    if (result?.tally.kind !== 'open') throw new Error('no open result');
    // N = 6 (chair + 5): 3 yes, 2·3 = 6 is not more than half.
    expect([result.tally.result.counts.yes.count, result.tally.result.counts.no.count, result.tally.result.passed]).toEqual([3, 1, false]);
  });
});
