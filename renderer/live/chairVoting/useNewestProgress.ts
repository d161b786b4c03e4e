// The progress of every poll as the console shows it: per poll the highest version seen so far (a late,
// lower message never shows a lower count after a higher one).
import { useState } from 'react';
import type { PollProgress } from '../../../common/voting/state.ts';
import { newestProgress } from './pollView.ts';

export function useNewestProgress(incoming: Readonly<Record<string, PollProgress>>): Readonly<Record<string, PollProgress>> {
  const [kept, setKept] = useState(incoming);
  const next = newestProgress(kept, incoming);
  // React's "adjust state while rendering" pattern: stored once, then the render starts over with it.
  if (next !== kept) setKept(next);
  return next;
}
