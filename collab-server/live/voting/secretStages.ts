// The counters' stages of a secret poll (poll_stages, step 170) and the count at the last one. Counter i
// (stage s = i + 1) takes stage s-1 (stage 0 = the box in hash order), removes its layer, shuffles and posts
// stage s; the last counter posts the (tracker, choice) lines. The server cannot check a shuffle, only its
// shape: the count equals the box's, every ballot has the size one layer fewer gives, none appears twice.
// Whether a ballot was swapped on the way is what voters check (their tracker with their choice).
import crypto from 'node:crypto';
import type { ServerDb } from '../../store/db.ts';
import type * as Y from 'yjs';
import { canonicalJson } from '../../../common/live/canonicalJson.ts';
import { CONFIDENCE_LEVELS, OPEN_CHOICES, type ConfidenceLevel, type OpenChoice } from '../../../common/i18n/voting.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import { sizeWithLayers, sortLines, TRACKER_PATTERN, UNREADABLE_TRACKER, validChoice, type TrackersListing } from '../../../common/voting/secret.ts';
import type { Poll, PollResult, PollTally, SecretChoice, TrackerLine } from '../../../common/voting/state.ts';
import { tallyConfidence, tallyElection, tallyOpen, type ConfidenceResult } from '../../../common/voting/tally.ts';
import { get, run, sql } from '../../store/sql.ts';
import { boxCount, publishedBox, signTrackers } from './secretBox.ts';
import { savePoll, writeResult } from './pollStore.ts';

/** A stage body: 2,000 ballots of the largest size (8,192 base64url characters) and then some. */
export const MAX_STAGE_BODY = 32 * 1024 * 1024;

export type StageContent = { readonly ballots: readonly string[] } | { readonly lines: readonly TrackerLine[] };

export interface StageRow {
  readonly stage: number;
  readonly counterId: string;
  readonly digest: string;
  readonly content: StageContent;
}

const sha256Hex = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** The canonical text of a stage (what is stored and what its digest is over); lines sorted by tracker. */
export function stageText(content: StageContent): string {
  return 'ballots' in content ? canonicalJson({ ballots: content.ballots }) : canonicalJson({ lines: sortLines(content.lines) });
}

export const stageDigestOf = (content: StageContent): string => sha256Hex(stageText(content));

