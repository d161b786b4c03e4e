// The server database's schema: ONE linear list of steps (STYLE.md rule 6). Each step's version is the next
// multiple of 10 after the last one; a new step is appended at the END, whatever feature it belongs to.
//
// History: the pack steps (10, 20) and the live-session steps (100, 110, 120) used to be two lists that shared one
// user_version, so a later pack step 30 would have been skipped on every server already at 120. They are kept at
// their numbers here (existing servers carry them) and every later step continues from 120: 130, 140, …
// runMigrations refuses a list that is not strictly increasing, so the old mistake cannot come back.
import type Database from 'better-sqlite3';
import type { Migration } from '../../common/sql/migrate.ts';

/** 10: what the publisher uploads — ciphertext chunks and signed manifest envelopes per revision. */
const packStore: Migration<Database.Database> = {
  version: 10,
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE chunks (
        hash TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        publisher_key TEXT NOT NULL,
        latest_revision INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE revisions (
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        revision INTEGER NOT NULL,
        envelope TEXT NOT NULL,
        published_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, revision)
      ) STRICT;
      CREATE TABLE revision_chunks (
        meeting_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        hash TEXT NOT NULL REFERENCES chunks(hash),
        PRIMARY KEY (meeting_id, revision, hash),
        FOREIGN KEY (meeting_id, revision) REFERENCES revisions(meeting_id, revision)
      ) STRICT;
      -- A delegate's chunk download asks "does this hash belong to my meeting?"
      CREATE INDEX revision_chunks_by_hash ON revision_chunks(hash, meeting_id);
    `);
  },
};

/** 20: who may download — members with their token hash, and the keys wrapped for each per revision. */
const membersAndKeys: Migration<Database.Database> = {
  version: 20,
  up(db) {
    db.exec(`
      CREATE TABLE members (
        meeting_id TEXT NOT NULL REFERENCES meetings(id),
        delegate_id TEXT NOT NULL,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        revoked_at TEXT,
        PRIMARY KEY (meeting_id, delegate_id)
      ) STRICT;
      CREATE TABLE wrapped_keys (
        meeting_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        delegate_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        ciphertext TEXT NOT NULL,
        PRIMARY KEY (meeting_id, revision, delegate_id),
        FOREIGN KEY (meeting_id, revision) REFERENCES revisions(meeting_id, revision),
        FOREIGN KEY (meeting_id, delegate_id) REFERENCES members(meeting_id, delegate_id)
      ) STRICT;
    `);
  },
};

/** 100: the persisted Y.Doc of every room (encodeStateAsUpdate), loaded when the room is first used. */
const rooms: Migration<Database.Database> = {
  version: 100,
  up(db) {
    db.exec(`
      CREATE TABLE live_rooms (
        room TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL,
        state BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX live_rooms_by_meeting ON live_rooms(meeting_id);
    `);
  },
};

/** 110: the result of every accepted command by its client id, so a retry never applies twice. */
const commands: Migration<Database.Database> = {
  version: 110,
  up(db) {
    db.exec(`
      CREATE TABLE live_commands (
        meeting_id TEXT NOT NULL,
        delegate_id TEXT NOT NULL,
        command_id TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, delegate_id, command_id)
      ) STRICT;
    `);
  },
};

/** 120: the hash-chained audit log, one chain per meeting: hash = sha256(prev_hash || canonical JSON). */
const auditLog: Migration<Database.Database> = {
  version: 120,
  up(db) {
    db.exec(`
      CREATE TABLE live_audit (
        meeting_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        entry TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (meeting_id, seq)
      ) STRICT;
    `);
  },
};

/** 130: incremental room persistence — each room is its last snapshot (live_rooms) plus the updates appended since. */
const roomUpdates: Migration<Database.Database> = {
  version: 130,
  up(db) {
    db.exec(`
      CREATE TABLE live_room_updates (
        room TEXT NOT NULL,
        seq INTEGER NOT NULL,
        meeting_id TEXT NOT NULL,
        update_data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (room, seq)
      ) STRICT;
      -- The seq the snapshot contains, so seqs keep growing after a compaction empties the log.
      ALTER TABLE live_rooms ADD COLUMN upto_seq INTEGER NOT NULL DEFAULT 0;
    `);
  },
};

/**
 * 140: a signed audit log and secret-safe idempotency (collab-server/live/commands/registry.ts). Each audit
 * entry gets the server's Ed25519 signature; the latest signed head of each chain is kept apart, so a cut tail
 * is caught. Commands whose policy is `idempotency: 'opaque'` are remembered under an HMAC of (meeting,
 * delegate, command id) with no delegate column and no rowid (no insertion order), so the row never sits beside
 * its sender; the HMAC key is random per server.
 */
const signedAudit: Migration<Database.Database> = {
  version: 140,
  up(db) {
    db.exec(`
      ALTER TABLE live_audit ADD COLUMN signature TEXT;
      CREATE TABLE live_audit_heads (
        meeting_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        at INTEGER NOT NULL,
        signature TEXT NOT NULL
      ) STRICT;
      CREATE TABLE live_opaque_commands (
        meeting_id TEXT NOT NULL,
        command_key TEXT NOT NULL,
        content_mac TEXT NOT NULL,
        status INTEGER NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (meeting_id, command_key)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO settings (key, value) VALUES ('command_mac_key', lower(hex(randomblob(32))));
    `);
  },
};

/**
 * 150: each member's delegate group (tổ), as the slug the publisher uploads (`groupId`, common/live/rooms.ts
 * groupSlug), so the live session can admit a group's members to its rooms. '' for no group (and for every
 * member published before this step).
 */
const memberGroups: Migration<Database.Database> = {
  version: 150,
  up(db) {
    db.exec(`ALTER TABLE members ADD COLUMN group_id TEXT NOT NULL DEFAULT ''`);
  },
};

/**
 * 160 (issue 14 §5, revocation is not removal): the meeting's totalDelegates (deputies in office) as the
 * publisher uploads it with a revision, so the quorum's N is the council's and not a count of invitations — NULL
 * for meetings published before this step or by an older publisher (then the voting seats are counted, revoked
 * ones included); and the token hashes a re-invitation retired, so an old link is told REVOKED (and the device
 * holding it shreds its keys) rather than merely not recognised.
 */
const meetingTotals: Migration<Database.Database> = {
  version: 160,
  up(db) {
    db.exec(`
      ALTER TABLE meetings ADD COLUMN total_delegates INTEGER;
      CREATE TABLE retired_tokens (
        token_hash TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL,
        delegate_id TEXT NOT NULL,
        retired_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

/**
 * 170 (issue 7, voting). The server's authority over polls and ballots; the state room mirrors what clients see.
 * - polls: one row per poll (status, definition and what was frozen at open, as JSON).
 * - poll_voters: the who-voted register, one row per (poll, delegate), written in the same transaction as the
 *   ballot; for every mode. No time column: the audit entry has the time.
 * - poll_open_ballots: the choices of open (by-name) polls, by delegate.
 * - poll_box: the ballot box of secret polls. No voter, no time, no rowid: keyed by the SHA-256 of the sealed
 *   ballot, so neither the table nor its order says who cast which.
 * - poll_stages: each counter's output (the box with one layer removed, shuffled; the last stage is the
 *   (tracker, choice) lines), in order.
 * - poll_paper_entries / poll_paper_finished: each counter's independent entry of the paper ballots.
 */
const voting: Migration<Database.Database> = {
  version: 170,
  up(db) {
    db.exec(`
      CREATE TABLE polls (
        meeting_id TEXT NOT NULL,
        poll_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        mode TEXT NOT NULL,
        secret INTEGER NOT NULL,
        status TEXT NOT NULL,
        definition TEXT NOT NULL,
        frozen TEXT,
        closes_at INTEGER,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, poll_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE poll_voters (
        meeting_id TEXT NOT NULL,
        poll_id TEXT NOT NULL,
        delegate_id TEXT NOT NULL,
        PRIMARY KEY (meeting_id, poll_id, delegate_id),
        FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE poll_open_ballots (
        meeting_id TEXT NOT NULL,
        poll_id TEXT NOT NULL,
        delegate_id TEXT NOT NULL,
        choice TEXT NOT NULL,
        cast_at INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, poll_id, delegate_id),
        FOREIGN KEY (meeting_id, poll_id, delegate_id) REFERENCES poll_voters (meeting_id, poll_id, delegate_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE poll_box (
        meeting_id TEXT NOT NULL,
        poll_id TEXT NOT NULL,
        ballot_hash TEXT NOT NULL,
        sealed BLOB NOT NULL,
        PRIMARY KEY (meeting_id, poll_id, ballot_hash),
        FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE poll_stages (
        meeting_id TEXT NOT NULL,
        poll_id TEXT NOT NULL,
        stage INTEGER NOT NULL,
        counter_id TEXT NOT NULL,
        content BLOB NOT NULL,
        digest TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, poll_id, stage),
        FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE poll_paper_entries (
        meeting_id TEXT NOT NULL,
        poll_id TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        ballot_no INTEGER NOT NULL,
        choice TEXT,
        entered_at INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, poll_id, counter_id, ballot_no),
        FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE poll_paper_finished (
        meeting_id TEXT NOT NULL,
        poll_id TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        issued INTEGER NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, poll_id, counter_id),
        FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX polls_closing ON polls (status, closes_at);
    `);
  },
};

/**
 * 180: which manifest revision each member's device fetched last, and when (issue 10, the console's "follow the
 * session" view). Written by the manifest GET; only the newest revision is kept, one row per member.
 */
const memberDownloads: Migration<Database.Database> = {
  version: 180,
  up(db) {
    db.exec(`
      CREATE TABLE member_downloads (
        meeting_id TEXT NOT NULL,
        delegate_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, delegate_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

/** Every step of the server database, oldest first. Append only. */
export const SERVER_MIGRATIONS: readonly Migration<Database.Database>[] = [packStore, membersAndKeys, rooms, commands, auditLog, roomUpdates, signedAudit, memberGroups, meetingTotals, voting, memberDownloads];
