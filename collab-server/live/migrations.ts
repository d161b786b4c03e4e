// Schema steps of the live session (rooms, commands, audit log). Numbered from 100 so they never collide
// with the pack-distribution steps in collab-server/store/migrations.ts.
import type Database from 'better-sqlite3';
import type { Migration } from '../../common/sql/migrate.ts';

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

export const LIVE_MIGRATIONS: readonly Migration<Database.Database>[] = [rooms, commands, auditLog];
