// The ballot box of a secret electronic poll (VOTING.md "Secret ballots that a voter can check"): the rows of
// poll_box (step 170: keyed by the SHA-256 of the sealed ballot, no voter, no time, no rowid), the box the
// server publishes and signs at close, and the server's signatures over receipts, the box and the trackers
// list (statements of common/voting/secret.ts, each under its own context prefix, with the audit key).
//
// What still leaks insertion order, and what is done about it:
// - Inside an SQLite page, a cell's position follows when it was written, and a freed page or cell keeps its
//   old bytes until reused. The server's connection runs with secure_delete on (set when these routes are
//   mounted: freed space is zeroed), the poll's rows are written again in hash order inside the close
//   transaction, and right after the close commits the file is rebuilt (VACUUM: every table in key order, no
//   free pages) and the -wal file emptied (`PRAGMA wal_checkpoint(TRUNCATE)`). The file then keeps only the
//   hash order — and no table keeps the order its rows came in (poll_voters, the opaque command rows).
// - Until the close, the -wal file holds each ballot's commit as frames, in order, beside that commit's
//   who-voted row. Anyone who reads the -wal file (or the server's memory, or its disk writes) live during the
//   poll can link a sealed ballot to its voter — as can an operator who changes the server's code. What they
//   still cannot do is open the ballot: that takes every counter's key. Blocks of the old file and of the
//   truncated -wal may stay on the disk until overwritten (file systems do not promise to erase).
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { sqliteOf, type ServerDb } from '../../store/db.ts';
import { fromB64url } from '../../../common/pack/encoding.ts';
import {
  boxSignedBytes,
  receiptSignedBytes,
  trackersSignedBytes,
  type BoxListing,
  type ReceiptStatement,
  type TrackersStatement,
} from '../../../common/voting/secret.ts';
import type { PublishedBox } from '../../../common/voting/state.ts';
import { all, get, run, sql } from '../../store/sql.ts';
import { voterCount } from './pollStore.ts';

/** What closeSecretBox needs: the database (inside the caller's transaction) and the meeting. */
export type BoxContext = { readonly db: ServerDb; readonly afterCommit?: (fn: () => void) => void } & (
  | { readonly meetingId: string }
  | { readonly member: { readonly meetingId: string } }
);

const meetingOf = (ctx: BoxContext): string => ('meetingId' in ctx ? ctx.meetingId : ctx.member.meetingId);

// ---- the signing key (the audit key, read once when the routes are mounted)

const signers = new WeakMap<ServerDb, crypto.KeyObject>();

/** Called when the secret-ballot routes are mounted (commandRoutes.ts): the key signs receipts and lists. */
export function registerBallotSigner(db: ServerDb, key: crypto.KeyObject): void {
  signers.set(db, key);
  // Deleted rows and freed pages are zeroed, not left for a later page to carry along (PostgreSQL has no such
  // setting: there the close rewrites the table, forgetOrder).
  sqliteOf(db)?.pragma('secure_delete = ON');
}

function sign(db: ServerDb, bytes: Uint8Array): string {
  const key = signers.get(db);
  if (!key) throw new Error('the secret-ballot signer is not registered (secretRoutes not mounted)');
  return crypto.sign(null, bytes, key).toString('base64url');
}

export const signReceipt = (db: ServerDb, r: ReceiptStatement): string => sign(db, receiptSignedBytes(r));
export const signTrackers = (db: ServerDb, t: TrackersStatement): string => sign(db, trackersSignedBytes(t));

// ---- rows

export const sha256Hex = (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

interface BoxRow {
  ballot_hash: string;
  sealed: Uint8Array;
}

function boxRows(db: ServerDb, meetingId: string, pollId: string): BoxRow[] {
  return all<BoxRow>(db, sql`SELECT ballot_hash, sealed FROM poll_box WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} ORDER BY ballot_hash`);
}

export function boxHasBallot(db: ServerDb, meetingId: string, pollId: string, ballotHash: string): boolean {
  return get(db, sql`SELECT 1 AS x FROM poll_box WHERE meeting_id = ${meetingId} AND poll_id = ${pollId} AND ballot_hash = ${ballotHash}`) !== undefined;
}

export function insertBallot(db: ServerDb, meetingId: string, pollId: string, ballotHash: string, sealed: Uint8Array): void {
  run(db, sql`INSERT INTO poll_box (meeting_id, poll_id, ballot_hash, sealed) VALUES (${meetingId}, ${pollId}, ${ballotHash}, ${sealed})`);
}

export function boxCount(db: ServerDb, meetingId: string, pollId: string): number {
  return get<{ n: number }>(db, sql`SELECT COUNT(*) AS n FROM poll_box WHERE meeting_id = ${meetingId} AND poll_id = ${pollId}`)?.n ?? 0;
}

/** Writes the poll's rows again in hash order (secure_delete zeroes the space they held). */
function rewriteInHashOrder(db: ServerDb, meetingId: string, pollId: string, rows: readonly BoxRow[]): void {
  run(db, sql`DELETE FROM poll_box WHERE meeting_id = ${meetingId} AND poll_id = ${pollId}`);
  for (const r of rows) insertBallot(db, meetingId, pollId, r.ballot_hash, r.sealed);
}

const digestOf = (sortedHashes: readonly string[]): string => crypto.createHash('sha256').update(sortedHashes.join('\n'), 'utf8').digest('hex');

function published(db: ServerDb, meetingId: string, pollId: string, hashes: readonly string[]): PublishedBox {
  const digest = digestOf(hashes);
  const count = hashes.length;
  return { count, digest, signature: sign(db, boxSignedBytes({ meetingId, pollId, count, digest })) };
}

/**
 * Above this size the rebuild is skipped: VACUUM blocks the server while it copies the whole file (about 19 ms
 * for 320 KiB here, so seconds for a file this large). The box's rows are in hash order and freed space is zeroed
 * anyway; what then keeps its cast order is the pages of poll_voters (who voted, in order — the audit log says
 * as much, with times) and of the opaque command rows (their answers are sealed): neither says which ballot.
 */
export const MAX_VACUUM_BYTES = 64 * 1024 * 1024;

const fileBytes = (db: Database.Database): number => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);

