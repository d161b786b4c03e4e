// Majority rules of a poll (VOTING.md "Who counts, and the arithmetic"), in integers only: a pass is decided by
// comparing products of integers, never rounded percentages or floating point.
//
//   quá nửa tổng số đại biểu         2·Y > N        N = 50 → 26, N = 15 → 8; 2·Y = N fails
//   ít nhất hai phần ba tổng số      3·Y ≥ 2·N      N = 30 → 20, N = 50 → 34, N = 85 → 57
//   quá nửa số phiếu thu về          2·Y > C        C = ballots collected (phiếu thu về)
//   a custom fraction p/q            q·Y > p·B (strict, "trên") or q·Y ≥ p·B ("ít nhất"), B = N or C
//
// N (tổng số đại biểu) is the number of deputies in office, not the nominal seats and not those present; it is
// configurable per poll and frozen when the poll opens.

/** Largest base a poll accepts (the live session's bound on totalDelegates); keeps every product exact. */
export const MAX_VOTING_BASE = 10_000;
/** Largest numerator or denominator of a custom fraction. */
export const MAX_FRACTION_TERM = 100;

/** What a share is taken of: all deputies in office (N) or the ballots collected (C). */
export const RULE_BASES = ['total', 'collected'] as const;
export type RuleBase = (typeof RULE_BASES)[number];

export const RULE_KINDS = ['more-than-half', 'two-thirds', 'more-than-half-collected', 'fraction'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export type PollRule =
  | { readonly kind: 'more-than-half' }
  | { readonly kind: 'two-thirds' }
  | { readonly kind: 'more-than-half-collected' }
  | {
      readonly kind: 'fraction';
      readonly numerator: number;
      readonly denominator: number;
      /** true: more than p/q ("trên"); false (default): at least p/q ("ít nhất"). */
      readonly strict?: boolean;
      /** Default 'total' (N). */
      readonly of?: RuleBase;
    };

/** A rule reduced to its inequality: passes when Y·denominator > (strict) or ≥ numerator·B. */
export interface Threshold {
  readonly numerator: number;
  readonly denominator: number;
  readonly strict: boolean;
  readonly of: RuleBase;
}

export const MORE_THAN_HALF: PollRule = { kind: 'more-than-half' };
export const TWO_THIRDS: PollRule = { kind: 'two-thirds' };

export function thresholdOf(rule: PollRule): Threshold {
  switch (rule.kind) {
    case 'more-than-half':
      return { numerator: 1, denominator: 2, strict: true, of: 'total' };
    case 'two-thirds':
      return { numerator: 2, denominator: 3, strict: false, of: 'total' };
    case 'more-than-half-collected':
      return { numerator: 1, denominator: 2, strict: true, of: 'collected' };
    case 'fraction':
      return { numerator: rule.numerator, denominator: rule.denominator, strict: rule.strict ?? false, of: rule.of ?? 'total' };
  }
}

/** Why a custom fraction cannot be used, or undefined when it can. */
export function fractionProblem(t: Pick<Threshold, 'numerator' | 'denominator' | 'strict'>): 'FRACTION_TERMS' | 'FRACTION_OVER_ONE' | 'FRACTION_UNREACHABLE' | undefined {
  const term = (x: number): boolean => Number.isInteger(x) && x >= 1 && x <= MAX_FRACTION_TERM;
  if (!term(t.numerator) || !term(t.denominator)) return 'FRACTION_TERMS';
  if (t.numerator > t.denominator) return 'FRACTION_OVER_ONE';
  // "more than all of them" can never pass
  if (t.strict && t.numerator === t.denominator) return 'FRACTION_UNREACHABLE';
  return undefined;
}

export const isCount = (x: number): boolean => Number.isSafeInteger(x) && x >= 0 && x <= MAX_VOTING_BASE;

function checkCounts(count: number, base: number): void {
  // Callers validate their input (tally.ts returns a value); this guards the arithmetic itself.
  if (!isCount(count) || !isCount(base) || count > base) throw new RangeError(`bad count ${count} of ${base}`);
}

/**
 * Whether `count` of `base` meets the threshold, in integers. A base of 0 (no ballots collected) never passes:
 * nothing was decided.
 */
export function meets(count: number, base: number, t: Threshold): boolean {
  checkCounts(count, base);
  if (base === 0) return false;
  const lhs = count * t.denominator;
  const rhs = t.numerator * base;
  return t.strict ? lhs > rhs : lhs >= rhs;
}

/** The least count that meets the threshold over `base`, or null when none can (base 0). */
export function required(base: number, t: Threshold): number | null {
  checkCounts(0, base);
  if (base === 0) return null;
  const product = t.numerator * base;
  const remainder = product % t.denominator;
  const quotient = (product - remainder) / t.denominator;
  // strict: the least Y with Y·q > p·B is floor(p·B / q) + 1; otherwise ceil(p·B / q)
  const least = t.strict || remainder !== 0 ? quotient + 1 : quotient;
  return least <= base ? least : null;
}

/** The base a share is taken of. */
export function baseFor(t: Threshold, n: { readonly total: number; readonly collected: number }): number {
  return t.of === 'total' ? n.total : n.collected;
}

/**
 * N for a poll: the poll's own base when the chair set one, else the deputies in office. Frozen at open.
 * Returns undefined for a value that is not a whole number from 1 to MAX_VOTING_BASE.
 */
export function baseN(inOffice: number, override?: number): number | undefined {
  const n = override ?? inOffice;
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_VOTING_BASE ? n : undefined;
}
