// The one SQL tag of the project (STYLE.md rule 4, after Signal's ts/sql/util.std.ts): every interpolated
// value becomes a bound parameter, so a value can never become SQL text; identifiers only through sqlId(),
// which asserts a plain name; fragments (another sql`…`) nest with their parameters. Query functions take
// the database first. Used by the collab-server's store and by the device vault (both better-sqlite3), through
// a structural connection type so common/ stays free of Node.

export type SqlValue = string | number | bigint | Uint8Array | null;

const QUERY = Symbol('sql-query');
const IDENT = Symbol('sql-identifier');

export interface Query {
  readonly [QUERY]: true;
  readonly text: string;
  readonly params: readonly SqlValue[];
}
export interface Identifier {
  readonly [IDENT]: true;
  readonly name: string;
}
type Part = SqlValue | Query | Identifier;

const isQuery = (x: Part): x is Query => typeof x === 'object' && x !== null && QUERY in x;
const isIdent = (x: Part): x is Identifier => typeof x === 'object' && x !== null && IDENT in x;

/** sql`SELECT * FROM chunks WHERE hash = ${hash}`. */
export function sql(strings: TemplateStringsArray, ...values: readonly Part[]): Query {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((v, i) => {
    if (isQuery(v)) {
      text += v.text;
      params.push(...v.params);
    } else if (isIdent(v)) {
      text += `"${v.name}"`;
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1] ?? '';
  });
  return { [QUERY]: true, text, params };
}

const IDENT_PATTERN = /^[a-z_][a-z0-9_]*$/;
/** A table or column name chosen by our code, never by input; asserted anyway. */
export function sqlId(name: string): Identifier {
  if (!IDENT_PATTERN.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return { [IDENT]: true, name };
}

/** `(?, ?, ?)` for an IN list; an empty list becomes `(NULL)`, which matches nothing. */
export function sqlList(values: readonly SqlValue[]): Query {
  if (values.length === 0) return sql`(NULL)`;
  return { [QUERY]: true, text: `(${values.map(() => '?').join(', ')})`, params: [...values] };
}

/** The part of a better-sqlite3 connection the tag runs on. */
export interface SqlStatement {
  all(...params: readonly unknown[]): unknown[];
  get(...params: readonly unknown[]): unknown;
  run(...params: readonly unknown[]): unknown;
}
export interface SqlConnection<S extends SqlStatement = SqlStatement> {
  prepare(source: string): S;
}

// better-sqlite3 caches nothing itself; a per-connection statement cache keeps hot queries cheap.
const statements = new WeakMap<object, Map<string, SqlStatement>>();

function prepare<S extends SqlStatement>(db: SqlConnection<S>, text: string): S {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(text) as S | undefined;
  if (!stmt) cache.set(text, (stmt = db.prepare(text)));
  return stmt;
}

export function all<R>(db: SqlConnection, q: Query): R[] {
  return prepare(db, q.text).all(...q.params) as R[];
}
export function get<R>(db: SqlConnection, q: Query): R | undefined {
  return prepare(db, q.text).get(...q.params) as R | undefined;
}
/** Runs a statement; the answer is better-sqlite3's RunResult for a better-sqlite3 connection. */
export function run<S extends SqlStatement>(db: SqlConnection<S>, q: Query): ReturnType<S['run']> {
  return prepare(db, q.text).run(...q.params) as ReturnType<S['run']>;
}
