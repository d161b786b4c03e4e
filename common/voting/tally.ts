// From counts to a result: every share as an exact ratio, a percentage in hundredths rounded half up from
// integers, and display strings with the base beside it; pass/fail by the poll's rule (rules.ts); and the
// result in the National Assembly's wording (VOTING.md "How the result is announced").
import type { Lang } from '../i18n/errors.ts';
import {
  baseName,
  confidenceLevelLabel,
  CONFIDENCE_LEVELS,
  formatCount,
  openChoicePhrase,
  ruleText,
  verdictText,
  votingProblemText,
  type ConfidenceLevel,
  type LabelSet,
  type OpenChoice,
  type Verdict,
  type VotingProblem,
} from '../i18n/voting.ts';
import { fail, ok, type Result } from '../result.ts';
import { baseFor, baseN, fractionProblem, isCount, meets, required, thresholdOf, type PollRule, type Threshold } from './rules.ts';
import { share, type Share } from './share.ts';

export { hundredthsOf, share, type Ratio, type Share } from './share.ts';

type Pair = Readonly<Record<Lang, string>>;
const both = (f: (lang: Lang) => string): Pair => ({ vi: f('vi'), en: f('en') });

// ---- input checks (errors as values, texts in common/i18n/voting.ts)

function problem(p: VotingProblem): Result<never> {
  return fail('BAD_REQUEST', `${votingProblemText('vi', p)} / ${votingProblemText('en', p)}`, [p.code]);
}

function checkWhole(counts: Readonly<Record<string, number>>): VotingProblem | undefined {
  for (const [what, value] of Object.entries(counts)) if (!isCount(value)) return { code: 'COUNT_NOT_WHOLE', params: { what, value } };
  return undefined;
}

function checkRule(rule: PollRule): VotingProblem | undefined {
  if (rule.kind !== 'fraction') return undefined;
  const code = fractionProblem({ numerator: rule.numerator, denominator: rule.denominator, strict: rule.strict ?? false });
  return code === undefined ? undefined : { code, params: {} };
}

function checkBase(n: number): VotingProblem | undefined {
  return baseN(n) === undefined ? { code: 'BASE_INVALID', params: { base: n } } : undefined;
}

export interface Ballots {
  /** Phiếu phát ra. */
  readonly issued: number;
  /** Phiếu thu về. */
  readonly collected: number;
  /** Phiếu hợp lệ. */
  readonly valid: number;
}

function checkBallots(b: Ballots, n: number): VotingProblem | undefined {
  const whole = checkWhole({ issued: b.issued, collected: b.collected, valid: b.valid });
  if (whole) return whole;
  if (b.collected > n) return { code: 'COLLECTED_OVER_BASE', params: { collected: b.collected, base: n } };
  if (b.valid > b.collected || b.collected > b.issued) return { code: 'BALLOTS_INCONSISTENT', params: { ...b } };
  return undefined;
}

const firstProblem = (...checks: (() => VotingProblem | undefined)[]): VotingProblem | undefined => {
  for (const check of checks) {
    const p = check();
    if (p) return p;
  }
  return undefined;
};

// ---- open votes

export interface OpenTallyInput {
  /** N, frozen at open. */
  readonly n: number;
  readonly rule: PollRule;
  readonly labels?: LabelSet;
  /** "Không biểu quyết" (abstain) is a button and counts as taking part; who pressed nothing is not counted. */
  readonly counts: Readonly<Record<OpenChoice, number>>;
}

export interface OpenResult {
  readonly kind: 'open';
  readonly n: number;
  readonly rule: PollRule;
  readonly threshold: Threshold;
  readonly labels: LabelSet;
  /** Tham gia biểu quyết = tán thành + không tán thành + không biểu quyết, of N. */
  readonly participated: Share;
  /** Each choice of N, as announced. */
  readonly counts: Readonly<Record<OpenChoice, Share>>;
  /** Delegates in office who pressed nothing. */
  readonly notParticipating: number;
  /** Tán thành of the rule's base (N, or those who took part): what pass/fail compares. */
  readonly decisive: Share;
  /** The least tán thành that passes over that base; null when none can. */
  readonly required: number | null;
  readonly passed: boolean;
}

export function tallyOpen(input: OpenTallyInput): Result<OpenResult> {
  const { n, rule, counts } = input;
  const bad = firstProblem(
    () => checkBase(n),
    () => checkRule(rule),
    () => checkWhole(counts),
    () => {
      const counted = counts.yes + counts.no + counts.abstain;
      return counted > n ? { code: 'COUNTS_OVER_BASE', params: { counted, base: n } } : undefined;
    },
  );
  if (bad) return problem(bad);
  const participated = counts.yes + counts.no + counts.abstain;
  const threshold = thresholdOf(rule);
  const base = baseFor(threshold, { total: n, collected: participated });
  return ok({
    kind: 'open',
    n,
    rule,
    threshold,
    labels: input.labels ?? 'tan-thanh',
    participated: share(participated, n, 'total'),
    counts: { yes: share(counts.yes, n, 'total'), no: share(counts.no, n, 'total'), abstain: share(counts.abstain, n, 'total') },
    notParticipating: n - participated,
    decisive: share(counts.yes, base, threshold.of),
    required: required(base, threshold),
    passed: meets(counts.yes, base, threshold),
  });
}

