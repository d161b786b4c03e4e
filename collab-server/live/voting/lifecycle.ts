// A poll's lifecycle on the server: draft → open → closed → (tallying) → counted → announced, and cancelled
// (common/voting/state.ts). Each function checks first, then writes the polls row and its mirror in the doc;
// docs/voting.md lists every refusal. Nothing is ever reset or deleted: a re-vote is a new poll (revoteOf).
import { readMeetingState } from '../../../common/live/state.ts';
import { requiredForQuorum } from '../../../common/live/quorum.ts';
import { labelsOf, mayChangeVote, ruleOf, type VotingSettings } from '../../../common/voting/choices.ts';
import type { z } from 'zod';
import type { AnnouncePoll, CancelPoll, ConfigureVoting, CreatePoll } from '../../../common/voting/commands.ts';
import { baseN } from '../../../common/voting/rules.ts';
import { isSecret, VOTING_KEYS, votingMap, type Poll, type PollFrozen, type PollStatus } from '../../../common/voting/state.ts';
import type { ApplyOutcome } from '../commands/registry.ts';
import { refuse, votingSeats, votingSettings, type VotingEnv } from './env.ts';
import { votingHooksOf } from './hooks.ts';
import { countOpenPoll } from './openTally.ts';
import { getPoll, openPollOfMeeting, savePoll, voterCount, voterIds, writeProgress, writeResult } from './pollStore.ts';
import { closeSecretBox } from './secretBox.ts';

/** Ban kiểm phiếu sizes: a secret electronic poll needs 1–3 counters (one key layer each), a paper poll 2–3. */
export const COUNTERS_SECRET = { min: 1, max: 3 } as const;
export const COUNTERS_PAPER = { min: 2, max: 3 } as const;
/** A re-vote repeats a poll that is over (or was cancelled). */
const REVOTABLE: ReadonlySet<PollStatus> = new Set<PollStatus>(['closed', 'tallying', 'counted', 'announced', 'cancelled']);
const CANCELLABLE: ReadonlySet<PollStatus> = new Set<PollStatus>(['draft', 'open', 'closed', 'tallying']);

export const isSecretElectronic = (p: Pick<Poll, 'definition' | 'mode'>): boolean => p.mode === 'electronic' && isSecret(p);

function countersNeeded(mode: Poll['mode'], secret: boolean): { min: number; max: number } {
  if (mode === 'paper') return COUNTERS_PAPER;
  return secret ? COUNTERS_SECRET : { min: 0, max: 0 };
}

function countersProblem(env: VotingEnv, c: z.infer<typeof CreatePoll>): ApplyOutcome | undefined {
  const need = countersNeeded(c.mode, c.definition.secret);
  if (new Set(c.counters).size !== c.counters.length) return refuse('COMMAND_INVALID', 'a counter is named twice');
  if (c.counters.length < need.min || c.counters.length > need.max) {
    return refuse('COMMAND_INVALID', `this poll needs ${need.min}–${need.max} counters (Ban kiểm phiếu), not ${c.counters.length}`, [String(need.min), String(need.max)]);
  }
  const seats = votingSeats(env.db, env.meetingId);
  const strangers = c.counters.filter((d) => !seats.has(d));
  return strangers.length > 0 ? refuse('COMMAND_INVALID', 'counters must be voting members of the meeting', strangers) : undefined;
}

function revoteProblem(env: VotingEnv, revoteOf: string | undefined): ApplyOutcome | undefined {
  if (revoteOf === undefined) return undefined;
  const old = getPoll(env.db, env.meetingId, revoteOf);
  if (!old) return refuse('POLL_NOT_FOUND', `no poll ${revoteOf} to re-vote`);
  return REVOTABLE.has(old.status) ? undefined : refuse('POLL_STATE', `a re-vote repeats a poll that is over; ${revoteOf} is ${old.status}`);
}

export function createPoll(env: VotingEnv, c: z.infer<typeof CreatePoll>): ApplyOutcome {
  if (getPoll(env.db, env.meetingId, c.pollId)) return refuse('POLL_STATE', `a poll ${c.pollId} exists already`);
  const bad = countersProblem(env, c) ?? revoteProblem(env, c.revoteOf);
  if (bad) return bad;
  const poll: Poll = {
    id: c.pollId,
    definition: c.definition,
    mode: c.mode,
    status: 'draft',
    createdAt: env.now,
    counters: c.counters,
    counterKeys: {},
    ...(c.revoteOf === undefined ? {} : { revoteOf: c.revoteOf }),
  };
  savePoll(env.db, env.doc, env.meetingId, poll);
  return { ok: true, value: { poll } };
}

