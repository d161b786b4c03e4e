// Schema steps of pack distribution (10, 20, ...). The live session numbers its steps from 100
// (collab-server/live/migrations.ts); both lists run together in openServerDb.
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

export const PACK_MIGRATIONS: readonly Migration<Database.Database>[] = [packStore, membersAndKeys];