// ---- elections

export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly position?: string;
}

export interface ElectionTallyInput {
  readonly n: number;
  /** Default: more than half of N (VOTING.md "Elections"). */
  readonly rule?: PollRule;
  /** K: how many are to be elected; a ballot marks at most K. */
  readonly seats: number;
  readonly candidates: readonly Candidate[];
  readonly ballots: Ballots;
  /** Valid "đồng ý" votes per candidate id; a missing id has 0. */
  readonly votes: Readonly<Record<string, number>>;
}

export type ElectionOutcome = 'elected' | 'not-elected' | 'tied';

export interface ElectionLine {
  readonly candidate: Candidate;
  /** Votes of the rule's base (N by default). */
  readonly votes: Share;
  /** Meets the rule (more than half of N by default). */
  readonly qualifies: boolean;
  readonly outcome: ElectionOutcome;
}

export interface ElectionResult {
  readonly kind: 'election';
  readonly n: number;
  readonly rule: PollRule;
  readonly threshold: Threshold;
  readonly seats: number;
  readonly ballots: { readonly issued: number; readonly collected: Share; readonly valid: number; readonly invalid: number };
  /** The least votes that qualify; null when none can. */
  readonly required: number | null;
  /** Most votes first; equal votes keep the candidates' order. */
  readonly lines: readonly ElectionLine[];
  readonly elected: readonly string[];
  /** Qualified candidates tied for the last seats: a new round among them (VOTING.md). */
  readonly tied: readonly string[];
  /** Seats the tied compete for in that round. */
  readonly tiedSeats: number;
  /** Seats not filled by this round (the tied seats included). */
  readonly unfilled: number;
}

function checkElection(input: ElectionTallyInput, rule: PollRule): VotingProblem | undefined {
  const { n, seats, candidates, ballots, votes } = input;
  const ids = new Set(candidates.map((c) => c.id));
  return firstProblem(
    () => checkBase(n),
    () => checkRule(rule),
    () => (Number.isSafeInteger(seats) && seats >= 1 && seats <= candidates.length ? undefined : { code: 'SEATS_INVALID', params: { seats, candidates: candidates.length } }),
    () => checkBallots(ballots, n),
    () => {
      const unknown = Object.keys(votes).find((id) => !ids.has(id));
      return unknown === undefined ? undefined : { code: 'CANDIDATE_UNKNOWN', params: { candidate: unknown } };
    },
    () => checkWhole(votes),
    () => {
      const over = Object.entries(votes).find(([, v]) => v > ballots.valid);
      return over === undefined ? undefined : { code: 'VOTES_OVER_VALID', params: { candidate: over[0], votes: over[1], valid: ballots.valid } };
    },
    () => {
      const marks = Object.values(votes).reduce((a, b) => a + b, 0);
      return marks > ballots.valid * seats ? { code: 'MARKS_OVER_SEATS', params: { marks, most: ballots.valid * seats } } : undefined;
    },
  );
}

/** Who is elected: qualified, most votes, at most `seats`; a tie across the last seat is left to a new round. */
function decide(ranked: readonly { readonly id: string; readonly votes: number; readonly qualifies: boolean }[], seats: number) {
  const qualified = ranked.filter((c) => c.qualifies);
  if (qualified.length <= seats) return { elected: qualified.map((c) => c.id), tied: [] as string[], tiedSeats: 0 };
  const cut = qualified[seats - 1]?.votes ?? 0;
  const above = qualified.filter((c) => c.votes > cut).map((c) => c.id);
  const atCut = qualified.filter((c) => c.votes === cut).map((c) => c.id);
  const left = seats - above.length;
  if (atCut.length <= left) return { elected: [...above, ...atCut], tied: [] as string[], tiedSeats: 0 };
  return { elected: above, tied: atCut, tiedSeats: left };
}