function found(env: VotingEnv, pollId: string): Poll | ApplyOutcome {
  return getPoll(env.db, env.meetingId, pollId) ?? refuse('POLL_NOT_FOUND', `no poll ${pollId}`);
}
const isPoll = (x: Poll | ApplyOutcome): x is Poll => 'definition' in x;

/** Who may vote: the voting seats recorded present (in the hall or online) right now, sorted. */
function presentEligible(env: VotingEnv): string[] {
  const seats = votingSeats(env.db, env.meetingId);
  const { attendance } = readMeetingState(env.doc);
  const present = Object.entries(attendance).filter(([id, r]) => seats.has(id) && (r.status === 'present-hall' || r.status === 'present-online'));
  return present.map(([id]) => id).sort();
}

function freeze(env: VotingEnv, poll: Poll, settings: VotingSettings): PollFrozen | ApplyOutcome {
  const { config } = readMeetingState(env.doc);
  const def = poll.definition;
  const base = baseN(config.totalDelegates, def.base);
  if (base === undefined) return refuse('POLL_STATE', `N must be a whole number from 1 to 10000 (deputies in office: ${config.totalDelegates})`);
  const eligible = presentEligible(env);
  const present = eligible.length;
  const quorum = { numerator: config.quorum.numerator, denominator: config.quorum.denominator };
  if (present * quorum.denominator < quorum.numerator * base) {
    return refuse('NO_QUORUM', `${present} present, ${requiredForQuorum(base, quorum)} needed of ${base}`, [String(present), String(requiredForQuorum(base, quorum))]);
  }
  if (present > base) return refuse('POLL_STATE', `${present} voting members present, more than N = ${base}`, [String(present), String(base)]);
  return {
    openedAt: env.now,
    base,
    eligible,
    present,
    quorum,
    labels: def.kind === 'open' ? labelsOf(def, settings) : settings.labels,
    changeUntilClose: mayChangeVote(def, settings),
    ...(def.countdownSec === undefined ? {} : { closesAt: env.now + def.countdownSec * 1000 }),
  };
}

export function openPoll(env: VotingEnv, pollId: string): ApplyOutcome {
  const poll = found(env, pollId);
  if (!isPoll(poll)) return poll;
  if (poll.status !== 'draft') return refuse('POLL_STATE', `poll ${pollId} is ${poll.status}, not draft`);
  const other = openPollOfMeeting(env.db, env.meetingId);
  if (other) return refuse('POLL_ALREADY_OPEN', `poll ${other.id} is open; close it first`, [other.id]);
  if (isSecretElectronic(poll)) {
    const missing = poll.counters.filter((d) => poll.counterKeys[d] === undefined);
    if (missing.length > 0) return refuse('COUNTER_KEYS_MISSING', 'every counter must register a key before the poll opens', missing);
  }
  const frozen = freeze(env, poll, votingSettings(env.doc));
  if (!('openedAt' in frozen)) return frozen;
  const opened: Poll = { ...poll, status: 'open', frozen };
  savePoll(env.db, env.doc, env.meetingId, opened);
  writeProgress(env.doc, pollId, progressOf(opened, 0, []));
  env.afterCommit(() => votingHooksOf(env.db)?.pollOpened(env.meetingId, pollId, frozen.closesAt));
  const rule = ruleOf(poll.definition);
  const audit = { frozen: { base: frozen.base, eligible: frozen.eligible, present: frozen.present, quorum: frozen.quorum, ...(rule ? { rule } : {}), ...(frozen.closesAt === undefined ? {} : { closesAt: frozen.closesAt }) } };
  return { ok: true, value: { poll: opened }, audit };
}

/** The progress a poll shows: the committed count, and for an open (by-name) poll who has voted. */
export function progressOf(poll: Poll, cast: number, voted: readonly string[]): { cast: number; voted?: readonly string[] } {
  return isSecret(poll) || poll.mode === 'paper' ? { cast } : { cast, voted };
}

