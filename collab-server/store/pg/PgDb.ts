// PostgreSQL behind the same synchronous surface as better-sqlite3 (store/serverDb.ts), through pg-native
// (libpq's blocking calls). The server's command path is synchronous by design — one SQL transaction while the
// in-memory Y.Doc is mutated, nothing awaited in between — so the queries are too.
//
// The cost, said plainly: every statement is a round trip to the database server during which the event loop
// waits (no other request, socket or timer runs). On the same host or LAN that is tens to hundreds of µs per
// statement, so a command of ~10 statements holds the loop for about a millisecond; a slow or distant database
// slows every client of this instance. Run PostgreSQL close to the instances.
//
// What it keeps of SQLite's behaviour, so no query function needs to know:
// - `?` placeholders (the only ones the sql tag emits) become `$1…$n`; statements are prepared once per text.
// - rows are plain objects with SQLite's JS types: BIGINT/NUMERIC as numbers, BYTEA as Buffer, booleans as 1/0.
// - run() answers { changes } from the command tag; nested transaction() calls are SAVEPOINTs.
import { createRequire } from 'node:module';
import type { ArgsOf, ServerDb, ServerStatement } from '../serverDb.ts';

/** The few calls of pg-native (and of its libpq handle) used here. */
interface PgNativeClient {
  readonly pq: {
    cmdTuples(): string;
    cmdStatus(): string;
    resultErrorFields(): { sqlState?: string } | undefined;
    /** 0 idle … 4 unknown: the connection is bad (the server restarted, the network dropped). */
    transactionStatus(): number;
  };
  connectSync(conninfo: string): void;
  querySync(text: string, values?: readonly (string | null)[]): Record<string, unknown>[];
  prepareSync(name: string, text: string, nParams: number): void;
  executeSync(name: string, values: readonly (string | null)[]): Record<string, unknown>[];
  end(): void;
}
type TypeParser = (text: string) => unknown;
type PgNativeConstructor = new (config: { types: { getTypeParser(oid: number): TypeParser } }) => PgNativeClient;

// Loaded on first use, so the default SQLite server never loads libpq.
let Client: PgNativeConstructor | undefined;
function pgNative(): PgNativeConstructor {
  if (Client) return Client;
  try {
    Client = createRequire(import.meta.url)('pg-native') as PgNativeConstructor;
  } catch (e) {
    // An optional dependency: `npm ci` skips it where libpq's headers are missing, and SQLite needs none of it.
    throw new Error(
      'PostgreSQL needs the pg-native module, which did not build here: install libpq-dev (Debian: apt-get install libpq-dev), then npm ci again',
      { cause: e },
    );
  }
  return Client;
}

const asNumber: TypeParser = (t) => Number(t);
const PARSERS = new Map<number, TypeParser>([
  [16, (t) => (t === 't' ? 1 : 0)], // bool: SQLite has no booleans, EXISTS and comparisons give 1/0
  [17, (t) => Buffer.from(t.slice(2), 'hex')], // bytea, hex output (the default since 9.0)
  [20, asNumber], // int8: ms timestamps and COUNT(*) stay far below 2^53
  [21, asNumber],
  [23, asNumber],
  [26, asNumber],
  [700, asNumber],
  [701, asNumber],
  [1700, asNumber], // numeric: SUM() of BIGINT
]);
const asText: TypeParser = (t) => t;
const TYPES = { getTypeParser: (oid: number): TypeParser => PARSERS.get(oid) ?? asText };

/**
 * libpq's end() asks libuv to close the socket's poll handle, which lives inside the client object; should the
 * object be collected before the loop's close phase, libuv touches freed memory and aborts the process. So the
 * object stays referenced until a later turn of the loop (an unref'd timer: it never holds the process).
 */
function keepUntilClosed(client: PgNativeClient): void {
  setTimeout(() => setImmediate(() => void client), 1).unref();
}