export function tallyElection(input: ElectionTallyInput): Result<ElectionResult> {
  const rule = input.rule ?? { kind: 'more-than-half' };
  const bad = checkElection(input, rule);
  if (bad) return problem(bad);
  const { n, seats, ballots } = input;
  const threshold = thresholdOf(rule);
  const base = baseFor(threshold, { total: n, collected: ballots.collected });
  const ranked = input.candidates
    .map((candidate, order) => {
      const votes = input.votes[candidate.id] ?? 0;
      return { id: candidate.id, candidate, votes, order, qualifies: meets(votes, base, threshold) };
    })
    .sort((a, b) => b.votes - a.votes || a.order - b.order);
  const { elected, tied, tiedSeats } = decide(ranked, seats);
  const outcome = (id: string): ElectionOutcome => (elected.includes(id) ? 'elected' : tied.includes(id) ? 'tied' : 'not-elected');
  return ok({
    kind: 'election',
    n,
    rule,
    threshold,
    seats,
    ballots: { issued: ballots.issued, collected: share(ballots.collected, n, 'total'), valid: ballots.valid, invalid: ballots.collected - ballots.valid },
    required: required(base, threshold),
    lines: ranked.map((c) => ({ candidate: c.candidate, votes: share(c.votes, base, threshold.of), qualifies: c.qualifies, outcome: outcome(c.id) })),
    elected,
    tied,
    tiedSeats,
    unfilled: seats - elected.length,
  });
}

// ---- votes of confidence (lấy phiếu tín nhiệm)

/** More than half of the ballots collected "tín nhiệm thấp" (NQ 96/2023/QH15). */
export const LOW_OVER_HALF: Threshold = { numerator: 1, denominator: 2, strict: true, of: 'collected' };
/** Two thirds or more of the ballots collected "tín nhiệm thấp". */
export const LOW_TWO_THIRDS: Threshold = { numerator: 2, denominator: 3, strict: false, of: 'collected' };

export type ConfidenceOutcome = 'confidence-kept' | 'low-over-half' | 'low-two-thirds';

export interface ConfidenceTallyInput {
  readonly person: Candidate;
  readonly ballots: Ballots;
  /** Valid ballots per level for this person; they add up to ballots.valid. */
  readonly levels: Readonly<Record<ConfidenceLevel, number>>;
}

export interface ConfidenceResult {
  readonly kind: 'confidence';
  readonly person: Candidate;
  readonly ballots: Ballots;
  /** Each level of the ballots collected (phiếu thu về), not of N. */
  readonly levels: Readonly<Record<ConfidenceLevel, Share>>;
  readonly outcome: ConfidenceOutcome;
}

export function tallyConfidence(input: ConfidenceTallyInput, n: number): Result<ConfidenceResult> {
  const { ballots, levels } = input;
  const bad = firstProblem(
    () => checkBase(n),
    () => checkBallots(ballots, n),
    () => checkWhole(levels),
    () => {
      const sum = levels.high + levels.medium + levels.low;
      return sum === ballots.valid ? undefined : { code: 'LEVELS_NOT_VALID', params: { sum, valid: ballots.valid } };
    },
  );
  if (bad) return problem(bad);
  const c = ballots.collected;
  const outcome: ConfidenceOutcome = meets(levels.low, c, LOW_TWO_THIRDS) ? 'low-two-thirds' : meets(levels.low, c, LOW_OVER_HALF) ? 'low-over-half' : 'confidence-kept';
  return ok({
    kind: 'confidence',
    person: input.person,
    ballots: { ...ballots },
    levels: { high: share(levels.high, c, 'collected'), medium: share(levels.medium, c, 'collected'), low: share(levels.low, c, 'collected') },
    outcome,
  });
}

// ---- wording

export type TallyResult = OpenResult | ElectionResult | ConfidenceResult;

export interface Wording {
  /** The sentences, in the order they are read out. */
  readonly lines: readonly string[];
  /** Thông qua / Không thông qua; for an election or a confidence vote, one per line. */
  readonly verdicts: readonly Verdict[];
  /** "Điều kiện thông qua: quá nửa tổng số đại biểu (ít nhất 26/50)"; absent for a confidence vote. */
  readonly rule?: string;
}

const pc = (lang: Lang, s: Share): string => s.percent[lang];
const num = formatCount;
const who = (c: Candidate): string => (c.position ? `${c.name}, ${c.position}` : c.name);

function openLine(lang: Lang, r: OpenResult): string {
  const p = (c: OpenChoice) => openChoicePhrase(lang, r.labels, c);
  const { yes, no, abstain } = r.counts;
  const verdict = verdictText(lang, r.passed ? 'passed' : 'failed');
  if (lang === 'vi') {
    return (
      `Có ${num(lang, r.participated.count)} đại biểu tham gia biểu quyết (bằng ${pc(lang, r.participated)} tổng số đại biểu); trong đó, ` +
      `có ${num(lang, yes.count)} đại biểu ${p('yes')} (bằng ${pc(lang, yes)} tổng số đại biểu), ` +
      `có ${num(lang, no.count)} đại biểu ${p('no')} (bằng ${pc(lang, no)}), ` +
      `có ${num(lang, abstain.count)} đại biểu ${p('abstain')} (bằng ${pc(lang, abstain)}). → ${verdict}`
    );
  }
  const delegates = r.participated.count === 1 ? 'delegate' : 'delegates';
  return (
    `${num(lang, r.participated.count)} ${delegates} took part in the vote (${pc(lang, r.participated)} of all delegates); of them, ` +
    `${num(lang, yes.count)} ${p('yes')} (${pc(lang, yes)} of all delegates), ` +
    `${num(lang, no.count)} ${p('no')} (${pc(lang, no)}), ` +
    `${num(lang, abstain.count)} ${p('abstain')} (${pc(lang, abstain)}). → ${verdict}`
  );
}

