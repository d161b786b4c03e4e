// The server database's schema in PostgreSQL: the same steps, with the same versions, as SERVER_MIGRATIONS
// (migrations.ts), giving the same tables and columns in PostgreSQL's dialect. A step added there is added
// here too, with its number (tests/unit/collab-server-pg/migrations.test.ts compares the two final schemas).
//
// Translation: INTEGER → BIGINT (times are milliseconds since 1970), BLOB → BYTEA, no STRICT (PostgreSQL is
// strict), no WITHOUT ROWID (a heap has no rowid; see the secret box for what a heap does keep, secretBox.ts).
// Every text column compares bytewise (COLLATE "C"), as SQLite's do: ORDER BY gives the same order on both
// whatever the cluster's locale (ballot hashes, delegate ids, the box's published order).
import crypto from 'node:crypto';
import type { ServerDb } from './serverDb.ts';

export interface PgMigration {
  readonly version: number;
  readonly up: (db: ServerDb) => void;
}

const TEXT = 'TEXT COLLATE "C"';

const step = (version: number, ddl: string): PgMigration => ({ version, up: (db) => void db.exec(ddl) });

const packStore = step(
  10,
  `CREATE TABLE settings (
     key ${TEXT} PRIMARY KEY,
     value ${TEXT} NOT NULL
   );
   CREATE TABLE chunks (
     hash ${TEXT} PRIMARY KEY,
     size BIGINT NOT NULL,
     created_at ${TEXT} NOT NULL
   );
   CREATE TABLE meetings (
     id ${TEXT} PRIMARY KEY,
     publisher_key ${TEXT} NOT NULL,
     latest_revision BIGINT NOT NULL,
     created_at ${TEXT} NOT NULL
   );
   CREATE TABLE revisions (
     meeting_id ${TEXT} NOT NULL REFERENCES meetings(id),
     revision BIGINT NOT NULL,
     envelope ${TEXT} NOT NULL,
     published_at ${TEXT} NOT NULL,
     PRIMARY KEY (meeting_id, revision)
   );
   CREATE TABLE revision_chunks (
     meeting_id ${TEXT} NOT NULL,
     revision BIGINT NOT NULL,
     hash ${TEXT} NOT NULL REFERENCES chunks(hash),
     PRIMARY KEY (meeting_id, revision, hash),
     FOREIGN KEY (meeting_id, revision) REFERENCES revisions(meeting_id, revision)
   );
   CREATE INDEX revision_chunks_by_hash ON revision_chunks(hash, meeting_id);`,
);

const membersAndKeys = step(
  20,
  `CREATE TABLE members (
     meeting_id ${TEXT} NOT NULL REFERENCES meetings(id),
     delegate_id ${TEXT} NOT NULL,
     role ${TEXT} NOT NULL,
     token_hash ${TEXT} NOT NULL UNIQUE,
     revoked_at ${TEXT},
     PRIMARY KEY (meeting_id, delegate_id)
   );
   CREATE TABLE wrapped_keys (
     meeting_id ${TEXT} NOT NULL,
     revision BIGINT NOT NULL,
     delegate_id ${TEXT} NOT NULL,
     nonce ${TEXT} NOT NULL,
     ciphertext ${TEXT} NOT NULL,
     PRIMARY KEY (meeting_id, revision, delegate_id),
     FOREIGN KEY (meeting_id, revision) REFERENCES revisions(meeting_id, revision),
     FOREIGN KEY (meeting_id, delegate_id) REFERENCES members(meeting_id, delegate_id)
   );`,
);

const rooms = step(
  100,
  `CREATE TABLE live_rooms (
     room ${TEXT} PRIMARY KEY,
     meeting_id ${TEXT} NOT NULL,
     state BYTEA NOT NULL,
     updated_at ${TEXT} NOT NULL
   );
   CREATE INDEX live_rooms_by_meeting ON live_rooms(meeting_id);`,
);

// council_jsonb: SQLite's json_valid/json_extract pair for liveQueries.maxAcknowledgedSeq (a stored answer
// that is not JSON is skipped there, not an error).
const commands = step(
  110,
  `CREATE TABLE live_commands (
     meeting_id ${TEXT} NOT NULL,
     delegate_id ${TEXT} NOT NULL,
     command_id ${TEXT} NOT NULL,
     request_hash ${TEXT} NOT NULL,
     status BIGINT NOT NULL,
     result ${TEXT} NOT NULL,
     created_at ${TEXT} NOT NULL,
     PRIMARY KEY (meeting_id, delegate_id, command_id)
   );
   CREATE FUNCTION council_jsonb(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
   BEGIN
     RETURN t::jsonb;
   EXCEPTION WHEN others THEN
     RETURN NULL;
   END $$;`,
);

const auditLog = step(
  120,
  `CREATE TABLE live_audit (
     meeting_id ${TEXT} NOT NULL,
     seq BIGINT NOT NULL,
     prev_hash ${TEXT} NOT NULL,
     entry ${TEXT} NOT NULL,
     hash ${TEXT} NOT NULL,
     PRIMARY KEY (meeting_id, seq)
   );`,
);

const roomUpdates = step(
  130,
  `CREATE TABLE live_room_updates (
     room ${TEXT} NOT NULL,
     seq BIGINT NOT NULL,
     meeting_id ${TEXT} NOT NULL,
     update_data BYTEA NOT NULL,
     created_at ${TEXT} NOT NULL,
     PRIMARY KEY (room, seq)
   );
   ALTER TABLE live_rooms ADD COLUMN upto_seq BIGINT NOT NULL DEFAULT 0;`,
);

