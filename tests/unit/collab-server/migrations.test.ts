import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../common/sql/migrate.ts';
import { CouncilError } from '../../../common/result.ts';
import { openServerDb, SERVER_DB_FILE, SERVER_MIGRATIONS } from '../../../collab-server/store/db.ts';
import { PACK_MIGRATIONS } from '../../../collab-server/store/migrations.ts';
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

const latest = Math.max(...SERVER_MIGRATIONS.map((m) => m.version));
const tables = (db: Database.Database): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

describe('server database migrations', () => {
  it('brings a fresh database to the latest version with WAL, FULL sync and foreign keys', () => {
    const db = openServerDb(freshDir());
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latest);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(tables(db)).toEqual(expect.arrayContaining(['settings', 'chunks', 'meetings', 'revisions', 'revision_chunks', 'members', 'wrapped_keys']));
    } finally {
      db.close();
    }
  });

  it('numbers pack steps in tens, below the live-session steps', () => {
    for (const m of PACK_MIGRATIONS) {
      expect(m.version % 10).toBe(0);
      expect(m.version).toBeLessThan(100);
    }
  });

  it('refuses a database from the future', () => {
    const dir = freshDir();
    const raw = new Database(path.join(dir, SERVER_DB_FILE));
    raw.pragma(`user_version = ${latest + 10}`);
    raw.close();
    expect(() => openServerDb(dir)).toThrow(CouncilError);
  });

  it('opens an up-to-date database again without change', () => {
    const dir = freshDir();
    openServerDb(dir).close();
    const db = openServerDb(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    db.close();
  });

  const sorted = [...PACK_MIGRATIONS].sort((a, b) => a.version - b.version);
  it.each(sorted.map((m, i) => [m.version, i] as const))('applies step %i to a database at the previous step', (_version, i) => {
    const db = new Database(':memory:');
    try {
      db.pragma('foreign_keys = ON');
      runMigrations(db, sorted.slice(0, i));
      const before = tables(db);
      runMigrations(db, sorted.slice(0, i + 1));
      expect(db.pragma('user_version', { simple: true })).toBe(sorted[i]?.version);
      expect(tables(db).length).toBeGreaterThan(before.length);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('step 20 keeps the data of step 10', () => {
    const db = new Database(':memory:');
    try {
      runMigrations(db, sorted.slice(0, 1));
      db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES ('m1', 'k', 0, 'now')`).run();
      runMigrations(db, sorted);
      expect(db.prepare(`SELECT id FROM meetings`).all()).toEqual([{ id: 'm1' }]);
      db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES ('m1', 'd1', 'delegate', 'h')`).run();
    } finally {
      db.close();
    }
  });
});
