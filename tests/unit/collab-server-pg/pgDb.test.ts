// The PostgreSQL adapter (collab-server/store/pg/PgDb.ts) answers like better-sqlite3 does, so no query function
// needs to know the engine: placeholders, JS types of rows, run()'s changes, nested transactions as savepoints.
import { describe, expect, it } from 'vitest';
import { lockMeeting, openServerStore } from '../../../collab-server/store/db.ts';
import { numberPlaceholders, PgDb, PgError } from '../../../collab-server/store/pg/PgDb.ts';
import { all, get, run, sql } from '../../../collab-server/store/sql.ts';
import { freshDataDir, freshUrl, usePostgres } from './helpers.ts';

usePostgres();

function scratch(): PgDb {
  const db = new PgDb(freshUrl());
  db.exec(`CREATE TABLE t (k TEXT COLLATE "C" PRIMARY KEY, n BIGINT, b BYTEA)`);
  return db;
}

describe('PgDb', () => {
  it('numbers ? placeholders, leaving quoted text and comments alone', () => {
    expect(numberPlaceholders(`SELECT '?', "a?" FROM t WHERE a = ? -- why?\nAND b IN (?, ?)`)).toEqual({
      text: `SELECT '?', "a?" FROM t WHERE a = $1 -- why?\nAND b IN ($2, $3)`,
      count: 3,
    });
  });

  it('gives rows the JS types better-sqlite3 gives: numbers, Buffers, 1/0, null', () => {
    const db = scratch();
    try {
      run(db, sql`INSERT INTO t (k, n, b) VALUES (${'a'}, ${1_767_225_600_123}, ${new Uint8Array([0, 1, 255])})`);
      run(db, sql`INSERT INTO t (k, n, b) VALUES (${'b'}, ${null}, ${null})`);
      expect(all(db, sql`SELECT k, n, b FROM t ORDER BY k`)).toEqual([
        { k: 'a', n: 1_767_225_600_123, b: Buffer.from([0, 1, 255]) },
        { k: 'b', n: null, b: null },
      ]);
      expect(get(db, sql`SELECT COUNT(*) AS c, SUM(n) AS s, (EXISTS (SELECT 1 FROM t WHERE k = ${'a'})) AS e FROM t`)).toEqual({ c: 2, s: 1_767_225_600_123, e: 1 });
      expect(get(db, sql`SELECT k FROM t WHERE k = ${'none'}`)).toBeUndefined();
      expect(() => db.prepare(`SELECT ?::text AS x`).get(true)).toThrow(TypeError);
    } finally {
      db.close();
    }
  });

  it("answers run() with the rows changed, from the command's tag", () => {
    const db = scratch();
    try {
      expect(run(db, sql`INSERT INTO t (k) VALUES ('a'), ('b'), ('c')`).changes).toBe(3);
      expect(run(db, sql`INSERT INTO t (k) VALUES ('a') ON CONFLICT DO NOTHING`).changes).toBe(0);
      expect(run(db, sql`UPDATE t SET n = 1 WHERE k <> ${'a'}`).changes).toBe(2);
      expect(run(db, sql`DELETE FROM t`).changes).toBe(3);
    } finally {
      db.close();
    }
  });

  it('nests transactions as savepoints: an inner failure rolls back the inner part only', () => {
    const db = scratch();
    try {
      db.transaction(() => {
        run(db, sql`INSERT INTO t (k) VALUES ('outer')`);
        expect(db.inTransaction).toBe(true);
        expect(() =>
          db.transaction(() => {
            run(db, sql`INSERT INTO t (k) VALUES ('inner')`);
            run(db, sql`INSERT INTO t (k) VALUES ('outer')`); // unique violation: the SQL error ends the savepoint
          })(),
        ).toThrow(PgError);
        db.transaction(() => run(db, sql`INSERT INTO t (k) VALUES ('kept')`))();
      })();
      expect(db.inTransaction).toBe(false);
      expect(all(db, sql`SELECT k FROM t ORDER BY k`)).toEqual([{ k: 'kept' }, { k: 'outer' }]);
      const failing = db.transaction(() => {
        run(db, sql`INSERT INTO t (k) VALUES ('gone')`);
        throw new Error('x');
      });
      expect(failing).toThrow('x');
      expect(all(db, sql`SELECT k FROM t WHERE k = 'gone'`)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('never reports as committed a transaction the database rolled back', () => {
    const db = scratch();
    try {
      const swallowed = db.transaction(() => {
        run(db, sql`INSERT INTO t (k) VALUES ('a')`);
        try {
          run(db, sql`INSERT INTO t (k) VALUES ('a')`);
        } catch {
          // better-sqlite3 would carry on; PostgreSQL has aborted the whole transaction
        }
      });
      expect(swallowed).toThrow(PgError);
      expect(all(db, sql`SELECT k FROM t`)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('holds a meeting lock until the transaction ends (lockMeeting)', () => {
    const dataDir = freshDataDir();
    const a = openServerStore({ dataDir });
    const b = openServerStore({ dataDir });
    try {
      expect(a.dialect).toBe('postgres');
      const held = (db: typeof b): boolean => get<{ ok: number }>(db, sql`SELECT pg_try_advisory_xact_lock(hashtext(${'m1'})) AS ok`)?.ok === 1;
      a.transaction(() => {
        lockMeeting(a, 'm1');
        expect(b.transaction(() => held(b))()).toBe(false);
      })();
      expect(b.transaction(() => held(b))()).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });

  it('connects again after the database dropped the connection (a restart): the failed statement fails, the next runs', () => {
    const db = scratch();
    const killer = new PgDb(freshUrl());
    try {
      run(db, sql`INSERT INTO t (k, n) VALUES (${'before'}, ${1})`);
      const pid = get<{ p: number }>(db, sql`SELECT pg_backend_pid() AS p`)?.p;
      expect(get<{ ok: number }>(killer, sql`SELECT pg_terminate_backend(${pid ?? 0}::int) AS ok`)?.ok).toBe(1);
      // The same cached statement as before: prepared on the old connection, prepared again on the new one.
      expect(() => get(db, sql`SELECT pg_backend_pid() AS p`)).toThrow(PgError);
      const after = get<{ p: number }>(db, sql`SELECT pg_backend_pid() AS p`)?.p;
      expect(after).toBeGreaterThan(0);
      expect(after).not.toBe(pid);
      expect(all(db, sql`SELECT k FROM t`)).toEqual([{ k: 'before' }]);
      run(db, sql`INSERT INTO t (k, n) VALUES (${'after'}, ${2})`);
      expect(get(db, sql`SELECT COUNT(*) AS c FROM t`)).toEqual({ c: 2 });
    } finally {
      killer.close();
      db.close();
    }
  });

  it('a nested part whose statement failed inside it fails alone; the enclosing transaction goes on (as on SQLite)', () => {
    const db = scratch();
    try {
      db.transaction(() => {
        run(db, sql`INSERT INTO t (k) VALUES (${'kept'})`);
        const part = db.transaction(() => {
          try {
            run(db, sql`INSERT INTO t (k) VALUES (${'kept'})`);
          } catch {
            // swallowed here: PostgreSQL has aborted the transaction all the same
          }
        });
        expect(() => part()).toThrow(PgError);
        run(db, sql`INSERT INTO t (k) VALUES (${'after'})`);
      })();
      expect(all(db, sql`SELECT k FROM t ORDER BY k`)).toEqual([{ k: 'after' }, { k: 'kept' }]);
    } finally {
      db.close();
    }
  });

  it('refuses statements once closed', () => {
    const db = new PgDb(freshUrl());
    db.close();
    expect(db.open).toBe(false);
    expect(() => db.exec('SELECT 1')).toThrow(/not open/);
  });
});
