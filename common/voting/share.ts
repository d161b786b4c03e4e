// A count as a share of its base: the exact ratio, the percentage in hundredths rounded half up from integers,
// and display strings with the base beside it ("92,39% tổng số đại biểu (473)").
import type { Lang } from '../i18n/errors.ts';
import { baseName, formatCount, formatHundredths } from '../i18n/voting.ts';
import type { RuleBase } from './rules.ts';

type Pair = Readonly<Record<Lang, string>>;
const both = (f: (lang: Lang) => string): Pair => ({ vi: f('vi'), en: f('en') });

export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/** A count as a share of a base. */
export interface Share {
  readonly count: number;
  readonly base: number;
  readonly of: RuleBase;
  /** count / base in lowest terms (0/1 when the base is 0): the exact share; ×100 gives the percentage. */
  readonly ratio: Ratio;
  /** The percentage in hundredths, rounded half up: 437 of 473 → 9239 (92,39%). */
  readonly hundredths: number;
  /** "92,39%" / "92.39%". */
  readonly percent: Pair;
  /** With the base beside it: "92,39% tổng số đại biểu (473)" / "92.39% of all delegates (473)". */
  readonly display: Pair;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** round(10000·count / base) with halves up, in integers: floor((20000·count + base) / (2·base)). */
export function hundredthsOf(count: number, base: number): number {
  if (base === 0) return 0;
  const num = 20_000 * count + base;
  const den = 2 * base;
  return (num - (num % den)) / den;
}

export function share(count: number, base: number, of: RuleBase): Share {
  const g = base === 0 ? 1 : gcd(count, base);
  const hundredths = hundredthsOf(count, base);
  const percent = both((lang) => formatHundredths(lang, hundredths));
  return {
    count,
    base,
    of,
    ratio: base === 0 ? { numerator: 0, denominator: 1 } : { numerator: count / g, denominator: base / g },
    hundredths,
    percent,
    display: both((lang) => `${percent[lang]} ${baseName(lang, of)} (${formatCount(lang, base)})`),
  };
}

