// Vietnamese-aware folding for search: "Nghị quyết" and "nghi quyet" must match each other.
// NFD splits a letter from its tone and vowel marks; đ/Đ is its own letter (no decomposition), so it is mapped by hand.

const COMBINING_MARK = /\p{M}/u;

/** Folds one character (a code point) to its searchable form: lower case, no marks, đ → d. */
export function foldChar(ch: string): string {
  let out = '';
  for (const part of ch.normalize('NFD')) {
    if (COMBINING_MARK.test(part)) continue;
    out += part;
  }
  return out.toLowerCase().replace(/đ/g, 'd');
}

/** Folds a whole string: NFD, drop combining marks, đ → d, lower case. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd');
}

export interface FoldedText {
  /** The folded text. */
  readonly text: string;
  /** For each UTF-16 index of `text`, the UTF-16 index in the source it came from. One extra entry maps the end. */
  readonly toSource: readonly number[];
}

/** Folds text and keeps, for every folded position, where it came from, so matches map back to the original. */
export function foldWithMap(source: string): FoldedText {
  let text = '';
  const toSource: number[] = [];
  let index = 0;
  for (const ch of source) {
    const folded = foldChar(ch);
    for (let i = 0; i < folded.length; i++) toSource.push(index);
    text += folded;
    index += ch.length;
  }
  toSource.push(index);
  return { text, toSource };
}

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Every non-overlapping occurrence of `query` in `source`, comparing folded forms; ranges index the source. */
export function findFolded(source: string, query: string): TextRange[] {
  const needle = foldVietnamese(query).trim();
  if (needle.length === 0) return [];
  const { text, toSource } = foldWithMap(source);
  const ranges: TextRange[] = [];
  let at = text.indexOf(needle);
  while (at !== -1) {
    const end = at + needle.length;
    ranges.push({ start: toSource[at] ?? 0, end: toSource[end] ?? source.length });
    at = text.indexOf(needle, end);
  }
  return ranges;
}