/** An error of the database, with its SQLSTATE (e.g. 23505 unique_violation). */
export class PgError extends Error {
  constructor(
    message: string,
    readonly sqlState: string | undefined,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; libpq takes text (BYTEA as \x hex). */
function toParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot bind ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  throw new TypeError('PostgreSQL store: can only bind numbers, strings, bigints, buffers, and null');
}

/**
 * `?` → `$n`, outside quoted strings, quoted identifiers and comments. Returns the text and the count. (The sql
 * tag emits `?` only for values; a `?` that PostgreSQL would read as an operator never appears in our SQL.)
 */
export function numberPlaceholders(text: string): { readonly text: string; readonly count: number } {
  let out = '';
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end === -1 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++count}`;
    } else {
      out += c;
    }
  }
  return { text: out, count };
}

class PgStatement implements ServerStatement {
  private name: string | undefined;
  /** The connection the name was prepared on: a new connection (after a reconnect) knows no names. */
  private preparedOn = -1;

  constructor(
    private readonly db: PgDb,
    private readonly text: string,
    private readonly count: number,
  ) {}

  all(...params: readonly unknown[]): unknown[] {
    return this.execute(params);
  }

  get(...params: readonly unknown[]): unknown {
    return this.execute(params)[0];
  }

  run(...params: readonly unknown[]): { readonly changes: number } {
    this.execute(params);
    return { changes: this.db.lastChanges() };
  }

  private execute(params: readonly unknown[]): Record<string, unknown>[] {
    if (params.length !== this.count) throw new RangeError(`expected ${this.count} bound values, got ${params.length}`);
    const values = params.map(toParam);
    if (this.name === undefined || this.preparedOn !== this.db.connection) {
      this.name = this.db.prepareNamed(this.text, this.count);
      this.preparedOn = this.db.connection;
    }
    const name = this.name;
    return this.db.call(() => this.db.client.executeSync(name, values));
  }
}

/** At most one reconnection attempt in this interval: each attempt blocks the event loop while it connects. */
const RECONNECT_INTERVAL_MS = 2_000;

export class PgDb implements ServerDb {
  readonly dialect = 'postgres';
  private current: PgNativeClient;
  /** Counts connections made: statements prepared on an earlier one are prepared again. */
  private connections = 0;
  private lastReconnect = 0;
  private readonly statements = new Map<string, PgStatement>();
  private depth = 0;
  private nextName = 0;
  private isOpen = false;
  private closed = false;
  /** TEST ONLY: see failNextCommitForTest. */
  private commitFault: 'before' | 'after' | undefined;

  constructor(private readonly conninfo: string) {
    this.current = this.connect();
    this.isOpen = true;
  }

  get client(): PgNativeClient {
    return this.current;
  }

  /** Which connection is current (PgStatement). */
  get connection(): number {
    return this.connections;
  }

  private connect(): PgNativeClient {
    const Native = pgNative();
    const client = new Native({ types: TYPES });
    const failed = (e: unknown): never => {
      throw new PgError(e instanceof Error ? e.message.trim() : String(e), client.pq.resultErrorFields()?.sqlState);
    };
    try {
      client.connectSync(this.conninfo);
      // Rule 7: an acknowledged vote, key or audit entry is on disk, whatever the cluster's default says.
      client.querySync('SET synchronous_commit = on');
      // Notices ("already exists, skipping") would go to stderr through libpq; errors still throw.
      client.querySync('SET client_min_messages = warning');
      // lockMeeting's design needs each statement after the lock to see what the previous holder committed:
      // READ COMMITTED, whatever the database's or role's default says.
      client.querySync("SET default_transaction_isolation = 'read committed'");
    } catch (e) {
      client.end();
      keepUntilClosed(client);
      failed(e);
    }
    this.connections++;
    return client;
  }

  /**
   * After PostgreSQL restarted (or the network dropped), the connection stays bad: every later statement would
   * fail and the instance would stay out of the proxy's pool for good. So a statement that failed on a bad
   * connection, outside a transaction, makes the next attempt connect again (at most every 2 s). Nothing is
   * retried silently: the failed request fails, the next one runs on the new connection. Inside a transaction
   * nothing is replaced: the transaction unwinds first (the database rolled it back when the connection died).
   */
  private reconnectIfLost(): void {
    if (!this.isOpen || this.depth > 0 || this.current.pq.transactionStatus() !== 4) return;
    const now = Date.now();
    if (now - this.lastReconnect < RECONNECT_INTERVAL_MS) return;
    this.lastReconnect = now;
    let next: PgNativeClient;
    try {
      next = this.connect();
    } catch {
      return; // still down: the next failed statement after the interval tries again
    }
    const old = this.current;
    this.current = next;
    old.end();
    keepUntilClosed(old);
  }

  get open(): boolean {
    return this.isOpen;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(text: string): ServerStatement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      const numbered = numberPlaceholders(text);
      this.statements.set(text, (stmt = new PgStatement(this, numbered.text, numbered.count)));
    }
    return stmt;
  }

  exec(text: string): this {
    this.call(() => this.client.querySync(text));
    return this;
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): (...args: ArgsOf<F>) => ReturnType<F> {
    return (...args: ArgsOf<F>): ReturnType<F> => {
      const savepoint = this.depth > 0 ? `council_sp_${this.depth}` : undefined;
      this.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      this.depth++;
      let result: ReturnType<F>;
      try {
        result = fn(...args) as ReturnType<F>;
      } catch (e) {
        this.depth--;
        this.undo(savepoint);
        throw e;
      }
      this.depth--;
      this.finish(savepoint);
      return result;
    };
  }

  close(): this {
    if (this.isOpen) {
      this.isOpen = false;
      this.closed = true;
      this.statements.clear();
      const client = this.current;
      client.end();
      keepUntilClosed(client);
    }
    return this;
  }

  // ---- for PgStatement

  prepareNamed(text: string, count: number): string {
    const name = `council_${++this.nextName}`;
    this.call(() => this.client.prepareSync(name, text, count));
    return name;
  }

  lastChanges(): number {
    const n = Number.parseInt(this.client.pq.cmdTuples(), 10);
    return Number.isNaN(n) ? 0 : n;
  }

  /** Runs one libpq call; its error carries the SQLSTATE. */
  call<T>(fn: () => T): T {
    if (this.closed) throw new TypeError('The database connection is not open');
    try {
      return fn();
    } catch (e) {
      if (e instanceof PgError) throw e;
      const message = e instanceof Error ? e.message.trim() : String(e);
      const error = new PgError(message, this.client.pq.resultErrorFields()?.sqlState);
      this.reconnectIfLost();
      throw error;
    }
  }

  private finish(savepoint: string | undefined): void {
    if (savepoint) {
      try {
        this.exec(`RELEASE SAVEPOINT ${savepoint}`);
      } catch (e) {
        // A statement inside had failed and left the transaction aborted: roll back to the savepoint, so only this
        // part fails (as on SQLite) and the enclosing transaction can go on.
        this.undo(savepoint);
        throw e;
      }
      return;
    }
    const fault = this.commitFault;
    this.commitFault = undefined;
    try {
      if (fault === 'before') this.breakConnection();
      this.exec('COMMIT');
      if (fault === 'after') this.breakConnection();
    } catch (e) {
      // The connection broke during COMMIT: the server may or may not have committed. The caller must find out
      // (its idempotency row) rather than assume a rollback. A statement error on a live connection stays as is.
      if (fault || this.current.pq.transactionStatus() === 4 || (e instanceof PgError && e.sqlState?.startsWith('08'))) {
        throw new PgError('the connection was lost during COMMIT: the transaction may or may not have committed', '08007');
      }
      throw e;
    }
    // A transaction that had failed (a statement error caught inside it) is rolled back by COMMIT, silently.
    if (this.client.pq.cmdStatus() !== 'COMMIT') throw new PgError('the transaction was rolled back by the database (a statement in it had failed)', '25P02');
  }

  /**
   * TEST ONLY (fault injection): the next top-level COMMIT loses its connection — 'after' it was sent and
   * succeeded, or 'before' it was sent (the server rolls back) — and throws 08007 either way.
   */
  failNextCommitForTest(when: 'before' | 'after'): void {
    this.commitFault = when;
  }

  /** TEST ONLY: the backend ends itself, as a dropped connection would. */
  private breakConnection(): void {
    this.lastReconnect = 0; // the next statement connects again at once
    this.exec('SELECT pg_terminate_backend(pg_backend_pid())');
  }

  private undo(savepoint: string | undefined): void {
    try {
      if (savepoint) this.exec(`ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`);
      else this.exec('ROLLBACK');
    } catch {
      // the connection is gone: the database rolls back by itself; the caller's error says what failed
    }
  }
}
