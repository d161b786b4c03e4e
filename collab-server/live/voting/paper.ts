// The counting aid for paper ballots: each counter of the Ban kiểm phiếu enters every paper ballot on their own
// device (enterPaperBallot; re-entering a number replaces it), then says they are done (finishPaperEntry, with
// the ballots issued). When two finished entries agree ballot by ballot, the result is computed from them
// (status counted); when they differ, the ballot numbers that differ are listed (progress.disagreements) and
// the finish answers ENTRIES_DISAGREE. Accepted only while the poll is 'tallying' (after closePoll).
import type { ServerDb } from '../../store/db.ts';
import type { z } from 'zod';
import { canonicalJson } from '../../../common/live/canonicalJson.ts';
import { CONFIDENCE_LEVELS, OPEN_CHOICES, type ConfidenceLevel, type OpenChoice } from '../../../common/i18n/voting.ts';
import type { Result } from '../../../common/result.ts';
import { confidenceBallotSchema, electionBallotSchema, OpenBallotSchema, type PollDefinition } from '../../../common/voting/choices.ts';
import type { EnterPaperBallot, FinishPaperEntry } from '../../../common/voting/commands.ts';
import type { Poll, PollResult, PollTally } from '../../../common/voting/state.ts';
import { tallyConfidence, tallyElection, tallyOpen, type Ballots, type ConfidenceResult } from '../../../common/voting/tally.ts';
import type { ApplyOutcome } from '../commands/registry.ts';
import { all, get, run, sql } from '../../store/sql.ts';
import { refuse, type VotingEnv } from './env.ts';
import { getPoll, readProgress, savePoll, writeProgress, writeResult } from './pollStore.ts';

type Entry = ReadonlyMap<number, string | null>;

function choiceProblem(def: PollDefinition, choice: unknown): string | undefined {
  const schema = def.kind === 'open' ? OpenBallotSchema : def.kind === 'election' ? electionBallotSchema(def) : confidenceBallotSchema(def);
  const parsed = schema.safeParse(choice);
  return parsed.success ? undefined : parsed.error.issues.map((i) => i.message).join('; ');
}

function counterPoll(env: VotingEnv, delegateId: string, pollId: string): Poll | ApplyOutcome {
  const poll = getPoll(env.db, env.meetingId, pollId);
  if (!poll) return refuse('POLL_NOT_FOUND', `no poll ${pollId}`);
  if (poll.mode !== 'paper') return refuse('POLL_STATE', `poll ${pollId} is not a paper poll`);
  if (!poll.counters.includes(delegateId)) return refuse('NOT_COUNTER', 'only the counters (Ban kiểm phiếu) of this poll enter its ballots');
  if (poll.status !== 'tallying') return refuse('POLL_STATE', `poll ${pollId} is ${poll.status}; ballots are entered after it closes, before it is counted`);
  return poll;
}
const isPoll = (x: Poll | ApplyOutcome): x is Poll => 'definition' in x;

function entryOf(db: ServerDb, meetingId: string, pollId: string, counterId: string): Entry {
  const rows = all<{ ballot_no: number; choice: string | null }>(
    db,
    sql`SELECT ballot_no, choice FROM poll_paper_entries WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} AND counter_id = ${counterId} ORDER BY ballot_no`,
  );
  return new Map(rows.map((r) => [r.ballot_no, r.choice]));
}

function finishedCounters(db: ServerDb, meetingId: string, pollId: string): Map<string, number> {
  const rows = all<{ counter_id: string; issued: number }>(db, sql`SELECT counter_id, issued FROM poll_paper_finished WHERE meeting_id = ${meetingId} AND poll_id = ${pollId}`);
  return new Map(rows.map((r) => [r.counter_id, r.issued]));
}

function writeEntered(env: VotingEnv, poll: Poll, disagreements?: readonly number[]): void {
  const entered = Object.fromEntries(poll.counters.map((c) => [c, entryOf(env.db, env.meetingId, poll.id, c).size]));
  const kept = disagreements ?? readProgress(env.doc, poll.id)?.disagreements;
  writeProgress(env.doc, poll.id, { cast: Math.max(0, ...Object.values(entered)), entered, ...(kept && kept.length > 0 ? { disagreements: kept } : {}) });
}

export function enterPaperBallot(env: VotingEnv, delegateId: string, c: z.infer<typeof EnterPaperBallot>): ApplyOutcome {
  const poll = counterPoll(env, delegateId, c.pollId);
  if (!isPoll(poll)) return poll;
  if (c.choice !== null) {
    const problem = choiceProblem(poll.definition, c.choice);
    if (problem) return refuse('BALLOT_INVALID', `ballot ${c.ballotNo}: ${problem}`);
  }
  const choice = c.choice === null ? null : canonicalJson(c.choice);
  const { db, meetingId } = env;
  run(
    db,
    sql`INSERT INTO poll_paper_entries (meeting_id, poll_id, counter_id, ballot_no, choice, entered_at) VALUES (${meetingId}, ${poll.id}, ${delegateId}, ${c.ballotNo}, ${choice}, ${env.now})
        ON CONFLICT (meeting_id, poll_id, counter_id, ballot_no) DO UPDATE SET choice = excluded.choice, entered_at = excluded.entered_at`,
  );
  // A change after finishing withdraws the finish: the counter finishes again once the entry is right.
  run(db, sql`DELETE FROM poll_paper_finished WHERE meeting_id = ${meetingId} AND poll_id = ${poll.id} AND counter_id = ${delegateId}`);
  writeEntered(env, poll);
  return { ok: true };
}

/** Ballot numbers where two entries differ (missing in one, or another choice), ascending. */
export function differences(a: Entry, b: Entry): number[] {
  const numbers = new Set([...a.keys(), ...b.keys()]);
  return [...numbers].filter((n) => !a.has(n) || !b.has(n) || a.get(n) !== b.get(n)).sort((x, y) => x - y);
}

