import { describe, expect, it } from 'vitest';
import { EnterPaperBallot } from '../../../common/voting/commands.ts';
import type { PollDefinition } from '../../../common/voting/choices.ts';
import { addToLog, disagreeingNumbers, entryText, logTotals, markLog, nextBallotNo, parseBallotNo, parseEntry, type LogLine } from '../../../renderer/live/chairVoting/paperEntry.ts';

const OPEN: PollDefinition = { kind: 'open', question: 'Q', itemId: '1', rule: { kind: 'more-than-half' }, secret: false };
const ELECTION: PollDefinition = {
  kind: 'election',
  question: 'Bầu',
  itemId: '5',
  rule: { kind: 'more-than-half' },
  candidates: [
    { id: 'c1', name: 'Giàng Thị Mai' },
    { id: 'c2', name: 'Vàng A Chư' },
    { id: 'c3', name: 'Lường Thị Hoa' },
  ],
  seats: 2,
  secret: true,
};
const CONFIDENCE: PollDefinition = {
  kind: 'confidence',
  question: 'Lấy phiếu tín nhiệm',
  itemId: '6',
  persons: [
    { id: 'a', name: 'A' },
    { id: 'b', name: 'B' },
    { id: 'c', name: 'C' },
  ],
  secret: true,
};
const WORDS = { invalid: 'Phiếu không hợp lệ', none: 'Không đồng ý ai' };

/** Every parsed choice must be one the server's command schema takes. */
const accepted = (def: PollDefinition, code: string) => {
  const r = parseEntry(def, code);
  if (!r.ok) throw new Error(r.problem);
  return EnterPaperBallot.parse({ id: 'c', type: 'enterPaperBallot', pollId: 'p', ballotNo: 1, choice: r.choice }).choice;
};

describe('paper ballot codes', () => {
  it('open vote: 1 tán thành, 2 không tán thành, 3 không biểu quyết, 0 invalid', () => {
    expect(['1', '2', '3', ' 0 '].map((c) => accepted(OPEN, c))).toEqual(['yes', 'no', 'abstain', null]);
    expect(parseEntry(OPEN, '4')).toEqual({ ok: false, problem: 'code' });
    expect(parseEntry(OPEN, '')).toEqual({ ok: false, problem: 'code' });
    expect(parseEntry(OPEN, '12')).toEqual({ ok: false, problem: 'code' });
  });

  it('election: the numbers of the candidates marked, at most K; "-" marks nobody', () => {
    expect(accepted(ELECTION, '1 3')).toEqual(['c1', 'c3']);
    expect(accepted(ELECTION, '2,1')).toEqual(['c2', 'c1']);
    expect(accepted(ELECTION, '-')).toEqual([]);
    expect(accepted(ELECTION, '0')).toBeNull();
    expect(parseEntry(ELECTION, '1 2 3')).toEqual({ ok: false, problem: 'tooManyMarks' });
    expect(parseEntry(ELECTION, '1 1')).toEqual({ ok: false, problem: 'duplicateMark' });
    expect(parseEntry(ELECTION, '4')).toEqual({ ok: false, problem: 'code' });
    expect(parseEntry(ELECTION, 'a')).toEqual({ ok: false, problem: 'code' });
  });

  it('confidence: one digit per person, in order', () => {
    expect(accepted(CONFIDENCE, '132')).toEqual({ a: 'high', b: 'low', c: 'medium' });
    expect(accepted(CONFIDENCE, '1 3 2')).toEqual({ a: 'high', b: 'low', c: 'medium' });
    expect(parseEntry(CONFIDENCE, '13')).toEqual({ ok: false, problem: 'personCount' });
    expect(parseEntry(CONFIDENCE, '142')).toEqual({ ok: false, problem: 'code' });
  });

  it('reads ballot numbers from 1 to 10,000 only', () => {
    expect(parseBallotNo(' 17 ')).toBe(17);
    expect(parseBallotNo('0')).toBeUndefined();
    expect(parseBallotNo('10001')).toBeUndefined();
    expect(parseBallotNo('1.5')).toBeUndefined();
  });

  it('says what a ballot reads, for the log', () => {
    expect(entryText('vi', OPEN, 'tan-thanh', 'no', WORDS)).toBe('Không tán thành');
    expect(entryText('vi', OPEN, 'dong-y', 'abstain', WORDS)).toBe('Phiếu trắng');
    expect(entryText('vi', ELECTION, 'tan-thanh', ['c3', 'c1'], WORDS)).toBe('Giàng Thị Mai, Lường Thị Hoa');
    expect(entryText('vi', ELECTION, 'tan-thanh', [], WORDS)).toBe('Không đồng ý ai');
    expect(entryText('vi', CONFIDENCE, 'tan-thanh', { a: 'high', b: 'low', c: 'medium' }, WORDS)).toBe('A: Tín nhiệm cao · B: Tín nhiệm thấp · C: Tín nhiệm');
    expect(entryText('vi', OPEN, 'tan-thanh', null, WORDS)).toBe('Phiếu không hợp lệ');
  });
});

describe('the entry log', () => {
  const line = (ballotNo: number, code = '1'): LogLine => ({ ballotNo, code, choice: 'yes', state: 'sending' });

  it('keeps typing order; a number entered again replaces the line and is marked', () => {
    let log = addToLog([], line(1));
    log = addToLog(log, line(2));
    log = addToLog(log, line(1, '2'));
    expect(log.map((l) => [l.ballotNo, l.code, l.replaced ?? false])).toEqual([
      [2, '1', false],
      [1, '2', true],
    ]);
    expect(nextBallotNo(log)).toBe(3);
    expect(nextBallotNo([])).toBe(1);
  });

  it('counts what was entered, invalid, and what the server recorded', () => {
    let log = [line(1), { ...line(2), choice: null }, line(3)];
    log = markLog(markLog(log, 1, 'saved'), 2, 'saved');
    expect(logTotals(log)).toEqual({ entered: 3, invalid: 1, saved: 2 });
  });

  it('lists the disagreeing ballots the server names, sorted, without junk', () => {
    expect(disagreeingNumbers(['17', '3', 'x', '3', '0'])).toEqual([3, 17]);
    expect(disagreeingNumbers(undefined)).toEqual([]);
  });
});
