// What opening a document does for its annotations (the viewer screen calls these): the read receipt, once;
// carrying my marks from an older revision to the one shown (reanchorOnOpen.ts), with the result kept for the
// banner; and keeping the revision's page texts once I have marked it, for the next revision's diff.
import { useEffect, useRef, useState } from 'react';
import type { NewTarget } from '../../../../common/annotations/anchor.ts';
import { useServices } from '../../../app/AppContext.tsx';
import type { NoteBook } from '../../bookTypes.ts';
import { keepPageTexts, needsReanchor, pageTextKey, pageTextStore, reanchorOnOpen, type ReanchorReport } from '../../reanchorOnOpen.ts';
import type { Platform } from '../../../platform/Platform.ts';
import { useAnnotations } from '../AnnotationContext.tsx';
import { documentPageTexts } from './pageTexts.ts';

/** The key of my kept page texts, from the note keys on this device; undefined when they cannot be read (then memory only). */
async function textKeyOf(platform: Platform, meetingId: string): Promise<CryptoKey | undefined> {
  const keys = await platform.noteKeys(meetingId);
  return keys.ok ? pageTextKey(keys.value) : undefined;
}

/** Tells the secretariat once per opening of this revision (the book sends one receipt per revision). */
export function useReadReceipt(book: NoteBook | undefined, documentId: string, revision: number | undefined): void {
  const sent = useRef('');
  useEffect(() => {
    const key = `${documentId}@${String(revision)}`;
    if (book === undefined || revision === undefined || sent.current === key) return;
    sent.current = key;
    book.noteOpened(documentId, revision).catch(() => undefined);
  }, [book, documentId, revision]);
}

export type ReanchorState =
  | { readonly status: 'idle' }
  | { readonly status: 'working' }
  | { readonly status: 'done'; readonly report: ReanchorReport }
  | { readonly status: 'failed'; readonly message: string };

/** `${sha256}/${annotationId}` of the orphans already tried on that revision in this page session. */
const triedOrphans = new Set<string>();

function useBytes(meetingId: string, documentId: string): () => Promise<Uint8Array> {
  const { platform } = useServices();
  return async () => {
    const r = await platform.openDocument(meetingId, documentId);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
}

/**
 * Re-anchors my marks of this document placed on another revision, when the book has them (it may sync them in
 * after the document opened: then it runs again, once per batch that needs it).
 */
export function useReanchorOnOpen(meetingId: string, target: NewTarget | undefined): ReanchorState {
  const { book, snapshot } = useAnnotations();
  const { platform } = useServices();
  const bytes = useBytes(meetingId, target?.documentId ?? '');
  const [state, setState] = useState<ReanchorState>({ status: 'idle' });
  const running = useRef(false);
  // Orphans are tried again once per revision and page session (a later revision may hold their text again).
  const pending = target === undefined ? [] : needsReanchor(snapshot.annotations, target).filter((a) => a.orphanOf === undefined || !triedOrphans.has(`${target.sha256}/${a.id}`));
  const todo = pending.length;
  const latest = useRef({ snapshot, bytes });
  // Kept current for the effect below (effects run in order), without making it depend on every snapshot.
  useEffect(() => {
    latest.current = { snapshot, bytes };
  });
  useEffect(() => {
    if (book === undefined || target === undefined || todo === 0 || running.current) return;
    running.current = true;
    setState({ status: 'working' });
    const { snapshot: snap, bytes: read } = latest.current;
    for (const a of needsReanchor(snap.annotations, target)) if (a.orphanOf !== undefined) triedOrphans.add(`${target.sha256}/${a.id}`);
    reanchorOnOpen({
      annotations: snap.annotations,
      current: target,
      newPages: () => documentPageTexts(target.sha256, read),
      texts: pageTextStore(platform.records, meetingId, () => textKeyOf(platform, meetingId)),
      put: (a) => book.put(a),
      now: new Date().toISOString(),
    }).then(
      (report) => setState((prev) => ({ status: 'done', report: prev.status === 'done' ? sum(prev.report, report) : report })),
      (e: unknown) => setState({ status: 'failed', message: e instanceof Error ? e.message : String(e) }),
    ).finally(() => {
      running.current = false;
    });
  }, [book, target, todo, platform, meetingId]);
  return state;
}

const sum = (a: ReanchorReport, b: ReanchorReport): ReanchorReport => ({ moved: a.moved + b.moved, orphaned: a.orphaned + b.orphaned, orphans: b.orphans });

/**
 * Keeps the page texts of the revision shown once one of my marks is placed on it. Never for a confidential
 * document: device records are not sealed, and its words must go with its keys when the confidential lease
 * shreds them (its marks then re-anchor without the old texts: by their quote, or as orphans).
 */
export function useKeepPageTexts(meetingId: string, target: NewTarget | undefined, confidential: boolean): void {
  const { snapshot } = useAnnotations();
  const { platform } = useServices();
  const bytes = useBytes(meetingId, target?.documentId ?? '');
  const latest = useRef({ bytes, snapshot });
  useEffect(() => {
    latest.current = { bytes, snapshot };
  });
  const done = useRef('');
  const marked =
    target !== undefined && snapshot.annotations.some((s) => s.mine && s.annotation.target.documentId === target.documentId && s.annotation.target.sha256 === target.sha256);
  useEffect(() => {
    if (confidential || !marked || target === undefined || done.current === target.sha256) return;
    done.current = target.sha256;
    const { bytes: read, snapshot: snap } = latest.current;
    keepPageTexts(snap.annotations, target, pageTextStore(platform.records, meetingId, () => textKeyOf(platform, meetingId)), () => documentPageTexts(target.sha256, read)).catch(() => {
      done.current = '';
    });
  }, [confidential, marked, target, platform, meetingId]);
}
