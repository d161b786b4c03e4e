// The reference for recall tests and the benchmark: a scan of every page's folded text with a regular
// expression, written apart from the tokenizer and the index so that it checks them rather than repeats them.
import { foldVietnamese } from '../text/fold.ts';
import { prefixAllowed } from './query.ts';

export interface ScanPage {
  readonly documentId: string;
  readonly page: number;
  readonly text: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD = '[\\p{L}\\p{N}]';

/** The query's units as regular expressions over folded text (same grammar as query.ts, by other means). */
export function scanPatterns(query: string, prefix = true): RegExp[] {
  const parts = [...query.matchAll(/"([^"]*)("?)|([^\s"]+)/g)];
  const units = parts
    .map((m) => ({ words: foldVietnamese(m[1] ?? m[3] ?? '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0), open: m[1] === undefined || m[2] === '' }))
    .filter((u) => u.words.length > 0);
  const typing = prefix && !/\s$/.test(query) && (units.at(-1)?.open ?? false);
  const wordCount = units.reduce((n, u) => n + u.words.length, 0);
  return units.map((u, i) => {
    const lastWord = u.words.at(-1) ?? '';
    const open = typing && i === units.length - 1 && prefixAllowed(lastWord.length, wordCount);
    const body = u.words.map(escape).join(`${WORD.replace('[', '[^')}+`);
    return new RegExp(`(?<!${WORD})${body}${open ? '' : `(?!${WORD})`}`, 'u');
  });
}

/** "documentId#page" of every page where every unit occurs. */
export function bruteForceScan(pages: readonly ScanPage[], query: string, prefix = true): Set<string> {
  const patterns = scanPatterns(query, prefix);
  const out = new Set<string>();
  if (patterns.length === 0) return out;
  for (const p of pages) {
    const folded = foldVietnamese(p.text);
    if (patterns.every((re) => re.test(folded))) out.add(`${p.documentId}#${p.page}`);
  }
  return out;
}
