// Vault schema steps (STYLE.md rule 6): numbered by 10 in PRAGMA user_version, run by common/sql/migrate.ts.
// Every step has a test in tests/unit/vault/migrations.test.ts that upgrades a database holding data.
import type Database from 'better-sqlite3';
import type { Migration } from '../../../common/sql/migrate.ts';

/** 10: meetings, their revisions, and the content-addressed ciphertext chunks those revisions reference. */
const v10: Migration<Database.Database> = {
  version: 10,
  up: (db) =>
    db.exec(`
      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        server TEXT NOT NULL,
        delegate_id TEXT NOT NULL,
        role TEXT NOT NULL,
        publisher_key TEXT NOT NULL,
        current_revision INTEGER,
        pending_revision INTEGER,
        status TEXT NOT NULL CHECK (status IN ('joining', 'active', 'revoked')),
        joined_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE revisions (
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        envelope TEXT NOT NULL,
        wrapped_keys TEXT NOT NULL,
        complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
        PRIMARY KEY (meeting_id, revision)
      ) STRICT;
      CREATE TABLE chunks (
        hash TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
      ) STRICT;
      CREATE TABLE revision_chunks (
        meeting_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (meeting_id, revision, hash),
        FOREIGN KEY (meeting_id, revision) REFERENCES revisions(meeting_id, revision) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX revision_chunks_by_hash ON revision_chunks(hash);
    `),
};

/**
 * 20: the protected key table, apart from the content so that destroying a meeting's key (revocation,
 * lease expiry) is one delete, and so the content tables never hold anything that opens them.
 */
const v20: Migration<Database.Database> = {
  version: 20,
  up: (db) =>
    db.exec(`
      CREATE TABLE meeting_keys (
        meeting_id TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        protector TEXT NOT NULL,
        blob BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `),
};

/**
 * 30: what the device core (common/device) adds. `revisions.started` tells a paused download from one never
 * begun (every pending revision an older vault holds was begun by a download). `records` is the generic
 * per-meeting keyed store for annotations, a search index… (DeviceStore.putRecord); it goes with its meeting.
 */
const v30: Migration<Database.Database> = {
  version: 30,
  up: (db) =>
    db.exec(`
      ALTER TABLE revisions ADD COLUMN started INTEGER NOT NULL DEFAULT 0 CHECK (started IN (0, 1));
      UPDATE revisions SET started = 1 WHERE complete = 0;
      CREATE TABLE records (
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value ANY NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, kind, key)
      ) STRICT;
    `),
};

/**
 * 40: the device lease (common/device/lease.ts). `last_contact_at` is the last authenticated answer from the
 * server; a vault from before the lease counts it from this upgrade, so upgrading never shreds anything
 * without a warning first. `expired_lease_hours` is set when the lease ran out and the meeting was shredded
 * (status stays 'revoked' in the row; rowToMeeting reads it as 'expired').
 */
const v40: Migration<Database.Database> = {
  version: 40,
  up: (db) =>
    db.exec(`
      ALTER TABLE meetings ADD COLUMN last_contact_at TEXT NOT NULL DEFAULT '';
      ALTER TABLE meetings ADD COLUMN expired_lease_hours INTEGER CHECK (expired_lease_hours IS NULL OR expired_lease_hours > 0);
      UPDATE meetings SET last_contact_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
    `),
};

/**
 * 50: the rollback floor and the lease's clock. `highest_revision` keeps the highest revision held when the keys
 * are shredded (revoke, lease), so a re-download is still refused an older revision; `latest_seen_at` is the
 * latest device time the lease has seen (never lowered), so a clock set back neither shreds early nor stops it.
 */
const v50: Migration<Database.Database> = {
  version: 50,
  up: (db) =>
    db.exec(`
      ALTER TABLE meetings ADD COLUMN highest_revision INTEGER CHECK (highest_revision IS NULL OR highest_revision > 0);
      ALTER TABLE meetings ADD COLUMN latest_seen_at TEXT NOT NULL DEFAULT '';
      UPDATE meetings SET latest_seen_at = last_contact_at;
    `),
};

export const VAULT_MIGRATIONS: readonly Migration<Database.Database>[] = [v10, v20, v30, v40, v50];
export const VAULT_SCHEMA_VERSION = 50;
