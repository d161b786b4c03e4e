// The delegate's ballot as pure data: the draft (a half-made choice, local to this device and keyed by poll, so
// live updates never wipe it: OpenSlides #5754), the steps (choose → confirm → sent), and what the ballot card
// shows for a poll given the live voting state. No React, no storage; ballotStore.ts keeps the memories.
import type { ErrorValue } from '../../../common/result.ts';
import type { BallotChoice } from '../../../common/voting/commands.ts';
import type { ConfidenceLevel, OpenChoice, PollDefinition, VotingSettings } from '../../../common/voting/choices.ts';
import { mayChangeVote } from '../../../common/voting/choices.ts';
import { openPollOf, type Poll, type PollProgress, type VotingState } from '../../../common/voting/state.ts';
import type { Role } from '../../../common/meeting/types.ts';
import { isVotingRole } from '../../../common/meeting/types.ts';
import type { AgendaNode } from '../../../common/pack/format.ts';
import type { BallotCommandInput } from '../outbox.ts';
import { findItem, flattenAgenda } from '../viewModel.ts';

export type Draft =
  | { readonly kind: 'open'; readonly choice?: OpenChoice }
  /** Candidate ids marked "đồng ý", in the order marked. */
  | { readonly kind: 'election'; readonly marked: readonly string[] }
  | { readonly kind: 'confidence'; readonly levels: Readonly<Record<string, ConfidenceLevel>> };

export type Step = 'choosing' | 'confirming';

/** A cast on its way: `sending` now, `waiting` for the network, or how it ended. */
export type CastState =
  | { readonly state: 'sending' }
  | { readonly state: 'waiting' }
  | { readonly state: 'sent'; readonly value?: unknown }
  | { readonly state: 'dropped'; readonly error: ErrorValue }
  | { readonly state: 'failed'; readonly error: ErrorValue };

export type Cast = { readonly command: BallotCommandInput; readonly choice: BallotChoice; readonly at: number } & CastState;

/** Everything this device remembers of one poll's ballot. */
export interface BallotMemory {
  readonly pollId: string;
  readonly secret: boolean;
  readonly draft: Draft;
  readonly step: Step;
  readonly cast?: Cast;
  /** The ballot card is folded to a chip (to read the document); the draft stays. */
  readonly minimized?: boolean;
  /** Closed by the delegate after the end (voted, or "Biểu quyết đã kết thúc"). */
  readonly dismissed?: boolean;
  /** change-until-close: the delegate chose to vote again. */
  readonly revoting?: boolean;
  /** Device ms of the last change (the store keeps the newest few). */
  readonly touchedAt: number;
}

export function emptyDraft(def: PollDefinition): Draft {
  switch (def.kind) {
    case 'open':
      return { kind: 'open' };
    case 'election':
      return { kind: 'election', marked: [] };
    case 'confidence':
      return { kind: 'confidence', levels: {} };
  }
}

export function newMemory(poll: Poll, now: number): BallotMemory {
  return { pollId: poll.id, secret: poll.definition.secret, draft: emptyDraft(poll.definition), step: 'choosing', touchedAt: now };
}

/** The draft for this poll's kind (a memory from a poll of another kind, impossible by id, reads as empty). */
export function draftOf(memory: BallotMemory | undefined, def: PollDefinition): Draft {
  return memory && memory.draft.kind === def.kind ? memory.draft : emptyDraft(def);
}

// ---- making the choice

/** An open poll's choice: picked, then straight to the confirmation. */
export function pickOpen(m: BallotMemory, choice: OpenChoice, now: number): BallotMemory {
  return { ...m, draft: { kind: 'open', choice }, step: 'confirming', touchedAt: now };
}

/** Marks or unmarks a candidate; a mark beyond the seats (K) is refused (the same memory comes back). */
export function toggleCandidate(m: BallotMemory, seats: number, candidateId: string, now: number): BallotMemory {
  const marked = m.draft.kind === 'election' ? m.draft.marked : [];
  if (marked.includes(candidateId)) return { ...m, draft: { kind: 'election', marked: marked.filter((c) => c !== candidateId) }, touchedAt: now };
  if (marked.length >= seats) return m;
  return { ...m, draft: { kind: 'election', marked: [...marked, candidateId] }, touchedAt: now };
}

