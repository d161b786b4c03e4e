import { describe, expect, it } from 'vitest';
import { tallyOpen } from '../../../common/voting/tally.ts';
import type { Poll, PollProgress, PollResult, VotingState } from '../../../common/voting/state.ts';
import { DEFAULT_VOTING_SETTINGS } from '../../../common/voting/state.ts';
import { actionsFor, activePoll, badgeOf, missingKeys, newestProgress, notVotedOf, pastPolls, progressOf, wordingOf, type ChairContext } from '../../../renderer/live/chairVoting/pollView.ts';
import { visibleWindow, VOTER_ROW_PX } from '../../../renderer/live/chairVoting/virtualList.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${String(i + 1).padStart(4, '0')}`);

function poll(over: Partial<Poll> = {}): Poll {
  return {
    id: 'p1',
    definition: { kind: 'open', question: 'Thông qua Nghị quyết', itemId: '2.4', rule: { kind: 'more-than-half' }, secret: false },
    mode: 'electronic',
    status: 'draft',
    createdAt: 1,
    counters: [],
    counterKeys: {},
    ...over,
  };
}

const frozen = (eligible: readonly string[], base = 30) => ({
  openedAt: 1,
  base,
  eligible,
  present: eligible.length,
  quorum: { numerator: 2, denominator: 3 },
  labels: 'tan-thanh' as const,
  changeUntilClose: false,
});

const CTX: ChairContext = { online: true, quorumReached: true, openPollId: undefined };
const state = (polls: Poll[]): VotingState => ({ polls, progress: {}, results: {}, settings: DEFAULT_VOTING_SETTINGS });

describe('the chair’s actions', () => {
  it('offers open and cancel on a draft; says why open is not possible', () => {
    expect(actionsFor(poll(), CTX)).toEqual([
      { action: 'open', enabled: true },
      { action: 'cancel', enabled: true },
    ]);
    expect(actionsFor(poll(), { ...CTX, quorumReached: false })[0]).toEqual({ action: 'open', enabled: false, reason: 'noQuorum' });
    expect(actionsFor(poll(), { ...CTX, openPollId: 'other' })[0]).toEqual({ action: 'open', enabled: false, reason: 'anotherOpen' });
    expect(actionsFor(poll(), { ...CTX, online: false }).every((a) => !a.enabled && a.reason === 'offline')).toBe(true);
  });

  it('keeps a secret poll closed until every counter’s key is in, naming who is missing', () => {
    const p = poll({ definition: { ...poll().definition, secret: true } as Poll['definition'], counters: ['d03', 'd04'], counterKeys: { d03: 'k' } });
    expect(missingKeys(p)).toEqual(['d04']);
    expect(actionsFor(p, CTX)[0]).toEqual({ action: 'open', enabled: false, reason: 'keysMissing' });
    expect(actionsFor({ ...p, counterKeys: { d03: 'k', d04: 'k' } }, CTX)[0]?.enabled).toBe(true);
    // Paper polls need no keys.
    expect(missingKeys({ ...p, mode: 'paper' })).toEqual([]);
  });

  it('follows the lifecycle: close while open, announce once counted, re-vote after', () => {
    expect(actionsFor(poll({ status: 'open' }), { ...CTX, openPollId: 'p1' }).map((a) => [a.action, a.enabled])).toEqual([
      ['close', true],
      ['cancel', true],
    ]);
    expect(actionsFor(poll({ status: 'tallying' }), CTX)).toEqual([
      { action: 'announce', enabled: false, reason: 'notCounted' },
      { action: 'cancel', enabled: true },
    ]);
    expect(actionsFor(poll({ status: 'counted' }), CTX).map((a) => [a.action, a.enabled])).toEqual([
      ['announce', true],
      ['revote', true],
    ]);
    expect(actionsFor(poll({ status: 'announced' }), { ...CTX, openPollId: 'p2' })).toEqual([{ action: 'revote', enabled: false, reason: 'anotherOpen' }]);
    expect(actionsFor(poll({ status: 'cancelled' }), CTX)).toEqual([{ action: 'revote', enabled: true }]);
  });

  it('works on the open poll first, else the newest unfinished; the rest are listed newest first', () => {
    const a = poll({ id: 'a', status: 'announced', createdAt: 1 });
    const b = poll({ id: 'b', status: 'draft', createdAt: 2 });
    const c = poll({ id: 'c', status: 'open', createdAt: 3 });
    expect(activePoll(state([a, b, c]))?.id).toBe('c');
    expect(activePoll(state([a, b]))?.id).toBe('b');
    expect(activePoll(state([a]))).toBeUndefined();
    expect(pastPolls(state([a, b, c]), c).map((p) => p.id)).toEqual(['b', 'a']);
  });
});

