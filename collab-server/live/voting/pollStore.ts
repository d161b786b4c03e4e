// The server's authority over polls (step 170 tables) and its mirror in the meeting state room
// (doc.getMap('voting'), common/voting/state.ts). Every function takes db (or doc) first and runs inside the
// caller's transaction: a command's, or a server change's (commands/execute.ts executeServerChange).
//
// Row layout of `polls`: the lifecycle columns (kind, mode, secret, status, closes_at, created_at) are what
// queries filter on; `frozen` holds PollFrozen as JSON; `definition` holds the poll's record — its
// PollDefinition and what the chair and the counters add before or after open (counters, their keys, the
// re-vote link, the lifecycle times) — as JSON, converted in one place (rowToPoll / recordOf).
import type { ServerDb } from '../../store/db.ts';
import * as Y from 'yjs';
import type { PollResult, Poll, PollProgress } from '../../../common/voting/state.ts';
import { VOTING_KEYS, votingMap } from '../../../common/voting/state.ts';
import { all, get, run, sql } from '../../store/sql.ts';

interface PollRow {
  poll_id: string;
  status: string;
  mode: string;
  definition: string;
  frozen: string | null;
  created_at: number;
}

type PollRecord = Omit<Poll, 'id' | 'status' | 'mode' | 'createdAt' | 'frozen'>;

/**
 * Parsed polls by their row text: a ballot reads its poll on every cast, and a poll frozen with 2,000 eligible
 * ids is tens of kilobytes of JSON. The row is still read each time (the table is the authority); only the
 * parse is skipped when the text is the same.
 */
const parsed = new Map<string, { readonly row: PollRow; readonly poll: Poll }>();
const MAX_PARSED_POLLS = 256;

function sameRow(a: PollRow, b: PollRow): boolean {
  return a.status === b.status && a.mode === b.mode && a.created_at === b.created_at && a.definition === b.definition && a.frozen === b.frozen;
}

function rowToPoll(row: PollRow, meetingId: string): Poll {
  const key = `${meetingId}\u0000${row.poll_id}`;
  const known = parsed.get(key);
  if (known && sameRow(known.row, row)) return known.poll;
  const poll = parseRow(row);
  if (parsed.size >= MAX_PARSED_POLLS) parsed.clear();
  parsed.set(key, { row, poll });
  return poll;
}

function parseRow(row: PollRow): Poll {
  const record = JSON.parse(row.definition) as PollRecord;
  return {
    ...record,
    id: row.poll_id,
    status: row.status as Poll['status'],
    mode: row.mode as Poll['mode'],
    createdAt: row.created_at,
    ...(row.frozen === null ? {} : { frozen: JSON.parse(row.frozen) as NonNullable<Poll['frozen']> }),
  };
}

function recordOf(poll: Poll): PollRecord {
  const { id: _id, status: _s, mode: _m, createdAt: _c, frozen: _f, ...record } = poll;
  return record;
}

// ---- polls (table)

export function getPoll(db: ServerDb, meetingId: string, pollId: string): Poll | undefined {
  const row = get<PollRow>(db, sql`SELECT poll_id, status, mode, definition, frozen, created_at FROM polls WHERE meeting_id = ${meetingId} AND poll_id = ${pollId}`);
  return row ? rowToPoll(row, meetingId) : undefined;
}

/** The meeting's polls, oldest first. */
export function listPolls(db: ServerDb, meetingId: string): Poll[] {
  return all<PollRow>(db, sql`SELECT poll_id, status, mode, definition, frozen, created_at FROM polls WHERE meeting_id = ${meetingId} ORDER BY created_at, poll_id`).map((r) => rowToPoll(r, meetingId));
}

/** The poll open in the meeting, if any (at most one is). */
export function openPollOfMeeting(db: ServerDb, meetingId: string): Poll | undefined {
  const row = get<PollRow>(db, sql`SELECT poll_id, status, mode, definition, frozen, created_at FROM polls WHERE meeting_id = ${meetingId} AND status = 'open' LIMIT 1`);
  return row ? rowToPoll(row, meetingId) : undefined;
}

/** Open polls with a countdown, every meeting: what the countdown timer watches. */
export function pollsWithCountdown(db: ServerDb): { meetingId: string; pollId: string; closesAt: number }[] {
  return all<{ meeting_id: string; poll_id: string; closes_at: number }>(
    db,
    sql`SELECT meeting_id, poll_id, closes_at FROM polls WHERE status = 'open' AND closes_at IS NOT NULL ORDER BY closes_at`,
  ).map((r) => ({ meetingId: r.meeting_id, pollId: r.poll_id, closesAt: r.closes_at }));
}

/** Open polls, every meeting (a restart brings their progress up to date). */
export function openPollsEverywhere(db: ServerDb): { meetingId: string; pollId: string }[] {
  return all<{ meeting_id: string; poll_id: string }>(db, sql`SELECT meeting_id, poll_id FROM polls WHERE status = 'open'`).map((r) => ({ meetingId: r.meeting_id, pollId: r.poll_id }));
}

