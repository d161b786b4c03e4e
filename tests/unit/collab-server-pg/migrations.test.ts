// The server database's schema on PostgreSQL (collab-server/store/pgMigrations.ts): the same steps as SQLite's,
// each applying in order and keeping the data of the steps before it, the same tables and columns in the end,
// and a database newer than the program (or at a version it does not know) refused.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CouncilError } from '../../../common/result.ts';
import { runMigrations } from '../../../common/sql/migrate.ts';
import { SERVER_MIGRATIONS } from '../../../collab-server/store/db.ts';
import { pgSchemaVersion, runPgMigrations } from '../../../collab-server/store/pg/migrate.ts';
import { openPgStore } from '../../../collab-server/store/pg/openPg.ts';
import { PgDb } from '../../../collab-server/store/pg/PgDb.ts';
import { PG_SERVER_MIGRATIONS } from '../../../collab-server/store/pgMigrations.ts';
import type { ServerDb } from '../../../collab-server/store/serverDb.ts';
import { freshUrl, usePostgres } from './helpers.ts';

usePostgres();

const latest = SERVER_MIGRATIONS.at(-1)?.version ?? 0;
const q = (db: ServerDb, text: string, ...params: unknown[]): unknown[] => db.prepare(text).all(...params);

/** Rows a server at each version would hold (the SQLite test's seeds, in SQL both engines read). */
const SEED: Readonly<Record<number, (db: ServerDb) => void>> = {
  10: (db) => {
    q(db, `INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES ('m1', 'pk', 1, 't')`);
    q(db, `INSERT INTO revisions (meeting_id, revision, envelope, published_at) VALUES ('m1', 1, '{}', 't')`);
    q(db, `INSERT INTO chunks (hash, size, created_at) VALUES ('h1', 10, 't')`);
    q(db, `INSERT INTO revision_chunks (meeting_id, revision, hash) VALUES ('m1', 1, 'h1')`);
  },
  20: (db) => {
    q(db, `INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES ('m1', 'd1', 'chair', 'th1')`);
    q(db, `INSERT INTO wrapped_keys (meeting_id, revision, delegate_id, nonce, ciphertext) VALUES ('m1', 1, 'd1', 'n', 'c')`);
  },
  100: (db) => q(db, `INSERT INTO live_rooms (room, meeting_id, state, updated_at) VALUES ('m/m1/state', 'm1', ?, 't')`, Buffer.from([0])),
  110: (db) => q(db, `INSERT INTO live_commands (meeting_id, delegate_id, command_id, request_hash, status, result, created_at) VALUES ('m1', 'd1', 'c1', 'rh', 200, '{}', 't')`),
  120: (db) => q(db, `INSERT INTO live_audit (meeting_id, seq, prev_hash, entry, hash) VALUES ('m1', 1, 'p', '{}', 'h')`),
  130: (db) => q(db, `INSERT INTO live_room_updates (room, seq, meeting_id, update_data, created_at) VALUES ('m/m1/state', 1, 'm1', ?, 't')`, Buffer.from([1])),
  140: (db) => {
    q(db, `INSERT INTO live_audit_heads (meeting_id, seq, hash, at, signature) VALUES ('m1', 1, 'h', 1, 's')`);
    q(db, `INSERT INTO live_opaque_commands (meeting_id, command_key, content_mac, status, result) VALUES ('m1', 'k', 'c', 200, '{}')`);
  },
  150: (db) => q(db, `UPDATE members SET group_id = 'to-1' WHERE delegate_id = 'd1'`),
  160: (db) => {
    q(db, `UPDATE meetings SET total_delegates = 30 WHERE id = 'm1'`);
    q(db, `INSERT INTO retired_tokens (token_hash, meeting_id, delegate_id, retired_at) VALUES ('th0', 'm1', 'd1', 't')`);
  },
  170: (db) => {
    q(db, `INSERT INTO polls (meeting_id, poll_id, kind, mode, secret, status, definition, created_at) VALUES ('m1', 'p1', 'open', 'electronic', 0, 'draft', '{}', 1)`);
    q(db, `INSERT INTO poll_voters (meeting_id, poll_id, delegate_id) VALUES ('m1', 'p1', 'd1')`);
    q(db, `INSERT INTO poll_open_ballots (meeting_id, poll_id, delegate_id, choice, cast_at) VALUES ('m1', 'p1', 'd1', '"yes"', 1)`);
  },
  180: (db) => q(db, `INSERT INTO member_downloads (meeting_id, delegate_id, revision, fetched_at) VALUES ('m1', 'd1', 1, 't')`),
};