/** 140: as in SQLite; the HMAC key of opaque commands is drawn here (SQLite: randomblob) — random per server. */
const signedAudit: PgMigration = {
  version: 140,
  up(db) {
    db.exec(`
      ALTER TABLE live_audit ADD COLUMN signature ${TEXT};
      CREATE TABLE live_audit_heads (
        meeting_id ${TEXT} PRIMARY KEY,
        seq BIGINT NOT NULL,
        hash ${TEXT} NOT NULL,
        at BIGINT NOT NULL,
        signature ${TEXT} NOT NULL
      );
      CREATE TABLE live_opaque_commands (
        meeting_id ${TEXT} NOT NULL,
        command_key ${TEXT} NOT NULL,
        content_mac ${TEXT} NOT NULL,
        status BIGINT NOT NULL,
        result ${TEXT} NOT NULL,
        PRIMARY KEY (meeting_id, command_key)
      );`);
    db.prepare(`INSERT INTO settings (key, value) VALUES ('command_mac_key', ?)`).run(crypto.randomBytes(32).toString('hex'));
  },
};

const memberGroups = step(150, `ALTER TABLE members ADD COLUMN group_id ${TEXT} NOT NULL DEFAULT ''`);

const meetingTotals = step(
  160,
  `ALTER TABLE meetings ADD COLUMN total_delegates BIGINT;
   CREATE TABLE retired_tokens (
     token_hash ${TEXT} PRIMARY KEY,
     meeting_id ${TEXT} NOT NULL,
     delegate_id ${TEXT} NOT NULL,
     retired_at ${TEXT} NOT NULL
   );`,
);

const voting = step(
  170,
  `CREATE TABLE polls (
     meeting_id ${TEXT} NOT NULL,
     poll_id ${TEXT} NOT NULL,
     kind ${TEXT} NOT NULL,
     mode ${TEXT} NOT NULL,
     secret BIGINT NOT NULL,
     status ${TEXT} NOT NULL,
     definition ${TEXT} NOT NULL,
     frozen ${TEXT},
     closes_at BIGINT,
     created_at BIGINT NOT NULL,
     PRIMARY KEY (meeting_id, poll_id)
   );
   CREATE TABLE poll_voters (
     meeting_id ${TEXT} NOT NULL,
     poll_id ${TEXT} NOT NULL,
     delegate_id ${TEXT} NOT NULL,
     PRIMARY KEY (meeting_id, poll_id, delegate_id),
     FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
   );
   CREATE TABLE poll_open_ballots (
     meeting_id ${TEXT} NOT NULL,
     poll_id ${TEXT} NOT NULL,
     delegate_id ${TEXT} NOT NULL,
     choice ${TEXT} NOT NULL,
     cast_at BIGINT NOT NULL,
     PRIMARY KEY (meeting_id, poll_id, delegate_id),
     FOREIGN KEY (meeting_id, poll_id, delegate_id) REFERENCES poll_voters (meeting_id, poll_id, delegate_id)
   );
   CREATE TABLE poll_box (
     meeting_id ${TEXT} NOT NULL,
     poll_id ${TEXT} NOT NULL,
     ballot_hash ${TEXT} NOT NULL,
     sealed BYTEA NOT NULL,
     PRIMARY KEY (meeting_id, poll_id, ballot_hash),
     FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
   );
   CREATE TABLE poll_stages (
     meeting_id ${TEXT} NOT NULL,
     poll_id ${TEXT} NOT NULL,
     stage BIGINT NOT NULL,
     counter_id ${TEXT} NOT NULL,
     content BYTEA NOT NULL,
     digest ${TEXT} NOT NULL,
     at BIGINT NOT NULL,
     PRIMARY KEY (meeting_id, poll_id, stage),
     FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
   );
   CREATE TABLE poll_paper_entries (
     meeting_id ${TEXT} NOT NULL,
     poll_id ${TEXT} NOT NULL,
     counter_id ${TEXT} NOT NULL,
     ballot_no BIGINT NOT NULL,
     choice ${TEXT},
     entered_at BIGINT NOT NULL,
     PRIMARY KEY (meeting_id, poll_id, counter_id, ballot_no),
     FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
   );
   CREATE TABLE poll_paper_finished (
     meeting_id ${TEXT} NOT NULL,
     poll_id ${TEXT} NOT NULL,
     counter_id ${TEXT} NOT NULL,
     issued BIGINT NOT NULL,
     at BIGINT NOT NULL,
     PRIMARY KEY (meeting_id, poll_id, counter_id),
     FOREIGN KEY (meeting_id, poll_id) REFERENCES polls (meeting_id, poll_id)
   );
   CREATE INDEX polls_closing ON polls (status, closes_at);`,
);

const memberDownloads = step(
  180,
  `CREATE TABLE member_downloads (
     meeting_id ${TEXT} NOT NULL,
     delegate_id ${TEXT} NOT NULL,
     revision BIGINT NOT NULL,
     fetched_at ${TEXT} NOT NULL,
     PRIMARY KEY (meeting_id, delegate_id)
   );`,
);

/** Every step of the server database in PostgreSQL, oldest first, numbered as SERVER_MIGRATIONS. Append only. */
export const PG_SERVER_MIGRATIONS: readonly PgMigration[] = [packStore, membersAndKeys, rooms, commands, auditLog, roomUpdates, signedAudit, memberGroups, meetingTotals, voting, memberDownloads];
