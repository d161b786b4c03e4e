// What the pack handlers share: the database, where chunk files live, the auth-failure limiter, a log.
import type { ServerDb } from '../store/db.ts';
import type { AuthFailureGuard } from './auth.ts';

export interface PackContext {
  readonly db: ServerDb;
  readonly dataDir: string;
  /** Where chunk files live when not `<dataDir>/chunks` (a folder shared by the instances of one service). */
  readonly chunksDir?: string;
  readonly limiter: AuthFailureGuard;
  readonly log: (line: string) => void;
  /** Reported by /api/health. */
  readonly version: string;
  /** Injected so tests could pin time; ISO-8601 strings go to the database. */
  readonly now: () => string;
}
