// What the secretariat prepares for voting in meeting.json and what travels, signed and encrypted, in the pack:
// the meeting's `voting` settings (labels, change until close) and prepared polls, each a poll definition on an
// agenda item with its mode and its Ban kiểm phiếu. The chair console offers the prepared polls of the current
// item ("Biểu quyết đã chuẩn bị") and creates one with createPollFromPrepared; nothing is created on the
// server until the chair does so. Every member of the meeting can read them (the manifest's key is shared).
import { z } from 'zod';
import { ID_PATTERN } from '../pack/format.ts';
import { PollDefinitionSchema, VotingSettingsSchema, type PollDefinition, type VotingSettings } from './choices.ts';
import { MAX_COUNTERS } from './commands.ts';
import { DEFAULT_VOTING_SETTINGS, POLL_MODES, type Poll, type PollMode } from './state.ts';

/** Prepared polls per meeting. */
export const MAX_PREPARED_POLLS = 200;

const id = z.string().regex(ID_PATTERN);

/** One prepared poll: `definition.itemId` is the agenda item's dotted number ("2.4"). */
export const PreparedPollSchema = z.strictObject({
  /** Stable id, unique in the meeting; the chair console creates the poll with this id the first time. */
  id,
  definition: PollDefinitionSchema,
  mode: z.enum(POLL_MODES).default('electronic'),
  /** Ban kiểm phiếu, delegate ids: 1–3 for a secret electronic poll, 2–3 for a paper poll. */
  counters: z.array(id).max(MAX_COUNTERS).default([]),
});
export type PreparedPoll = z.infer<typeof PreparedPollSchema>;
export type PreparedPollInput = z.input<typeof PreparedPollSchema>;

/** The voting part of the pack: absent in packs published before it existed (read as the defaults). */
export const MeetingVotingSchema = z.object({
  settings: VotingSettingsSchema.default(DEFAULT_VOTING_SETTINGS),
  polls: z.array(PreparedPollSchema).max(MAX_PREPARED_POLLS).default([]),
});
export interface MeetingVoting {
  readonly settings: VotingSettings;
  readonly polls: readonly PreparedPoll[];
}

export const EMPTY_MEETING_VOTING: MeetingVoting = { settings: DEFAULT_VOTING_SETTINGS, polls: [] };

/** How many counters each kind of poll needs: undefined when it needs none. */
export function countersNeeded(def: Pick<PollDefinition, 'secret'>, mode: PollMode): { readonly min: number; readonly max: number } | undefined {
  if (mode === 'paper') return { min: 2, max: MAX_COUNTERS };
  return def.secret ? { min: 1, max: MAX_COUNTERS } : undefined;
}

/**
 * The pack's voting section as the device reads it. A pack without one (older publisher) or with one this
 * version cannot read gives the defaults: the chair can still create every poll by hand.
 */
export function meetingVotingOf(manifest: { readonly voting?: unknown }): MeetingVoting {
  if (manifest.voting === undefined) return EMPTY_MEETING_VOTING;
  const parsed = MeetingVotingSchema.safeParse(manifest.voting);
  return parsed.success ? parsed.data : EMPTY_MEETING_VOTING;
}

/** The prepared polls of one agenda item, in meeting.json order. */
export function preparedPollsFor(voting: MeetingVoting, itemId: string | null): PreparedPoll[] {
  return itemId === null ? [] : voting.polls.filter((p) => p.definition.itemId === itemId);
}

/** Whether a prepared poll has already been created on the server (a poll with its id exists). */
export function isPreparedCreated(prepared: Pick<PreparedPoll, 'id'>, polls: readonly Pick<Poll, 'id'>[]): boolean {
  return polls.some((p) => p.id === prepared.id);
}

/**
 * The createPoll command (without its command id) for a prepared poll. The first time the poll id is the
 * prepared id, so a retried create and every screen agree; pass another id for a second poll from the same
 * preparation (a re-vote, with revoteOf).
 */
export function createPollFromPrepared(
  prepared: PreparedPoll,
  options: { readonly pollId?: string; readonly revoteOf?: string } = {},
): { type: 'createPoll'; pollId: string; definition: PollDefinition; mode: PollMode; counters: string[]; revoteOf?: string } {
  return {
    type: 'createPoll',
    pollId: options.pollId ?? prepared.id,
    definition: prepared.definition,
    mode: prepared.mode,
    counters: [...prepared.counters],
    ...(options.revoteOf === undefined ? {} : { revoteOf: options.revoteOf }),
  };
}

/**
 * The pack's voting section for a validated meeting.json (publisher side): undefined when the folder has
 * neither `voting` nor `polls`, so a meeting without them publishes exactly the manifest it did before.
 */
export function packVotingOf(spec: { readonly voting?: unknown; readonly polls?: unknown }): MeetingVoting | undefined {
  if (spec.voting === undefined && spec.polls === undefined) return undefined;
  return MeetingVotingSchema.parse({ settings: spec.voting ?? {}, polls: spec.polls ?? [] });
}

/**
 * The configureVoting command (without its command id) that makes the server's settings those of the pack, or
 * undefined when they already agree. The chair console may send it while no poll is open.
 */
export function settingsToApply(pack: VotingSettings, server: VotingSettings): { type: 'configureVoting'; labels?: VotingSettings['labels']; changeUntilClose?: boolean } | undefined {
  const labels = pack.labels !== server.labels ? { labels: pack.labels } : {};
  const change = pack.changeUntilClose !== server.changeUntilClose ? { changeUntilClose: pack.changeUntilClose } : {};
  return Object.keys(labels).length + Object.keys(change).length === 0 ? undefined : { type: 'configureVoting', ...labels, ...change };
}
