// Every SQL value goes through this tag as a bound parameter (STYLE.md rule 4, after Signal's
// ts/sql/util.std.ts): a value can never become SQL text. Identifiers only through the asserted sqlId.
import type Database from 'better-sqlite3';

export type SqlValue = string | number | bigint | Uint8Array | null;

/** A piece of SQL with its parameters, to nest inside another sql`` template. */
export class QueryFragment {
  constructor(
    readonly text: string,
    readonly params: readonly SqlValue[],
  ) {}
}

export type QueryTemplate = readonly [text: string, params: readonly SqlValue[]];

function build(strings: TemplateStringsArray, values: readonly (SqlValue | QueryFragment)[]): QueryFragment {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((value, i) => {
    if (value instanceof QueryFragment) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1] ?? '';
  });
  return new QueryFragment(text, params);
}

export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | QueryFragment)[]): QueryTemplate {
  const f = build(strings, values);
  return [f.text, f.params];
}

export function sqlFragment(strings: TemplateStringsArray, ...values: readonly (SqlValue | QueryFragment)[]): QueryFragment {
  return build(strings, values);
}

/** `?, ?, ?` for an IN (...) list; an empty list would be a syntax error, so it is refused. */
export function sqlJoin(values: readonly SqlValue[]): QueryFragment {
  if (values.length === 0) throw new Error('sqlJoin: empty list');
  return new QueryFragment(values.map(() => '?').join(', '), values);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A table or column name, asserted safe; never built from input. */
export function sqlId(name: string): QueryFragment {
  if (!IDENTIFIER.test(name)) throw new Error(`sqlId: unsafe identifier ${JSON.stringify(name)}`);
  return new QueryFragment(`"${name}"`, []);
}

// better-sqlite3 caches nothing itself; a per-connection statement cache keeps hot queries cheap.
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepare(db: Database.Database, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    cache.set(text, stmt);
  }
  return stmt;
}

export function all<Row>(db: Database.Database, [text, params]: QueryTemplate): Row[] {
  return prepare(db, text).all(...params) as Row[];
}

export function get<Row>(db: Database.Database, [text, params]: QueryTemplate): Row | undefined {
  return prepare(db, text).get(...params) as Row | undefined;
}

export function run(db: Database.Database, [text, params]: QueryTemplate): Database.RunResult {
  return prepare(db, text).run(...params);
}
