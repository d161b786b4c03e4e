// Voting texts in Vietnamese and English: choice labels (two label sets a meeting picks from), confidence
// levels, verdicts, rule names, the problems a tally can find, and number formatting for percentages. The
// result sentences themselves are built in common/voting/tally.ts (resultWording) from these pieces.
import type { Lang } from './errors.ts';

type Pair = Readonly<Record<Lang, string>>;
const pair = (vi: string, en: string): Pair => ({ vi, en });

/** The label sets of an open poll (VOTING.md "Choices"); same meaning, the council's own words. */
export const LABEL_SETS = ['tan-thanh', 'dong-y'] as const;
export type LabelSet = (typeof LABEL_SETS)[number];

export const OPEN_CHOICES = ['yes', 'no', 'abstain'] as const;
export type OpenChoice = (typeof OPEN_CHOICES)[number];

export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

export const ELECTION_MARKS = ['agree', 'disagree'] as const;
export type ElectionMark = (typeof ELECTION_MARKS)[number];

interface ChoiceText {
  /** On the button and in tables. */
  readonly label: Pair;
  /** In the result sentence after "có 437 đại biểu …" / "437 …". */
  readonly phrase: Pair;
}

const OPEN_TEXTS: { readonly [S in LabelSet]: { readonly [C in OpenChoice]: ChoiceText } } = {
  'tan-thanh': {
    yes: { label: pair('Tán thành', 'In favour'), phrase: pair('tán thành', 'voted in favour') },
    no: { label: pair('Không tán thành', 'Against'), phrase: pair('không tán thành', 'voted against') },
    abstain: { label: pair('Không biểu quyết', 'Not voting'), phrase: pair('không biểu quyết', 'did not vote') },
  },
  'dong-y': {
    yes: { label: pair('Đồng ý', 'Agree'), phrase: pair('đồng ý', 'agreed') },
    no: { label: pair('Không đồng ý', 'Disagree'), phrase: pair('không đồng ý', 'disagreed') },
    abstain: { label: pair('Phiếu trắng', 'Blank ballot'), phrase: pair('bỏ phiếu trắng', 'cast a blank ballot') },
  },
};

const LEVEL_TEXTS: { readonly [L in ConfidenceLevel]: Pair } = {
  high: pair('Tín nhiệm cao', 'High confidence'),
  medium: pair('Tín nhiệm', 'Confidence'),
  low: pair('Tín nhiệm thấp', 'Low confidence'),
};

const MARK_TEXTS: { readonly [M in ElectionMark]: Pair } = {
  agree: pair('Đồng ý', 'Agree'),
  disagree: pair('Không đồng ý', 'Disagree'),
};

export const openChoiceLabel = (lang: Lang, set: LabelSet, c: OpenChoice): string => OPEN_TEXTS[set][c].label[lang];
export const openChoicePhrase = (lang: Lang, set: LabelSet, c: OpenChoice): string => OPEN_TEXTS[set][c].phrase[lang];
export const confidenceLevelLabel = (lang: Lang, l: ConfidenceLevel): string => LEVEL_TEXTS[l][lang];
export const electionMarkLabel = (lang: Lang, m: ElectionMark): string => MARK_TEXTS[m][lang];

// ---- verdicts and rule names

export const VERDICTS = ['passed', 'failed', 'elected', 'not-elected', 'tied', 'confidence-kept', 'low-over-half', 'low-two-thirds'] as const;
export type Verdict = (typeof VERDICTS)[number];

