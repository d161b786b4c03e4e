// What the hall screen shows of voting, as pure functions: which poll (the open one; else the latest that
// closed, until the session moves on), its progress "x / N đã biểu quyết" (only the count, never per choice),
// and the names per choice when the chair chose to show them.
import type { MeetingState } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { OPEN_CHOICES, type OpenChoice } from '../../../common/i18n/voting.ts';
import { openPollOf, type Poll, type PollProgress, type PollResult, type VotingState } from '../../../common/voting/state.ts';

const AFTER_CLOSE = new Set<Poll['status']>(['closed', 'tallying', 'counted', 'announced']);

/** The latest thing that happened to a poll (server ms). */
export function lastEventAt(p: Poll): number {
  return Math.max(p.announcedAt ?? 0, p.countedAt ?? 0, p.closedAt ?? 0, p.frozen?.openedAt ?? 0, p.createdAt);
}

/**
 * The open poll; else the poll closed last, shown (progress, then the result once announced) until the session
 * moves on: the chair takes up another agenda item, or gives someone the floor after it.
 */
export function hallPollOf(voting: VotingState, state: Pick<MeetingState, 'floor' | 'currentItemId'>): Poll | undefined {
  const open = openPollOf(voting);
  if (open) return open;
  // A paper poll has no electronic progress to show while it is counted: it reaches the hall once announced.
  const shown = (p: Poll): boolean => (p.mode === 'electronic' ? AFTER_CLOSE.has(p.status) : p.status === 'announced');
  const latest = voting.polls.filter(shown).sort((a, b) => lastEventAt(a) - lastEventAt(b)).at(-1);
  if (!latest) return undefined;
  if (state.floor && state.floor.startedAt > lastEventAt(latest)) return undefined;
  if (state.currentItemId !== null && state.currentItemId !== latest.definition.itemId) return undefined;
  return latest;
}

export interface HallProgress {
  readonly cast: number;
  /** N, frozen at open. */
  readonly base: number;
  /** 0..1 for the bar. */
  readonly fraction: number;
}

export function hallProgress(poll: Poll, progress: PollProgress | undefined): HallProgress {
  const base = poll.frozen?.base ?? 0;
  const cast = progress?.cast ?? 0;
  return { cast, base, fraction: base > 0 ? Math.min(1, cast / base) : 0 };
}

export interface NamesLine {
  readonly choice: OpenChoice;
  readonly names: readonly string[];
}

/** Names per choice for the hall, only when the chair chose to show them (and the poll is by name). */
export function namesShown(poll: Poll, result: PollResult | undefined, delegates: readonly Delegate[]): readonly NamesLine[] | undefined {
  if (poll.showNames !== true || poll.definition.secret || !result?.names) return undefined;
  const nameOf = (id: string) => delegates.find((d) => d.id === id)?.name ?? id;
  const names = result.names;
  return OPEN_CHOICES.map((choice) => ({ choice, names: names[choice].map(nameOf) }));
}