/** Writes the exact progress from the register (inside a transaction: what this transaction sees is committed or its own). */
export function writeCommittedProgress(env: Pick<VotingEnv, 'db' | 'doc' | 'meetingId'>, poll: Poll): void {
  const cast = voterCount(env.db, env.meetingId, poll.id);
  writeProgress(env.doc, poll.id, progressOf(poll, cast, isSecret(poll) ? [] : voterIds(env.db, env.meetingId, poll.id)));
}

/**
 * Closes an open poll (the chair, or its countdown). An open electronic poll is counted at once (status
 * counted, results[pollId] with the names per choice); a secret electronic poll's box is sealed and published
 * (secretBox.ts) and it waits for its counters (tallying); a paper poll waits for the counters' entries (tallying).
 */
export function closePoll(env: VotingEnv, pollId: string, by: 'chair' | 'countdown'): ApplyOutcome {
  const poll = found(env, pollId);
  if (!isPoll(poll)) return poll;
  if (poll.status !== 'open') return refuse('POLL_STATE', `poll ${pollId} is ${poll.status}, not open`);
  const closed: Poll = { ...poll, status: 'closed', closedAt: env.now, closedBy: by };
  writeCommittedProgress(env, poll);
  env.afterCommit(() => votingHooksOf(env.db)?.pollEnded(env.meetingId, pollId));
  if (poll.mode === 'paper') {
    savePoll(env.db, env.doc, env.meetingId, { ...closed, status: 'tallying' });
    return { ok: true, audit: { by } };
  }
  if (isSecret(poll)) {
    const box = closeSecretBox({ db: env.db, meetingId: env.meetingId }, poll);
    savePoll(env.db, env.doc, env.meetingId, { ...closed, status: 'tallying' });
    return { ok: true, value: { box }, audit: { by, box } };
  }
  const result = countOpenPoll(env.db, env.meetingId, poll, env.now);
  // Counts that cannot be (the tally refuses them) leave the poll closed, uncounted; the chair re-votes.
  if (!result.ok) {
    savePoll(env.db, env.doc, env.meetingId, closed);
    return { ok: true, audit: { by, problem: result.error.details ?? [result.error.message] } };
  }
  savePoll(env.db, env.doc, env.meetingId, { ...closed, status: 'counted', countedAt: env.now });
  writeResult(env.doc, result.value);
  return { ok: true, audit: { by } };
}

export function cancelPoll(env: VotingEnv, c: z.infer<typeof CancelPoll>): ApplyOutcome {
  const poll = found(env, c.pollId);
  if (!isPoll(poll)) return poll;
  if (!CANCELLABLE.has(poll.status)) return refuse('POLL_STATE', `poll ${c.pollId} is ${poll.status}; it can no longer be cancelled`);
  if (poll.status === 'open') {
    writeCommittedProgress(env, poll);
    env.afterCommit(() => votingHooksOf(env.db)?.pollEnded(env.meetingId, c.pollId));
  }
  savePoll(env.db, env.doc, env.meetingId, { ...poll, status: 'cancelled', cancelledAt: env.now, cancelReason: c.reason });
  return { ok: true };
}

export function announcePoll(env: VotingEnv, c: z.infer<typeof AnnouncePoll>): ApplyOutcome {
  const poll = found(env, c.pollId);
  if (!isPoll(poll)) return poll;
  if (poll.status !== 'counted') return refuse('POLL_STATE', `poll ${c.pollId} is ${poll.status}; only a counted result is announced`);
  savePoll(env.db, env.doc, env.meetingId, { ...poll, status: 'announced', announcedAt: env.now, showNames: c.showNames });
  return { ok: true };
}

export function configureVoting(env: VotingEnv, c: z.infer<typeof ConfigureVoting>): ApplyOutcome {
  const open = openPollOfMeeting(env.db, env.meetingId);
  if (open) return refuse('POLL_ALREADY_OPEN', `poll ${open.id} is open; change the settings after it closes`, [open.id]);
  const current = votingSettings(env.doc);
  const next: VotingSettings = { labels: c.labels ?? current.labels, changeUntilClose: c.changeUntilClose ?? current.changeUntilClose };
  votingMap(env.doc).set(VOTING_KEYS.settings, next);
  return { ok: true };
}
