// Building blocks of a Word document in the form of Nghị định 30/2020/NĐ-CP (docx library): Times New Roman
// 13 pt, A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, the national header as a borderless two-column
// table, ruled tables, page numbers "Trang x/y". Shared by the minutes and the góp ý table.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type FileChild,
} from 'docx';

export const DOCX_FONT = 'Times New Roman';
/** Half-points: 13 pt. */
export const DOCX_SIZE = 26;
const MM = 56.7; // twips per millimetre
const A4 = { width: 11906, height: 16838 } as const;
export const DOCX_MARGIN = { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) } as const;
/** Text width in twips. */
export const DOCX_TEXT_WIDTH = A4.width - DOCX_MARGIN.left - DOCX_MARGIN.right;

export interface RunStyle {
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly underline?: boolean;
  /** Points. */
  readonly size?: number;
}

const nfc = (s: string): string => s.normalize('NFC');

export function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text: nfc(text),
    ...(style.bold === true ? { bold: true } : {}),
    ...(style.italics === true ? { italics: true } : {}),
    ...(style.underline === true ? { underline: { type: UnderlineType.SINGLE } } : {}),
    ...(style.size === undefined ? {} : { size: Math.round(style.size * 2) }),
  });
}

export interface ParaStyle extends RunStyle {
  readonly align?: 'left' | 'center' | 'right' | 'justify';
  /** First-line indent in millimetres. */
  readonly indentMm?: number;
  /** Left indent in millimetres. */
  readonly leftMm?: number;
  /** Space after in points. */
  readonly after?: number;
  readonly before?: number;
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED } as const;

/** A paragraph of runs; a string is one run in the paragraph's style; "\n" breaks lines. */
export function para(content: string | readonly TextRun[], style: ParaStyle = {}): Paragraph {
  const children =
    typeof content === 'string'
      ? nfc(content)
          .split('\n')
          .map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}), ...runOptions(style) }))
      : [...content];
  const indent = {
    ...(style.indentMm === undefined ? {} : { firstLine: Math.round(style.indentMm * MM) }),
    ...(style.leftMm === undefined ? {} : { left: Math.round(style.leftMm * MM) }),
  };
  return new Paragraph({
    children,
    alignment: ALIGN[style.align ?? 'justify'],
    spacing: { after: Math.round((style.after ?? 3) * 20), before: Math.round((style.before ?? 0) * 20), line: 276 },
    ...(Object.keys(indent).length > 0 ? { indent } : {}),
  });
}

function runOptions(style: RunStyle): Record<string, unknown> {
  return {
    ...(style.bold === true ? { bold: true } : {}),
    ...(style.italics === true ? { italics: true } : {}),
    ...(style.underline === true ? { underline: { type: UnderlineType.SINGLE } } : {}),
    ...(style.size === undefined ? {} : { size: Math.round(style.size * 2) }),
  };
}