function countOpen(poll: Poll, def: Extract<PollDefinition, { kind: 'open' }>, n: number, choices: readonly unknown[]): Result<PollTally> {
  const counts = Object.fromEntries(OPEN_CHOICES.map((k) => [k, choices.filter((c) => c === k).length])) as Record<OpenChoice, number>;
  const labels = poll.frozen?.labels ?? def.labels;
  const r = tallyOpen({ n, rule: def.rule, ...(labels ? { labels } : {}), counts });
  return r.ok ? { ok: true, value: { kind: 'open', result: r.value } } : r;
}

function countElection(def: Extract<PollDefinition, { kind: 'election' }>, n: number, ballots: Ballots, choices: readonly unknown[]): Result<PollTally> {
  const votes: Record<string, number> = {};
  for (const marks of choices as string[][]) for (const id of marks) votes[id] = (votes[id] ?? 0) + 1;
  const r = tallyElection({ n, rule: def.rule, seats: def.seats, candidates: def.candidates, ballots, votes });
  return r.ok ? { ok: true, value: { kind: 'election', result: r.value } } : r;
}

function countConfidence(def: Extract<PollDefinition, { kind: 'confidence' }>, n: number, ballots: Ballots, choices: readonly unknown[]): Result<PollTally> {
  const results: ConfidenceResult[] = [];
  for (const person of def.persons) {
    const levels = Object.fromEntries(CONFIDENCE_LEVELS.map((l) => [l, 0])) as Record<ConfidenceLevel, number>;
    for (const c of choices as Record<string, ConfidenceLevel>[]) {
      const level = c[person.id];
      if (level !== undefined) levels[level]++;
    }
    const r = tallyConfidence({ person, ballots, levels }, n);
    if (!r.ok) return r;
    results.push(r.value);
  }
  return { ok: true, value: { kind: 'confidence', results } };
}

/** The result from an agreed entry: invalid ballots (null) are collected, not valid. */
export function countPaper(poll: Poll, entry: Entry, issued: number): Result<PollTally> {
  const def = poll.definition;
  const n = poll.frozen?.base ?? 0;
  const choices = [...entry.values()].filter((c): c is string => c !== null).map((c) => JSON.parse(c) as unknown);
  const ballots: Ballots = { issued, collected: entry.size, valid: choices.length };
  if (def.kind === 'open') return countOpen(poll, def, n, choices);
  return def.kind === 'election' ? countElection(def, n, ballots, choices) : countConfidence(def, n, ballots, choices);
}

function agreeing(env: VotingEnv, poll: Poll, me: string, issued: number): { other: string; entry: Entry } | { disagreements: number[] } | undefined {
  const finished = finishedCounters(env.db, env.meetingId, poll.id);
  const mine = entryOf(env.db, env.meetingId, poll.id, me);
  const diffs = new Set<number>();
  let compared = false;
  for (const [other, otherIssued] of finished) {
    if (other === me) continue;
    compared = true;
    const d = differences(mine, entryOf(env.db, env.meetingId, poll.id, other));
    if (d.length === 0 && otherIssued === issued) return { other, entry: mine };
    for (const n of d) diffs.add(n);
  }
  return compared ? { disagreements: [...diffs].sort((a, b) => a - b) } : undefined;
}

export function finishPaperEntry(env: VotingEnv, delegateId: string, c: z.infer<typeof FinishPaperEntry>): ApplyOutcome {
  const poll = counterPoll(env, delegateId, c.pollId);
  if (!isPoll(poll)) return poll;
  const verdict = agreeing(env, poll, delegateId, c.issued);
  if (verdict && 'entry' in verdict) {
    const tally = countPaper(poll, verdict.entry, c.issued);
    if (!tally.ok) return tally;
    const result: PollResult = { pollId: poll.id, tally: tally.value, agreedBy: [verdict.other, delegateId].sort(), countedAt: env.now };
    markFinished(env.db, env.meetingId, poll.id, delegateId, c.issued, env.now);
    savePoll(env.db, env.doc, env.meetingId, { ...poll, status: 'counted', countedAt: env.now });
    writeResult(env.doc, result);
    writeEntered(env, poll, []);
    return { ok: true, value: { counted: true }, audit: { agreedBy: result.agreedBy } };
  }
  markFinished(env.db, env.meetingId, poll.id, delegateId, c.issued, env.now);
  if (!verdict) {
    writeEntered(env, poll);
    return { ok: true, value: { counted: false } };
  }
  const numbers = verdict.disagreements;
  writeEntered(env, poll, numbers);
  const message = numbers.length > 0 ? `the entries differ on ballots ${numbers.join(', ')}` : 'the entries agree but the ballots issued differ';
  return { ok: false, error: { code: 'ENTRIES_DISAGREE', message, details: numbers.map(String) }, recorded: { disagreements: numbers } };
}

function markFinished(db: ServerDb, meetingId: string, pollId: string, counterId: string, issued: number, now: number): void {
  run(
    db,
    sql`INSERT INTO poll_paper_finished (meeting_id, poll_id, counter_id, issued, at) VALUES (${meetingId}, ${pollId}, ${counterId}, ${issued}, ${now})
        ON CONFLICT (meeting_id, poll_id, counter_id) DO UPDATE SET issued = excluded.issued, at = excluded.at`,
  );
}

/** How many ballots a counter has entered (tests, the counter's screen). */
export function enteredCount(db: ServerDb, meetingId: string, pollId: string, counterId: string): number {
  return get<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM poll_paper_entries WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} AND counter_id = ${counterId}`)?.n ?? 0;
}