export function setLevel(m: BallotMemory, personId: string, level: ConfidenceLevel, now: number): BallotMemory {
  const levels = m.draft.kind === 'confidence' ? m.draft.levels : {};
  return { ...m, draft: { kind: 'confidence', levels: { ...levels, [personId]: level } }, touchedAt: now };
}

/** The choice the draft makes, or undefined while it is not complete (a confidence ballot needs every person). */
export function choiceOf(def: PollDefinition, draft: Draft): BallotChoice | undefined {
  if (def.kind === 'open') return draft.kind === 'open' ? draft.choice : undefined;
  if (def.kind === 'election') {
    if (draft.kind !== 'election') return [];
    // In the candidates' order, only candidates, at most K: what electionBallotSchema accepts.
    return def.candidates.map((c) => c.id).filter((id) => draft.marked.includes(id)).slice(0, def.seats);
  }
  if (draft.kind !== 'confidence') return undefined;
  const levels: Record<string, ConfidenceLevel> = {};
  for (const p of def.persons) {
    const level = draft.levels[p.id];
    if (level === undefined) return undefined;
    levels[p.id] = level;
  }
  return levels;
}

export function toConfirm(m: BallotMemory, def: PollDefinition, now: number): BallotMemory {
  return choiceOf(def, m.draft) === undefined ? m : { ...m, step: 'confirming', touchedAt: now };
}

export function backToChoosing(m: BallotMemory, now: number): BallotMemory {
  return m.step === 'choosing' ? m : { ...m, step: 'choosing', touchedAt: now };
}

// ---- progress: keep the newest (openslides-autoupdate-service #389)

/** Per poll, the progress with the highest version seen; a lower version arriving later is ignored. */
export function keepNewest(kept: Readonly<Record<string, PollProgress>>, incoming: Readonly<Record<string, PollProgress>>): Readonly<Record<string, PollProgress>> {
  let changed = false;
  const next: Record<string, PollProgress> = { ...kept };
  for (const [pollId, p] of Object.entries(incoming)) {
    const old = next[pollId];
    if (old === undefined || p.version > old.version) {
      next[pollId] = p;
      changed = true;
    }
  }
  return changed ? next : kept;
}

// ---- what the ballot card shows

/** Does the server hold my ballot? 'unknown' while nothing says (offline, or a secret poll without a receipt). */
export type ServerHas = 'yes' | 'no' | 'unknown';

export type Phase = 'choosing' | 'confirming' | 'sending' | 'waiting' | 'voted' | 'closed' | 'dropped' | 'failed';

export type BallotView =
  | { readonly kind: 'none' }
  | { readonly kind: 'not-eligible'; readonly poll: Poll }
  | {
      readonly kind: 'ballot';
      readonly poll: Poll;
      readonly phase: Phase;
      readonly draft: Draft;
      readonly server: ServerHas;
      readonly online: boolean;
      readonly minimized: boolean;
      readonly mayChange: boolean;
      readonly memory?: BallotMemory;
    };

export interface BallotInput {
  readonly voting: VotingState;
  readonly me: string;
  readonly role: Role;
  /** Online and synced: the voting state is the server's, not the last known one. */
  readonly online: boolean;
  readonly memories: Readonly<Record<string, BallotMemory>>;
  /** Secret polls: this device holds the server's signed receipt for its ballot. */
  readonly hasReceipt: (pollId: string) => boolean;
}

/** Whether the server has my ballot, from what this device can see. */
export function serverHas(poll: Poll, progress: PollProgress | undefined, me: string, memory: BallotMemory | undefined, online: boolean, receipt: boolean): ServerHas {
  if (memory?.cast?.state === 'sent' || receipt) return 'yes';
  if (!poll.definition.secret && progress?.voted?.includes(me)) return 'yes';
  if (!online) return 'unknown';
  // The who-voted list of an open poll is the server's committed register (flushed within PROGRESS_FLUSH_MS).
  return poll.definition.secret ? 'unknown' : 'no';
}

export const isEligible = (poll: Poll, me: string): boolean => poll.frozen?.eligible.includes(me) ?? false;

/** The poll the card is about: the open one, else the last one this device has a ballot memory for (not dismissed). */
function pollShown(voting: VotingState, memories: Readonly<Record<string, BallotMemory>>): Poll | undefined {
  const open = openPollOf(voting);
  if (open) return open;
  const remembered = Object.values(memories)
    .filter((m) => !m.dismissed)
    .sort((a, b) => b.touchedAt - a.touchedAt);
  for (const m of remembered) {
    const poll = voting.polls.find((p) => p.id === m.pollId);
    if (poll && poll.status !== 'draft') return poll;
  }
  return undefined;
}

