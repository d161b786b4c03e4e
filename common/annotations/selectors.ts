// W3C Web Annotation selectors from a page text and a range: the TextQuoteSelector (exact with ~32 characters of
// context either side) and the TextPositionSelector. Page texts index NFC UTF-16 (types.ts header); a range given
// in a decomposed (NFD) text is carried over to the NFC text so every stored anchor is NFC.
import { ANNOTATION_LIMITS, type TextAnchor, type TextPosition, type TextQuote } from './types.ts';

/** True when the UTF-16 unit at `i` is the second half of a surrogate pair (never cut a letter in two). */
function isLowSurrogateAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

function clampOffset(text: string, at: number): number {
  const n = Math.max(0, Math.min(text.length, Math.floor(at)));
  return n > 0 && n < text.length && isLowSurrogateAt(text, n) ? n - 1 : n;
}

/** Carries an offset of `text` over to `text.normalize('NFC')`. */
function toNfcOffset(text: string, at: number): number {
  return text.slice(0, at).normalize('NFC').length;
}

/** The quote for [start, end) of an NFC page text: exact (at most quoteChars) and contextChars either side. */
export function quoteAt(nfcText: string, position: TextPosition): TextQuote {
  const ctx = ANNOTATION_LIMITS.contextChars;
  const start = clampOffset(nfcText, position.start);
  const end = clampOffset(nfcText, Math.max(start, position.end));
  return {
    exact: nfcText.slice(start, end),
    prefix: nfcText.slice(clampOffset(nfcText, start - ctx), start),
    suffix: nfcText.slice(end, clampOffset(nfcText, end + ctx)),
  };
}

/** Normalised range: inside the text, start ≤ end, no longer than ANNOTATION_LIMITS.quoteChars, no split pairs. */
export function clampRange(nfcText: string, start: number, end: number): TextPosition {
  const s = clampOffset(nfcText, Math.min(start, end));
  const e = clampOffset(nfcText, Math.min(Math.max(start, end), s + ANNOTATION_LIMITS.quoteChars));
  return { start: s, end: e };
}

/**
 * The anchor of [start, end) in a page text (UTF-16 offsets of that text, end exclusive). The text may be NFC or
 * not: the anchor is always expressed in the NFC form (its offsets and its quote).
 */
export function makeAnchor(pageText: string, start: number, end: number): TextAnchor {
  const nfc = pageText.normalize('NFC');
  let s = start;
  let e = end;
  if (nfc !== pageText) {
    s = toNfcOffset(pageText, clampOffset(pageText, start));
    e = toNfcOffset(pageText, clampOffset(pageText, end));
  }
  const position = clampRange(nfc, s, e);
  return { quote: quoteAt(nfc, position), position };
}
