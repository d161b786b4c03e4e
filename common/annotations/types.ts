// Annotations (issue 8): what a delegate marks on a document — a highlight, a pen stroke, a sticky note — in the
// shape every part shares: the sync book (renderer/annotations), the viewer layer, re-anchoring across revisions
// (common/annotations/anchor.ts), the PDF export and the góp ý inbox. Stored only encrypted (seal.ts): the
// server sees random ids and padded blob sizes, never a document id, page, quote, position, colour or text.
//
// Coordinates are PDF user space of the page (points, origin bottom-left, as pdf.js `viewport.transform` maps
// them), so a mark fits any zoom and the export writes them as they are. Text positions index the page text the
// viewer builds from pdf.js text items (renderer/viewer/findText.ts buildPageText: items joined, an end of line
// a space), NFC, UTF-16 offsets, end exclusive.
import { z } from 'zod';
import { ID_PATTERN } from '../pack/format.ts';

/** Who can read it: only me (on all my devices), my tổ (delegates.csv `group`), or the whole meeting. */
export const ANNOTATION_SCOPES = ['private', 'group', 'meeting'] as const;
export type AnnotationScope = (typeof ANNOTATION_SCOPES)[number];

export const ANNOTATION_KINDS = ['highlight', 'ink', 'note'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** The highlight and pen colours offered; stored by name so the export and every screen agree. */
export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink', 'red', 'black'] as const;
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];

/** RGB 0…1 of each colour (the PDF export and the SVG layer). */
export const COLOR_RGB: Readonly<Record<AnnotationColor, readonly [number, number, number]>> = {
  yellow: [1, 0.86, 0.2],
  green: [0.45, 0.85, 0.45],
  blue: [0.45, 0.7, 1],
  pink: [1, 0.55, 0.8],
  red: [0.85, 0.1, 0.1],
  black: [0.1, 0.1, 0.1],
};

/** W3C Web Annotation TextQuoteSelector: the quoted text with ~32 characters either side. */
export interface TextQuote {
  readonly exact: string;
  readonly prefix: string;
  readonly suffix: string;
}

/** W3C TextPositionSelector in the page text (see the header). */
export interface TextPosition {
  readonly start: number;
  readonly end: number;
}

/** Where a mark is tied to the text: the page, the quote and the position, in the revision it was last placed on. */
export interface TextAnchor {
  readonly quote: TextQuote;
  readonly position: TextPosition;
}

/** A rectangle in PDF user space: x, y of the lower-left corner, width, height. */
export type Rect = readonly [x: number, y: number, w: number, h: number];

/** One pen stroke: points in PDF user space, with the pen's pressure 0…1 (0.5 for a mouse or finger). */
export interface InkStroke {
  readonly points: ReadonlyArray<readonly [x: number, y: number, pressure: number]>;
}

/** The revision of the document the annotation is placed on (DocumentEntry.revision and .sha256). */
export interface PlacedOn {
  readonly documentId: string;
  /** DocumentEntry.revision: the pack revision in which this content last changed. */
  readonly revision: number;
  /** DocumentEntry.sha256 of the plaintext PDF. */
  readonly sha256: string;
  /** 1-based. */
  readonly page: number;
}

interface AnnotationBase {
  /** Random, ID_PATTERN (newAnnotationId); also its key in the room's map. */
  readonly id: string;
  readonly kind: AnnotationKind;
  readonly scope: AnnotationScope;
  /** Delegate id of the author; checked against the signature (seal.ts), never taken on trust. */
  readonly authorId: string;
  readonly target: PlacedOn;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * Set when the device could not place it on a newer revision: it keeps its old target and anchor and is listed
   * under "Ghi chú cần gắn lại" until the delegate re-attaches or deletes it. Never dropped.
   */
  readonly orphanOf?: { readonly revision: number; readonly sha256: string; readonly since: string };
  /** A góp ý: when the note was also sent to the secretariat (opinion inbox). */
  readonly opinionSentAt?: string;
}

export interface HighlightAnnotation extends AnnotationBase {
  readonly kind: 'highlight';
  readonly color: AnnotationColor;
  /** The highlighted text; the rectangles are redrawn from it on each revision. */
  readonly anchor: TextAnchor;
  /** One rectangle per line of the selection, in PDF user space. */
  readonly rects: readonly Rect[];
  /** An optional comment on the highlight. */
  readonly text?: string;
}

