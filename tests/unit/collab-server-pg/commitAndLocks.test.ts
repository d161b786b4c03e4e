// D1: a COMMIT whose connection breaks answers 08007 (outcome unknown), whether or not the server committed.
// D7: several meetings are locked in hashtext key order, each distinct key once, so overlapping groups queue.
import { describe, expect, it } from 'vitest';
import { lockMeetings } from '../../../collab-server/store/db.ts';
import { PgDb, PgError } from '../../../collab-server/store/pg/PgDb.ts';
import { get, run, sql } from '../../../collab-server/store/sql.ts';
import { freshUrl, usePostgres } from './helpers.ts';

usePostgres();

function commitFault(when: 'before' | 'after'): { committed: boolean; error: unknown } {
  const url = freshUrl();
  const db = new PgDb(url);
  try {
    db.exec(`CREATE TABLE t (k TEXT PRIMARY KEY)`);
    db.failNextCommitForTest(when);
    let error: unknown;
    try {
      db.transaction(() => run(db, sql`INSERT INTO t (k) VALUES (${'x'})`))();
    } catch (e) {
      error = e;
    }
    // The adapter connects again on its own: the next statement runs on a new connection.
    let row: { c: number } | undefined;
    for (let i = 0; i < 3 && !row; i++) {
      try {
        row = get<{ c: number }>(db, sql`SELECT COUNT(*) AS c FROM t`);
      } catch {
        // the first statement after the break may still meet the dead connection
      }
    }
    return { committed: row?.c === 1, error };
  } finally {
    db.close();
  }
}

describe('PgDb COMMIT with a lost connection', () => {
  it('throws 08007 when COMMIT succeeded and the connection then broke', () => {
    const { committed, error } = commitFault('after');
    expect(error).toBeInstanceOf(PgError);
    expect((error as PgError).sqlState).toBe('08007');
    expect(committed).toBe(true);
  });

  it('throws 08007 when the connection broke before COMMIT was sent (rolled back)', () => {
    const { committed, error } = commitFault('before');
    expect((error as PgError).sqlState).toBe('08007');
    expect(committed).toBe(false);
  });
});

describe('lockMeetings', () => {
  it('locks each distinct key once, duplicates and all', () => {
    const db = new PgDb(freshUrl());
    try {
      db.transaction(() => {
        lockMeetings(db, ['m-b', 'm-a', 'm-b', 'we"ird\\id']);
        const held = get<{ c: number }>(db, sql`SELECT COUNT(*) AS c FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`);
        expect(held?.c).toBe(3);
      })();
    } finally {
      db.close();
    }
  });

  it('takes overlapping sets in key order, whatever order they are given: the second waits, no deadlock', () => {
    const url = freshUrl();
    const a = new PgDb(url);
    const b = new PgDb(url);
    try {
      const ids = ['alpha', 'beta', 'gamma'];
      const keys = ids
        .map((id) => ({ id, k: get<{ k: number }>(a, sql`SELECT hashtext(${id}) AS k`)?.k ?? 0 }))
        .sort((x, y) => x.k - y.k);
      const lowest = keys[0]?.id ?? '';
      a.exec('BEGIN');
      lockMeetings(a, [...ids].reverse());
      // b asks for the same set in the other order, without waiting: it must fail at the lowest key first.
      b.exec('BEGIN');
      b.exec('SET LOCAL lock_timeout = 1');
      let failedAt: string | undefined;
      try {
        lockMeetings(b, ids);
      } catch (e) {
        failedAt = (e as PgError).sqlState;
      }
      b.exec('ROLLBACK');
      expect(failedAt).toBe('55P03'); // lock_not_available: b queued behind a, it did not hold any of a's keys
      const held = get<{ c: number }>(a, sql`SELECT COUNT(*) AS c FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`);
      expect(held?.c).toBe(0);
      expect(lowest).not.toBe('');
      a.exec('COMMIT');
    } finally {
      a.close();
      b.close();
    }
  });
});
