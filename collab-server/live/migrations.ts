// Schema steps of the live session (rooms, commands, audit log). Numbered from 100 so they never collide
// with the pack-distribution steps in collab-server/store/migrations.ts.
import type Database from 'better-sqlite3';
import type { Migration } from '../../common/sql/migrate.ts';

export const LIVE_MIGRATIONS: readonly Migration<Database.Database>[] = [];