const VERDICT_TEXTS: { readonly [V in Verdict]: Pair } = {
  passed: pair('Thông qua', 'Passed'),
  failed: pair('Không thông qua', 'Not passed'),
  elected: pair('Trúng cử', 'Elected'),
  'not-elected': pair('Không trúng cử', 'Not elected'),
  tied: pair('Bằng phiếu, bầu lại giữa những người bằng phiếu', 'Tied: a new round among the tied'),
  'confidence-kept': pair('Không quá nửa số phiếu tín nhiệm thấp', 'Not more than half low confidence'),
  'low-over-half': pair(
    'Quá nửa số phiếu tín nhiệm thấp: có thể xin từ chức, nếu không sẽ bỏ phiếu tín nhiệm',
    'More than half low confidence: may resign, otherwise a vote of confidence follows',
  ),
  'low-two-thirds': pair('Từ hai phần ba số phiếu tín nhiệm thấp trở lên: phải trình miễn nhiệm', 'Two thirds or more low confidence: dismissal must be proposed'),
};
export const verdictText = (lang: Lang, v: Verdict): string => VERDICT_TEXTS[v][lang];

/** "of all delegates" / "of the ballots collected", as the base is named after a percentage. */
const BASE_NAMES = { total: pair('tổng số đại biểu', 'of all delegates'), collected: pair('số phiếu thu về', 'of the ballots collected') } as const;
export const baseName = (lang: Lang, of: 'total' | 'collected'): string => BASE_NAMES[of][lang];

/** A rule in words: "quá nửa tổng số đại biểu", "ít nhất 3/4 số phiếu thu về". */
export function ruleText(lang: Lang, r: { readonly numerator: number; readonly denominator: number; readonly strict: boolean; readonly of: 'total' | 'collected' }): string {
  const base = baseName(lang, r.of);
  const half = r.numerator * 2 === r.denominator;
  const twoThirds = r.numerator * 3 === r.denominator * 2;
  if (lang === 'vi') {
    if (half && r.strict) return `quá nửa ${base}`;
    if (twoThirds && !r.strict) return `ít nhất hai phần ba ${base}`;
    return `${r.strict ? 'trên' : 'ít nhất'} ${r.numerator}/${r.denominator} ${base}`;
  }
  if (half && r.strict) return `more than half ${base}`;
  if (twoThirds && !r.strict) return `at least two thirds ${base}`;
  return `${r.strict ? 'more than' : 'at least'} ${r.numerator}/${r.denominator} ${base}`;
}

// ---- problems a tally finds in its input

type None = Readonly<Record<never, never>>;
export interface VotingProblemParams {
  readonly BASE_INVALID: { readonly base: number };
  readonly COUNT_NOT_WHOLE: { readonly what: string; readonly value: number };
  readonly COUNTS_OVER_BASE: { readonly counted: number; readonly base: number };
  readonly BALLOTS_INCONSISTENT: { readonly issued: number; readonly collected: number; readonly valid: number };
  readonly COLLECTED_OVER_BASE: { readonly collected: number; readonly base: number };
  readonly VOTES_OVER_VALID: { readonly candidate: string; readonly votes: number; readonly valid: number };
  readonly MARKS_OVER_SEATS: { readonly marks: number; readonly most: number };
  readonly CANDIDATE_UNKNOWN: { readonly candidate: string };
  readonly SEATS_INVALID: { readonly seats: number; readonly candidates: number };
  readonly LEVELS_NOT_VALID: { readonly sum: number; readonly valid: number };
  readonly FRACTION_TERMS: None;
  readonly FRACTION_OVER_ONE: None;
  readonly FRACTION_UNREACHABLE: None;
}
export type VotingProblemCode = keyof VotingProblemParams;
export type VotingProblem<C extends VotingProblemCode = VotingProblemCode> = C extends VotingProblemCode
  ? { readonly code: C; readonly params: VotingProblemParams[C] }
  : never;

interface Texts<P> {
  readonly vi: (p: P) => string;
  readonly en: (p: P) => string;
}
const fixed = (vi: string, en: string): Texts<unknown> => ({ vi: () => vi, en: () => en });