export interface InkAnnotation extends AnnotationBase {
  readonly kind: 'ink';
  readonly color: AnnotationColor;
  /** Line width in PDF points. */
  readonly width: number;
  readonly strokes: readonly InkStroke[];
  /** The text nearest the drawing when there is any (it follows the text to a new revision). */
  readonly anchor?: TextAnchor;
}

export interface NoteAnnotation extends AnnotationBase {
  readonly kind: 'note';
  /** Where the note is pinned: its top-left corner in PDF user space. */
  readonly point: readonly [x: number, y: number];
  readonly text: string;
  /** The selected or nearest text the note speaks about, when there is any. */
  readonly anchor?: TextAnchor;
}

export type Annotation = HighlightAnnotation | InkAnnotation | NoteAnnotation;

/** Bounds (named, STYLE.md rule 11): a note's text, a stroke, a drawing, a quote. */
export const ANNOTATION_LIMITS = {
  textChars: 4_000,
  quoteChars: 2_000,
  contextChars: 32,
  strokes: 200,
  pointsPerStroke: 2_000,
  rects: 200,
} as const;

const id = z.string().regex(ID_PATTERN);
const finite = z.number().finite();
const rect = z.tuple([finite, finite, finite, finite]);
const anchorSchema = z.object({
  quote: z.object({
    exact: z.string().max(ANNOTATION_LIMITS.quoteChars),
    prefix: z.string().max(ANNOTATION_LIMITS.contextChars * 2),
    suffix: z.string().max(ANNOTATION_LIMITS.contextChars * 2),
  }),
  position: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }),
});
const base = {
  id,
  scope: z.enum(ANNOTATION_SCOPES),
  authorId: id,
  target: z.object({ documentId: id, revision: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/), page: z.number().int().positive() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  orphanOf: z.object({ revision: z.number().int().positive(), sha256: z.string(), since: z.string() }).optional(),
  opinionSentAt: z.string().optional(),
};

/** Checks a decrypted annotation; anything else is dropped by the reader as damaged (and counted, not shown). */
export const annotationSchema: z.ZodType<Annotation> = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('highlight'),
    color: z.enum(ANNOTATION_COLORS),
    anchor: anchorSchema,
    rects: z.array(rect).min(1).max(ANNOTATION_LIMITS.rects),
    text: z.string().max(ANNOTATION_LIMITS.textChars).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('ink'),
    color: z.enum(ANNOTATION_COLORS),
    width: z.number().positive().max(50),
    strokes: z
      .array(z.object({ points: z.array(z.tuple([finite, finite, z.number().min(0).max(1)])).min(1).max(ANNOTATION_LIMITS.pointsPerStroke) }))
      .min(1)
      .max(ANNOTATION_LIMITS.strokes),
    anchor: anchorSchema.optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('note'),
    point: z.tuple([finite, finite]),
    text: z.string().max(ANNOTATION_LIMITS.textChars),
    anchor: anchorSchema.optional(),
  }),
]);

/**
 * A góp ý (comment on a draft, to the secretariat): what the opinion inbox holds, sealed to the secretariat's key.
 * The secretariat compiles these into its tổng hợp ý kiến report (DOCX or PDF table).
 */
export interface Opinion {
  /** The annotation it was sent from (the same id: re-sending replaces it). */
  readonly id: string;
  readonly authorId: string;
  readonly documentId: string;
  /** DocumentEntry.revision the opinion was written on. */
  readonly revision: number;
  readonly page: number;
  /** The quoted text ('' when the note is not tied to text). */
  readonly quote: string;
  readonly text: string;
  readonly sentAt: string;
}

export const opinionSchema: z.ZodType<Opinion> = z.object({
  id,
  authorId: id,
  documentId: id,
  revision: z.number().int().positive(),
  page: z.number().int().positive(),
  quote: z.string().max(ANNOTATION_LIMITS.quoteChars),
  text: z.string().max(ANNOTATION_LIMITS.textChars),
  sentAt: z.string(),
});

/** What re-anchoring did to one annotation on a new revision (anchor.ts). */
export type ReanchorOutcome =
  | { readonly status: 'unchanged'; readonly annotation: Annotation }
  | { readonly status: 'moved'; readonly annotation: Annotation; readonly fromPage: number; readonly method: 'diff' | 'fuzzy' }
  | { readonly status: 'orphan'; readonly annotation: Annotation };
