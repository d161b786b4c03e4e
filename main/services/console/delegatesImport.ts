// The delegate list from the clerk's spreadsheet: a .csv or an .xlsx (exceljs), with delegates.csv's header
// (id,name,position,unit,group,role) or the Vietnamese one ("Mã", "Họ và tên", "Chức vụ", "Đơn vị", "Tổ",
// "Vai trò") and Vietnamese role words. Rows become delegates.csv text and go through the publisher's own
// parser (parseDelegates), so the console and `council publish` find the same problems; each problem keeps
// the sheet's row and gets its column. Nothing is saved here: the screen PUTs the draft once the clerk accepts.
import ExcelJS from 'exceljs';
import { Unzip, UnzipInflate } from 'fflate';
import type { DelegatesImport, ImportProblem } from '../../../common/api/console.ts';
import { ROLES, type Delegate, type Role } from '../../../common/meeting/types.ts';
import { foldVietnamese } from '../../../common/text/fold.ts';
import { formatCsv, parseCsv } from '../publish/csv.ts';
import { DELEGATES_HEADER, parseDelegates } from '../publish/delegates.ts';
import { rejected } from './fileChecks.ts';

type Column = (typeof DELEGATES_HEADER)[number];

const fold = (s: string): string => foldVietnamese(s).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Header texts (folded) → the delegates.csv column. */
const HEADER_WORDS: Readonly<Record<string, Column>> = {
  id: 'id',
  ma: 'id',
  'ma dai bieu': 'id',
  name: 'name',
  'ho va ten': 'name',
  'ho ten': 'name',
  position: 'position',
  'chuc vu': 'position',
  unit: 'unit',
  'don vi': 'unit',
  group: 'group',
  to: 'group',
  'to dai bieu': 'group',
  role: 'role',
  'vai tro': 'role',
};

/** Vietnamese role words (folded) → the role. */
const ROLE_WORDS: Readonly<Record<string, Role>> = {
  'chu toa': 'chair',
  'dai bieu': 'delegate',
  'thu ky': 'secretary',
  'thu ki': 'secretary',
  'quan sat vien': 'observer',
  'khach moi': 'observer',
  'quan sat': 'observer',
  'khach moi quan sat': 'observer',
};

export function roleOf(text: string): string {
  const t = text.trim();
  if ((ROLES as readonly string[]).includes(t)) return t;
  return ROLE_WORDS[fold(t)] ?? t;
}

const letter = (index: number): string => String.fromCharCode(65 + index);

interface SheetRow {
  /** The spreadsheet's row number (1-based). */
  readonly row: number;
  readonly cells: readonly string[];
}

/** The column of each problem code (the header's letter and text). */
const PROBLEM_COLUMN: Readonly<Record<string, Column>> = {
  DELEGATE_BAD_ID: 'id',
  DELEGATE_DUPLICATE_ID: 'id',
  DELEGATE_NO_NAME: 'name',
  DELEGATE_BAD_ROLE: 'role',
};

/** Rows looked at for the header: a sheet often has a title ("DANH SÁCH ĐẠI BIỂU…") above it. */
const HEADER_SEARCH_ROWS = 10;

/** The header row: the first (of the first few) naming at least half the columns, else the first row. */
function headerIndex(rows: readonly SheetRow[]): number {
  const at = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => r.cells.filter((c) => HEADER_WORDS[fold(c)] !== undefined).length >= DELEGATES_HEADER.length / 2);
  return Math.max(0, at);
}

