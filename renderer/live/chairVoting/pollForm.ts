// The chair's "Tạo biểu quyết" form as plain data: prefilled from the current agenda item (or from the poll a
// re-vote repeats), checked field by field, and turned into a createPoll command. No React here: the form
// component keeps a PollForm in state and shows the problems this module finds.
import { ID_PATTERN } from '../../../common/pack/format.ts';
import { MAX_COUNTERS } from '../../../common/voting/commands.ts';
import {
  MAX_CANDIDATES,
  MAX_COUNTDOWN_SEC,
  MAX_NAME_CHARS,
  MAX_PERSONS,
  MAX_QUESTION_CHARS,
  PollDefinitionSchema,
  type PollDefinitionInput,
  type PollKind,
  type PollPerson,
} from '../../../common/voting/choices.ts';
import { fractionProblem, MAX_FRACTION_TERM, MAX_VOTING_BASE, type PollRule, type RuleBase } from '../../../common/voting/rules.ts';
import type { Poll, PollMode } from '../../../common/voting/state.ts';

export type RuleChoice = PollRule['kind'];
export const RULE_CHOICES: readonly RuleChoice[] = ['more-than-half', 'two-thirds', 'more-than-half-collected', 'fraction'];

/** Countdown presets in seconds (0: the chair closes the poll). A select, so the keyboard reaches every one. */
export const COUNTDOWN_PRESETS: readonly number[] = [0, 30, 60, 120, 180, 300, 600, 900];

/** Ban kiểm phiếu sizes: a secret electronic poll needs 1–3 counters, a paper poll 2–3 (two entries must agree). */
export const COUNTERS_RANGE: Readonly<Record<'secret' | 'paper', { readonly min: number; readonly max: number }>> = {
  secret: { min: 1, max: MAX_COUNTERS },
  paper: { min: 2, max: MAX_COUNTERS },
};

export interface PollForm {
  readonly kind: PollKind;
  readonly question: string;
  readonly itemId: string;
  readonly rule: RuleChoice;
  readonly fraction: { readonly numerator: string; readonly denominator: string; readonly strict: boolean; readonly of: RuleBase };
  readonly countdownSec: number;
  /** Open polls only; elections and confidence votes are always secret. */
  readonly secret: boolean;
  readonly mode: PollMode;
  readonly counters: readonly string[];
  /** Elections: one per line, "Họ tên, chức vụ". Confidence votes: the persons, same format. */
  readonly people: string;
  /** K: how many are elected. */
  readonly seats: string;
  /** N for this poll; empty: the deputies in office when it opens. */
  readonly base: string;
  readonly revoteOf?: string;
}

export type FormProblem =
  | 'question'
  | 'fraction'
  | 'people'
  | 'peopleTooMany'
  | 'seats'
  | 'base'
  | 'countersFew'
  | 'countersMany'
  | 'countdown';

export function emptyForm(itemId: string, question: string): PollForm {
  return {
    kind: 'open',
    question: question.slice(0, MAX_QUESTION_CHARS),
    itemId,
    rule: 'more-than-half',
    fraction: { numerator: '3', denominator: '4', strict: false, of: 'total' },
    countdownSec: 0,
    secret: false,
    mode: 'electronic',
    counters: [],
    people: '',
    seats: '1',
    base: '',
  };
}

/** An agenda item's title becomes the question; the chair edits it before creating. */
export function formFromItem(item: { readonly id: string; readonly title: string } | undefined): PollForm {
  return emptyForm(item?.id ?? '', item?.title ?? '');
}

const peopleText = (list: readonly PollPerson[]): string => list.map((p) => (p.position ? `${p.name}, ${p.position}` : p.name)).join('\n');

/** A re-vote: the same definition, a new poll linked to the old one (the old one stays as it was). */
export function formForRevote(poll: Poll): PollForm {
  const def = poll.definition;
  const base = emptyForm(def.itemId, def.question);
  const rule = def.kind === 'confidence' ? base : ruleFields(def.rule, base);
  return {
    ...rule,
    kind: def.kind,
    countdownSec: def.countdownSec ?? 0,
    secret: def.secret,
    mode: poll.mode,
    counters: [...poll.counters],
    people: def.kind === 'election' ? peopleText(def.candidates) : def.kind === 'confidence' ? peopleText(def.persons) : '',
    seats: def.kind === 'election' ? String(def.seats) : '1',
    base: def.base === undefined ? '' : String(def.base),
    revoteOf: poll.id,
  };
}

function ruleFields(rule: PollRule, form: PollForm): PollForm {
  if (rule.kind !== 'fraction') return { ...form, rule: rule.kind };
  return {
    ...form,
    rule: 'fraction',
    fraction: { numerator: String(rule.numerator), denominator: String(rule.denominator), strict: rule.strict ?? false, of: rule.of ?? 'total' },
  };
}

/** Whether the form asks for a Ban kiểm phiếu, and how many. */
export function countersNeeded(form: Pick<PollForm, 'kind' | 'secret' | 'mode'>): { readonly min: number; readonly max: number } | undefined {
  if (form.mode === 'paper') return COUNTERS_RANGE.paper;
  return isSecretForm(form) ? COUNTERS_RANGE.secret : undefined;
}

export const isSecretForm = (form: Pick<PollForm, 'kind' | 'secret'>): boolean => form.kind !== 'open' || form.secret;

