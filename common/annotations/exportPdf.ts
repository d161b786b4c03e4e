// The annotated PDF (issue 8): the document with the delegate's marks written as real PDF annotations — /Highlight
// with QuadPoints, /Ink with an InkList, /Text sticky notes — each with its author (/T), text (/Contents), colour
// and dates, so pdf.js, poppler (Okular, Evince) and Acrobat show and list them; plus summary pages listing every
// note and highlight with its page, quote and text. Every annotation carries an appearance stream (/AP /N) so
// readers that do not synthesise appearances still draw it. PDF text strings are UTF-16BE with a BOM
// (PDFHexString.fromText), and the summary is drawn with the embedded Noto Sans (subset), so Vietnamese survives.
//
// Only the annotations passed in are written: the caller passes only what this delegate may see (their own, their
// tổ's, the meeting's), and a confidential document's annotations only to its readers — this module does no
// filtering of its own and must never be handed another reader's marks.
import fontkit from '@pdf-lib/fontkit';
import {
  LineCapStyle,
  LineJoinStyle,
  PDFDocument,
  PDFHexString,
  PDFString,
  closePath,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  setGraphicsState,
  setLineCap,
  setLineJoin,
  setLineWidth,
  setStrokingRgbColor,
  stroke,
  type PDFContext,
  type PDFObject,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import { annotationExportText } from '../i18n/annotationExport.ts';
import { assertNever } from '../result.ts';
import { drawSummary } from './exportSummary.ts';
import { COLOR_RGB, type Annotation, type HighlightAnnotation, type InkAnnotation, type NoteAnnotation, type Rect } from './types.ts';

export interface ExportInput {
  /** The plaintext PDF of the revision the annotations are placed on. */
  readonly pdf: Uint8Array;
  /** Only what this delegate may see: the caller filters (a confidential document's marks only to its readers). */
  readonly annotations: readonly Annotation[];
  readonly authorName: (authorId: string) => string;
  readonly documentTitle: string;
  /** NotoSans-Regular.ttf bytes (resources/fonts). */
  readonly fontBytes: Uint8Array;
  /** NotoSans-Bold.ttf bytes for the summary's headings; the regular font without them. */
  readonly boldFontBytes?: Uint8Array;
  readonly lang: 'vi' | 'en';
  /** ISO time of the export (the summary page's date). */
  readonly now: string;
  /**
   * The revision `pdf` is (DocumentEntry.revision / .sha256). When given, annotations placed on another revision
   * are listed on the summary as orphans instead of being drawn where their text may no longer be.
   */
  readonly placedOn?: { readonly revision: number; readonly sha256: string };
}

/** The side of a sticky note's icon, in points. */
const NOTE_ICON = 20;
/** The sticky notes' colour (a note has no colour of its own). */
const NOTE_RGB = COLOR_RGB.yellow;

type Rgb = readonly [number, number, number];
/** The shape pdf-lib's `context.obj` takes (its LiteralObject, which it does not export). */
type Lit = Dict | Lit[] | string | number | boolean | null | undefined | PDFObject;
interface Dict {
  [name: string]: Lit;
}

function text(value: string): PDFHexString {
  return PDFHexString.fromText(value.normalize('NFC'));
}

function date(iso: string, fallback: string): PDFString {
  const ms = Date.parse(iso);
  return PDFString.fromDate(new Date(Number.isFinite(ms) ? ms : Date.parse(fallback)));
}

function bounds(points: ReadonlyArray<readonly [number, number]>, pad: number): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
}

function rectCorners(rects: readonly Rect[]): Array<[number, number]> {
  return rects.flatMap(([x, y, w, h]): Array<[number, number]> => [
    [x, y],
    [x + w, y + h],
  ]);
}

/** An appearance: a form XObject over `bbox` in page space (identity matrix), optionally multiplied onto the page. */
function appearance(context: PDFContext, bbox: readonly number[], ops: PDFOperator[], multiply: boolean): PDFRef {
  const resources = multiply ? { ExtGState: { GS0: context.obj({ Type: 'ExtGState', BM: 'Multiply', CA: 1, ca: 1 }) } } : {};
  const body = multiply ? [pushGraphicsState(), setGraphicsState('GS0'), ...ops, popGraphicsState()] : ops;
  return context.register(context.formXObject(body, { BBox: [...bbox], Resources: resources }));
}

interface Common {
  readonly author: string;
  readonly now: string;
}

/** The entries every markup annotation shares: author, dates, a unique name, print flag, the page. */
function baseDict(a: Annotation, page: PDFPage, c: Common, rgb: Rgb, contents: string): Dict {
  return {
    Type: 'Annot',
    P: page.ref,
    NM: text(a.id),
    T: text(c.author),
    ...(contents.trim() === '' ? {} : { Contents: text(contents) }),
    C: [...rgb],
    CreationDate: date(a.createdAt, c.now),
    M: date(a.updatedAt, c.now),
    F: 4,
  };
}

function addAnnot(page: PDFPage, dict: Dict): void {
  const context = page.doc.context;
  page.node.addAnnot(context.register(context.obj(dict)));
}

