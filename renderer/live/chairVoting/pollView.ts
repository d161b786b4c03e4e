// What the chair's voting console shows about each poll, as pure functions of the voting state: which
// actions are possible now and, when not, why; the live "x / N đã biểu quyết" (the newest version wins); who
// has not voted yet (open polls); the result in the legal wording with its verdict badges.
import type { Lang } from '../../../common/i18n/errors.ts';
import type { Verdict } from '../../../common/i18n/voting.ts';
import { resultWordingParts } from '../../../common/voting/tally.ts';
import { isSecret, type Poll, type PollProgress, type PollResult, type PollTally, type VotingState } from '../../../common/voting/state.ts';

export type PollAction = 'open' | 'close' | 'announce' | 'cancel' | 'revote';

/** Why an action is not offered now: each has a sentence in renderer/i18n/chairVoting.ts. */
export type BlockReason = 'offline' | 'anotherOpen' | 'noQuorum' | 'keysMissing' | 'notDraft' | 'notOpen' | 'notCounted' | 'finished' | 'notFinished';

export interface ActionState {
  readonly action: PollAction;
  readonly enabled: boolean;
  readonly reason?: BlockReason;
}

export interface ChairContext {
  readonly online: boolean;
  /** The quorum as the console sees it now; the server checks again at open. */
  readonly quorumReached: boolean;
  readonly openPollId: string | undefined;
}

/** Counters of a secret electronic poll whose device has not yet registered a key. */
export function missingKeys(poll: Poll): string[] {
  if (!isSecret(poll) || poll.mode !== 'electronic') return [];
  return poll.counters.filter((c) => poll.counterKeys[c] === undefined);
}

const FINISHED = new Set<Poll['status']>(['announced', 'cancelled']);

function blockedOpen(poll: Poll, ctx: ChairContext): BlockReason | undefined {
  if (poll.status !== 'draft') return 'notDraft';
  if (ctx.openPollId !== undefined && ctx.openPollId !== poll.id) return 'anotherOpen';
  if (!ctx.quorumReached) return 'noQuorum';
  if (missingKeys(poll).length > 0) return 'keysMissing';
  return undefined;
}

function blocked(action: PollAction, poll: Poll, ctx: ChairContext): BlockReason | undefined {
  if (!ctx.online) return 'offline';
  switch (action) {
    case 'open':
      return blockedOpen(poll, ctx);
    case 'close':
      return poll.status === 'open' ? undefined : 'notOpen';
    case 'announce':
      return poll.status === 'counted' ? undefined : 'notCounted';
    case 'cancel':
      // As the server allows: a poll whose count cannot finish (a counter's device lost) is cancelled and re-voted.
      return ['draft', 'open', 'closed', 'tallying'].includes(poll.status) ? undefined : 'finished';
    case 'revote':
      if (!['counted', 'announced', 'cancelled'].includes(poll.status)) return 'notFinished';
      return ctx.openPollId !== undefined ? 'anotherOpen' : undefined;
  }
}

/** The actions that belong to the poll's step, each enabled or with the reason it is not. */
export function actionsFor(poll: Poll, ctx: ChairContext): ActionState[] {
  const shown: PollAction[] = (() => {
    switch (poll.status) {
      case 'draft':
        return ['open', 'cancel'];
      case 'open':
        return ['close', 'cancel'];
      case 'closed':
      case 'tallying':
        return ['announce', 'cancel'];
      case 'counted':
        return ['announce', 'revote'];
      case 'announced':
      case 'cancelled':
        return ['revote'];
    }
  })();
  return shown.map((action) => {
    const reason = blocked(action, poll, ctx);
    return reason === undefined ? { action, enabled: true } : { action, enabled: false, reason };
  });
}

export const isFinished = (p: Poll): boolean => FINISHED.has(p.status);

/** The poll the console works on: the open one, else the newest not yet announced or cancelled. */
export function activePoll(state: VotingState): Poll | undefined {
  const open = state.polls.find((p) => p.status === 'open');
  if (open) return open;
  for (let i = state.polls.length - 1; i >= 0; i--) {
    const p = state.polls[i];
    if (p && !isFinished(p)) return p;
  }
  return undefined;
}

/** The polls listed under "Các lần biểu quyết": every other poll, newest first. */
export function pastPolls(state: VotingState, active: Poll | undefined): Poll[] {
  return state.polls.filter((p) => p.id !== active?.id).reverse();
}

// ---- progress

/**
 * Keeps, per poll, the progress with the highest version seen: a message that arrives late (lower version)
 * never replaces a newer one (openslides-autoupdate-service #389). Returns `kept` itself when nothing is newer.
 */
export function newestProgress(
  kept: Readonly<Record<string, PollProgress>>,
  incoming: Readonly<Record<string, PollProgress>>,
): Readonly<Record<string, PollProgress>> {
  let next: Record<string, PollProgress> | undefined;
  for (const [pollId, p] of Object.entries(incoming)) {
    const have = kept[pollId];
    if (have !== undefined && have.version >= p.version) continue;
    next ??= { ...kept };
    next[pollId] = p;
  }
  return next ?? kept;
}

export interface ProgressView {
  readonly cast: number;
  /** The frozen eligible count (who may vote); the count of N for the bar. */
  readonly eligible: number;
  readonly base: number;
  readonly version: number;
}

export function progressOf(poll: Poll, progress: PollProgress | undefined): ProgressView | undefined {
  if (!poll.frozen) return undefined;
  return { cast: progress?.cast ?? 0, eligible: poll.frozen.eligible.length, base: poll.frozen.base, version: progress?.version ?? 0 };
}

/**
 * Who may vote and has not (open polls; a secret poll gives only the count), in the frozen list's order.
 * `voted` is sorted (state.ts), so a Set is built once per progress version, not per row.
 */
export function notVotedOf(poll: Poll, progress: PollProgress | undefined): string[] | undefined {
  if (!poll.frozen || isSecret(poll) || poll.mode !== 'electronic') return undefined;
  const voted = new Set(progress?.voted ?? []);
  return poll.frozen.eligible.filter((id) => !voted.has(id));
}

// ---- results

export interface WordingView {
  readonly lines: readonly string[];
  readonly verdicts: readonly Verdict[];
  readonly rule?: string;
}

/** The legal wording of a counted tally (common/voting/tally.ts); a confidence vote has one line per person. */
export function wordingOf(tally: PollTally, lang: Lang): WordingView {
  switch (tally.kind) {
    case 'open':
      return resultWordingParts(tally.result, lang);
    case 'election':
      return resultWordingParts(tally.result, lang);
    case 'confidence': {
      const parts = tally.results.map((r) => resultWordingParts(r, lang));
      return { lines: parts.flatMap((p) => p.lines), verdicts: parts.flatMap((p) => p.verdicts) };
    }
  }
}

/** The badge of the whole poll: Thông qua / Không thông qua for an open vote; none for the others (each line has its own). */
export function badgeOf(result: PollResult | undefined): 'passed' | 'failed' | undefined {
  if (result?.tally.kind !== 'open') return undefined;
  return result.tally.result.passed ? 'passed' : 'failed';
}
