// The search hit being opened: set when a result is chosen, read by the viewer (as a FindRequest: the query,
// search's word-and-phrase matcher, the page), cleared as soon as the address shows anything else.
import { useSyncExternalStore } from 'react';
import { parseQuery, querySpans } from '../../common/search/query.ts';
import type { FindRequest, PageMatcher } from '../viewer/findText.ts';

export interface SearchHitTarget {
  readonly meetingId: string;
  readonly documentId: string;
  readonly page: number;
  /** The query that found it (the repaired one when Telex was repaired). */
  readonly query: string;
}

/** Search's own matching in a page the viewer shows: the same words, phrases and prefix as the index. */
export const searchMatcher: PageMatcher = (text, query) => querySpans(text, parseQuery(query));

export const docHash = (meetingId: string, documentId: string): string => `#/m/${meetingId}/doc/${documentId}`;

interface Current {
  readonly target: SearchHitTarget;
  readonly request: FindRequest;
}

let current: Current | undefined;
const listeners = new Set<() => void>();
const emit = (): void => listeners.forEach((l) => l());

function onHashChange(): void {
  if (current && globalThis.location?.hash !== docHash(current.target.meetingId, current.target.documentId)) {
    current = undefined;
    emit();
  }
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) globalThis.addEventListener?.('hashchange', onHashChange);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) globalThis.removeEventListener?.('hashchange', onHashChange);
  };
}

export function openHit(target: SearchHitTarget): void {
  current = { target, request: { query: target.query, page: target.page, matcher: searchMatcher } };
  emit();
}

/** The find request for this document when a search hit in it is being opened. */
export function useSearchHit(meetingId: string, documentId: string): FindRequest | undefined {
  const c = useSyncExternalStore(subscribe, () => current);
  return c && c.target.meetingId === meetingId && c.target.documentId === documentId ? c.request : undefined;
}