const wholeIn = (text: string, min: number, max: number): number | undefined => {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
};

/** "Họ tên, chức vụ" per line (the first comma splits; later commas stay in the position); blank lines dropped. */
export function parsePeople(text: string): PollPerson[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, i) => {
      const at = line.indexOf(',');
      const name = (at < 0 ? line : line.slice(0, at)).trim().slice(0, MAX_NAME_CHARS);
      const position = at < 0 ? '' : line.slice(at + 1).trim();
      return position ? { id: `p${i + 1}`, name, position } : { id: `p${i + 1}`, name };
    })
    .filter((p) => p.name !== '');
}

function ruleOfForm(form: PollForm): PollRule | undefined {
  if (form.rule !== 'fraction') return { kind: form.rule };
  const numerator = wholeIn(form.fraction.numerator, 1, MAX_FRACTION_TERM);
  const denominator = wholeIn(form.fraction.denominator, 1, MAX_FRACTION_TERM);
  if (numerator === undefined || denominator === undefined) return undefined;
  if (fractionProblem({ numerator, denominator, strict: form.fraction.strict }) !== undefined) return undefined;
  return { kind: 'fraction', numerator, denominator, strict: form.fraction.strict, of: form.fraction.of };
}

/** Every problem of the form, in the order the fields appear. */
export function formProblems(form: PollForm): FormProblem[] {
  const problems: FormProblem[] = [];
  const q = form.question.trim();
  if (q === '' || q.length > MAX_QUESTION_CHARS) problems.push('question');
  if (form.kind !== 'confidence' && ruleOfForm(form) === undefined) problems.push('fraction');
  if (form.kind !== 'open') {
    const people = parsePeople(form.people);
    const most = form.kind === 'election' ? MAX_CANDIDATES : MAX_PERSONS;
    if (people.length === 0) problems.push('people');
    else if (people.length > most) problems.push('peopleTooMany');
    if (form.kind === 'election' && wholeIn(form.seats, 1, Math.max(1, people.length)) === undefined) problems.push('seats');
  }
  if (form.base.trim() !== '' && wholeIn(form.base, 1, MAX_VOTING_BASE) === undefined) problems.push('base');
  if (form.countdownSec < 0 || form.countdownSec > MAX_COUNTDOWN_SEC || !Number.isInteger(form.countdownSec)) problems.push('countdown');
  const need = countersNeeded(form);
  if (need && form.counters.length < need.min) problems.push('countersFew');
  if (need && form.counters.length > need.max) problems.push('countersMany');
  return problems;
}

function definitionOf(form: PollForm): PollDefinitionInput {
  const common = {
    question: form.question.trim(),
    itemId: form.itemId,
    ...(form.base.trim() === '' ? {} : { base: Number(form.base.trim()) }),
    ...(form.countdownSec > 0 ? { countdownSec: form.countdownSec } : {}),
  };
  const rule = ruleOfForm(form) ?? { kind: 'more-than-half' as const };
  switch (form.kind) {
    case 'open':
      return { ...common, kind: 'open', rule, secret: form.secret };
    case 'election':
      return { ...common, kind: 'election', rule, candidates: parsePeople(form.people), seats: Number(form.seats.trim()), secret: true };
    case 'confidence':
      return { ...common, kind: 'confidence', persons: parsePeople(form.people), secret: true };
  }
}

export interface CreatePollCommand {
  readonly type: 'createPoll';
  readonly pollId: string;
  readonly definition: PollDefinitionInput;
  readonly mode: PollMode;
  readonly counters: string[];
  readonly revoteOf?: string;
}

/** The createPoll command, or the problems that stop it (the schema is checked too: what passes here, the server takes). */
export function toCreatePoll(form: PollForm, pollId: string): { readonly ok: true; readonly command: CreatePollCommand } | { readonly ok: false; readonly problems: FormProblem[] } {
  const problems = formProblems(form);
  if (problems.length > 0) return { ok: false, problems };
  const definition = definitionOf(form);
  if (!PollDefinitionSchema.safeParse(definition).success) return { ok: false, problems: ['question'] };
  const counters = countersNeeded(form) ? [...form.counters] : [];
  return {
    ok: true,
    command: { type: 'createPoll', pollId, definition, mode: form.mode, counters, ...(form.revoteOf ? { revoteOf: form.revoteOf } : {}) },
  };
}

/** A client-chosen poll id (a retried create and the screens agree on it); within the pack's ID_PATTERN. */
export function newPollId(): string {
  const [a = 0, b = 0] = globalThis.crypto.getRandomValues(new Uint32Array(2));
  const id = `p-${Date.now().toString(36)}-${a.toString(36)}${b.toString(36)}`.slice(0, 40);
  if (!ID_PATTERN.test(id)) throw new Error(`bad poll id ${id}`);
  return id;
}

/** Toggling a counter keeps the chair's order (the order of the layers of a sealed ballot). */
export function toggleCounter(counters: readonly string[], id: string): string[] {
  return counters.includes(id) ? counters.filter((c) => c !== id) : [...counters, id];
}

/** What the kind implies: elections and confidence votes are secret; an open poll keeps the chair's choice. */
export function withKind(form: PollForm, kind: PollKind): PollForm {
  return { ...form, kind, secret: kind === 'open' ? form.secret : true };
}
