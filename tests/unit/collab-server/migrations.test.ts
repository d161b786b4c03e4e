import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { assertMigrationList, runMigrations, type Migration } from '../../../common/sql/migrate.ts';
import { CouncilError } from '../../../common/result.ts';
import { openServerDb, SERVER_DB_FILE, SERVER_MIGRATIONS } from '../../../collab-server/store/db.ts';
import { tempDir } from './helpers.ts';

const dirs: string[] = [];
function freshDir(): string {
  const d = tempDir('council-migrate-');
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

type Db = Database.Database;
const latest = SERVER_MIGRATIONS.at(-1)?.version ?? 0;
const tables = (db: Db): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
const versionOf = (db: Db): number => Number(db.pragma('user_version', { simple: true }));

/** Rows a server at each version would hold, written right after that step; every later step must keep them. */
const SEED: Readonly<Record<number, (db: Db) => void>> = {
  10: (db) => {
    db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES ('m1', 'pk', 1, 't')`).run();
    db.prepare(`INSERT INTO revisions (meeting_id, revision, envelope, published_at) VALUES ('m1', 1, '{}', 't')`).run();
    db.prepare(`INSERT INTO chunks (hash, size, created_at) VALUES ('h1', 10, 't')`).run();
    db.prepare(`INSERT INTO revision_chunks (meeting_id, revision, hash) VALUES ('m1', 1, 'h1')`).run();
  },
  20: (db) => {
    db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES ('m1', 'd1', 'chair', 'th1')`).run();
    db.prepare(`INSERT INTO wrapped_keys (meeting_id, revision, delegate_id, nonce, ciphertext) VALUES ('m1', 1, 'd1', 'n', 'c')`).run();
  },
  100: (db) => db.prepare(`INSERT INTO live_rooms (room, meeting_id, state, updated_at) VALUES ('m/m1/state', 'm1', x'00', 't')`).run(),
  110: (db) =>
    db
      .prepare(
        `INSERT INTO live_commands (meeting_id, delegate_id, command_id, request_hash, status, result, created_at) VALUES ('m1', 'd1', 'c1', 'rh', 200, '{}', 't')`,
      )
      .run(),
  120: (db) => db.prepare(`INSERT INTO live_audit (meeting_id, seq, prev_hash, entry, hash) VALUES ('m1', 1, 'p', '{}', 'h')`).run(),
  130: (db) =>
    db
      .prepare(`INSERT INTO live_room_updates (room, seq, meeting_id, update_data, created_at) VALUES ('m/m1/state', 1, 'm1', x'01', 't')`)
      .run(),
  140: (db) => {
    db.prepare(`INSERT INTO live_audit_heads (meeting_id, seq, hash, at, signature) VALUES ('m1', 1, 'h', 1, 's')`).run();
    db.prepare(`INSERT INTO live_opaque_commands (meeting_id, command_key, content_mac, status, result) VALUES ('m1', 'k', 'c', 200, '{}')`).run();
  },
  150: (db) => db.prepare(`UPDATE members SET group_id = 'to-1' WHERE delegate_id = 'd1'`).run(),
  160: (db) => {
    db.prepare(`UPDATE meetings SET total_delegates = 30 WHERE id = 'm1'`).run();
    db.prepare(`INSERT INTO retired_tokens (token_hash, meeting_id, delegate_id, retired_at) VALUES ('th0', 'm1', 'd1', 't')`).run();
  },
  170: (db) => {
    db.prepare(
      `INSERT INTO polls (meeting_id, poll_id, kind, mode, secret, status, definition, created_at) VALUES ('m1', 'p1', 'open', 'electronic', 0, 'draft', '{}', 1)`,
    ).run();
    db.prepare(`INSERT INTO poll_voters (meeting_id, poll_id, delegate_id) VALUES ('m1', 'p1', 'd1')`).run();
    db.prepare(`INSERT INTO poll_open_ballots (meeting_id, poll_id, delegate_id, choice, cast_at) VALUES ('m1', 'p1', 'd1', '"yes"', 1)`).run();
  },
  180: (db) => {
    db.prepare(`INSERT INTO member_downloads (meeting_id, delegate_id, revision, fetched_at) VALUES ('m1', 'd1', 1, 't')`).run();
  },
};

