// A snippet around the first hits of a page: a window of the page text cut at spaces, with its highlights.
import type { Snippet, TextSpan } from './types.ts';

/** Characters of context before the first hit and the window's whole length (a phone shows about two lines). */
export const SNIPPET_BEFORE = 60;
export const SNIPPET_LENGTH = 180;

function cutAtSpace(text: string, at: number, forward: boolean): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  const re = /\s/;
  let i = at;
  const limit = 20;
  for (let n = 0; n < limit && i > 0 && i < text.length; n++) {
    if (re.test(text[i] ?? '')) return forward ? i : i + 1;
    i += forward ? 1 : -1;
  }
  return at;
}

/** `focus`: where the window should start from (a phrase's place), else the first span. */
export function makeSnippet(text: string, spans: readonly TextSpan[], focus?: number): Snippet {
  const first = (focus === undefined ? undefined : spans.find((s) => s.start >= focus)) ?? spans[0] ?? { start: 0, end: 0 };
  const start = cutAtSpace(text, Math.max(0, first.start - SNIPPET_BEFORE), false);
  const end = cutAtSpace(text, Math.min(text.length, Math.max(first.end, start + SNIPPET_LENGTH)), true);
  const raw = text.slice(start, end);
  // Lines and runs of spaces of the page text read as one space in a snippet; offsets shift with them.
  let out = '';
  const map: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const space = /\s/.test(ch);
    if (space && (out.length === 0 || out.endsWith(' '))) {
      map.push(out.length);
      continue;
    }
    map.push(out.length);
    out += space ? ' ' : ch;
  }
  map.push(out.length);
  const highlights = spans
    .filter((s) => s.start >= start && s.end <= end)
    .map((s) => ({ start: map[s.start - start]!, end: map[s.end - start]! }));
  const trimmed = out.trimEnd();
  return { text: trimmed, highlights: highlights.map((h) => ({ start: h.start, end: Math.min(h.end, trimmed.length) })), cutStart: start > 0, cutEnd: end < text.length };
}
