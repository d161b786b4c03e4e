// The majority arithmetic at the edges (VOTING.md): quá nửa is 2·Y > N, ít nhất hai phần ba is 3·Y ≥ 2·N, in
// integers; the least passing count agrees with the inequality for every base and fraction tried.
import { describe, expect, it } from 'vitest';
import { baseFor, baseN, fractionProblem, meets, required, thresholdOf, type PollRule, type Threshold } from '../../../common/voting/rules.ts';

const HALF = thresholdOf({ kind: 'more-than-half' });
const TWO_THIRDS = thresholdOf({ kind: 'two-thirds' });

describe('quá nửa tổng số đại biểu: 2·Y > N', () => {
  // N, least Y that passes (floor(N/2) + 1)
  const table: readonly (readonly [n: number, least: number])[] = [
    [15, 8],
    [30, 16],
    [50, 26],
    [85, 43],
    [473, 237],
  ];
  it.each(table)('N = %i needs %i', (n, least) => {
    expect(required(n, HALF)).toBe(least);
    expect(least).toBe(Math.floor(n / 2) + 1);
    expect(meets(least, n, HALF)).toBe(true);
    expect(meets(least - 1, n, HALF)).toBe(false);
    expect(meets(n, n, HALF)).toBe(true);
    expect(meets(0, n, HALF)).toBe(false);
  });

  it('a tie, 2·Y = N, does not pass', () => {
    for (const n of [30, 50, 2, 474]) {
      expect(meets(n / 2, n, HALF), `N = ${n}`).toBe(false);
      expect(meets(n / 2 + 1, n, HALF), `N = ${n}`).toBe(true);
    }
  });
});

describe('ít nhất hai phần ba tổng số: 3·Y ≥ 2·N', () => {
  // N, least Y that passes, and why
  const table: readonly (readonly [n: number, least: number])[] = [
    [15, 10], // exactly 2/3
    [30, 20], // exactly 2/3: 20 passes, 19 fails
    [50, 34], // 2N/3 = 33.33…: 34 passes, 33 fails
    [85, 57], // 2N/3 = 56.67: 57 passes, 56 fails
    [473, 316], // 2N/3 = 315.33
  ];
  it.each(table)('N = %i needs %i', (n, least) => {
    expect(required(n, TWO_THIRDS)).toBe(least);
    expect(meets(least, n, TWO_THIRDS)).toBe(true);
    expect(meets(least - 1, n, TWO_THIRDS)).toBe(false);
    expect(3 * least >= 2 * n && 3 * (least - 1) < 2 * n).toBe(true);
  });
});

describe('a custom fraction and the ballots-collected base', () => {
  it('strict ("trên") and at least ("ít nhất") differ exactly at equality', () => {
    const atLeast: Threshold = thresholdOf({ kind: 'fraction', numerator: 3, denominator: 4 });
    const over: Threshold = thresholdOf({ kind: 'fraction', numerator: 3, denominator: 4, strict: true });
    expect(atLeast).toEqual({ numerator: 3, denominator: 4, strict: false, of: 'total' });
    expect(meets(30, 40, atLeast)).toBe(true);
    expect(meets(30, 40, over)).toBe(false);
    expect(required(40, atLeast)).toBe(30);
    expect(required(40, over)).toBe(31);
    expect(required(40, thresholdOf({ kind: 'fraction', numerator: 1, denominator: 1 }))).toBe(40);
  });

  it('the least passing count is the least Y with the inequality, for every N to 500 and fraction to /12', () => {
    const rules: PollRule[] = [{ kind: 'more-than-half' }, { kind: 'two-thirds' }];
    for (let q = 1; q <= 12; q++) for (let p = 1; p <= q; p++) for (const strict of [false, true]) if (!(strict && p === q)) rules.push({ kind: 'fraction', numerator: p, denominator: q, strict });
    for (const rule of rules) {
      const t = thresholdOf(rule);
      for (let n = 1; n <= 500; n++) {
        const least = required(n, t);
        let want: number | null = null;
        for (let y = 0; y <= n; y++) {
          if (strictOrNot(t, y, n)) {
            want = y;
            break;
          }
        }
        if (least !== want) expect({ rule, n, least }).toEqual({ rule, n, least: want });
      }
    }
    expect(rules.length).toBeGreaterThan(100);
  });

  it('takes the base from the rule: N, or the ballots collected; no ballots never passes', () => {
    const collected = thresholdOf({ kind: 'more-than-half-collected' });
    expect(baseFor(collected, { total: 50, collected: 40 })).toBe(40);
    expect(baseFor(HALF, { total: 50, collected: 40 })).toBe(50);
    expect(meets(21, 40, collected)).toBe(true);
    expect(meets(20, 40, collected)).toBe(false);
    expect(meets(0, 0, collected)).toBe(false);
    expect(required(0, collected)).toBeNull();
  });

  it('refuses fractions that make no sense, and counts that are not counts', () => {
    expect(fractionProblem({ numerator: 0, denominator: 2, strict: false })).toBe('FRACTION_TERMS');
    expect(fractionProblem({ numerator: 1.5, denominator: 2, strict: false })).toBe('FRACTION_TERMS');
    expect(fractionProblem({ numerator: 101, denominator: 101, strict: false })).toBe('FRACTION_TERMS');
    expect(fractionProblem({ numerator: 3, denominator: 2, strict: false })).toBe('FRACTION_OVER_ONE');
    expect(fractionProblem({ numerator: 2, denominator: 2, strict: true })).toBe('FRACTION_UNREACHABLE');
    expect(fractionProblem({ numerator: 2, denominator: 3, strict: false })).toBeUndefined();
    expect(() => meets(51, 50, HALF)).toThrow(RangeError);
    expect(() => meets(1.5, 50, HALF)).toThrow(RangeError);
    expect(() => meets(-1, 50, HALF)).toThrow(RangeError);
  });
});

describe('N: deputies in office, or the poll’s own base', () => {
  it('uses the override when set, and refuses what is not 1 … 10 000', () => {
    expect(baseN(50)).toBe(50);
    expect(baseN(50, 48)).toBe(48);
    expect(baseN(0)).toBeUndefined();
    expect(baseN(50, 0)).toBeUndefined();
    expect(baseN(10_001)).toBeUndefined();
    expect(baseN(49.5)).toBeUndefined();
  });
});

/** The definition, written out independently of meets(). */
function strictOrNot(t: Threshold, y: number, n: number): boolean {
  return t.strict ? y * t.denominator > t.numerator * n : y * t.denominator >= t.numerator * n;
}