function expectSeededData(db: ServerDb, upTo: number): void {
  expect(q(db, `SELECT id, latest_revision FROM meetings`)).toEqual([{ id: 'm1', latest_revision: 1 }]);
  if (upTo >= 20) expect(q(db, `SELECT delegate_id, role FROM members`)).toEqual([{ delegate_id: 'd1', role: 'chair' }]);
  if (upTo >= 150) expect(q(db, `SELECT group_id FROM members`)).toEqual([{ group_id: 'to-1' }]);
  if (upTo >= 100) expect(q(db, `SELECT state FROM live_rooms`)).toEqual([{ state: Buffer.from([0]) }]);
  if (upTo >= 130) expect(q(db, `SELECT upto_seq FROM live_rooms`)).toEqual([{ upto_seq: 0 }]);
  if (upTo >= 130) expect(q(db, `SELECT seq, update_data FROM live_room_updates`)).toEqual([{ seq: 1, update_data: Buffer.from([1]) }]);
  if (upTo >= 140) expect(q(db, `SELECT seq, at FROM live_audit_heads`)).toEqual([{ seq: 1, at: 1 }]);
  if (upTo >= 170) expect(q(db, `SELECT choice, cast_at FROM poll_open_ballots`)).toEqual([{ choice: '"yes"', cast_at: 1 }]);
  if (upTo >= 180) expect(q(db, `SELECT revision FROM member_downloads`)).toEqual([{ revision: 1 }]);
  if (upTo >= 160) expect(q(db, `SELECT total_delegates FROM meetings`)).toEqual([{ total_delegates: 30 }]);
}

type Column = { table: string; column: string; type: string; notNull: boolean; pk: boolean };

function sqliteColumns(): Column[] {
  const db = new Database(':memory:');
  try {
    runMigrations(db, SERVER_MIGRATIONS);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    const kinds: Record<string, string> = { TEXT: 'text', INTEGER: 'bigint', BLOB: 'bytea' };
    return tables.flatMap((table) =>
      (db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; pk: number }[]).map((c) => ({
        table,
        column: c.name,
        type: kinds[c.type] ?? c.type,
        notNull: c.notnull === 1 || c.pk > 0,
        pk: c.pk > 0,
      })),
    );
  } finally {
    db.close();
  }
}

function pgColumns(db: ServerDb): Column[] {
  const rows = q(
    db,
    `SELECT c.table_name AS t, c.column_name AS c, c.data_type AS type, c.is_nullable AS nullable,
            EXISTS (SELECT 1 FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k
                      ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name
                    WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema AND tc.table_name = c.table_name AND k.column_name = c.column_name) AS pk
     FROM information_schema.columns c
     WHERE c.table_schema = current_schema() AND c.table_name <> 'schema_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  ) as { t: string; c: string; type: string; nullable: string; pk: number }[];
  return rows.map((r) => ({ table: r.t, column: r.c, type: r.type, notNull: r.nullable === 'NO', pk: r.pk === 1 }));
}

const byName = (a: Column, b: Column): number => (a.table + '.' + a.column < b.table + '.' + b.column ? -1 : 1);

describe('server database migrations on PostgreSQL', () => {
  it('has the steps of SQLite, with the same numbers', () => {
    expect(PG_SERVER_MIGRATIONS.map((m) => m.version)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
  });

  it('applies every step in order, each keeping the rows of the steps before it', () => {
    const db = new PgDb(freshUrl());
    try {
      for (const [i, step] of PG_SERVER_MIGRATIONS.entries()) {
        expect(runPgMigrations(db, PG_SERVER_MIGRATIONS.slice(0, i + 1))).toBe(step.version);
        expect(pgSchemaVersion(db)).toBe(step.version);
        SEED[step.version]?.(db);
        expectSeededData(db, step.version);
      }
      expect(q(db, `SELECT version FROM schema_migrations ORDER BY version`)).toEqual(PG_SERVER_MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      db.close();
    }
  });

  it('ends with the tables and columns of the SQLite schema (types mapped, primary keys and NOT NULL alike)', () => {
    const db = openPgStore(freshUrl());
    try {
      expect(pgColumns(db).sort(byName)).toEqual(sqliteColumns().sort(byName));
      // The opaque commands' HMAC key is drawn by the migration, 32 random bytes.
      expect(q(db, `SELECT value FROM settings WHERE key = 'command_mac_key'`)).toEqual([{ value: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    } finally {
      db.close();
    }
  });

  it('opens an up-to-date database again without change', () => {
    const url = freshUrl();
    openPgStore(url).close();
    const db = openPgStore(url);
    try {
      expect(pgSchemaVersion(db)).toBe(latest);
      expect(q(db, `SELECT COUNT(*) AS n FROM schema_migrations`)).toEqual([{ n: PG_SERVER_MIGRATIONS.length }]);
    } finally {
      db.close();
    }
  });

  it('refuses a database newer than the program, and one at a version it does not know', () => {
    for (const version of [latest + 10, 30]) {
      const url = freshUrl();
      const db = openPgStore(url);
      q(db, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, 't')`, version);
      if (version === 30) q(db, `DELETE FROM schema_migrations WHERE version > 30`);
      db.close();
      expect(() => openPgStore(url)).toThrow(CouncilError);
    }
  });

  it('refuses a list where a step was appended with a lower number', () => {
    const db = new PgDb(freshUrl());
    try {
      expect(() => runPgMigrations(db, [...PG_SERVER_MIGRATIONS, { version: 30, up: () => {} }])).toThrow(/append new steps at the end/);
      expect(pgSchemaVersion(db)).toBe(0);
    } finally {
      db.close();
    }
  });
});