const PROBLEM_TEXTS: { readonly [C in VotingProblemCode]: Texts<VotingProblemParams[C]> } = {
  BASE_INVALID: { vi: (p) => `tổng số đại biểu ${p.base} không hợp lệ`, en: (p) => `the number of delegates ${p.base} is not valid` },
  COUNT_NOT_WHOLE: { vi: (p) => `${p.what} = ${p.value} không phải số nguyên không âm`, en: (p) => `${p.what} = ${p.value} is not a whole number ≥ 0` },
  COUNTS_OVER_BASE: {
    vi: (p) => `số đại biểu tham gia biểu quyết (${p.counted}) lớn hơn tổng số đại biểu (${p.base})`,
    en: (p) => `${p.counted} took part, more than the ${p.base} delegates`,
  },
  BALLOTS_INCONSISTENT: {
    vi: (p) => `số phiếu không khớp: phát ra ${p.issued}, thu về ${p.collected}, hợp lệ ${p.valid}`,
    en: (p) => `ballot counts do not add up: issued ${p.issued}, collected ${p.collected}, valid ${p.valid}`,
  },
  COLLECTED_OVER_BASE: {
    vi: (p) => `số phiếu thu về (${p.collected}) lớn hơn tổng số đại biểu (${p.base})`,
    en: (p) => `${p.collected} ballots collected, more than the ${p.base} delegates`,
  },
  VOTES_OVER_VALID: {
    vi: (p) => `ứng cử viên ${p.candidate} có ${p.votes} phiếu, nhiều hơn số phiếu hợp lệ (${p.valid})`,
    en: (p) => `candidate ${p.candidate} has ${p.votes} votes, more than the ${p.valid} valid ballots`,
  },
  MARKS_OVER_SEATS: {
    vi: (p) => `tổng số phiếu đồng ý (${p.marks}) vượt quá số tối đa có thể (${p.most})`,
    en: (p) => `${p.marks} marks in all, more than the ${p.most} possible`,
  },
  CANDIDATE_UNKNOWN: { vi: (p) => `không có ứng cử viên ${p.candidate}`, en: (p) => `no candidate ${p.candidate}` },
  SEATS_INVALID: {
    vi: (p) => `số người được bầu (${p.seats}) phải từ 1 đến số ứng cử viên (${p.candidates})`,
    en: (p) => `the seats (${p.seats}) must be from 1 to the number of candidates (${p.candidates})`,
  },
  LEVELS_NOT_VALID: {
    vi: (p) => `tổng các mức tín nhiệm (${p.sum}) khác số phiếu hợp lệ (${p.valid})`,
    en: (p) => `the levels add up to ${p.sum}, not the ${p.valid} valid ballots`,
  },
  FRACTION_TERMS: fixed('tử số và mẫu số phải là số nguyên từ 1 đến 100', 'numerator and denominator must be whole numbers from 1 to 100'),
  FRACTION_OVER_ONE: fixed('tử số không được lớn hơn mẫu số', 'the numerator must not exceed the denominator'),
  FRACTION_UNREACHABLE: fixed('"trên" toàn bộ không bao giờ đạt được; dùng "ít nhất"', '"more than" all of them can never pass; use "at least"'),
};

export const VOTING_PROBLEM_CODES = Object.keys(PROBLEM_TEXTS) as readonly VotingProblemCode[];

export function votingProblemText(lang: Lang, p: VotingProblem): string {
  return (PROBLEM_TEXTS[p.code] as Texts<VotingProblem['params']>)[lang](p.params);
}

// ---- numbers

/** A whole number with the language's thousands separator: 1.234 (vi), 1,234 (en). */
export function formatCount(lang: Lang, n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A percentage given in hundredths of a percent (9239 → "92,39%" in vi, "92.39%" in en): always 2 decimals. */
export function formatHundredths(lang: Lang, hundredths: number): string {
  const whole = Math.trunc(hundredths / 100);
  const frac = String(hundredths % 100).padStart(2, '0');
  return `${formatCount(lang, whole)}${lang === 'vi' ? ',' : '.'}${frac}%`;
}
