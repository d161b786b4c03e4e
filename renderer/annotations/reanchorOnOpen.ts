// Re-anchoring when the viewer opens a document (issue 8): my annotations placed on an older revision of it are
// carried to the revision shown (common/annotations/anchor.ts reanchorDocument), with the old revision's page
// texts kept on this device, and put back into the book — moved, or kept as orphans for "Ghi chú cần gắn lại".
// Only MY annotations: others carry their own on their devices (the server cannot read them, and only an author
// can re-sign a note). Never dropped, never moved silently: the caller shows what happened (ReanchorReport).
//
// The page texts of a revision are stored the first time I annotate it (device records, kind 'notes-text', key
// = the revision's sha256, value = JSON array of the page strings as renderer/viewer/findText.ts builds them).
// Pure but for the injected reads and writes, so it is tested in Node with real pdf.js page texts.
import { reanchorDocument, type NewTarget } from '../../common/annotations/anchor.ts';
import type { Annotation, HighlightAnnotation } from '../../common/annotations/types.ts';
import { ANNOTATION_LIMITS } from '../../common/annotations/types.ts';
import type { Result } from '../../common/result.ts';
import type { PlatformRecords } from '../platform/Platform.ts';
import type { PageText } from '../viewer/findText.ts';
import { rangeRects } from './ui/layer/geometry.ts';
import type { ShownAnnotation } from './bookTypes.ts';

/** Device records kind of the kept page texts. */
export const PAGE_TEXTS_KIND = 'notes-text';

/** Where page texts of revisions are kept: device records, or memory on a platform without them. */
export interface PageTextStore {
  get(sha256: string): Promise<readonly string[] | undefined>;
  put(sha256: string, pages: readonly string[]): Promise<void>;
}

const memoryTexts = new Map<string, readonly string[]>();

function parsePages(json: string): readonly string[] | undefined {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) && v.every((p) => typeof p === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

const valueOr = <T>(r: Result<T>, fallback: T): T => (r.ok ? r.value : fallback);

export function pageTextStore(records: PlatformRecords | undefined, meetingId: string): PageTextStore {
  if (records === undefined) {
    return {
      get: (sha) => Promise.resolve(memoryTexts.get(`${meetingId}/${sha}`)),
      put: (sha, pages) => {
        memoryTexts.set(`${meetingId}/${sha}`, pages);
        return Promise.resolve();
      },
    };
  }
  return {
    async get(sha) {
      const json = valueOr(await records.get(meetingId, PAGE_TEXTS_KIND, sha), undefined);
      return json === undefined ? undefined : parsePages(json);
    },
    async put(sha, pages) {
      const r = await records.put(meetingId, PAGE_TEXTS_KIND, sha, JSON.stringify(pages));
      if (!r.ok) throw new Error(r.error.message);
    },
  };
}

export interface ReanchorReport {
  /** Carried to the revision shown (moved or kept in place with the new target). */
  readonly moved: number;
  /** Newly orphaned by this opening (they are listed under "Ghi chú cần gắn lại"). */
  readonly orphaned: number;
  /** All my orphans on this document after it. */
  readonly orphans: number;
}

export interface ReanchorInput {
  readonly annotations: readonly ShownAnnotation[];
  readonly current: NewTarget;
  /** The revision shown's page texts (items included, for the highlight rectangles); read only when needed. */
  readonly newPages: () => Promise<readonly PageText[]>;
  readonly texts: PageTextStore;
  readonly put: (annotation: Annotation) => Promise<void>;
  readonly now: string;
}

/** My annotations on this document placed on another revision: the ones to carry over. */
export function needsReanchor(annotations: readonly ShownAnnotation[], current: NewTarget): Annotation[] {
  return annotations
    .filter((s) => s.mine && s.annotation.target.documentId === current.documentId && s.annotation.target.sha256 !== current.sha256)
    .map((s) => s.annotation);
}

/** A moved highlight's rectangles, redrawn from its new anchor on the new page (the old ones if none can be). */
export function redrawHighlight(a: HighlightAnnotation, page: PageText | undefined): HighlightAnnotation {
  if (page === undefined) return a;
  const { start, end } = a.anchor.position;
  const rects = rangeRects(page, start, end).slice(0, ANNOTATION_LIMITS.rects);
  return rects.length === 0 ? a : { ...a, rects };
}

export async function reanchorOnOpen(input: ReanchorInput): Promise<ReanchorReport> {
  const { current } = input;
  const todo = needsReanchor(input.annotations, current);
  const mineHere = input.annotations.filter((s) => s.mine && s.annotation.target.documentId === current.documentId);
  if (todo.length === 0) return { moved: 0, orphaned: 0, orphans: mineHere.filter((s) => s.annotation.orphanOf !== undefined).length };
  const pageTexts = await input.newPages();
  const newPages = pageTexts.map((p) => p.text);
  const shas = [...new Set(todo.map((a) => a.target.sha256))];
  const old = new Map<string, readonly string[] | undefined>();
  for (const sha of shas) old.set(sha, await input.texts.get(sha));
  const outcomes = reanchorDocument(todo, (t) => old.get(t.sha256), newPages, current, input.now);
  let moved = 0;
  let orphaned = 0;
  for (const [i, outcome] of outcomes.entries()) {
    const before = todo[i];
    if (before === undefined) continue;
    if (outcome.status === 'orphan') {
      if (before.orphanOf === undefined) {
        orphaned += 1;
        await input.put(outcome.annotation);
      }
      continue;
    }
    if (outcome.annotation.target.sha256 !== current.sha256) continue;
    const a = outcome.annotation;
    await input.put(a.kind === 'highlight' ? redrawHighlight(a, pageTexts[a.target.page - 1]) : a);
    moved += 1;
  }
  const todoIds = new Set(todo.map((a) => a.id));
  const untouched = mineHere.filter((s) => s.annotation.orphanOf !== undefined && !todoIds.has(s.annotation.id)).length;
  return { moved, orphaned, orphans: untouched + outcomes.filter((o) => o.status === 'orphan').length };
}

/**
 * Keeps the page texts of the revision shown once I have a mark on it (so a later revision can be diffed against
 * it); does nothing when they are kept already. Returns whether it stored them.
 */
export async function keepPageTexts(
  annotations: readonly ShownAnnotation[],
  current: NewTarget,
  texts: PageTextStore,
  pages: () => Promise<readonly PageText[]>,
): Promise<boolean> {
  const mine = annotations.some((s) => s.mine && s.annotation.target.documentId === current.documentId && s.annotation.target.sha256 === current.sha256);
  if (!mine || (await texts.get(current.sha256)) !== undefined) return false;
  await texts.put(current.sha256, (await pages()).map((p) => p.text));
  return true;
}
