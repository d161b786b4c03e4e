// Runs a search on the device as the query is typed; the last answer stays on screen until the next arrives.
import { useDeferredValue, useEffect, useState } from 'react';
import type { Result } from '../../common/result.ts';
import type { SearchResults } from '../../common/search/types.ts';
import { useServices } from '../app/AppContext.tsx';

export type SearchState =
  | { readonly status: 'idle' }
  | { readonly status: 'searching'; readonly previous?: Result<SearchResults> }
  | { readonly status: 'done'; readonly result: Result<SearchResults> };

export function useSearch(query: string): SearchState {
  const { platform } = useServices();
  const deferred = useDeferredValue(query);
  const [answer, setAnswer] = useState<{ readonly query: string; readonly result: Result<SearchResults> } | undefined>(undefined);
  const empty = deferred.trim() === '';
  useEffect(() => {
    if (empty) return;
    let alive = true;
    void platform.search(deferred).then((result) => {
      if (alive) setAnswer({ query: deferred, result });
    });
    return () => {
      alive = false;
    };
  }, [platform, deferred, empty]);
  if (query.trim() === '') return { status: 'idle' };
  if (answer?.query === query) return { status: 'done', result: answer.result };
  return answer ? { status: 'searching', previous: answer.result } : { status: 'searching' };
}
