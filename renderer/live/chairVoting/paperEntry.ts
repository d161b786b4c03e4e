// Entering paper ballots, keyboard first: the counter types a ballot number, a short code for what the ballot
// says, and Enter. The codes, per kind of poll:
//   open vote    1 = tán thành (yes), 2 = không tán thành (no), 3 = không biểu quyết (abstain)
//   election     the numbers of the candidates marked "đồng ý", separated by spaces ("1 3"); "-" = none marked
//   confidence   one digit per person in ballot order, 1 = cao, 2 = tín nhiệm, 3 = thấp ("132")
//   any kind     0 = phiếu không hợp lệ (invalid ballot)
// Pure: the form component parses with these and keeps the entry log.
import type { BallotChoice } from '../../../common/voting/commands.ts';
import { MAX_PAPER_BALLOTS } from '../../../common/voting/commands.ts';
import { CONFIDENCE_LEVELS, OPEN_CHOICES, type ConfidenceLevel, type LabelSet, type PollDefinition } from '../../../common/voting/choices.ts';
import type { Lang } from '../../../common/i18n/errors.ts';
import { confidenceLevelLabel, openChoiceLabel } from '../../../common/i18n/voting.ts';

export const INVALID_CODE = '0';
export const NO_MARK_CODE = '-';

export type EntryProblem = 'ballotNo' | 'code' | 'tooManyMarks' | 'duplicateMark' | 'personCount';

export type ParsedEntry = { readonly ok: true; readonly choice: BallotChoice | null } | { readonly ok: false; readonly problem: EntryProblem };

const fail = (problem: EntryProblem): ParsedEntry => ({ ok: false, problem });

export function parseBallotNo(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 1 && n <= MAX_PAPER_BALLOTS ? n : undefined;
}

function parseOpen(code: string): ParsedEntry {
  const i = /^[1-3]$/.test(code) ? Number(code) - 1 : -1;
  const choice = OPEN_CHOICES[i];
  return choice === undefined ? fail('code') : { ok: true, choice };
}

function parseElection(code: string, def: Extract<PollDefinition, { kind: 'election' }>): ParsedEntry {
  if (code === NO_MARK_CODE) return { ok: true, choice: [] };
  const parts = code.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0 || !parts.every((p) => /^\d{1,3}$/.test(p))) return fail('code');
  const ids: string[] = [];
  for (const p of parts) {
    const candidate = def.candidates[Number(p) - 1];
    if (!candidate) return fail('code');
    if (ids.includes(candidate.id)) return fail('duplicateMark');
    ids.push(candidate.id);
  }
  // More marks than seats makes the paper ballot itself invalid: the counter enters 0 for it.
  return ids.length > def.seats ? fail('tooManyMarks') : { ok: true, choice: ids };
}

function parseConfidence(code: string, def: Extract<PollDefinition, { kind: 'confidence' }>): ParsedEntry {
  const digits = code.replace(/\s+/g, '');
  if (!/^[1-3]+$/.test(digits)) return fail('code');
  if (digits.length !== def.persons.length) return fail('personCount');
  const choice: Record<string, (typeof CONFIDENCE_LEVELS)[number]> = {};
  def.persons.forEach((p, i) => {
    const level = CONFIDENCE_LEVELS[Number(digits[i]) - 1];
    if (level) choice[p.id] = level;
  });
  return { ok: true, choice };
}

/** What a code means for this poll; `null` choice = phiếu không hợp lệ. */
export function parseEntry(def: PollDefinition, text: string): ParsedEntry {
  const code = text.trim();
  if (code === INVALID_CODE) return { ok: true, choice: null };
  switch (def.kind) {
    case 'open':
      return parseOpen(code);
    case 'election':
      return parseElection(code, def);
    case 'confidence':
      return parseConfidence(code, def);
  }
}

/** An entry as the counter's log keeps it: in the order typed, with the server's answer. */
export interface LogLine {
  readonly ballotNo: number;
  readonly code: string;
  readonly choice: BallotChoice | null;
  readonly state: 'sending' | 'saved' | 'failed';
  /** Set when the same number was entered before (re-entering replaces it on the server). */
  readonly replaced?: boolean;
}

/** Adds (or, for a number entered again, replaces) a line; the log stays in typing order, newest last. */
export function addToLog(log: readonly LogLine[], line: LogLine): LogLine[] {
  const before = log.some((l) => l.ballotNo === line.ballotNo);
  return [...log.filter((l) => l.ballotNo !== line.ballotNo), before ? { ...line, replaced: true } : line];
}

export function markLog(log: readonly LogLine[], ballotNo: number, state: LogLine['state']): LogLine[] {
  return log.map((l) => (l.ballotNo === ballotNo ? { ...l, state } : l));
}

/** The next number to type: one after the highest entered (counters go through the stack in order). */
export function nextBallotNo(log: readonly LogLine[]): number {
  return log.reduce((most, l) => Math.max(most, l.ballotNo), 0) + 1;
}

/** Ballot numbers the server named as disagreeing (ENTRIES_DISAGREE details), sorted, without junk. */
export function disagreeingNumbers(details: readonly string[] | undefined): number[] {
  const numbers = (details ?? []).map((d) => parseBallotNo(d)).filter((n): n is number => n !== undefined);
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Totals of the counter's own log, for the summary above "Hoàn tất nhập". */
export function logTotals(log: readonly LogLine[]): { readonly entered: number; readonly invalid: number; readonly saved: number } {
  return {
    entered: log.length,
    invalid: log.filter((l) => l.choice === null).length,
    saved: log.filter((l) => l.state === 'saved').length,
  };
}

/** What an entry reads, short, for the log: "Tán thành"; "Nguyễn A, Trần B"; "cao · tín nhiệm · thấp". */
export function entryText(lang: Lang, def: PollDefinition, labels: LabelSet, choice: BallotChoice | null, words: { readonly invalid: string; readonly none: string }): string {
  if (choice === null) return words.invalid;
  if (def.kind === 'open') return typeof choice === 'string' ? openChoiceLabel(lang, labels, choice) : '';
  if (def.kind === 'election') {
    const marked = Array.isArray(choice) ? choice : [];
    return marked.length === 0 ? words.none : def.candidates.filter((c) => marked.includes(c.id)).map((c) => c.name).join(', ');
  }
  if (typeof choice !== 'object' || Array.isArray(choice)) return '';
  const levels = choice as Readonly<Record<string, ConfidenceLevel>>;
  return def.persons.map((p) => `${p.name}: ${levels[p.id] ? confidenceLevelLabel(lang, levels[p.id] as ConfidenceLevel) : '—'}`).join(' · ');
}
