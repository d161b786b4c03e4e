// delegates.csv: header `id,name,position,unit,group,role`, one member per row. Every problem is collected.
import { ROLES, type Delegate, type Role } from '../../../common/meeting/types.ts';
import { ID_PATTERN } from '../../../common/pack/format.ts';
import { parseCsv, type CsvRow } from './csv.ts';
import { problem, type Problem, type ProblemCode, type ProblemParams } from './problems.ts';

export const DELEGATES_FILE = 'delegates.csv';
export const DELEGATES_HEADER = ['id', 'name', 'position', 'unit', 'group', 'role'] as const;

export interface LocatedDelegate extends Delegate {
  readonly line: number;
}

export interface DelegatesResult {
  readonly delegates: readonly LocatedDelegate[];
  readonly problems: readonly Problem[];
}

const problemAt = <C extends ProblemCode>(line: number, code: C, params: ProblemParams[C]): Problem => problem(DELEGATES_FILE, line, code, params);

export function parseDelegates(text: string): DelegatesResult {
  const csv = parseCsv(text);
  const problems: Problem[] = csv.problems.map(({ line, ...body }) => ({ file: DELEGATES_FILE, line, ...body }));
  const [header, ...rows] = csv.rows;
  if (!header) return { delegates: [], problems: [...problems, problemAt(1, 'DELEGATES_FILE_EMPTY', {})] };
  problems.push(...checkHeader(header));
  const delegates: LocatedDelegate[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const d = parseRow(row, problems);
    if (!d) continue;
    const first = seen.get(d.id);
    if (first !== undefined) problems.push(problemAt(row.line, 'DELEGATE_DUPLICATE_ID', { id: d.id, firstLine: first }));
    else seen.set(d.id, row.line);
    delegates.push(d);
  }
  if (rows.length === 0) problems.push(problemAt(header.line, 'DELEGATES_NONE', {}));
  else if (!rows.some((r) => r.fields[5]?.trim() === 'chair')) problems.push(problemAt(header.line, 'DELEGATES_NO_CHAIR', {}));
  return { delegates, problems };
}

function checkHeader(header: CsvRow): Problem[] {
  const got = header.fields.map((f) => f.trim()).join(',');
  const want = DELEGATES_HEADER.join(',');
  return got === want ? [] : [problemAt(header.line, 'DELEGATES_BAD_HEADER', { want, got })];
}

function parseRow(row: CsvRow, problems: Problem[]): LocatedDelegate | undefined {
  if (row.fields.length !== DELEGATES_HEADER.length) {
    problems.push(problemAt(row.line, 'DELEGATE_COLUMNS', { want: DELEGATES_HEADER.length, got: row.fields.length }));
    return undefined;
  }
  const [id = '', name = '', position = '', unit = '', group = '', role = ''] = row.fields.map((f) => f.trim());
  const before = problems.length;
  if (!ID_PATTERN.test(id)) problems.push(problemAt(row.line, 'DELEGATE_BAD_ID', { id }));
  if (name === '') problems.push(problemAt(row.line, 'DELEGATE_NO_NAME', {}));
  if (!isRole(role)) problems.push(problemAt(row.line, 'DELEGATE_BAD_ROLE', { role, roles: ROLES }));
  if (problems.length !== before || !isRole(role)) return undefined;
  return { line: row.line, id, name, position, unit, group, role };
}

function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}