function writeHighlight(page: PDFPage, a: HighlightAnnotation, c: Common): void {
  const rgb = COLOR_RGB[a.color];
  const rect = bounds(rectCorners(a.rects), 0);
  // QuadPoints in the order readers expect: upper-left, upper-right, lower-left, lower-right, per line.
  const quads = a.rects.flatMap(([x, y, w, h]) => [x, y + h, x + w, y + h, x, y, x + w, y]);
  const ops = [setFillingRgbColor(...rgb), ...a.rects.map(([x, y, w, h]) => rectangle(x, y, w, h)), fill()];
  addAnnot(page, {
    ...baseDict(a, page, c, rgb, a.text && a.text.trim() !== '' ? a.text : a.anchor.quote.exact),
    Subtype: 'Highlight',
    Rect: rect,
    QuadPoints: quads,
    AP: { N: appearance(page.doc.context, rect, ops, true) },
  });
}

function writeInk(page: PDFPage, a: InkAnnotation, c: Common): void {
  const rgb = COLOR_RGB[a.color];
  const strokes = a.strokes.filter((st) => st.points.length > 0);
  const rect = bounds(
    strokes.flatMap((s) => s.points.map(([x, y]): [number, number] => [x, y])),
    a.width,
  );
  const ops: PDFOperator[] = [setStrokingRgbColor(...rgb), setLineWidth(a.width), setLineCap(LineCapStyle.Round), setLineJoin(LineJoinStyle.Round)];
  for (const s of strokes) {
    s.points.forEach(([x, y], i) => ops.push(i === 0 ? moveTo(x, y) : lineTo(x, y)));
    // A single tap is a dot: a zero-length segment that the round cap draws.
    if (s.points.length === 1) ops.push(lineTo(s.points[0]?.[0] ?? 0, s.points[0]?.[1] ?? 0));
    ops.push(stroke());
  }
  addAnnot(page, {
    ...baseDict(a, page, c, rgb, a.anchor?.quote.exact ?? ''),
    Subtype: 'Ink',
    Rect: rect,
    InkList: strokes.map((s) => s.points.flatMap(([x, y]) => [x, y])),
    BS: { Type: 'Border', W: a.width, S: 'S' },
    AP: { N: appearance(page.doc.context, rect, ops, false) },
  });
}

function noteIcon(x: number, y: number): PDFOperator[] {
  const s = NOTE_ICON;
  const lines = [0.7, 0.5, 0.3].flatMap((f) => [moveTo(x + 4, y + s * f), lineTo(x + s - 4, y + s * f)]);
  return [
    setFillingRgbColor(...NOTE_RGB),
    setStrokingRgbColor(0.35, 0.3, 0.1),
    setLineWidth(0.8),
    moveTo(x, y),
    lineTo(x + s, y),
    lineTo(x + s, y + s),
    lineTo(x, y + s),
    closePath(),
    fill(),
    moveTo(x + 0.4, y + 0.4),
    lineTo(x + s - 0.4, y + 0.4),
    lineTo(x + s - 0.4, y + s - 0.4),
    lineTo(x + 0.4, y + s - 0.4),
    closePath(),
    stroke(),
    ...lines,
    stroke(),
  ];
}

function writeNote(page: PDFPage, a: NoteAnnotation, c: Common): void {
  const [x, top] = a.point;
  const rect = [x, top - NOTE_ICON, x + NOTE_ICON, top];
  addAnnot(page, {
    ...baseDict(a, page, c, NOTE_RGB, a.text),
    Subtype: 'Text',
    Name: 'Comment',
    Open: false,
    Rect: rect,
    AP: { N: appearance(page.doc.context, rect, noteIcon(x, top - NOTE_ICON), false) },
  });
}

function onThisRevision(a: Annotation, placedOn: ExportInput['placedOn']): boolean {
  return !a.orphanOf && (!placedOn || (a.target.revision === placedOn.revision && a.target.sha256 === placedOn.sha256));
}

function writeAnnotation(pages: readonly PDFPage[], a: Annotation, c: Common): boolean {
  const page = pages[a.target.page - 1];
  // Nothing to draw (the schema forbids it, but a mark without geometry must not become an Infinity rectangle).
  if (!page || (a.kind === 'highlight' && a.rects.length === 0) || (a.kind === 'ink' && !a.strokes.some((st) => st.points.length > 0))) return false;
  switch (a.kind) {
    case 'highlight':
      writeHighlight(page, a, c);
      return true;
    case 'ink':
      writeInk(page, a, c);
      return true;
    case 'note':
      writeNote(page, a, c);
      return true;
    default:
      return assertNever(a);
  }
}

/** The PDF with /Highlight, /Ink and /Text annotations on its pages and summary pages appended. */
export async function exportAnnotatedPdf(input: ExportInput): Promise<Uint8Array> {
  const doc = await PDFDocument.load(input.pdf, { updateMetadata: false });
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(input.fontBytes, { subset: true });
  const bold = input.boldFontBytes ? await doc.embedFont(input.boldFontBytes, { subset: true }) : regular;
  const pages = doc.getPages();
  const drawn = new Set<string>();
  for (const a of input.annotations) {
    // An orphan belongs to an earlier revision: listed on the summary, never drawn at a place that may be wrong.
    if (!onThisRevision(a, input.placedOn)) continue;
    if (writeAnnotation(pages, a, { author: input.authorName(a.authorId), now: input.now })) drawn.add(a.id);
  }
  drawSummary(doc, { regular, bold }, {
    strings: annotationExportText(input.lang),
    lang: input.lang,
    title: input.documentTitle,
    now: input.now,
    annotations: input.annotations,
    authorName: input.authorName,
    drawn,
  });
  return doc.save({ useObjectStreams: false });
}
