// Step 150: members get a group_id (the publisher's group slug); members stored before it have none ('').
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { runMigrations } from '../../../common/sql/migrate.ts';
import { asServerDb, SERVER_MIGRATIONS } from '../../../collab-server/store/db.ts';
import { memberGroup } from '../../../collab-server/live/liveQueries.ts';

it('adds members.group_id, empty for members published before it', () => {
  const db = asServerDb(new Database(':memory:'));
  try {
    runMigrations(db, SERVER_MIGRATIONS.filter((m) => m.version < 150));
    db.prepare(`INSERT INTO meetings (id, publisher_key, latest_revision, created_at) VALUES ('m1', 'pk', 0, 't')`).run();
    db.prepare(`INSERT INTO members (meeting_id, delegate_id, role, token_hash) VALUES ('m1', 'd1', 'delegate', 'th1')`).run();
    runMigrations(db, SERVER_MIGRATIONS);
    expect(memberGroup(db, 'm1', 'd1')).toBe('');
    db.prepare(`UPDATE members SET group_id = 'to-2' WHERE delegate_id = 'd1'`).run();
    expect(memberGroup(db, 'm1', 'd1')).toBe('to-2');
    expect(memberGroup(db, 'm1', 'nobody')).toBe('');
  } finally {
    db.close();
  }
});
