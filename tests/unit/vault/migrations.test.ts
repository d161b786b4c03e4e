// One test per vault schema step: a database at step N-10 holding data is upgraded to N and keeps it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../../common/sql/migrate.ts';
import { CouncilError } from '../../../common/result.ts';
import { VAULT_MIGRATIONS, VAULT_SCHEMA_VERSION } from '../../../main/services/vault/migrations.ts';
import { openVaultDb, vaultPath } from '../../../main/services/vault/vaultDb.ts';
import { getMeetingRecord, getProtectedKey, getRevision, markRevoked, saveMeetingIdentity } from '../../../main/services/vault/meetingQueries.ts';
import { listRecords, putRecord } from '../../../main/services/vault/recordQueries.ts';
import { readChunk } from '../../../main/services/vault/chunkQueries.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'council-vault-mig-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function dbAt(version: number): Database.Database {
  const db = new Database(vaultPath(dir));
  db.pragma('foreign_keys = ON');
  runMigrations(db, VAULT_MIGRATIONS.filter((m) => m.version <= version));
  return db;
}
const tables = (db: Database.Database): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

describe('vault migrations', () => {
  it('steps are numbered by 10 and the last is the schema version', () => {
    expect(VAULT_MIGRATIONS.map((m) => m.version)).toEqual(VAULT_MIGRATIONS.map((_, i) => (i + 1) * 10));
    expect(VAULT_MIGRATIONS.at(-1)?.version).toBe(VAULT_SCHEMA_VERSION);
  });

  it('0 -> 10 creates the content tables', () => {
    const db = dbAt(10);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(tables(db)).toEqual(['chunks', 'meetings', 'revision_chunks', 'revisions']);
    db.close();
  });

  it('10 -> 20 adds the key table and keeps meetings, revisions and chunks', () => {
    const db = dbAt(10);
    db.exec(`
      INSERT INTO meetings (id, server, delegate_id, role, publisher_key, current_revision, status, joined_at, updated_at)
        VALUES ('m1', 'http://127.0.0.1:1', 'd1', 'delegate', 'pk', 1, 'active', 't', 't');
      INSERT INTO revisions (meeting_id, revision, envelope, wrapped_keys, complete) VALUES ('m1', 1, '{}', '{}', 1);
      INSERT INTO chunks (hash, size, data) VALUES ('${'a'.repeat(64)}', 3, x'010203');
      INSERT INTO revision_chunks (meeting_id, revision, hash) VALUES ('m1', 1, '${'a'.repeat(64)}');
    `);
    db.close();

    const upgraded = openVaultDb(dir);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(VAULT_SCHEMA_VERSION);
    expect(getMeetingRecord(upgraded, 'm1')).toMatchObject({ delegateId: 'd1', currentRevision: 1, status: 'active' });
    expect(readChunk(upgraded, 'a'.repeat(64))).toEqual(Buffer.from([1, 2, 3]));
    saveMeetingIdentity(
      upgraded,
      { id: 'm1', server: 'http://127.0.0.1:1', delegateId: 'd1', role: 'delegate', publisherKey: 'pk' },
      { protector: 'test', blob: new Uint8Array([9]) },
    );
    expect(getProtectedKey(upgraded, 'm1')).toEqual(Buffer.from([9]));
    expect(getMeetingRecord(upgraded, 'm1')?.status).toBe('active');
    upgraded.close();
  });

  it('20 -> 30 marks pending revisions as started, adds the records table, and keeps everything', () => {
    const db = dbAt(20);
    db.exec(`
      INSERT INTO meetings (id, server, delegate_id, role, publisher_key, current_revision, pending_revision, status, joined_at, updated_at)
        VALUES ('m1', 'http://127.0.0.1:1', 'd1', 'delegate', 'pk', 1, 2, 'active', 't', 't');
      INSERT INTO revisions (meeting_id, revision, envelope, wrapped_keys, complete) VALUES ('m1', 1, '{}', '{}', 1), ('m1', 2, '{}', '{}', 0);
      INSERT INTO meeting_keys (meeting_id, protector, blob, created_at) VALUES ('m1', 'test', x'09', 't');
    `);
    db.close();

    const upgraded = openVaultDb(dir);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(VAULT_SCHEMA_VERSION);
    expect([getRevision(upgraded, 'm1', 1)?.started, getRevision(upgraded, 'm1', 2)?.started]).toEqual([false, true]);
    expect(getProtectedKey(upgraded, 'm1')).toEqual(Buffer.from([9]));
    putRecord(upgraded, { meetingId: 'm1', kind: 'annotation', key: 'a1', value: '{"page":3}' });
    putRecord(upgraded, { meetingId: 'm1', kind: 'search', key: 'doc', value: new Uint8Array([1, 2]) });
    expect(listRecords(upgraded, 'm1', 'annotation').map((r) => r.value)).toEqual(['{"page":3}']);
    expect(listRecords(upgraded, 'm1', 'search').map((r) => [...(r.value as Uint8Array)])).toEqual([[1, 2]]);
    // Records go with their meeting.
    upgraded.exec(`DELETE FROM meetings WHERE id = 'm1'`);
    expect(listRecords(upgraded, 'm1', 'annotation')).toEqual([]);
    upgraded.close();
  });

  it('30 -> 40 adds the lease columns: last contact counted from the upgrade, nothing expired', () => {
    const db = dbAt(30);
    db.exec(`
      INSERT INTO meetings (id, server, delegate_id, role, publisher_key, current_revision, status, joined_at, updated_at)
        VALUES ('m1', 'http://127.0.0.1:1', 'd1', 'delegate', 'pk', 1, 'active', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'),
               ('m2', 'http://127.0.0.1:1', 'd1', 'delegate', 'pk', NULL, 'revoked', 't', 't');
    `);
    db.close();

    const before = Date.now();
    const upgraded = openVaultDb(dir);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(VAULT_SCHEMA_VERSION);
    const m1 = getMeetingRecord(upgraded, 'm1');
    expect(m1).toMatchObject({ status: 'active', currentRevision: 1, expiredLeaseHours: null });
    expect(Date.parse(m1?.lastContactAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(getMeetingRecord(upgraded, 'm2')?.status).toBe('revoked');
    // A lease that ran out reads 'expired'; joining again clears it.
    markRevoked(upgraded, 'm1', 72);
    expect(getMeetingRecord(upgraded, 'm1')).toMatchObject({ status: 'expired', expiredLeaseHours: 72 });
    saveMeetingIdentity(upgraded, { id: 'm1', server: 'http://127.0.0.1:1', delegateId: 'd1', role: 'delegate', publisherKey: 'pk' }, { protector: 'test', blob: new Uint8Array([9]) });
    expect(getMeetingRecord(upgraded, 'm1')).toMatchObject({ status: 'joining', expiredLeaseHours: null });
    upgraded.close();
  });

  it('refuses a vault from the future and leaves it untouched', () => {
    const db = dbAt(VAULT_SCHEMA_VERSION);
    db.pragma(`user_version = ${VAULT_SCHEMA_VERSION + 10}`);
    db.close();
    let code: string | undefined;
    try {
      openVaultDb(dir).close();
    } catch (e) {
      code = e instanceof CouncilError ? e.code : String(e);
    }
    expect(code).toBe('VAULT_FUTURE_SCHEMA');
    const again = new Database(vaultPath(dir));
    expect(again.pragma('user_version', { simple: true })).toBe(VAULT_SCHEMA_VERSION + 10);
    again.close();
  });
});
