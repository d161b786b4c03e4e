import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_VOTING_SETTINGS, type Poll, type VotingState } from '../../../common/voting/state.ts';
import { myCounterPolls, turnOf } from '../../../renderer/live/chairVoting/counterSecret.ts';
import { loadPaperLog, savePaperLog } from '../../../renderer/live/chairVoting/paperLogStore.ts';

const poll = (over: Partial<Poll>): Poll => ({
  id: 'p1',
  definition: { kind: 'open', question: 'Q', itemId: '1', rule: { kind: 'more-than-half' }, secret: true },
  mode: 'electronic',
  status: 'draft',
  createdAt: 1,
  counters: ['d03', 'd05'],
  counterKeys: {},
  ...over,
});
const state = (polls: Poll[]): VotingState => ({ polls, progress: {}, results: {}, settings: DEFAULT_VOTING_SETTINGS });

describe('the counter’s desk', () => {
  it('lists the secret and paper polls this member counts, until announced or cancelled', () => {
    const polls = [
      poll({ id: 'a' }),
      poll({ id: 'b', status: 'announced' }),
      poll({ id: 'c', status: 'cancelled' }),
      poll({ id: 'd', counters: ['d07'] }),
      poll({ id: 'e', mode: 'paper', definition: { kind: 'open', question: 'Q', itemId: '1', rule: { kind: 'more-than-half' }, secret: false }, status: 'tallying' }),
      // An open by-name electronic poll has no counters' steps even if someone was listed.
      poll({ id: 'f', definition: { kind: 'open', question: 'Q', itemId: '1', rule: { kind: 'more-than-half' }, secret: false } }),
    ];
    expect(myCounterPolls(state(polls), 'd03').map((p) => p.id)).toEqual(['a', 'e']);
    expect(myCounterPolls(state(polls), 'd09')).toEqual([]);
  });

  it('runs the stages in the counters’ order: wait, mine, done', () => {
    const p = poll({ counters: ['d03', 'd05', 'd07'] });
    expect(turnOf(p, 'd03', 0)).toEqual({ kind: 'mine', stage: 1 });
    expect(turnOf(p, 'd05', 0)).toEqual({ kind: 'wait', place: 1 });
    expect(turnOf(p, 'd05', 1)).toEqual({ kind: 'mine', stage: 2 });
    expect(turnOf(p, 'd03', 1)).toEqual({ kind: 'done', stage: 1 });
    expect(turnOf(p, 'd07', 3)).toEqual({ kind: 'done', stage: 3 });
  });
});

describe('the paper entry log on the device', () => {
  const saved = globalThis.localStorage;
  afterEach(() => {
    Object.defineProperty(globalThis, 'localStorage', { value: saved, configurable: true });
  });

  it('is kept per meeting, poll and member; a line on its way is shown as not recorded after a reload', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
    savePaperLog('m1', 'p1', 'd03', [
      { ballotNo: 1, code: '1', choice: 'yes', state: 'saved' },
      { ballotNo: 2, code: '0', choice: null, state: 'sending' },
    ]);
    expect(loadPaperLog('m1', 'p1', 'd03')).toEqual([
      { ballotNo: 1, code: '1', choice: 'yes', state: 'saved' },
      { ballotNo: 2, code: '0', choice: null, state: 'failed' },
    ]);
    expect(loadPaperLog('m1', 'p1', 'd07')).toEqual([]);
    map.set('council.paperLog.m1.p1.d03', '[{"ballotNo":1,"code":"1","choice":{"bad":"x"}}, 7, "junk"]');
    expect(loadPaperLog('m1', 'p1', 'd03')).toEqual([]);
    map.set('council.paperLog.m1.p1.d03', 'not json');
    expect(loadPaperLog('m1', 'p1', 'd03')).toEqual([]);
  });
});