describe('progress', () => {
  it('keeps the newest version per poll: a late lower count never replaces a higher one', () => {
    const v3: PollProgress = { version: 3, cast: 12 };
    const v2: PollProgress = { version: 2, cast: 9 };
    const kept = newestProgress({}, { p1: v3 });
    expect(newestProgress(kept, { p1: v2 })).toBe(kept);
    expect(newestProgress(kept, { p1: v3 })).toBe(kept);
    expect(newestProgress(kept, { p1: { version: 4, cast: 13 }, p2: v2 })).toEqual({ p1: { version: 4, cast: 13 }, p2: v2 });
  });

  it('shows x / N with N frozen at open and the eligible count', () => {
    const p = poll({ status: 'open', frozen: frozen(ids(22), 30) });
    expect(progressOf(p, { version: 5, cast: 7 })).toEqual({ cast: 7, eligible: 22, base: 30, version: 5 });
    expect(progressOf(poll(), undefined)).toBeUndefined();
  });

  it('lists who has not voted, in the frozen order, for open by-name polls only', () => {
    const p = poll({ status: 'open', frozen: frozen(['d1', 'd2', 'd3', 'd4']) });
    expect(notVotedOf(p, { version: 1, cast: 2, voted: ['d1', 'd3'] })).toEqual(['d2', 'd4']);
    expect(notVotedOf(p, undefined)).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(notVotedOf({ ...p, definition: { ...p.definition, secret: true } as Poll['definition'] }, { version: 1, cast: 2 })).toBeUndefined();
    expect(notVotedOf({ ...p, mode: 'paper' }, undefined)).toBeUndefined();
  });

  it('stays linear with 2,000 members (one Set per update, not a scan per row)', () => {
    const all = ids(2000);
    const p = poll({ status: 'open', frozen: frozen(all, 2000) });
    const voted = all.filter((_, i) => i % 3 === 0);
    const rest = notVotedOf(p, { version: 9, cast: voted.length, voted });
    expect(rest).toHaveLength(2000 - voted.length);
    expect(rest?.[0]).toBe('d0002');
  });
});

describe('the virtualised list window', () => {
  it('renders only the rows in view and a few either side', () => {
    expect(visibleWindow(0, 360, 2000)).toEqual({ first: 0, last: 16 });
    const mid = visibleWindow(1000 * VOTER_ROW_PX, 360, 2000);
    expect(mid.first).toBe(994);
    expect(mid.last - mid.first).toBeLessThanOrEqual(24);
    expect(visibleWindow(1999 * VOTER_ROW_PX, 360, 2000).last).toBe(2000);
    expect(visibleWindow(0, 360, 0)).toEqual({ first: 0, last: 0 });
    expect(visibleWindow(99999, 360, 3)).toEqual({ first: 0, last: 3 });
  });
});

describe('results', () => {
  const tally = (yes: number, no: number, abstain: number): PollResult => {
    const r = tallyOpen({ n: 30, rule: { kind: 'more-than-half' }, counts: { yes, no, abstain } });
    if (!r.ok) throw new Error(r.error.message);
    return { pollId: 'p1', tally: { kind: 'open', result: r.value }, countedAt: 1 };
  };

  it('words an open result as the National Assembly does, with the Thông qua badge', () => {
    const passed = tally(16, 3, 1);
    const w = wordingOf(passed.tally, 'vi');
    expect(w.lines[0]).toBe(
      'Có 20 đại biểu tham gia biểu quyết (bằng 66,67% tổng số đại biểu); trong đó, có 16 đại biểu tán thành (bằng 53,33% tổng số đại biểu), có 3 đại biểu không tán thành (bằng 10,00%), có 1 đại biểu không biểu quyết (bằng 3,33%). → Thông qua',
    );
    expect(w.rule).toBe('Điều kiện: quá nửa tổng số đại biểu (ít nhất 16/30)');
    expect(badgeOf(passed)).toBe('passed');
    // 15 of 30 is exactly half: not more than half.
    expect(badgeOf(tally(15, 5, 0))).toBe('failed');
    expect(badgeOf(undefined)).toBeUndefined();
  });
});