export function stagesDone(db: ServerDb, meetingId: string, pollId: string): number {
  return get<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM poll_stages WHERE meeting_id = ${meetingId} AND poll_id = ${pollId}`)?.n ?? 0;
}

export function readStage(db: ServerDb, meetingId: string, pollId: string, stage: number): StageRow | undefined {
  const row = get<{ stage: number; counter_id: string; digest: string; content: Uint8Array }>(
    db,
    sql`SELECT stage, counter_id, digest, content FROM poll_stages WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} AND stage = ${stage}`,
  );
  if (!row) return undefined;
  return { stage: row.stage, counterId: row.counter_id, digest: row.digest, content: JSON.parse(Buffer.from(row.content).toString('utf8')) as StageContent };
}

export function insertStage(db: ServerDb, meetingId: string, pollId: string, stage: number, counterId: string, content: StageContent, at: number): string {
  const text = stageText(content);
  const digest = sha256Hex(text);
  run(
    db,
    sql`INSERT INTO poll_stages (meeting_id, poll_id, stage, counter_id, content, digest, at) VALUES (${meetingId}, ${pollId}, ${stage}, ${counterId}, ${Buffer.from(text, 'utf8')}, ${digest}, ${at})`,
  );
  return digest;
}

// ---- checking a stage body (shape only)

const invalid = (message: string): Result<never> => fail('BALLOT_INVALID', message);

function checkBallots(poll: Poll, stage: number, count: number, raw: unknown): Result<StageContent> {
  if (!Array.isArray(raw) || !raw.every((b): b is string => typeof b === 'string')) return invalid('ballots must be a list of base64url strings');
  if (raw.length !== count) return invalid(`stage ${stage} must hold ${count} ballots, as the box does (got ${raw.length})`);
  const size = sizeWithLayers(poll.definition, poll.counters.length - stage);
  for (const b of raw) if (fromB64url(b)?.length !== size) return invalid(`every ballot of stage ${stage} is ${size} bytes`);
  if (new Set(raw).size !== raw.length) return invalid(`stage ${stage} holds a ballot twice`);
  return ok({ ballots: raw });
}

function isLine(v: unknown): v is TrackerLine {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const l = v as Record<string, unknown>;
  const keys = Object.keys(l);
  return typeof l['tracker'] === 'string' && (l['tracker'] === UNREADABLE_TRACKER || TRACKER_PATTERN.test(l['tracker'])) && 'choice' in l && keys.length === 2;
}

function checkLines(poll: Poll, count: number, raw: unknown): Result<StageContent> {
  if (!Array.isArray(raw) || !raw.every(isLine)) return invalid('lines must be {tracker, choice} objects');
  if (raw.length !== count) return invalid(`the last stage must hold ${count} lines, as the box does (got ${raw.length})`);
  const trackers = raw.map((l) => l.tracker).filter((t) => t !== UNREADABLE_TRACKER);
  if (new Set(trackers).size !== trackers.length) return invalid('a tracker appears twice');
  // Kept as checked (an invalid choice is null): a choice nested thousands deep (a voter's crafted plaintext
  // can carry one) would otherwise overflow the stack in canonicalJson when the stage's text is computed.
  return ok({ lines: publishedLines(poll, raw) });
}

/** The body of POST stage s, checked against the poll and the box. */
export function checkStageBody(db: ServerDb, meetingId: string, poll: Poll, stage: number, body: unknown): Result<StageContent> {
  const count = boxCount(db, meetingId, poll.id);
  if (typeof body !== 'object' || body === null) return invalid('a stage is a JSON object');
  const b = body as Record<string, unknown>;
  const last = stage === poll.counters.length;
  if (Object.keys(b).length !== 1 || !(last ? 'lines' in b : 'ballots' in b)) return invalid(last ? 'the last stage is {lines}' : 'a stage is {ballots}');
  return last ? checkLines(poll, count, b['lines']) : checkBallots(poll, stage, count, b['ballots']);
}

// ---- the count

/** Each line with its choice checked against the poll (not valid: null, a phiếu không hợp lệ), sorted by tracker. */
export function publishedLines(poll: Poll, lines: readonly TrackerLine[]): TrackerLine[] {
  return sortLines(lines.map((l) => ({ tracker: l.tracker, choice: validChoice(poll.definition, l.choice) })));
}

function tallyOf(poll: Poll, lines: readonly TrackerLine[], collected: number): Result<PollTally> {
  const def = poll.definition;
  const frozen = poll.frozen;
  if (!frozen) return fail('POLL_STATE', 'the poll never opened');
  const n = frozen.base;
  const valid = lines.filter((l): l is TrackerLine & { choice: SecretChoice } => l.choice !== null);
  const ballots = { issued: frozen.eligible.length, collected, valid: valid.length };
  switch (def.kind) {
    case 'open': {
      const counts = Object.fromEntries(OPEN_CHOICES.map((c) => [c, valid.filter((l) => l.choice === c).length])) as Record<OpenChoice, number>;
      const r = tallyOpen({ n, rule: def.rule, labels: frozen.labels, counts });
      return r.ok ? ok({ kind: 'open', result: r.value }) : r;
    }
    case 'election': {
      const votes: Record<string, number> = {};
      for (const l of valid) for (const id of l.choice as readonly string[]) votes[id] = (votes[id] ?? 0) + 1;
      const r = tallyElection({ n, rule: def.rule, seats: def.seats, candidates: def.candidates, ballots, votes });
      return r.ok ? ok({ kind: 'election', result: r.value }) : r;
    }
    case 'confidence': {
      const results: ConfidenceResult[] = [];
      for (const person of def.persons) {
        const levels = Object.fromEntries(CONFIDENCE_LEVELS.map((lv) => [lv, 0])) as Record<ConfidenceLevel, number>;
        for (const l of valid) {
          const level = (l.choice as Readonly<Record<string, ConfidenceLevel>>)[person.id];
          if (level !== undefined) levels[level] += 1;
        }
        const r = tallyConfidence({ person, ballots, levels }, n);
        if (!r.ok) return r;
        results.push(r.value);
      }
      return ok({ kind: 'confidence', results });
    }
  }
}

export const trackersDigestOf = (lines: readonly TrackerLine[]): string => sha256Hex(canonicalJson(sortLines(lines)));

/** At the last stage: the result (tally, box, trackers digest) into results[pollId], the poll 'counted'. */
export function countSecretPoll(db: ServerDb, doc: Y.Doc, meetingId: string, poll: Poll, lines: readonly TrackerLine[], now: number): Result<PollResult> {
  const checked = publishedLines(poll, lines);
  const collected = boxCount(db, meetingId, poll.id);
  const tally = tallyOf(poll, checked, collected);
  if (!tally.ok) return tally;
  const result: PollResult = { pollId: poll.id, tally: tally.value, box: publishedBox(db, meetingId, poll.id), trackersDigest: trackersDigestOf(checked), countedAt: now };
  writeResult(doc, result);
  savePoll(db, doc, meetingId, { ...poll, status: 'counted', countedAt: now });
  return ok(result);
}

/** GET pollTrackers: the checked lines of the last stage, signed. */
export function trackersListing(db: ServerDb, meetingId: string, poll: Poll): TrackersListing | undefined {
  const last = readStage(db, meetingId, poll.id, poll.counters.length);
  if (!last || !('lines' in last.content)) return undefined;
  const lines = publishedLines(poll, last.content.lines);
  const digest = trackersDigestOf(lines);
  const count = lines.length;
  return { meetingId, pollId: poll.id, count, lines, trackersDigest: digest, signature: signTrackers(db, { meetingId, pollId: poll.id, count, trackersDigest: digest }) };
}
