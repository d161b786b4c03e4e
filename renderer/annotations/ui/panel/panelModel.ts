// What the "Ghi chú" panel lists, pure: filtering by author, scope and kind, grouping by page (one document) or
// by document (the meeting), the counts, and the text a row shows. The panel component only renders this.
import type { Annotation, AnnotationKind, AnnotationScope } from '../../../../common/annotations/types.ts';
import type { ShownAnnotation } from '../../bookTypes.ts';

export interface PanelFilter {
  /** 'all', 'me', or a delegate id. */
  readonly author: string;
  readonly scope: 'all' | AnnotationScope;
  readonly kind: 'all' | AnnotationKind;
}

export const NO_FILTER: PanelFilter = { author: 'all', scope: 'all', kind: 'all' };

export function matchesFilter(f: PanelFilter, s: ShownAnnotation): boolean {
  const a = s.annotation;
  if (f.scope !== 'all' && a.scope !== f.scope) return false;
  if (f.kind !== 'all' && a.kind !== f.kind) return false;
  if (f.author === 'all') return true;
  return f.author === 'me' ? s.mine : a.authorId === f.author;
}

export const isOrphan = (a: Annotation): boolean => a.orphanOf !== undefined;

/** The quoted text a mark is tied to ('' when none). */
export function quoteOf(a: Annotation): string {
  return a.anchor?.quote.exact ?? '';
}

/** The delegate's own words on a mark ('' for a plain highlight or a drawing). */
export function noteTextOf(a: Annotation): string {
  if (a.kind === 'note') return a.text;
  if (a.kind === 'highlight') return a.text ?? '';
  return '';
}

/** A note, or a highlight with a comment: what may be sent as a góp ý. */
export function canSendOpinion(s: ShownAnnotation): boolean {
  return s.mine && noteTextOf(s.annotation).trim() !== '' && !isOrphan(s.annotation);
}

/** Reading order on a page: by page, then by where the text is, then by age. */
export function compareMarks(x: ShownAnnotation, y: ShownAnnotation): number {
  const a = x.annotation;
  const b = y.annotation;
  return (
    a.target.page - b.target.page ||
    (a.anchor?.position.start ?? Number.MAX_SAFE_INTEGER) - (b.anchor?.position.start ?? Number.MAX_SAFE_INTEGER) ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

export interface PageGroup {
  readonly page: number;
  readonly items: readonly ShownAnnotation[];
}

export function groupByPage(list: readonly ShownAnnotation[]): PageGroup[] {
  const byPage = new Map<number, ShownAnnotation[]>();
  for (const s of [...list].sort(compareMarks)) {
    const items = byPage.get(s.annotation.target.page);
    if (items === undefined) byPage.set(s.annotation.target.page, [s]);
    else items.push(s);
  }
  return [...byPage.entries()].sort((a, b) => a[0] - b[0]).map(([page, items]) => ({ page, items }));
}

export interface DocumentGroup {
  readonly documentId: string;
  readonly items: readonly ShownAnnotation[];
}

/** By document, in the meeting's order (`order`: document ids as the agenda lists them); unknown ones last. */
export function groupByDocument(list: readonly ShownAnnotation[], order: readonly string[]): DocumentGroup[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  const byDoc = new Map<string, ShownAnnotation[]>();
  for (const s of list) {
    const id = s.annotation.target.documentId;
    const items = byDoc.get(id);
    if (items === undefined) byDoc.set(id, [s]);
    else items.push(s);
  }
  const r = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...byDoc.entries()]
    .sort((a, b) => r(a[0]) - r(b[0]) || a[0].localeCompare(b[0]))
    .map(([documentId, items]) => ({ documentId, items: [...items].sort(compareMarks) }));
}

export interface AuthorCount {
  readonly id: string;
  readonly name: string;
  readonly mine: boolean;
  readonly count: number;
}

/** Everyone who wrote one of these, me first, then by name. */
export function authorsOf(list: readonly ShownAnnotation[]): AuthorCount[] {
  const byId = new Map<string, { name: string; mine: boolean; count: number }>();
  for (const s of list) {
    const e = byId.get(s.annotation.authorId);
    if (e === undefined) byId.set(s.annotation.authorId, { name: s.authorName, mine: s.mine, count: 1 });
    else e.count += 1;
  }
  return [...byId.entries()]
    .map(([id, e]) => ({ id, ...e }))
    .sort((a, b) => Number(b.mine) - Number(a.mine) || a.name.localeCompare(b.name, 'vi'));
}

export function scopeCounts(list: readonly ShownAnnotation[]): Readonly<Record<AnnotationScope, number>> {
  const counts: Record<AnnotationScope, number> = { private: 0, group: 0, meeting: 0 };
  for (const s of list) counts[s.annotation.scope] += 1;
  return counts;
}

/** The marks of one document that the viewer shows on this revision (orphans apart). */
export function marksOfDocument(list: readonly ShownAnnotation[], documentId: string): ShownAnnotation[] {
  return list.filter((s) => s.annotation.target.documentId === documentId && !isOrphan(s.annotation));
}

/** My orphans (others' orphans are theirs to re-attach), optionally of one document. */
export function myOrphans(list: readonly ShownAnnotation[], documentId?: string): ShownAnnotation[] {
  return list.filter((s) => s.mine && isOrphan(s.annotation) && (documentId === undefined || s.annotation.target.documentId === documentId));
}

/** Per page of a document placed on `sha256`: how many marks pass the filters (the thumbnails' marks). */
export function countByPage(list: readonly ShownAnnotation[], documentId: string, sha256: string, shown: (s: ShownAnnotation) => boolean): Map<number, number> {
  const counts = new Map<number, number>();
  for (const s of list) {
    const a = s.annotation;
    if (a.target.documentId !== documentId || a.target.sha256 !== sha256 || isOrphan(a) || !shown(s)) continue;
    counts.set(a.target.page, (counts.get(a.target.page) ?? 0) + 1);
  }
  return counts;
}

/** Delegate id → name, from the manifest (MeetingView.delegates). */
export function namesOf(delegates: readonly { readonly id: string; readonly name: string }[]): ReadonlyMap<string, string> {
  return new Map(delegates.map((d) => [d.id, d.name]));
}

/** The document the viewer shows, as the panel and the orphans list see it. */
export interface PanelDocument {
  readonly id: string;
  readonly revision: number;
  readonly sha256: string | undefined;
  readonly confidential: boolean;
}
