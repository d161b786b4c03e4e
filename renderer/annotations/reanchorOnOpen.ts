// Re-anchoring when the viewer opens a document (issue 8): my annotations placed on an older revision of it are
// carried to the revision shown (common/annotations/anchor.ts reanchorDocument), with the old revision's page
// texts kept on this device, and put back into the book — moved, or kept as orphans for "Ghi chú cần gắn lại".
// Only MY annotations: others carry their own on their devices (the server cannot read them, and only an author
// can re-sign a note). Never dropped, never moved silently: the caller shows what happened (ReanchorReport).
//
// The page texts of a revision are stored the first time I annotate it (device records, kind 'notes-text', key
// = the revision's sha256, value = the JSON array of the page strings as renderer/viewer/findText.ts builds them,
// sealed with AES-GCM under a key derived from my private notes key — device records are not encrypted at rest, and
// the documents' words never lie there in clear; a confidential document's texts are not kept at all).
// Pure but for the injected reads and writes, so it is tested in Node with real pdf.js page texts.
import { reanchorDocument, type NewTarget } from '../../common/annotations/anchor.ts';
import type { Annotation, HighlightAnnotation } from '../../common/annotations/types.ts';
import { ANNOTATION_LIMITS } from '../../common/annotations/types.ts';
import type { NoteKeys } from '../../common/annotations/noteKeys.ts';
import { aesGcmDecrypt, aesGcmEncrypt, hkdf, importAesKey, randomBytes } from '../../common/pack/crypto.ts';
import { concatBytes, fromB64url, toB64url, utf8Decode, utf8Encode } from '../../common/pack/encoding.ts';
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

/** Sealed values start with this; anything else (a clear value of an earlier build) is ignored and overwritten. */
const SEALED_PREFIX = 'v1.';
const NONCE_BYTES = 12;

/** The key of my kept page texts: HKDF of my private notes key, its own purpose string. */
export async function pageTextKey(keys: Pick<NoteKeys, 'meetingId' | 'delegateId' | 'privateKey'>): Promise<CryptoKey> {
  const ikm = fromB64url(keys.privateKey);
  if (ikm === null) throw new Error('bad private notes key');
  return importAesKey(await hkdf(ikm, `council/notes/v1\0${keys.meetingId}`, `council/notes/page-text\0${keys.delegateId}`, 32));
}

const textAad = (meetingId: string, sha: string): Uint8Array => utf8Encode(`council/notes-text/v1\0${meetingId}\0${sha}`);

async function sealPages(key: CryptoKey, meetingId: string, sha: string, pages: readonly string[]): Promise<string> {
  const nonce = randomBytes(NONCE_BYTES);
  const ct = await aesGcmEncrypt(key, nonce, textAad(meetingId, sha), utf8Encode(JSON.stringify(pages)));
  return SEALED_PREFIX + toB64url(concatBytes(nonce, ct));
}

async function openPages(key: CryptoKey, meetingId: string, sha: string, value: string): Promise<readonly string[] | undefined> {
  if (!value.startsWith(SEALED_PREFIX)) return undefined;
  const bytes = fromB64url(value.slice(SEALED_PREFIX.length));
  if (bytes === null || bytes.length <= NONCE_BYTES) return undefined;
  try {
    const plain = await aesGcmDecrypt(key, bytes.slice(0, NONCE_BYTES), textAad(meetingId, sha), bytes.slice(NONCE_BYTES), 'PACK_WRONG_KEY');
    return parsePages(utf8Decode(plain));
  } catch {
    return undefined;
  }
}

/**
 * Kept page texts in the device records, sealed under `key` (pageTextKey); without records, or without a key (the
 * note keys could not be read), in memory only for this page's life.
 */
export function pageTextStore(records: PlatformRecords | undefined, meetingId: string, key?: () => Promise<CryptoKey | undefined>): PageTextStore {
  const memory: PageTextStore = {
    get: (sha) => Promise.resolve(memoryTexts.get(`${meetingId}/${sha}`)),
    put: (sha, pages) => {
      memoryTexts.set(`${meetingId}/${sha}`, pages);
      return Promise.resolve();
    },
  };
  if (records === undefined || key === undefined) return memory;
  return {
    async get(sha) {
      const k = await key().catch(() => undefined);
      if (k === undefined) return memory.get(sha);
      const value = valueOr(await records.get(meetingId, PAGE_TEXTS_KIND, sha), undefined);
      return value === undefined ? memory.get(sha) : openPages(k, meetingId, sha, value);
    },
    async put(sha, pages) {
      const k = await key().catch(() => undefined);
      if (k === undefined) return memory.put(sha, pages);
      const r = await records.put(meetingId, PAGE_TEXTS_KIND, sha, await sealPages(k, meetingId, sha, pages));
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
