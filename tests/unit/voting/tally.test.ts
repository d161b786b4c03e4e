// Tallies: exact shares and percentages rounded half up from integers, pass/fail by the rule, who is elected
// (ties left to a new round), confidence outcomes, and the announced wording, string for string.
import { describe, expect, it } from 'vitest';
import { formatHundredths } from '../../../common/i18n/voting.ts';
import type { Result } from '../../../common/result.ts';
import {
  hundredthsOf,
  resultWording,
  resultWordingParts,
  share,
  tallyConfidence,
  tallyElection,
  tallyOpen,
  type Candidate,
  type ElectionTallyInput,
  type OpenTallyInput,
} from '../../../common/voting/tally.ts';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected a result, got ${r.error.message}`);
  return r.value;
}
function problemOf<T>(r: Result<T>): string | undefined {
  return r.ok ? undefined : r.error.details?.[0];
}

/** round(10000·c/b) half up, by long division written out apart from hundredthsOf. */
function byLongDivision(c: number, b: number): number {
  const q = Math.trunc((10_000 * c) / b);
  const rem = 10_000 * c - q * b;
  return 2 * rem >= b ? q + 1 : q;
}

describe('percentages: 2 decimals, round half up, from integers', () => {
  const table: readonly (readonly [c: number, b: number, vi: string, en: string])[] = [
    [2, 3, '66,67%', '66.67%'],
    [1, 3, '33,33%', '33.33%'],
    [1, 8, '12,50%', '12.50%'],
    [1, 32, '3,13%', '3.13%'], // 3.125 exactly: the half goes up
    [1, 160, '0,63%', '0.63%'], // 0.625
    [25, 30, '83,33%', '83.33%'],
    [34, 50, '68,00%', '68.00%'],
    [57, 85, '67,06%', '67.06%'],
    [448, 473, '94,71%', '94.71%'],
    [437, 473, '92,39%', '92.39%'],
    [3, 473, '0,63%', '0.63%'],
    [8, 473, '1,69%', '1.69%'],
    [0, 15, '0,00%', '0.00%'],
    [15, 15, '100,00%', '100.00%'],
  ];
  it.each(table)('%i/%i → %s', (c, b, vi, en) => {
    const s = share(c, b, 'total');
    expect(s.percent).toEqual({ vi, en });
    expect(s.display.vi).toBe(`${vi} tổng số đại biểu (${b})`);
    expect(s.display.en).toBe(`${en} of all delegates (${b})`);
  });

  it('keeps the exact share as a ratio in lowest terms', () => {
    expect(share(20, 30, 'total').ratio).toEqual({ numerator: 2, denominator: 3 });
    expect(share(0, 50, 'total').ratio).toEqual({ numerator: 0, denominator: 1 });
    expect(share(0, 0, 'collected')).toMatchObject({ ratio: { numerator: 0, denominator: 1 }, hundredths: 0 });
    expect(share(473, 473, 'total').ratio).toEqual({ numerator: 1, denominator: 1 });
  });

  it('agrees with long division for every count of every base to 600', () => {
    let checked = 0;
    for (let b = 1; b <= 600; b++) {
      for (let c = 0; c <= b; c++) {
        const h = hundredthsOf(c, b);
        if (h !== byLongDivision(c, b)) expect({ c, b, h }).toEqual({ c, b, h: byLongDivision(c, b) });
        checked++;
      }
    }
    expect(checked).toBe(180_900);
    expect(formatHundredths('vi', 123_456)).toBe('1.234,56%');
  });
});

const open = (n: number, yes: number, no: number, abstain: number, rest: Partial<OpenTallyInput> = {}) =>
  tallyOpen({ n, rule: { kind: 'more-than-half' }, counts: { yes, no, abstain }, ...rest });

describe('open votes', () => {
  it('passes with more than half of N, not of those voting', () => {
    const r = value(open(50, 25, 0, 0));
    expect(r.passed).toBe(false); // 25 of 25 voting, but 2·25 = 50
    expect(r.required).toBe(26);
    expect(value(open(50, 26, 20, 4)).passed).toBe(true);
    expect(value(open(15, 8, 0, 0)).passed).toBe(true);
    expect(value(open(15, 7, 0, 0)).passed).toBe(false);
    expect(value(open(473, 237, 0, 0)).passed).toBe(true);
    expect(value(open(473, 236, 237, 0)).passed).toBe(false);
  });

  it('a tie between for and against does not pass', () => {
    const r = value(open(30, 15, 15, 0));
    expect(r.passed).toBe(false);
    expect(r.participated.count).toBe(30);
    expect(r.notParticipating).toBe(0);
  });

  it('two thirds: 30 → 20 passes, 19 fails; 50 → 34 / 33; 85 → 57 / 56', () => {
    const two = { rule: { kind: 'two-thirds' } as const };
    for (const [n, pass] of [
      [30, 20],
      [50, 34],
      [85, 57],
      [15, 10],
      [473, 316],
    ] as const) {
      expect(value(open(n, pass, 0, 0, two)).passed, `N = ${n}`).toBe(true);
      expect(value(open(n, pass - 1, 0, 0, two)).passed, `N = ${n}`).toBe(false);
      expect(value(open(n, pass, 0, 0, two)).required).toBe(pass);
    }
  });

  it('counts "Không biểu quyết" as taking part, and nobody who pressed nothing', () => {
    const r = value(open(50, 30, 5, 10));
    expect(r.participated).toMatchObject({ count: 45, base: 50, hundredths: 9000 });
    expect(r.notParticipating).toBe(5);
    expect(r.counts.abstain.percent.vi).toBe('20,00%');
  });

  it('over those who took part when the rule says so', () => {
    const r = value(open(50, 21, 19, 0, { rule: { kind: 'more-than-half-collected' } }));
    expect(r.decisive).toMatchObject({ count: 21, base: 40, of: 'collected' });
    expect(r.passed).toBe(true);
    expect(value(open(50, 20, 20, 0, { rule: { kind: 'more-than-half-collected' } })).passed).toBe(false);
  });

  it('refuses counts that cannot be', () => {
    expect(problemOf(open(50, 30, 20, 1))).toBe('COUNTS_OVER_BASE');
    expect(problemOf(open(50, -1, 0, 0))).toBe('COUNT_NOT_WHOLE');
    expect(problemOf(open(50, 2.5, 0, 0))).toBe('COUNT_NOT_WHOLE');
    expect(problemOf(open(0, 0, 0, 0))).toBe('BASE_INVALID');
    expect(problemOf(open(50, 1, 0, 0, { rule: { kind: 'fraction', numerator: 1, denominator: 1, strict: true } }))).toBe('FRACTION_UNREACHABLE');
    const bad = open(50, 30, 20, 1);
    expect(bad.ok ? '' : bad.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(' / ') });
  });
});

describe('the wording (VOTING.md, the National Assembly)', () => {
  it('reads the example of VOTING.md word for word', () => {
    const r = value(open(473, 437, 3, 8));
    expect(resultWording(r, 'vi')).toBe(
      'Có 448 đại biểu tham gia biểu quyết (bằng 94,71% tổng số đại biểu); trong đó, có 437 đại biểu tán thành (bằng 92,39% tổng số đại biểu), ' +
        'có 3 đại biểu không tán thành (bằng 0,63%), có 8 đại biểu không biểu quyết (bằng 1,69%). → Thông qua',
    );
    expect(resultWording(r, 'en')).toBe(
      '448 delegates took part in the vote (94.71% of all delegates); of them, 437 voted in favour (92.39% of all delegates), ' +
        '3 voted against (0.63%), 8 did not vote (1.69%). → Passed',
    );
  });

  it('says Không thông qua, uses the meeting’s labels, and states the rule with the base', () => {
    const r = value(open(30, 15, 10, 5, { labels: 'dong-y' }));
    expect(resultWording(r, 'vi')).toBe(
      'Có 30 đại biểu tham gia biểu quyết (bằng 100,00% tổng số đại biểu); trong đó, có 15 đại biểu đồng ý (bằng 50,00% tổng số đại biểu), ' +
        'có 10 đại biểu không đồng ý (bằng 33,33%), có 5 đại biểu bỏ phiếu trắng (bằng 16,67%). → Không thông qua',
    );
    const parts = resultWordingParts(r, 'vi');
    expect(parts.verdicts).toEqual(['failed']);
    expect(parts.rule).toBe('Điều kiện: quá nửa tổng số đại biểu (ít nhất 16/30)');
    expect(resultWordingParts(value(open(85, 57, 0, 0, { rule: { kind: 'two-thirds' } })), 'en').rule).toBe('Rule: at least two thirds of all delegates (at least 57 of 85)');
  });

  it('25 of 30 in favour: 83,33%', () => {
    expect(resultWording(value(open(30, 25, 3, 1)), 'vi')).toBe(
      'Có 29 đại biểu tham gia biểu quyết (bằng 96,67% tổng số đại biểu); trong đó, có 25 đại biểu tán thành (bằng 83,33% tổng số đại biểu), ' +
        'có 3 đại biểu không tán thành (bằng 10,00%), có 1 đại biểu không biểu quyết (bằng 3,33%). → Thông qua',
    );
  });

  it('groups thousands in a large congress', () => {
    const r = value(open(2000, 1500, 0, 0));
    expect(resultWording(r, 'vi')).toContain('Có 1.500 đại biểu tham gia biểu quyết (bằng 75,00% tổng số đại biểu)');
    expect(resultWording(r, 'en')).toContain('1,500 delegates took part');
  });
});

const CANDIDATES: readonly Candidate[] = [
  { id: 'a', name: 'Lò Văn Thắng' },
  { id: 'b', name: 'Giàng Thị Mai' },
  { id: 'c', name: 'Vàng A Chư', position: 'Phó Chủ tịch' },
  { id: 'd', name: 'Lường Thị Hoa' },
];
const election = (votes: Record<string, number>, rest: Partial<ElectionTallyInput> = {}) =>
  tallyElection({ n: 50, seats: 2, candidates: CANDIDATES, ballots: { issued: 48, collected: 48, valid: 46 }, votes, ...rest });

describe('elections', () => {
  it('elects who has more than half of N, most votes first, at most K', () => {
    const r = value(election({ a: 35, b: 30, c: 26, d: 1 }));
    expect(r.elected).toEqual(['a', 'b']);
    expect(r.lines.map((l) => [l.candidate.id, l.qualifies, l.outcome])).toEqual([
      ['a', true, 'elected'],
      ['b', true, 'elected'],
      ['c', true, 'not-elected'],
      ['d', false, 'not-elected'],
    ]);
    expect(r).toMatchObject({ tied: [], unfilled: 0, required: 26 });
  });

  it('25 of 50 (2·Y = N) is not elected; an unfilled seat is reported', () => {
    const r = value(election({ a: 40, b: 25, c: 25, d: 0 }));
    expect(r.elected).toEqual(['a']);
    expect(r.tied).toEqual([]);
    expect(r.unfilled).toBe(1);
  });

  it('a tie across the last seat goes to a new round among the tied', () => {
    const r = value(election({ a: 30, b: 28, c: 28, d: 5 }));
    expect(r.elected).toEqual(['a']);
    expect(r.tied).toEqual(['b', 'c']);
    expect(r.tiedSeats).toBe(1);
    expect(r.unfilled).toBe(1);
    expect(r.lines.find((l) => l.candidate.id === 'd')?.outcome).toBe('not-elected');
    // tied for both seats
    const all = value(election({ a: 30, b: 30, c: 30 }));
    expect(all).toMatchObject({ elected: [], tied: ['a', 'b', 'c'], tiedSeats: 2, unfilled: 2 });
    // a tie inside the seats is no tie
    expect(value(election({ a: 40, b: 30, c: 30 }, { seats: 3 })).elected).toEqual(['a', 'b', 'c']);
  });

  it('keeps the candidates’ order among equal votes and reads out each line', () => {
    const r = value(election({ a: 20, b: 30, c: 30, d: 1 }, { seats: 1, n: 85, ballots: { issued: 85, collected: 84, valid: 81 } }));
    expect(r.lines.map((l) => l.candidate.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(r.elected).toEqual([]);
    expect(resultWording(r, 'vi').split('\n')).toEqual([
      'Số phiếu phát ra: 85; số phiếu thu về: 84 (bằng 98,82% tổng số đại biểu); số phiếu hợp lệ: 81; số phiếu không hợp lệ: 3.',
      'Giàng Thị Mai: 30 phiếu đồng ý (bằng 35,29% tổng số đại biểu) → Không trúng cử',
      'Vàng A Chư, Phó Chủ tịch: 30 phiếu đồng ý (bằng 35,29% tổng số đại biểu) → Không trúng cử',
      'Lò Văn Thắng: 20 phiếu đồng ý (bằng 23,53% tổng số đại biểu) → Không trúng cử',
      'Lường Thị Hoa: 1 phiếu đồng ý (bằng 1,18% tổng số đại biểu) → Không trúng cử',
    ]);
    const won = value(election({ a: 44, b: 43, c: 50, d: 1 }, { seats: 2, n: 85, ballots: { issued: 85, collected: 84, valid: 81 } }));
    expect(resultWording(won, 'en').split('\n').slice(1)).toEqual([
      'Vàng A Chư, Phó Chủ tịch: 50 votes in favour (58.82% of all delegates) → Elected',
      'Lò Văn Thắng: 44 votes in favour (51.76% of all delegates) → Elected',
      'Giàng Thị Mai: 43 votes in favour (50.59% of all delegates) → Not elected',
      'Lường Thị Hoa: 1 vote in favour (1.18% of all delegates) → Not elected',
    ]);
    const tie = value(election({ a: 44, b: 44, c: 50 }, { seats: 2, n: 85, ballots: { issued: 85, collected: 84, valid: 81 } }));
    expect(resultWordingParts(tie, 'vi').verdicts).toEqual(['elected', 'tied', 'tied', 'not-elected']);
    expect(resultWording(tie, 'vi')).toContain('Lò Văn Thắng: 44 phiếu đồng ý (bằng 51,76% tổng số đại biểu) → Bằng phiếu, bầu lại giữa những người bằng phiếu');
  });

  it('refuses counts that cannot be', () => {
    expect(problemOf(election({ a: 47 }))).toBe('VOTES_OVER_VALID');
    expect(problemOf(election({ a: 46, b: 46, c: 1 }))).toBe('MARKS_OVER_SEATS');
    expect(problemOf(election({ z: 1 }))).toBe('CANDIDATE_UNKNOWN');
    expect(problemOf(election({ a: 1 }, { seats: 5 }))).toBe('SEATS_INVALID');
    expect(problemOf(election({ a: 1 }, { seats: 0 }))).toBe('SEATS_INVALID');
    expect(problemOf(election({}, { ballots: { issued: 60, collected: 51, valid: 50 } }))).toBe('COLLECTED_OVER_BASE');
    expect(problemOf(election({}, { ballots: { issued: 40, collected: 45, valid: 40 } }))).toBe('BALLOTS_INCONSISTENT');
    expect(problemOf(election({}, { ballots: { issued: 45, collected: 45, valid: 46 } }))).toBe('BALLOTS_INCONSISTENT');
    expect(problemOf(election({ a: -2 }))).toBe('COUNT_NOT_WHOLE');
  });
});

describe('votes of confidence (lấy phiếu tín nhiệm): over the ballots collected', () => {
  const person: Candidate = { id: 'p1', name: 'Nguyễn Văn An', position: 'Chủ tịch UBND tỉnh' };
  const confidence = (low: number, collected = 48) =>
    tallyConfidence({ person, ballots: { issued: 50, collected, valid: collected }, levels: { high: collected - low - 2, medium: 2, low } }, 50);

  it('more than half tín nhiệm thấp, two thirds or more, or neither', () => {
    expect(value(confidence(24)).outcome).toBe('confidence-kept'); // 2·24 = 48: not more than half
    expect(value(confidence(25)).outcome).toBe('low-over-half');
    expect(value(confidence(31)).outcome).toBe('low-over-half'); // 3·31 = 93 < 96
    expect(value(confidence(32)).outcome).toBe('low-two-thirds'); // 3·32 = 96: exactly two thirds
    expect(value(confidence(20, 30)).outcome).toBe('low-two-thirds');
    expect(value(confidence(19, 30)).outcome).toBe('low-over-half');
  });

  it('gives each level as a share of the ballots collected, not of N', () => {
    const r = value(confidence(3));
    expect(r.levels.high).toMatchObject({ count: 43, base: 48, of: 'collected', hundredths: 8958 });
    expect(r.levels.low.display.vi).toBe('6,25% số phiếu thu về (48)');
    expect(resultWording(r, 'vi')).toBe(
      'Nguyễn Văn An, Chủ tịch UBND tỉnh: phiếu phát ra 50, phiếu thu về 48, phiếu hợp lệ 48; tín nhiệm cao 43 phiếu (bằng 89,58% số phiếu thu về), ' +
        'tín nhiệm 2 phiếu (bằng 4,17%), tín nhiệm thấp 3 phiếu (bằng 6,25%) → Không quá nửa số phiếu tín nhiệm thấp',
    );
    expect(resultWording(value(confidence(32)), 'en')).toBe(
      'Nguyễn Văn An, Chủ tịch UBND tỉnh: ballots issued 50, collected 48, valid 48; high confidence 14 (29.17% of the ballots collected), ' +
        'confidence 2 (4.17%), low confidence 32 (66.67%) → Two thirds or more low confidence: dismissal must be proposed',
    );
  });

  it('refuses levels that do not add up to the valid ballots', () => {
    const r = tallyConfidence({ person, ballots: { issued: 50, collected: 48, valid: 47 }, levels: { high: 40, medium: 5, low: 3 } }, 50);
    expect(problemOf(r)).toBe('LEVELS_NOT_VALID');
    expect(problemOf(tallyConfidence({ person, ballots: { issued: 50, collected: 48, valid: 48 }, levels: { high: 48, medium: 0, low: 0 } }, 40))).toBe('COLLECTED_OVER_BASE');
  });
});