/** "Label: value", the label bold. */
export function field(label: string, value: string, style: ParaStyle = {}): Paragraph {
  return para([run(`${label}: `, { ...style, bold: true }), run(value, style)], style);
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

function cell(text: string, width: number, head: boolean, span = 1): TableCell {
  return new TableCell({
    children: nfc(text)
      .split('\n')
      .map((line) => para(line, { size: 12, bold: head, align: head ? 'center' : 'left', after: 0 })),
    width: { size: width, type: WidthType.DXA },
    ...(span > 1 ? { columnSpan: span } : {}),
    ...(head ? { shading: { type: ShadingType.CLEAR, fill: 'E6E6E6', color: 'auto' } } : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

/**
 * A ruled table over the text width; `widths` relative. Rows whose index is in `groupRows` span every column in
 * bold (group headings). The header row repeats on every page.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[], groupRows: ReadonlySet<number> = new Set()): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => Math.floor((w / total) * DOCX_TEXT_WIDTH));
  const borders = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER, insideHorizontal: CELL_BORDER, insideVertical: CELL_BORDER };
  return new Table({
    width: { size: DOCX_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols,
    borders,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, cols[i] ?? 0, true)) }),
      ...rows.map((r, index) =>
        groupRows.has(index)
          ? new TableRow({ children: [cell(r.join(' '), DOCX_TEXT_WIDTH, true, cols.length)] })
          : new TableRow({ cantSplit: false, children: cols.map((w, i) => cell(r[i] ?? '', w, false)) }),
      ),
    ],
  });
}

/** The national header: body and number left, nation, underlined motto and place/date right; no borders. */
export function nationalHeader(parts: { readonly bodyLines: string; readonly number?: string; readonly nation: string; readonly motto: string; readonly placeDate?: string }): Table {
  const left = Math.floor(DOCX_TEXT_WIDTH * 0.4);
  const right = DOCX_TEXT_WIDTH - left;
  const leftChildren = [
    para(parts.bodyLines, { bold: true, align: 'center', size: 12, after: 0 }),
    // The short rule under the body's name: an empty paragraph with a bottom border, indented to a third of the cell.
    new Paragraph({
      children: [],
      indent: { left: Math.round(left * 0.33), right: Math.round(left * 0.33) },
      border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
      spacing: { after: 80, line: 120 },
    }),
    ...(parts.number === undefined ? [] : [para(parts.number, { align: 'center', size: 13, after: 0 })]),
  ];
  const rightChildren = [
    para(parts.nation, { bold: true, align: 'center', size: 12, after: 0 }),
    para([run(parts.motto, { bold: true, underline: true, size: 13 })], { align: 'center', after: 6 }),
    ...(parts.placeDate === undefined ? [] : [para(parts.placeDate, { italics: true, align: 'center', size: 13, after: 0 })]),
  ];
  return new Table({
    width: { size: DOCX_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [
          new TableCell({ children: leftChildren, width: { size: left, type: WidthType.DXA } }),
          new TableCell({ children: rightChildren, width: { size: right, type: WidthType.DXA } }),
        ],
      }),
    ],
  });
}

/** Two signature blocks side by side: title, hint, room to sign, name. */
export function signatureBlocks(left: { title: string; hint: string; name?: string }, right: { title: string; hint: string; name?: string }): Table {
  const half = Math.floor(DOCX_TEXT_WIDTH / 2);
  const block = (s: { title: string; hint: string; name?: string }) =>
    new TableCell({
      width: { size: half, type: WidthType.DXA },
      children: [
        para(s.title, { bold: true, align: 'center', after: 0 }),
        para(s.hint, { italics: true, align: 'center', size: 12, after: 60 }),
        para(s.name ?? '', { bold: true, align: 'center' }),
      ],
    });
  return new Table({
    width: { size: DOCX_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [half, DOCX_TEXT_WIDTH - half],
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [block(left), block(right)] })],
  });
}

/** The document around `children`, packed to bytes. */
export async function packDocument(children: readonly FileChild[], meta: { readonly title: string; readonly pageWord: string; readonly footer: string; readonly lang: 'vi' | 'en' }): Promise<Uint8Array> {
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun({ children: [`${meta.pageWord} `, PageNumber.CURRENT, '/', PageNumber.TOTAL_PAGES], size: 20 })],
      }),
      new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: nfc(meta.footer), size: 16, color: '666666' })] }),
    ],
  });
  const doc = new Document({
    title: nfc(meta.title),
    creator: 'Paperless Council',
    styles: { default: { document: { run: { font: DOCX_FONT, size: DOCX_SIZE, language: { value: meta.lang === 'vi' ? 'vi-VN' : 'en-US' } } } } },
    sections: [
      {
        properties: { page: { size: { width: A4.width, height: A4.height }, margin: { ...DOCX_MARGIN, header: 567, footer: 567 } } },
        footers: { default: footer },
        children: [...children],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
