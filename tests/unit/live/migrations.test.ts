// The live-session schema steps: numbered 100, 110, 120 and creating their tables on a fresh server db.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LIVE_MIGRATIONS } from '../../../collab-server/live/migrations.ts';
import { openServerDb } from '../../../collab-server/store/db.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('numbers the live steps in tens from 100 and creates rooms, commands and the audit log', () => {
  expect(LIVE_MIGRATIONS.map((m) => m.version)).toEqual([100, 110, 120]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-live-mig-'));
  dirs.push(dir);
  const db = openServerDb(dir);
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['live_rooms', 'live_commands', 'live_audit']));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  } finally {
    db.close();
  }
});