function openPhase(memory: BallotMemory | undefined, has: ServerHas, change: boolean): Phase {
  const cast = memory?.cast;
  if (has === 'yes' && !(change && memory?.revoting)) return 'voted';
  if (cast?.state === 'sending') return 'sending';
  if (cast?.state === 'waiting') return 'waiting';
  if (cast?.state === 'failed') return 'failed';
  return memory?.step ?? 'choosing';
}

function closedPhase(memory: BallotMemory | undefined, has: ServerHas): Phase {
  if (has === 'yes') return 'voted';
  if (memory?.cast?.state === 'waiting' || memory?.cast?.state === 'dropped') return 'dropped';
  return 'closed';
}

export function ballotView(input: BallotInput): BallotView {
  const { voting, me, online, memories } = input;
  if (!isVotingRole(input.role)) return { kind: 'none' };
  const poll = pollShown(voting, memories);
  if (!poll || poll.mode !== 'electronic' || poll.status === 'cancelled') return { kind: 'none' };
  const memory = memories[poll.id];
  const open = poll.status === 'open';
  if (!isEligible(poll, me)) return open ? { kind: 'not-eligible', poll } : { kind: 'none' };
  const has = serverHas(poll, voting.progress[poll.id], me, memory, online, input.hasReceipt(poll.id));
  const change = mayChangeVote(poll.definition, poll.frozen ? { labels: poll.frozen.labels, changeUntilClose: poll.frozen.changeUntilClose } : voting.settings);
  const phase = open ? openPhase(memory, has, change) : closedPhase(memory, has);
  // After the close an open poll's "Bạn đã biểu quyết" has nothing more to say; a secret one keeps its receipt.
  if (!open && phase === 'voted' && !poll.definition.secret) return { kind: 'none' };
  if (!open && memory === undefined) return { kind: 'none' };
  return {
    kind: 'ballot',
    poll,
    phase,
    draft: draftOf(memory, poll.definition),
    server: has,
    online,
    minimized: memory?.minimized === true,
    mayChange: change && open,
    ...(memory ? { memory } : {}),
  };
}

/** The settings an open poll was frozen with (labels), else the meeting's. */
export function settingsOf(poll: Poll, voting: VotingState): VotingSettings {
  return poll.frozen ? { labels: poll.frozen.labels, changeUntilClose: poll.frozen.changeUntilClose } : voting.settings;
}

// ---- the countdown (server time)

export interface PollClock {
  readonly remainingSec: number;
  readonly text: string;
  readonly warning: boolean;
}

/** Seconds warn this close to the automatic close. */
export const POLL_WARNING_SEC = 30;

/** The time left of a poll that closes by itself; undefined when the chair closes it. `now` is server ms. */
export function pollClock(poll: Pick<Poll, 'frozen' | 'status'>, now: number): PollClock | undefined {
  const closesAt = poll.frozen?.closesAt;
  if (closesAt === undefined || poll.status !== 'open') return undefined;
  const remainingSec = Math.max(0, Math.ceil((closesAt - now) / 1000));
  const mm = String(Math.floor(remainingSec / 60)).padStart(2, '0');
  const ss = String(remainingSec % 60).padStart(2, '0');
  return { remainingSec, text: `${mm}:${ss}`, warning: remainingSec <= POLL_WARNING_SEC };
}

// ---- what the poll concerns

/**
 * The documents a poll's agenda item concerns: its own; else, for a "Biểu quyết …" item that holds none, those of
 * its parent item and the parent's other sub-items (the tờ trình and dự thảo voted on), in agenda order.
 */
export function documentsFor(agenda: readonly AgendaNode[], itemId: string): readonly string[] {
  const item = findItem(agenda, itemId);
  if (!item) return [];
  const subtree = (n: AgendaNode): string[] => [...n.documentIds, ...n.items.flatMap(subtree)];
  const own = subtree(item);
  if (own.length > 0) return own;
  const parent = flattenAgenda(agenda).find((f) => f.node.items.some((c) => c.id === itemId))?.node;
  return parent ? [...new Set(subtree(parent))] : [];
}
