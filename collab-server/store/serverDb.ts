// The structural type of the server's connection (re-exported by db.ts; apart so store/pg/ imports no cycle).

export type SqlDialect = 'sqlite' | 'postgres';

export interface ServerStatement {
  all(...params: readonly unknown[]): unknown[];
  get(...params: readonly unknown[]): unknown;
  run(...params: readonly unknown[]): { readonly changes: number };
}

/** The parameters of F, spelled as better-sqlite3 spells them (so its Database is assignable). */
export type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;

/** The part of a connection the server uses; better-sqlite3's Database fits it as it is. */
export interface ServerDb {
  readonly dialect: SqlDialect;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(text: string): ServerStatement;
  /** Like better-sqlite3: the returned function runs fn in a transaction, in a SAVEPOINT when one is open. */
  transaction<F extends (...args: never[]) => unknown>(fn: F): (...args: ArgsOf<F>) => ReturnType<F>;
  exec(text: string): unknown;
  close(): unknown;
}
