// What the pack handlers share: the database, where chunk files live, the auth-failure limiter, a log.
import type Database from 'better-sqlite3';
import type { AuthFailureGuard } from './auth.ts';

export interface PackContext {
  readonly db: Database.Database;
  readonly dataDir: string;
  readonly limiter: AuthFailureGuard;
  readonly log: (line: string) => void;
  /** Reported by /api/health. */
  readonly version: string;
  /** Injected so tests could pin time; ISO-8601 strings go to the database. */
  readonly now: () => string;
}
