// The records beside the minutes: attendance and the vote results as XLSX (exceljs) and CSV. The CSVs are
// UTF-8 with a byte-order mark, CRLF and formula-safe fields (common/voting/reportCsv.ts csvField, reused);
// the results CSV is the results record's own (reportCsv.ts resultsCsv over the announced polls).
import ExcelJS from 'exceljs';
import { minutesText } from '../i18n/minutes.ts';
import { recordsText } from '../i18n/records.ts';
import { CSV_BOM, csvField, resultsCsv as votingResultsCsv } from '../voting/reportCsv.ts';
import { pollRecord } from '../voting/recordModel.ts';
import type { MinutesModel } from './types.ts';

type Cell = string | number;

function attendanceTable(model: MinutesModel): { head: string[]; rows: Cell[][] } {
  const t = (k: Parameters<typeof minutesText>[1]) => minutesText(model.lang, k);
  const head = [t('colNo'), t('colId'), t('colName'), t('colPosition'), t('colUnit'), t('colGroup'), t('colStatus'), t('colReason'), t('colTime')];
  const rows = model.attendance.rows.map((r) => [r.no, r.delegateId, r.name, r.position, r.unit, r.group, r.statusText, r.reason, r.time]);
  return { head, rows };
}

function csvOf(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]) => cells.map((c) => csvField(c)).join(',');
  return `${CSV_BOM}${[line(head), ...rows.map(line)].join('\r\n')}\r\n`;
}

/** Attendance as CSV text (starts with the BOM; write it as UTF-8). */
export function attendanceCsv(model: MinutesModel): string {
  const { head, rows } = attendanceTable(model);
  return csvOf(head, rows);
}

/** The vote results as CSV text: the results record's CSV over the session's announced polls. */
export function resultsCsv(model: MinutesModel): string {
  return votingResultsCsv({ meeting: model.report.meeting, entries: model.report.entries, lang: model.lang });
}

function sheet(wb: ExcelJS.Workbook, name: string, title: readonly string[], head: readonly string[], rows: readonly (readonly Cell[])[], widths: readonly number[]): void {
  const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  for (const line of title) ws.addRow([line]).font = { name: 'Times New Roman', size: 13, bold: true };
  if (title.length > 0) ws.addRow([]);
  const headRow = ws.addRow([...head]);
  headRow.font = { name: 'Times New Roman', size: 12, bold: true };
  headRow.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  for (const r of rows) {
    // exceljs writes a JS string as a string cell, never a formula: "=HYPERLINK(…)" stays text.
    const row = ws.addRow([...r]);
    row.font = { name: 'Times New Roman', size: 12 };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.views = [{ state: 'frozen', ySplit: title.length + (title.length > 0 ? 2 : 1) }];
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

function workbook(model: MinutesModel): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Paperless Council';
  wb.created = new Date(model.generatedAt);
  wb.modified = new Date(model.generatedAt);
  return wb;
}

/** Attendance as an .xlsx workbook: the summary lines, then one row per voting member. */
export async function attendanceXlsx(model: MinutesModel): Promise<Uint8Array> {
  const wb = workbook(model);
  const { head, rows } = attendanceTable(model);
  sheet(wb, minutesText(model.lang, 'sheetAttendance'), [model.subtitle, ...model.attendance.summary], head, rows, [6, 12, 26, 28, 24, 10, 22, 28, 10]);
  return bytesOf(wb);
}

/**
 * The results as an .xlsx workbook: a sheet with one row per announced poll (counts, shares with their base,
 * verdict, the announced wording), and a sheet with each delegate's choice in open polls.
 */
export async function resultsXlsx(model: MinutesModel): Promise<Uint8Array> {
  const wb = workbook(model);
  const lang = model.lang;
  const r = (k: Parameters<typeof recordsText>[1]) => recordsText(lang, k);
  const head = [r('csvPollId'), r('csvItemId'), r('question'), r('kind'), r('form'), r('base'), r('participated'), r('csvYes'), r('csvShareOf'), r('csvNo'), r('csvShareOf'), r('csvAbstain'), r('csvShareOf'), r('colOutcome'), r('announced')];
  const voters: Cell[][] = [];
  const rows: Cell[][] = model.report.entries.map((entry) => {
    const rec = pollRecord(entry, model.report.meeting, lang);
    const tally = entry.result.tally;
    const field = (label: string) => rec.fields.find(([l]) => l === label)?.[1] ?? '';
    const counts: Cell[] =
      tally.kind === 'open'
        ? [tally.result.participated.count, tally.result.counts.yes.count, tally.result.counts.yes.display[lang], tally.result.counts.no.count, tally.result.counts.no.display[lang], tally.result.counts.abstain.count, tally.result.counts.abstain.display[lang]]
        : ['', '', '', '', '', '', ''];
    for (const g of rec.names ?? []) for (const name of g.names) voters.push([entry.poll.id, entry.poll.definition.question, name, g.label.replace(/ \(\d+\)$/, '')]);
    return [entry.poll.id, entry.poll.definition.itemId, entry.poll.definition.question, field(r('kind')), field(r('form')), field(r('base')), ...counts, rec.verdicts.join('; '), rec.wording.join(' ')];
  });
  sheet(wb, minutesText(lang, 'sheetPolls'), [model.subtitle], head, rows, [16, 8, 40, 14, 24, 10, 10, 10, 22, 10, 22, 10, 22, 18, 60]);
  sheet(wb, minutesText(lang, 'sheetVoters'), [model.subtitle], [r('csvPollId'), r('question'), r('colName'), r('colChoice')], voters, [16, 40, 28, 28]);
  return bytesOf(wb);
}

export type MinutesFileKind = 'docx' | 'pdf' | 'attendance.xlsx' | 'attendance.csv' | 'results.xlsx' | 'results.csv';

/** The file name a download suggests. */
export function minutesFileName(kind: MinutesFileKind): string {
  switch (kind) {
    case 'docx':
      return 'bien-ban-ky-hop.docx';
    case 'pdf':
      return 'bien-ban-ky-hop.pdf';
    case 'attendance.xlsx':
      return 'diem-danh.xlsx';
    case 'attendance.csv':
      return 'diem-danh.csv';
    case 'results.xlsx':
      return 'ket-qua-bieu-quyet.xlsx';
    case 'results.csv':
      return 'ket-qua-bieu-quyet.csv';
  }
}