/** Inserts or replaces the poll's row and mirrors it into the state doc (inside the caller's transactions). */
export function savePoll(db: ServerDb, doc: Y.Doc, meetingId: string, poll: Poll): void {
  const definition = JSON.stringify(recordOf(poll));
  const frozen = poll.frozen ? JSON.stringify(poll.frozen) : null;
  const closesAt = poll.status === 'open' ? (poll.frozen?.closesAt ?? null) : null;
  run(
    db,
    sql`INSERT INTO polls (meeting_id, poll_id, kind, mode, secret, status, definition, frozen, closes_at, created_at)
        VALUES (${meetingId}, ${poll.id}, ${poll.definition.kind}, ${poll.mode}, ${poll.definition.secret ? 1 : 0}, ${poll.status}, ${definition}, ${frozen}, ${closesAt}, ${poll.createdAt})
        ON CONFLICT (meeting_id, poll_id) DO UPDATE SET status = excluded.status, definition = excluded.definition,
          frozen = excluded.frozen, closes_at = excluded.closes_at`,
  );
  writePoll(doc, poll);
}

// ---- the who-voted register (every mode)

/** One row per (poll, delegate): the PRIMARY KEY makes a second ballot impossible, in the caller's transaction. */
export function recordVoter(db: ServerDb, meetingId: string, pollId: string, delegateId: string): 'recorded' | 'already' {
  const r = run(db, sql`INSERT INTO poll_voters (meeting_id, poll_id, delegate_id) VALUES (${meetingId}, ${pollId}, ${delegateId}) ON CONFLICT DO NOTHING`);
  return r.changes === 1 ? 'recorded' : 'already';
}

export function hasVoted(db: ServerDb, meetingId: string, pollId: string, delegateId: string): boolean {
  return get(db, sql`SELECT 1 AS x FROM poll_voters WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} AND delegate_id = ${delegateId}`) !== undefined;
}

/** Committed ballots of the poll (phiếu thu về for a secret poll). */
export function voterCount(db: ServerDb, meetingId: string, pollId: string): number {
  return get<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM poll_voters WHERE meeting_id = ${meetingId} AND poll_id = ${pollId}`)?.n ?? 0;
}

/** Who has voted, sorted (open polls show it; for a secret poll it says who, never what). */
export function voterIds(db: ServerDb, meetingId: string, pollId: string): string[] {
  return all<{ delegate_id: string }>(db, sql`SELECT delegate_id FROM poll_voters WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} ORDER BY delegate_id`).map((r) => r.delegate_id);
}

// ---- eligibility (frozen at open)

const eligibleSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Whether the delegate was on the list frozen at open (present and entitled). A poll not opened has none. */
export function isEligible(poll: Pick<Poll, 'frozen'>, delegateId: string): boolean {
  const list = poll.frozen?.eligible;
  if (!list) return false;
  let set = eligibleSets.get(list);
  if (!set) {
    set = new Set(list);
    eligibleSets.set(list, set);
  }
  return set.has(delegateId);
}

/** Whether the poll is open and its countdown has not run out at `now` (server time). */
export function acceptsBallots(poll: Pick<Poll, 'status' | 'frozen'>, now: number): boolean {
  if (poll.status !== 'open') return false;
  const closesAt = poll.frozen?.closesAt;
  return closesAt === undefined || now < closesAt;
}

// ---- the state doc mirror (voting map)

function ensureMap<T>(key: string, doc: Y.Doc): Y.Map<T> {
  const m = votingMap(doc);
  const existing = m.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<T>;
  const created = new Y.Map<T>();
  m.set(key, created);
  return created;
}

/** Replaces the poll in the doc's `voting.polls` (plain JSON, whole). */
export function writePoll(doc: Y.Doc, poll: Poll): void {
  ensureMap<Poll>(VOTING_KEYS.polls, doc).set(poll.id, poll);
}

export function writeResult(doc: Y.Doc, result: PollResult): void {
  ensureMap<PollResult>(VOTING_KEYS.results, doc).set(result.pollId, result);
}

export function readProgress(doc: Y.Doc, pollId: string): PollProgress | undefined {
  const m = votingMap(doc).get(VOTING_KEYS.progress);
  return m instanceof Y.Map ? (m.get(pollId) as PollProgress | undefined) : undefined;
}

/** Writes the poll's progress with the next version (clients keep the highest version they saw). */
export function writeProgress(doc: Y.Doc, pollId: string, next: Omit<PollProgress, 'version'>): PollProgress {
  const version = (readProgress(doc, pollId)?.version ?? 0) + 1;
  const progress: PollProgress = { version, ...next };
  ensureMap<PollProgress>(VOTING_KEYS.progress, doc).set(pollId, progress);
  return progress;
}
