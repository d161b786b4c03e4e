// All vault SQL goes through the `sql` tag: every interpolated value becomes a bound parameter; identifiers
// only through sqlId(), which asserts a plain name (Signal ts/sql/util.std.ts). Query functions take db first.
import type Database from 'better-sqlite3';

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

/** sql`SELECT * FROM chunks WHERE hash = ${hash}`; fragments (another sql`…`) nest with their parameters. */
export function sql(strings: TemplateStringsArray, ...values: Part[]): Query {
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
  if (!IDENT_PATTERN.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return { [IDENT]: true, name };
}

/** `(?, ?, ?)` for an IN list; an empty list becomes `(NULL)`, which matches nothing. */
export function sqlList(values: readonly SqlValue[]): Query {
  if (values.length === 0) return sql`(NULL)`;
  return { [QUERY]: true, text: `(${values.map(() => '?').join(', ')})`, params: [...values] };
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepare(db: Database.Database, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = db.prepare(text)));
  return stmt;
}

// better-sqlite3 binds Buffers as BLOBs, not bare Uint8Arrays.
const bind = (params: readonly SqlValue[]): unknown[] =>
  params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p));

export function all<R>(db: Database.Database, q: Query): R[] {
  return prepare(db, q.text).all(...bind(q.params)) as R[];
}
export function get<R>(db: Database.Database, q: Query): R | undefined {
  return prepare(db, q.text).get(...bind(q.params)) as R | undefined;
}
export function run(db: Database.Database, q: Query): Database.RunResult {
  return prepare(db, q.text).run(...bind(q.params));
}