function ruleLine(lang: Lang, t: Threshold, least: number | null, base: number): string {
  const need = least === null ? '—' : lang === 'vi' ? `ít nhất ${num(lang, least)}/${num(lang, base)}` : `at least ${num(lang, least)} of ${num(lang, base)}`;
  return lang === 'vi' ? `Điều kiện: ${ruleText(lang, t)} (${need})` : `Rule: ${ruleText(lang, t)} (${need})`;
}

function electionLines(lang: Lang, r: ElectionResult): string[] {
  const b = r.ballots;
  const head =
    lang === 'vi'
      ? `Số phiếu phát ra: ${num(lang, b.issued)}; số phiếu thu về: ${num(lang, b.collected.count)} (bằng ${pc(lang, b.collected)} tổng số đại biểu); số phiếu hợp lệ: ${num(lang, b.valid)}; số phiếu không hợp lệ: ${num(lang, b.invalid)}.`
      : `Ballots issued: ${num(lang, b.issued)}; collected: ${num(lang, b.collected.count)} (${pc(lang, b.collected)} of all delegates); valid: ${num(lang, b.valid)}; invalid: ${num(lang, b.invalid)}.`;
  const lines = r.lines.map((l) => {
    const v = l.votes;
    const votes =
      lang === 'vi'
        ? `${num(lang, v.count)} phiếu đồng ý (bằng ${pc(lang, v)} ${baseName(lang, v.of)})`
        : `${num(lang, v.count)} vote${v.count === 1 ? '' : 's'} in favour (${pc(lang, v)} ${baseName(lang, v.of)})`;
    return `${who(l.candidate)}: ${votes} → ${verdictText(lang, l.outcome)}`;
  });
  return [head, ...lines];
}

function confidenceLine(lang: Lang, r: ConfidenceResult): string {
  const b = r.ballots;
  const level = (l: ConfidenceLevel, first: boolean): string => {
    const s = r.levels[l];
    const name = confidenceLevelLabel(lang, l).toLowerCase();
    const unit = lang === 'vi' ? ' phiếu' : '';
    const base = first ? ` ${baseName(lang, 'collected')}` : '';
    return lang === 'vi' ? `${name} ${num(lang, s.count)}${unit} (bằng ${pc(lang, s)}${base})` : `${name} ${num(lang, s.count)} (${pc(lang, s)}${base})`;
  };
  const levels = CONFIDENCE_LEVELS.map((l, i) => level(l, i === 0)).join(', ');
  const head =
    lang === 'vi'
      ? `phiếu phát ra ${num(lang, b.issued)}, phiếu thu về ${num(lang, b.collected)}, phiếu hợp lệ ${num(lang, b.valid)}`
      : `ballots issued ${num(lang, b.issued)}, collected ${num(lang, b.collected)}, valid ${num(lang, b.valid)}`;
  return `${who(r.person)}: ${head}; ${levels} → ${verdictText(lang, r.outcome)}`;
}

export function resultWordingParts(result: TallyResult, lang: Lang): Wording {
  switch (result.kind) {
    case 'open':
      return {
        lines: [openLine(lang, result)],
        verdicts: [result.passed ? 'passed' : 'failed'],
        rule: ruleLine(lang, result.threshold, result.required, result.decisive.base),
      };
    case 'election':
      return {
        lines: electionLines(lang, result),
        verdicts: result.lines.map((l) => l.outcome),
        rule: ruleLine(lang, result.threshold, result.required, result.lines[0]?.votes.base ?? result.n),
      };
    case 'confidence':
      return { lines: [confidenceLine(lang, result)], verdicts: [result.outcome] };
  }
}

/**
 * The result as announced, in the National Assembly's wording (2 decimals, decimal comma in Vietnamese, % of
 * N): "Có 448 đại biểu tham gia biểu quyết (bằng 94,71% tổng số đại biểu); trong đó, … → Thông qua".
 */
export function resultWording(result: TallyResult, lang: Lang): string {
  return resultWordingParts(result, lang).lines.join('\n');
}

/** Both languages of the wording, for the minutes (biên bản) export. */
export const resultWordingBoth = (result: TallyResult): Pair => both((lang) => resultWording(result, lang));