/** How long the last rebuild took (ms), for the figures. */
export const forgetFigures = { lastMs: 0 };

/**
 * Once the caller's transaction is over (neither can run inside one): rebuilds the file in key order and
 * empties the -wal file. A failure (another connection reading, a full disk) changes nothing: the rows are in
 * hash order already, and SQLite's own checkpoint empties the -wal later.
 */
function forgetOrder(ctx: BoxContext): void {
  const rebuild = (): void => {
    const started = Date.now();
    if (!ctx.db.open || ctx.db.inTransaction) return;
    const db = sqliteOf(ctx.db);
    if (!db) return void rebuildPgBox(ctx.db, started);
    // Never wait for another connection's lock here (a `council audit verify` reading the file): fail at once.
    const wait = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      if (fileBytes(db) <= MAX_VACUUM_BYTES) db.exec('VACUUM');
    } catch {
      // busy or out of space: the checkpoint below still empties the -wal when it can
    }
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a reader holds an old snapshot: SQLite's own checkpoint empties the -wal later
    } finally {
      db.pragma(`busy_timeout = ${wait}`);
    }
    forgetFigures.lastMs = Date.now() - started;
  };
  if (ctx.afterCommit) ctx.afterCommit(rebuild);
  else setImmediate(rebuild);
}

/**
 * PostgreSQL keeps no insertion order in a key, but its heap does: each row's place in the table file, and the
 * dead versions the close's rewrite left behind (with the cast's transaction id, as its who-voted row has) until
 * a vacuum reclaims them. VACUUM FULL writes the table anew — the live rows only, in hash order, all from the
 * close's transaction — and drops the old file. What stays as in SQLite: the write-ahead log holds every cast
 * until the server recycles its segments, and while the poll is open anyone with SQL access to the database can
 * pair a ballot row with its voter row (same xmin) — as reading SQLite's -wal file live can; neither opens it.
 */
function rebuildPgBox(db: ServerDb, started: number): void {
  try {
    const bytes = get<{ n: number }>(db, sql`SELECT pg_total_relation_size('poll_box') AS n`)?.n ?? 0;
    // Never wait long for another instance's lock on the table (the event loop waits with it): give up instead.
    db.exec(`SET lock_timeout = '200ms'`);
    try {
      if (bytes <= MAX_VACUUM_BYTES) db.exec('VACUUM FULL poll_box');
    } finally {
      db.exec('RESET lock_timeout');
    }
  } catch {
    // busy: the rows are in hash order already, and autovacuum reclaims the dead versions later
  }
  forgetFigures.lastMs = Date.now() - started;
}

/**
 * Seals the box of a secret electronic poll at close, inside the caller's transaction: the box count must
 * equal the who-voted count (else it throws, rolling the close back); the rows are rewritten in hash order,
 * and after the commit the file is rebuilt in key order and the -wal file emptied. Returns the signed PublishedBox.
 */
export function closeSecretBox(ctx: BoxContext, poll: { readonly id: string }): PublishedBox {
  const meetingId = meetingOf(ctx);
  const rows = boxRows(ctx.db, meetingId, poll.id);
  const voters = voterCount(ctx.db, meetingId, poll.id);
  if (rows.length !== voters) throw new Error(`poll ${poll.id}: ${rows.length} sealed ballots but ${voters} voters`);
  rewriteInHashOrder(ctx.db, meetingId, poll.id, rows);
  forgetOrder(ctx);
  return published(ctx.db, meetingId, poll.id, rows.map((r) => r.ballot_hash));
}

/** The box as published at close (recomputed: the rows do not change after close, and Ed25519 is deterministic). */
export function publishedBox(db: ServerDb, meetingId: string, pollId: string): PublishedBox {
  return published(db, meetingId, pollId, boxRows(db, meetingId, pollId).map((r) => r.ballot_hash));
}

/** GET pollBox: the published box with every sealed ballot, in hash order. */
export function boxListing(db: ServerDb, meetingId: string, pollId: string): BoxListing {
  const rows = boxRows(db, meetingId, pollId);
  const hashes = rows.map((r) => r.ballot_hash);
  return { meetingId, pollId, ...published(db, meetingId, pollId, hashes), hashes, ballots: rows.map((r) => Buffer.from(r.sealed).toString('base64url')) };
}

/** The sealed ballots of stage 0 (the box in hash order), as bytes. */
export function boxBallots(db: ServerDb, meetingId: string, pollId: string): Uint8Array[] {
  return boxRows(db, meetingId, pollId).map((r) => r.sealed);
}

export function decodeBallot(text: string): Uint8Array | null {
  return fromB64url(text);
}
