// Progressive find: searches page texts one by one (text is fetched lazily), publishing matches as it goes.

import { useEffect, useState } from 'react';
import type { DocumentStore } from './documentStore.ts';
import { findInPage, type FindMatch, type PageMatcher } from './findText.ts';

export interface FindState {
  readonly query: string;
  readonly matches: readonly FindMatch[];
  readonly searchedPages: number;
  readonly done: boolean;
}

/** Publish found matches every this many pages, so a long document does not re-render per page. */
const PUBLISH_EVERY_PAGES = 8;

const EMPTY: FindState = { query: '', matches: [], searchedPages: 0, done: true };

export function useFind(store: DocumentStore | undefined, query: string, matcher?: PageMatcher): FindState {
  const [state, setState] = useState<FindState>(EMPTY);
  const empty = store === undefined || query.trim() === '';
  useEffect(() => {
    if (empty) return;
    const run = { cancelled: false };
    void searchAll(store, query, run, setState, matcher);
    return () => {
      run.cancelled = true;
    };
  }, [store, query, empty, matcher]);
  if (empty) return EMPTY;
  return state.query === query ? state : { query, matches: [], searchedPages: 0, done: false };
}

async function searchAll(store: DocumentStore, query: string, run: { cancelled: boolean }, publish: (s: FindState) => void, matcher?: PageMatcher) {
  const pages = store.doc.numPages;
  const matches: FindMatch[] = [];
  for (let page = 1; page <= pages; page++) {
    const text = await store.text(page).catch(() => undefined);
    if (run.cancelled) return;
    if (text !== undefined) matches.push(...findInPage(page, text, query, matcher));
    if (page % PUBLISH_EVERY_PAGES === 0 || page === pages) {
      publish({ query, matches: [...matches], searchedPages: page, done: page === pages });
    }
  }
}
