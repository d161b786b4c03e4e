// delegates.csv: header `id,name,position,unit,group,role`, one member per row. Every problem is collected.
import { ROLES, type Delegate, type Role } from '../../../common/meeting/types.ts';
import { ID_PATTERN } from '../../../common/pack/format.ts';
import { parseCsv, type CsvRow } from './csv.ts';
import type { Problem } from './problems.ts';

export const DELEGATES_FILE = 'delegates.csv';
export const DELEGATES_HEADER = ['id', 'name', 'position', 'unit', 'group', 'role'] as const;

export interface LocatedDelegate extends Delegate {
  readonly line: number;
}

export interface DelegatesResult {
  readonly delegates: readonly LocatedDelegate[];
  readonly problems: readonly Problem[];
}

const problemAt = (line: number, message: string): Problem => ({ file: DELEGATES_FILE, line, message });

export function parseDelegates(text: string): DelegatesResult {
  const csv = parseCsv(text);
  const problems: Problem[] = csv.problems.map((p) => problemAt(p.line, p.message));
  const [header, ...rows] = csv.rows;
  if (!header) return { delegates: [], problems: [...problems, problemAt(1, 'tệp trống / the file is empty')] };
  problems.push(...checkHeader(header));
  const delegates: LocatedDelegate[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const d = parseRow(row, problems);
    if (!d) continue;
    const first = seen.get(d.id);
    if (first !== undefined) problems.push(problemAt(row.line, `mã đại biểu "${d.id}" bị trùng với dòng ${first} / duplicate id "${d.id}" (first on line ${first})`));
    else seen.set(d.id, row.line);
    delegates.push(d);
  }
  if (rows.length === 0) problems.push(problemAt(header.line, 'chưa có đại biểu nào / no members listed'));
  else if (!rows.some((r) => r.fields[5]?.trim() === 'chair')) problems.push(problemAt(header.line, 'chưa có chủ tọa (role "chair") / no chair (role "chair")'));
  return { delegates, problems };
}

function checkHeader(header: CsvRow): Problem[] {
  const got = header.fields.map((f) => f.trim()).join(',');
  const want = DELEGATES_HEADER.join(',');
  return got === want ? [] : [problemAt(header.line, `dòng tiêu đề phải là "${want}", đang là "${got}" / the header must be "${want}"`)];
}

function parseRow(row: CsvRow, problems: Problem[]): LocatedDelegate | undefined {
  if (row.fields.length !== DELEGATES_HEADER.length) {
    problems.push(
      problemAt(row.line, `cần ${DELEGATES_HEADER.length} cột, có ${row.fields.length} (dấu phẩy trong tên phải đặt trong ngoặc kép) / expected ${DELEGATES_HEADER.length} columns, found ${row.fields.length}`),
    );
    return undefined;
  }
  const [id = '', name = '', position = '', unit = '', group = '', role = ''] = row.fields.map((f) => f.trim());
  const before = problems.length;
  if (!ID_PATTERN.test(id))
    problems.push(problemAt(row.line, `mã "${id}" không hợp lệ: chỉ chữ không dấu, số, "-" và "_", tối đa 40 ký tự / invalid id: use A-Z, a-z, 0-9, "-", "_" (max 40)`));
  if (name === '') problems.push(problemAt(row.line, 'thiếu họ tên / the name is empty'));
  if (!isRole(role))
    problems.push(problemAt(row.line, `vai trò "${role}" không hợp lệ, chỉ được dùng: ${ROLES.join(', ')} / invalid role, use one of: ${ROLES.join(', ')}`));
  if (problems.length !== before || !isRole(role)) return undefined;
  return { line: row.line, id, name, position, unit, group, role };
}

function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}
