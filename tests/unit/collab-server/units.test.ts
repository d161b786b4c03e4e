// Pure pieces of the server: Range parsing, the SQL tag, the router, the auth-failure limiter.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../../collab-server/core/auth.ts';
import { parseRange } from '../../../collab-server/core/range.ts';
import { Router } from '../../../collab-server/core/router.ts';
import { resolveStaticPath } from '../../../collab-server/http/staticFiles.ts';
import { all, sql, sqlId, sqlList } from '../../../collab-server/store/sql.ts';

describe('parseRange', () => {
  it.each([
    [undefined, { kind: 'full' }],
    ['bytes=0-9', { kind: 'partial', start: 0, end: 9 }],
    ['bytes=90-200', { kind: 'partial', start: 90, end: 99 }],
    ['bytes=95-', { kind: 'partial', start: 95, end: 99 }],
    ['bytes=-10', { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-500', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'unsatisfiable' }],
    ['bytes=9-3', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=-', { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-6', { kind: 'unsatisfiable' }],
    ['items=0-1', { kind: 'unsatisfiable' }],
  ] as const)('%s of 100 bytes', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});

describe('sql tag', () => {
  it('binds every value and nests fragments', () => {
    const evil = "x'); DROP TABLE t; --";
    const q = sql`SELECT * FROM t WHERE a = ${evil} AND b IN ${sqlList([1, 2])} ${sql`AND c = ${3}`}`;
    expect([q.text, q.params]).toEqual(['SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = ?', [evil, 1, 2, 3]]);
  });

  it('runs against SQLite and keeps hostile text as data', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (a TEXT)');
    const evil = "'); DROP TABLE t; --";
    db.prepare('INSERT INTO t VALUES (?)').run(evil);
    expect(all<{ a: string }>(db, sql`SELECT a FROM ${sqlId('t')} WHERE a = ${evil}`)).toEqual([{ a: evil }]);
    db.close();
  });

  it('asserts identifiers; an empty IN list matches nothing', () => {
    expect(() => sqlId('t; DROP')).toThrow();
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('x')`);
    expect(all(db, sql`SELECT a FROM t WHERE a IN ${sqlList([])}`)).toEqual([]);
    expect(all(db, sql`SELECT a FROM t WHERE a NOT IN ${sqlList(['y'])}`)).toEqual([{ a: 'x' }]);
    db.close();
  });
});

describe('Router', () => {
  const router = new Router([
    { method: 'GET', pattern: '/api/meetings/:meetingId/manifest', access: 'member', handler: () => ({ status: 200, body: { kind: 'empty' } }) },
  ]);
  it('matches parameters, lets HEAD use GET, and reports wrong methods', () => {
    const m = router.match('HEAD', '/api/meetings/m%2D1/manifest');
    expect(m).toMatchObject({ kind: 'route', params: { meetingId: 'm-1' } });
    expect(router.match('POST', '/api/meetings/m1/manifest')).toEqual({ kind: 'method', allow: ['GET'] });
    expect(router.match('GET', '/api/meetings/m1/manifest/x')).toEqual({ kind: 'none' });
    expect(router.match('GET', '/api/meetings//manifest')).toEqual({ kind: 'none' });
  });
});

describe('FailureLimiter', () => {
  it('allows a burst of failures, then refills with time (injected clock)', () => {
    let now = 0;
    const limiter = new FailureLimiter(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.allows('a')).toBe(true);
      limiter.recordFailure('a');
    }
    expect(limiter.allows('a')).toBe(false);
    expect(limiter.allows('b')).toBe(true);
    now = 1000;
    expect(limiter.allows('a')).toBe(true);
  });
});

describe('resolveStaticPath', () => {
  it('keeps every path inside the root', () => {
    expect(resolveStaticPath('/srv/dist', '/assets/a.js')).toBe('/srv/dist/assets/a.js');
    expect(resolveStaticPath('/srv/dist', '/')).toBe('/srv/dist');
    for (const bad of ['/../x', '/a/%2e%2e/%2e%2e/x', '/%2e%2e%2fx', '/a\\..\\x', '/%zz', '/x%00']) {
      expect(resolveStaticPath('/srv/dist', bad)).toBeUndefined();
    }
  });
});
