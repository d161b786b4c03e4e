// The kinds of poll, their choices, and the poll definition the chair creates (or the secretariat prepares in
// meeting.json), as zod schemas (VOTING.md "Choices"). Labels are keys; their words are in common/i18n/voting.ts,
// and a meeting picks one label set (Tán thành … or Đồng ý …), same meaning.
import { z } from 'zod';
import { ID_PATTERN } from '../pack/format.ts';
import {
  CONFIDENCE_LEVELS,
  ELECTION_MARKS,
  LABEL_SETS,
  OPEN_CHOICES,
  type ConfidenceLevel,
  type ElectionMark,
  type LabelSet,
  type OpenChoice,
} from '../i18n/voting.ts';
import { fractionProblem, MAX_FRACTION_TERM, MAX_VOTING_BASE, RULE_BASES, thresholdOf, type PollRule, type Threshold } from './rules.ts';

export { CONFIDENCE_LEVELS, ELECTION_MARKS, LABEL_SETS, OPEN_CHOICES };
export type { ConfidenceLevel, ElectionMark, LabelSet, OpenChoice };

/**
 * open: a resolution or motion (Tán thành / Không tán thành / Không biểu quyết); election (bầu): candidates,
 * at most `seats` marked "đồng ý"; confidence (lấy phiếu tín nhiệm): per person, three levels.
 */
export const POLL_KINDS = ['open', 'election', 'confidence'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export const MAX_QUESTION_CHARS = 500;
export const MAX_NAME_CHARS = 200;
export const MAX_POSITION_CHARS = 200;
export const MAX_CANDIDATES = 100;
/** People on one confidence ballot. */
export const MAX_PERSONS = 100;
export const MAX_COUNTDOWN_SEC = 60 * 60;
export const MAX_ITEM_ID_CHARS = 64;

const id = z.string().regex(ID_PATTERN);
const term = z.number().int().min(1).max(MAX_FRACTION_TERM);

export const PollRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('more-than-half') }),
  z.strictObject({ kind: z.literal('two-thirds') }),
  z.strictObject({ kind: z.literal('more-than-half-collected') }),
  z
    .strictObject({ kind: z.literal('fraction'), numerator: term, denominator: term, strict: z.boolean().optional(), of: z.enum(RULE_BASES).optional() })
    .superRefine((r, ctx) => {
      const problem = fractionProblem({ numerator: r.numerator, denominator: r.denominator, strict: r.strict ?? false });
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, path: ['numerator'] });
    }),
]);
// The schema and the pure type must describe the same rules (a compile error otherwise).
type _RuleMatches = z.infer<typeof PollRuleSchema> extends PollRule ? (PollRule extends z.infer<typeof PollRuleSchema> ? true : never) : never;
export const RULE_SCHEMA_MATCHES: _RuleMatches = true;

const person = z.strictObject({
  id,
  name: z.string().trim().min(1).max(MAX_NAME_CHARS),
  /** Chức vụ, shown beside the name. */
  position: z.string().trim().max(MAX_POSITION_CHARS).optional(),
});
export type PollPerson = z.infer<typeof person>;

const common = {
  question: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
  /** The agenda item the poll belongs to. */
  itemId: z.string().min(1).max(MAX_ITEM_ID_CHARS),
  /** N for this poll; absent: the deputies in office when the poll opens. */
  base: z.number().int().min(1).max(MAX_VOTING_BASE).optional(),
  /** Close automatically this many seconds after opening; absent: the chair closes it. */
  countdownSec: z.number().int().min(1).max(MAX_COUNTDOWN_SEC).optional(),
};

const uniqueIds = (list: readonly { readonly id: string }[]): boolean => new Set(list.map((p) => p.id)).size === list.length;

export const OpenPollSchema = z.strictObject({
  ...common,
  kind: z.literal('open'),
  rule: PollRuleSchema.default({ kind: 'more-than-half' }),
  /** Absent: the meeting's label set (VotingSettings.labels). */
  labels: z.enum(LABEL_SETS).optional(),
  /** An open vote is by name unless the council's quy chế allows a secret one (bãi nhiệm, say). */
  secret: z.boolean().default(false),
});