/** What every seed must still read after the upgrade to the latest version. */
function expectSeededData(db: Db, upTo: number): void {
  expect(db.prepare(`SELECT id, latest_revision FROM meetings`).all()).toEqual([{ id: 'm1', latest_revision: 1 }]);
  expect(db.prepare(`SELECT hash FROM revision_chunks`).all()).toEqual([{ hash: 'h1' }]);
  if (upTo >= 20) expect(db.prepare(`SELECT delegate_id, role FROM members`).all()).toEqual([{ delegate_id: 'd1', role: 'chair' }]);
  if (upTo >= 100) expect(db.prepare(`SELECT room, upto_seq FROM live_rooms`).all()).toEqual([{ room: 'm/m1/state', upto_seq: 0 }]);
  if (upTo >= 110) expect(db.prepare(`SELECT command_id FROM live_commands`).all()).toEqual([{ command_id: 'c1' }]);
  if (upTo >= 120) expect(db.prepare(`SELECT seq FROM live_audit`).all()).toEqual([{ seq: 1 }]);
  if (upTo >= 130) expect(db.prepare(`SELECT seq FROM live_room_updates`).all()).toEqual([{ seq: 1 }]);
  if (upTo >= 140) expect(db.prepare(`SELECT seq FROM live_audit_heads`).all()).toEqual([{ seq: 1 }]);
  if (upTo >= 20) expect(db.prepare(`SELECT group_id FROM members`).all()).toEqual([{ group_id: upTo >= 150 ? 'to-1' : '' }]);
  if (upTo >= 160) expect(db.prepare(`SELECT token_hash FROM retired_tokens`).all()).toEqual([{ token_hash: 'th0' }]);
  if (upTo >= 170) expect(db.prepare(`SELECT poll_id, delegate_id, choice FROM poll_open_ballots`).all()).toEqual([{ poll_id: 'p1', delegate_id: 'd1', choice: '"yes"' }]);
  if (upTo >= 180) expect(db.prepare(`SELECT delegate_id, revision FROM member_downloads`).all()).toEqual([{ delegate_id: 'd1', revision: 1 }]);
  expect(db.prepare(`SELECT total_delegates FROM meetings`).all()).toEqual([{ total_delegates: upTo >= 160 ? 30 : null }]);
}

describe('server database migrations', () => {
  it('brings a fresh database to the latest version with WAL, FULL sync and foreign keys', () => {
    const db = openServerDb(freshDir());
    try {
      expect(versionOf(db)).toBe(latest);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(tables(db)).toEqual(
        expect.arrayContaining(['settings', 'chunks', 'meetings', 'revisions', 'revision_chunks', 'members', 'wrapped_keys', 'live_rooms', 'live_commands', 'live_audit', 'live_room_updates']),
      );
    } finally {
      db.close();
    }
  });

  it('is one list, strictly increasing in tens, in the order written', () => {
    expect(() => assertMigrationList(SERVER_MIGRATIONS)).not.toThrow();
    const versions = SERVER_MIGRATIONS.map((m) => m.version);
    expect(versions.slice(0, 5)).toEqual([10, 20, 100, 110, 120]);
    for (const v of versions) expect(SEED[v], `step ${v} needs seed data in this test`).toBeDefined();
  });

  it('refuses a list where a step was appended with a lower number (it would never run on an existing server)', () => {
    const late: Migration<Db> = { version: 30, up: () => {} };
    const db = new Database(':memory:');
    try {
      expect(() => runMigrations(db, [...SERVER_MIGRATIONS, late])).toThrow(/append new steps at the end/);
      expect(versionOf(db)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('runs a new step appended after the last on a server at the old mixed counter (120)', () => {
    const db = new Database(':memory:');
    try {
      runMigrations(db, SERVER_MIGRATIONS.filter((m) => m.version <= 120));
      expect(versionOf(db)).toBe(120);
      let ran = false;
      const next: Migration<Db> = { version: latest + 10, up: () => void (ran = true) };
      runMigrations(db, [...SERVER_MIGRATIONS, next]);
      expect(ran).toBe(true);
      expect(versionOf(db)).toBe(latest + 10);
      expect(tables(db)).toContain('live_room_updates');
    } finally {
      db.close();
    }
  });

  it('refuses a database from the future', () => {
    const dir = freshDir();
    const raw = new Database(path.join(dir, SERVER_DB_FILE));
    raw.pragma(`user_version = ${latest + 10}`);
    raw.close();
    expect(() => openServerDb(dir)).toThrow(CouncilError);
  });

  it('refuses a database at a version no step has (for example a pack step 30 from a broken build)', () => {
    const db = new Database(':memory:');
    try {
      db.pragma('user_version = 30');
      expect(() => runMigrations(db, SERVER_MIGRATIONS)).toThrow(CouncilError);
    } finally {
      db.close();
    }
  });

  it('opens an up-to-date database again without change', () => {
    const dir = freshDir();
    openServerDb(dir).close();
    const db = openServerDb(dir);
    expect(versionOf(db)).toBe(latest);
    db.close();
  });

  it.each(SERVER_MIGRATIONS.map((m, i) => [m.version, i] as const))(
    'upgrades a database at version %i, holding data of every step so far, to the latest and keeps the data',
    (version, i) => {
      const dir = freshDir();
      const file = path.join(dir, SERVER_DB_FILE);
      const old = new Database(file);
      try {
        old.pragma('foreign_keys = ON');
        for (const step of SERVER_MIGRATIONS.slice(0, i + 1)) {
          runMigrations(old, SERVER_MIGRATIONS.slice(0, SERVER_MIGRATIONS.indexOf(step) + 1));
          SEED[step.version]?.(old);
        }
        expect(versionOf(old)).toBe(version);
      } finally {
        old.close();
      }
      const db = openServerDb(dir);
      try {
        expect(versionOf(db)).toBe(latest);
        expectSeededData(db, version);
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    },
  );
});