export function importRows(all: readonly SheetRow[], fileName: string): DelegatesImport {
  const rows = all.slice(headerIndex(all));
  const [header, ...body] = rows;
  if (!header) return { delegates: [], problems: parseDelegates('').problems.map((p) => ({ ...p, file: fileName })) };
  const mapped = header.cells.map((c) => HEADER_WORDS[fold(c)]);
  const known = mapped.every((c) => c !== undefined) && new Set(mapped).size === DELEGATES_HEADER.length && mapped.length === DELEGATES_HEADER.length;
  const order = known ? DELEGATES_HEADER.map((col) => mapped.indexOf(col)) : DELEGATES_HEADER.map((_, i) => i);
  // One CSV line per sheet row (blank lines are kept), so parseDelegates' line numbers are the sheet's rows.
  const lines: string[] = [];
  const put = (row: number, fields: readonly string[]): void => {
    while (lines.length < row - 1) lines.push('');
    lines.push(formatCsv([fields]).replace(/\r?\n$/, ''));
  };
  put(header.row, known ? [...DELEGATES_HEADER] : header.cells);
  for (const r of body) {
    const fields = order.map((i) => (i < 0 ? '' : (r.cells[i] ?? '').trim()));
    if (fields.every((f) => f === '')) continue;
    put(r.row, fields.map((f, i) => (DELEGATES_HEADER[i] === 'role' ? roleOf(f) : f)));
  }
  const parsed = parseDelegates(`${lines.join('\n')}\n`);
  const headerText = (col: Column): string => {
    const at = order[DELEGATES_HEADER.indexOf(col)] ?? 0;
    return `${letter(at)} (${header.cells[at] ?? col})`;
  };
  const problems: ImportProblem[] = parsed.problems.map((p) => {
    const col = PROBLEM_COLUMN[p.code];
    return { ...p, file: fileName, ...(col ? { column: headerText(col) } : {}) };
  });
  return { delegates: listed(lines), problems };
}

/** Every row with the right number of fields, problems or not (the clerk sees them in the table). */
function listed(lines: readonly string[]): Delegate[] {
  const { rows } = parseCsv(lines.join('\n'));
  return rows.slice(1).flatMap((r) => {
    if (r.fields.length !== DELEGATES_HEADER.length) return [];
    const [id = '', name = '', position = '', unit = '', group = '', role = ''] = r.fields;
    const known = (ROLES as readonly string[]).includes(role) ? (role as Role) : 'delegate';
    return [{ id, name, position, unit, group, role: known }];
  });
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
};

/** What an .xlsx may unpack to: a list of a few thousand delegates is a few MB of XML. */
export const MAX_SHEET_UNZIPPED_BYTES = 64 * 1024 * 1024;
/** Compressed bytes fed at a time: deflate's ~1000:1 at most, so the count stops within ~16 MiB past the bound. */
const SHEET_PUSH_BYTES = 16 * 1024;

/**
 * Inflates the .xlsx once, counting what comes out and stopping at `limit`: exceljs would unpack all of it into
 * memory, so a 10 MB sheet that is a ZIP bomb would take the console (every clerk's session) down. The sizes the
 * ZIP declares are not trusted; what the inflater really produces is counted. A file this parser cannot read is
 * left to exceljs to refuse.
 */
export function unzipsWithin(bytes: Uint8Array, limit: number): boolean {
  let total = 0;
  let over = false;
  const unzip = new Unzip((file) => {
    file.ondata = (err, data) => {
      if (err || over) return;
      total += data.length;
      if (total > limit) {
        over = true;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !over; i += SHEET_PUSH_BYTES) unzip.push(bytes.subarray(i, i + SHEET_PUSH_BYTES), i + SHEET_PUSH_BYTES >= bytes.length);
  } catch {
    return !over;
  }
  return !over;
}

async function xlsxRows(bytes: Uint8Array, fileName: string): Promise<SheetRow[]> {
  if (!unzipsWithin(bytes, MAX_SHEET_UNZIPPED_BYTES)) throw rejected('FILE_SHEET_UNREADABLE', fileName);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw rejected('FILE_SHEET_UNREADABLE', fileName);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, DELEGATES_HEADER.length); c++) cells.push(cellText(row.getCell(c).value).trim());
    while (cells.length > 0 && cells.at(-1) === '') cells.pop();
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

function csvRows(bytes: Uint8Array): SheetRow[] {
  const text = new TextDecoder('utf-8').decode(bytes);
  return parseCsv(text).rows.map((r) => ({ row: r.line, cells: r.fields }));
}

const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b;

export async function importDelegates(bytes: Uint8Array, fileName: string): Promise<DelegatesImport> {
  if (/\.xlsx$/i.test(fileName) || isZip(bytes)) return importRows(await xlsxRows(bytes, fileName), fileName);
  if (/\.xls$/i.test(fileName)) throw rejected('FILE_SHEET_UNREADABLE', fileName);
  return importRows(csvRows(bytes), fileName);
}
