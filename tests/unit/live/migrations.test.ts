// The live-session steps live in the server's one migration list (collab-server/store/migrations.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openServerDb } from '../../../collab-server/store/db.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('creates rooms, room updates, commands and the audit log on a fresh server db', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-live-mig-'));
  dirs.push(dir);
  const db = openServerDb(dir);
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['live_rooms', 'live_room_updates', 'live_commands', 'live_audit']));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  } finally {
    db.close();
  }
});

it('step 140 signs the audit log and keeps opaque idempotency rows without a sender, time or rowid', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-live-mig-'));
  dirs.push(dir);
  const db = openServerDb(dir);
  try {
    const columns = (table: string): string[] => (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
    expect(columns('live_audit')).toContain('signature');
    expect(columns('live_audit_heads')).toEqual(['meeting_id', 'seq', 'hash', 'at', 'signature']);
    expect(columns('live_opaque_commands')).toEqual(['meeting_id', 'command_key', 'content_mac', 'status', 'result']);
    const ddl = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'live_opaque_commands'`).get() as { sql: string };
    expect(ddl.sql).toMatch(/WITHOUT ROWID/);
    const key = db.prepare(`SELECT value FROM settings WHERE key = 'command_mac_key'`).get() as { value: string } | undefined;
    expect(key?.value).toMatch(/^[0-9a-f]{64}$/);
  } finally {
    db.close();
  }
});
