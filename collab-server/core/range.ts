// HTTP Range for chunk downloads: one range of bytes (RFC 9110 §14), enough for resumable downloads.

export type RangeResult =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/** Parses a Range header against a resource of `size` bytes; start and end are inclusive. */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  const m = SINGLE_RANGE.exec(header.trim());
  if (!m) return { kind: 'unsatisfiable' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') return suffix(Number(last), size);
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** `bytes=-N`: the last N bytes. */
function suffix(length: number, size: number): RangeResult {
  if (!Number.isSafeInteger(length) || length === 0 || size === 0) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
}
