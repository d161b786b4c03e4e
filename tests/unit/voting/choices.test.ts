// Poll definitions and ballots as zod schemas: defaults per kind, what is refused, and that every label,
// level, verdict and problem has its Vietnamese and English text.
import { describe, expect, it } from 'vitest';
import {
  CONFIDENCE_LEVELS,
  LABEL_SETS,
  OPEN_CHOICES,
  VERDICTS,
  VOTING_PROBLEM_CODES,
  confidenceLevelLabel,
  electionMarkLabel,
  ELECTION_MARKS,
  openChoiceLabel,
  ruleText,
  verdictText,
  votingProblemText,
  type VotingProblem,
  type VotingProblemCode,
  type VotingProblemParams,
} from '../../../common/i18n/voting.ts';
import {
  confidenceBallotSchema,
  electionBallotSchema,
  mayChangeVote,
  OpenBallotSchema,
  PollDefinitionSchema,
  ruleOf,
  thresholdOfPoll,
  VotingSettingsSchema,
  labelsOf,
  type ElectionPoll,
  type OpenPoll,
} from '../../../common/voting/choices.ts';

const base = { question: 'Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027', itemId: 'item-3' };
const CANDIDATES = [
  { id: 'a', name: 'Lò Văn Thắng' },
  { id: 'b', name: 'Giàng Thị Mai' },
  { id: 'c', name: 'Vàng A Chư' },
];

describe('poll definitions', () => {
  it('fills the defaults: an open vote is by name, quá nửa tổng số; elections and confidence votes are secret', () => {
    const open = PollDefinitionSchema.parse({ ...base, kind: 'open' });
    expect(open).toEqual({ ...base, kind: 'open', rule: { kind: 'more-than-half' }, secret: false });
    expect(thresholdOfPoll(open)).toEqual({ numerator: 1, denominator: 2, strict: true, of: 'total' });
    const election = PollDefinitionSchema.parse({ ...base, kind: 'election', candidates: CANDIDATES, seats: 2, countdownSec: 300 });
    expect(election).toMatchObject({ secret: true, rule: { kind: 'more-than-half' }, countdownSec: 300 });
    const confidence = PollDefinitionSchema.parse({ ...base, kind: 'confidence', persons: [{ id: 'p1', name: 'Nguyễn Văn An', position: 'Chủ tịch' }] });
    expect(confidence.secret).toBe(true);
    expect(ruleOf(confidence)).toBeUndefined();
    expect(thresholdOfPoll(confidence)).toBeUndefined();
  });

  it('takes a dismissal (bãi nhiệm) as a secret open vote by two thirds, with its own base', () => {
    const p = PollDefinitionSchema.parse({ ...base, kind: 'open', rule: { kind: 'two-thirds' }, secret: true, base: 48, labels: 'dong-y' });
    expect(p).toMatchObject({ rule: { kind: 'two-thirds' }, secret: true, base: 48, labels: 'dong-y' });
    const settings = VotingSettingsSchema.parse({ labels: 'tan-thanh' });
    expect(labelsOf(p as OpenPoll, settings)).toBe('dong-y');
    expect(labelsOf(PollDefinitionSchema.parse({ ...base, kind: 'open' }) as OpenPoll, settings)).toBe('tan-thanh');
  });

  it('refuses what cannot be held', () => {
    const refused = [
      { ...base, kind: 'open', question: '   ' },
      { ...base, kind: 'open', itemId: '' },
      { ...base, kind: 'open', base: 0 },
      { ...base, kind: 'open', countdownSec: 0 },
      { ...base, kind: 'open', extra: 1 },
      { ...base, kind: 'open', labels: 'yes-no' },
      { ...base, kind: 'open', rule: { kind: 'fraction', numerator: 1, denominator: 1, strict: true } },
      { ...base, kind: 'open', rule: { kind: 'fraction', numerator: 3, denominator: 2 } },
      { ...base, kind: 'open', rule: { kind: 'fraction', numerator: 0, denominator: 2 } },
      { ...base, kind: 'election', candidates: CANDIDATES, seats: 4 },
      { ...base, kind: 'election', candidates: CANDIDATES, seats: 1, secret: false },
      { ...base, kind: 'election', candidates: [...CANDIDATES, CANDIDATES[0]], seats: 1 },
      { ...base, kind: 'election', candidates: [], seats: 1 },
      { ...base, kind: 'confidence', persons: [{ id: 'p1', name: 'A' }], rule: { kind: 'more-than-half' } },
      { ...base, kind: 'confidence', persons: [{ id: 'p 1', name: 'A' }] },
      { ...base, kind: 'referendum' },
    ];
    for (const def of refused) expect(PollDefinitionSchema.safeParse(def).success, JSON.stringify(def)).toBe(false);
    expect(PollDefinitionSchema.safeParse({ ...base, kind: 'open', rule: { kind: 'fraction', numerator: 3, denominator: 4, strict: true, of: 'collected' } }).success).toBe(true);
  });
});