export const ElectionPollSchema = z
  .strictObject({
    ...common,
    kind: z.literal('election'),
    rule: PollRuleSchema.default({ kind: 'more-than-half' }),
    candidates: z.array(person).min(1).max(MAX_CANDIDATES).refine(uniqueIds, 'candidate ids must be unique'),
    /** K: how many are to be elected, and the most a ballot may mark "đồng ý". */
    seats: z.number().int().min(1).max(MAX_CANDIDATES),
    secret: z.literal(true).default(true),
  })
  .refine((p) => p.seats <= p.candidates.length, { message: 'seats must not exceed the candidates', path: ['seats'] });

/** Lấy phiếu tín nhiệm: percentages over the ballots collected, thresholds fixed (NQ 96/2023/QH15). */
export const ConfidencePollSchema = z.strictObject({
  ...common,
  kind: z.literal('confidence'),
  persons: z.array(person).min(1).max(MAX_PERSONS).refine(uniqueIds, 'person ids must be unique'),
  secret: z.literal(true).default(true),
});

export const PollDefinitionSchema = z.discriminatedUnion('kind', [OpenPollSchema, ElectionPollSchema, ConfidencePollSchema]);
export type PollDefinition = z.infer<typeof PollDefinitionSchema>;
export type PollDefinitionInput = z.input<typeof PollDefinitionSchema>;
export type OpenPoll = z.infer<typeof OpenPollSchema>;
export type ElectionPoll = z.infer<typeof ElectionPollSchema>;
export type ConfidencePoll = z.infer<typeof ConfidencePollSchema>;

/** The meeting's `voting` settings (meeting.json, editable by the chair before a poll opens). */
export const VotingSettingsSchema = z.strictObject({
  labels: z.enum(LABEL_SETS).default('tan-thanh'),
  /** Open polls only: a delegate may change the vote until the poll closes. Never for secret polls. */
  changeUntilClose: z.boolean().default(false),
});
export type VotingSettings = z.infer<typeof VotingSettingsSchema>;

/** The rule a poll is decided by (a confidence poll has none: its thresholds are fixed, see tally.ts). */
export function ruleOf(def: PollDefinition): PollRule | undefined {
  return def.kind === 'confidence' ? undefined : def.rule;
}

/** The label set an open poll shows: its own, else the meeting's. */
export function labelsOf(def: OpenPoll, settings: VotingSettings): LabelSet {
  return def.labels ?? settings.labels;
}

/** Whether a delegate may change a cast vote before the poll closes. */
export function mayChangeVote(def: PollDefinition, settings: VotingSettings): boolean {
  return def.kind === 'open' && !def.secret && settings.changeUntilClose;
}

// ---- ballots

export const OpenBallotSchema = z.enum(OPEN_CHOICES);
export type OpenBallot = OpenChoice;

/** The candidate ids marked "đồng ý": at most `seats`, each once, each a candidate. */
export function electionBallotSchema(def: Pick<ElectionPoll, 'candidates' | 'seats'>): z.ZodType<string[]> {
  const ids = new Set(def.candidates.map((c) => c.id));
  return z
    .array(id)
    .max(def.seats)
    .refine((marks) => new Set(marks).size === marks.length, 'a candidate is marked twice')
    .refine((marks) => marks.every((m) => ids.has(m)), 'not a candidate');
}

/** One level for every person on the ballot. */
export function confidenceBallotSchema(def: Pick<ConfidencePoll, 'persons'>): z.ZodType<Record<string, ConfidenceLevel>> {
  const level = z.enum(CONFIDENCE_LEVELS);
  return z.strictObject(Object.fromEntries(def.persons.map((p) => [p.id, level])));
}

/** Threshold of a poll's rule, for screens that show "cần 26/50". */
export function thresholdOfPoll(def: PollDefinition): Threshold | undefined {
  const rule = ruleOf(def);
  return rule === undefined ? undefined : thresholdOf(rule);
}