describe('ballots', () => {
  it('an open ballot is one of the three choices', () => {
    expect(OPEN_CHOICES.map((c) => OpenBallotSchema.parse(c))).toEqual(['yes', 'no', 'abstain']);
    expect(OpenBallotSchema.safeParse('maybe').success).toBe(false);
  });

  it('an election ballot marks at most K candidates, each once', () => {
    const def = PollDefinitionSchema.parse({ ...base, kind: 'election', candidates: CANDIDATES, seats: 2 }) as ElectionPoll;
    const ballot = electionBallotSchema(def);
    expect(ballot.safeParse([]).success).toBe(true);
    expect(ballot.safeParse(['a', 'c']).success).toBe(true);
    expect(ballot.safeParse(['a', 'b', 'c']).success).toBe(false);
    expect(ballot.safeParse(['a', 'a']).success).toBe(false);
    expect(ballot.safeParse(['z']).success).toBe(false);
  });

  it('a confidence ballot gives one of three levels to every person', () => {
    const ballot = confidenceBallotSchema({ persons: [{ id: 'p1', name: 'A' }, { id: 'p2', name: 'B' }] });
    expect(ballot.parse({ p1: 'high', p2: 'low' })).toEqual({ p1: 'high', p2: 'low' });
    expect(ballot.safeParse({ p1: 'high' }).success).toBe(false);
    expect(ballot.safeParse({ p1: 'high', p2: 'none' }).success).toBe(false);
    expect(ballot.safeParse({ p1: 'high', p2: 'low', p3: 'low' }).success).toBe(false);
  });

  it('a cast vote is final unless the meeting allows changes, and never in a secret poll', () => {
    const open = PollDefinitionSchema.parse({ ...base, kind: 'open' });
    const secret = PollDefinitionSchema.parse({ ...base, kind: 'open', secret: true });
    const settings = VotingSettingsSchema.parse({});
    expect(settings).toEqual({ labels: 'tan-thanh', changeUntilClose: false });
    expect(mayChangeVote(open, settings)).toBe(false);
    expect(mayChangeVote(open, { ...settings, changeUntilClose: true })).toBe(true);
    expect(mayChangeVote(secret, { ...settings, changeUntilClose: true })).toBe(false);
  });
});

const PROBLEM_SAMPLES: { readonly [C in VotingProblemCode]: VotingProblemParams[C] } = {
  BASE_INVALID: { base: 0 },
  COUNT_NOT_WHOLE: { what: 'yes', value: -1 },
  COUNTS_OVER_BASE: { counted: 51, base: 50 },
  BALLOTS_INCONSISTENT: { issued: 40, collected: 45, valid: 40 },
  COLLECTED_OVER_BASE: { collected: 51, base: 50 },
  VOTES_OVER_VALID: { candidate: 'a', votes: 47, valid: 46 },
  MARKS_OVER_SEATS: { marks: 93, most: 92 },
  CANDIDATE_UNKNOWN: { candidate: 'z' },
  SEATS_INVALID: { seats: 5, candidates: 4 },
  LEVELS_NOT_VALID: { sum: 48, valid: 47 },
  FRACTION_TERMS: {},
  FRACTION_OVER_ONE: {},
  FRACTION_UNREACHABLE: {},
};

describe('the voting texts', () => {
  const distinct = (vi: string, en: string, what: string) => {
    expect(vi.trim(), what).not.toBe('');
    expect(en.trim(), what).not.toBe('');
    expect(vi, what).not.toBe(en);
    expect(`${vi} ${en}`, what).not.toMatch(/undefined|\[object|NaN/);
  };

  it('has Vietnamese and English for every label, level, mark, verdict and problem', () => {
    for (const set of LABEL_SETS) for (const c of OPEN_CHOICES) distinct(openChoiceLabel('vi', set, c), openChoiceLabel('en', set, c), `${set}.${c}`);
    expect(OPEN_CHOICES.map((c) => openChoiceLabel('vi', 'tan-thanh', c))).toEqual(['Tán thành', 'Không tán thành', 'Không biểu quyết']);
    expect(OPEN_CHOICES.map((c) => openChoiceLabel('vi', 'dong-y', c))).toEqual(['Đồng ý', 'Không đồng ý', 'Phiếu trắng']);
    expect(CONFIDENCE_LEVELS.map((l) => confidenceLevelLabel('vi', l))).toEqual(['Tín nhiệm cao', 'Tín nhiệm', 'Tín nhiệm thấp']);
    for (const m of ELECTION_MARKS) distinct(electionMarkLabel('vi', m), electionMarkLabel('en', m), m);
    for (const v of VERDICTS) distinct(verdictText('vi', v), verdictText('en', v), v);
    expect(Object.keys(PROBLEM_SAMPLES).sort()).toEqual([...VOTING_PROBLEM_CODES].sort());
    for (const code of VOTING_PROBLEM_CODES) {
      const p = { code, params: PROBLEM_SAMPLES[code] } as VotingProblem;
      distinct(votingProblemText('vi', p), votingProblemText('en', p), code);
    }
  });

  it('names the rules as the law does', () => {
    expect(ruleText('vi', { numerator: 1, denominator: 2, strict: true, of: 'total' })).toBe('quá nửa tổng số đại biểu');
    expect(ruleText('vi', { numerator: 2, denominator: 3, strict: false, of: 'total' })).toBe('ít nhất hai phần ba tổng số đại biểu');
    expect(ruleText('vi', { numerator: 1, denominator: 2, strict: true, of: 'collected' })).toBe('quá nửa số phiếu thu về');
    expect(ruleText('vi', { numerator: 3, denominator: 4, strict: false, of: 'total' })).toBe('ít nhất 3/4 tổng số đại biểu');
    expect(ruleText('en', { numerator: 3, denominator: 4, strict: true, of: 'collected' })).toBe('more than 3/4 of the ballots collected');
  });
});
