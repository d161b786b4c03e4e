// Is a page's text layer real Vietnamese? The share of valid Vietnamese syllables says so; legacy 8-bit fonts
// (TCVN3 ".VnTime", VNI "VNI-Times") put Vietnamese in Latin-1 slots, which pdf.js extracts as mojibake such as
// "B¸o c¸o" or "Baùo caùo". Both encodings are convertible with a table; what no table fixes goes to OCR.

// ---- syllables

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const ONSET = '(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])';
// Vowel clusters without tone (quality marks kept), longest first so the alternation tries them first.
const NUCLEI = [
  'uyê', 'uya', 'uyu', 'iêu', 'yêu', 'oai', 'oay', 'oeo', 'uây', 'uôi', 'ươi', 'ươu',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'ôi', 'ơi', 'oo',
  'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'uy', 'ưa', 'ươ', 'ưi', 'ưu', 'yê',
  'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y',
];
const CODA = '(?:ch|nh|ng|[cmnpt])';
const SYLLABLE = new RegExp(`^${ONSET}?(?:${NUCLEI.join('|')})${CODA}?$`);

/** True when `word` (any case, NFC or NFD) is one well-formed Vietnamese syllable with at most one tone. */
export function isVietnameseSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize('NFD');
  const tones = nfd.match(TONE_MARKS)?.length ?? 0;
  if (tones > 1) return false;
  return SYLLABLE.test(nfd.replace(TONE_MARKS, '').normalize('NFC'));
}

/** Letters of any script plus the combining marks NFD leaves. */
const LETTER = /[\p{L}\p{M}]/u;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

export interface TextQuality {
  /** Tokens that look like words (at least one letter, no digit). */
  readonly words: number;
  /** Of those, valid Vietnamese syllables. */
  readonly syllables: number;
  /** syllables / words, 0 when there are no words. */
  readonly share: number;
  /** Letters in the text: a page with almost none has no usable text layer. */
  readonly letters: number;
  /** Characters that no real text layer yields: U+FFFD, private use, control characters. */
  readonly garbage: number;
}

// U+FFFD, private use and C0/C1 controls (tab, line feed, carriage return excluded); \p{Cc} avoids control characters in the source.
const GARBAGE = /[\uFFFD\uE000-\uF8FF]|(?![\t\n\r])\p{Cc}/gu;

export function textQuality(text: string): TextQuality {
  let words = 0;
  let syllables = 0;
  for (const raw of text.split(/\s+/u)) {
    const token = raw.replace(EDGE_PUNCTUATION, '');
    if (token.length === 0 || /\d/u.test(token) || !LETTER.test(token)) continue;
    // "Kinh tế - xã hội", "HĐND-UBND": a hyphen joins syllables; each part counts.
    for (const part of token.split(/[-–/]/u)) {
      if (part.length === 0 || !LETTER.test(part)) continue;
      words++;
      if (isVietnameseSyllable(part)) syllables++;
    }
  }
  const letters = [...text].filter((c) => LETTER.test(c)).length;
  const garbage = text.match(GARBAGE)?.length ?? 0;
  return { words, syllables, share: words === 0 ? 0 : syllables / words, letters, garbage };
}

// ---- legacy encodings

export type LegacyEncoding = 'tcvn3' | 'vni';

/** Font names that carry a legacy encoding: ".VnTime", ".VnArialH" (TCVN3, H = capitals), "VNI-Times" (VNI). */
export function legacyEncodingOfFont(fontName: string): LegacyEncoding | undefined {
  const name = fontName.replace(/^[A-Z]{6}\+/, ''); // subset prefix "ABCDEF+"
  if (/^\.?Vn[A-Z]/.test(name) || /^\.Vn/i.test(name)) return 'tcvn3';
  if (/^VNI[-_ ]/i.test(name)) return 'vni';
  return undefined;
}

/** TCVN3 ".VnTimeH"-style fonts draw every letter as a capital: their text is upper-cased after conversion. */
export function isCapitalsFont(fontName: string): boolean {
  const name = fontName.replace(/^[A-Z]{6}\+/, '').replace(/[-,](Bold|Italic|BoldItalic|Regular)$/i, '');
  return /^\.?Vn\w*H$/.test(name);
}

// TCVN3 (ABC, TCVN 5712:1993 VN3): one byte per letter; the Latin-1 character pdf.js reports → the letter.
// Lowercase letters only: a capitals font (".VnTimeH") uses the same bytes for capitals.
const TCVN3_PAIRS: readonly (readonly [number, string])[] = [
  [0xa1, 'Ă'], [0xa2, 'Â'], [0xa3, 'Ê'], [0xa4, 'Ô'], [0xa5, 'Ơ'], [0xa6, 'Ư'], [0xa7, 'Đ'],
  [0xa8, 'ă'], [0xa9, 'â'], [0xaa, 'ê'], [0xab, 'ô'], [0xac, 'ơ'], [0xad, 'ư'], [0xae, 'đ'],
  [0xb5, 'à'], [0xb6, 'ả'], [0xb7, 'ã'], [0xb8, 'á'], [0xb9, 'ạ'],
  [0xbb, 'ằ'], [0xbc, 'ẳ'], [0xbd, 'ẵ'], [0xbe, 'ắ'], [0xc6, 'ặ'],
  [0xc7, 'ầ'], [0xc8, 'ẩ'], [0xc9, 'ẫ'], [0xca, 'ấ'], [0xcb, 'ậ'],
  [0xcc, 'è'], [0xce, 'ẻ'], [0xcf, 'ẽ'], [0xd0, 'é'], [0xd1, 'ẹ'],
  [0xd2, 'ề'], [0xd3, 'ể'], [0xd4, 'ễ'], [0xd5, 'ế'], [0xd6, 'ệ'],
  [0xd7, 'ì'], [0xd8, 'ỉ'], [0xdc, 'ĩ'], [0xdd, 'í'], [0xde, 'ị'],
  [0xdf, 'ò'], [0xe1, 'ỏ'], [0xe2, 'õ'], [0xe3, 'ó'], [0xe4, 'ọ'],
  [0xe5, 'ồ'], [0xe6, 'ổ'], [0xe7, 'ỗ'], [0xe8, 'ố'], [0xe9, 'ộ'],
  [0xea, 'ờ'], [0xeb, 'ở'], [0xec, 'ỡ'], [0xed, 'ớ'], [0xee, 'ợ'],
  [0xef, 'ù'], [0xf1, 'ủ'], [0xf2, 'ũ'], [0xf3, 'ú'], [0xf4, 'ụ'],
  [0xf5, 'ừ'], [0xf6, 'ử'], [0xf7, 'ữ'], [0xf8, 'ứ'], [0xf9, 'ự'],
  [0xfa, 'ỳ'], [0xfb, 'ỷ'], [0xfc, 'ỹ'], [0xfd, 'ý'], [0xfe, 'ỵ'],
];
const TCVN3_DECODE = new Map(TCVN3_PAIRS.map(([b, ch]) => [String.fromCharCode(b), ch]));
const TCVN3_ENCODE = new Map(TCVN3_PAIRS.map(([b, ch]) => [ch, String.fromCharCode(b)]));

// VNI Windows: a base letter followed by a mark character (both Latin-1), a few letters in one character.
const VNI_TONES_LOWER = { '\u0300': 'ø', '\u0301': 'ù', '\u0309': 'û', '\u0303': 'õ', '\u0323': 'ï' } as const;
const VNI_TONES_UPPER = { '\u0300': 'Ø', '\u0301': 'Ù', '\u0309': 'Û', '\u0303': 'Õ', '\u0323': 'Ï' } as const;
// â/ê/ô and ă carry their tone in one mark character: circumflex+tone and breve+tone.
const VNI_CIRCUMFLEX_LOWER = { '': 'â', '\u0300': 'à', '\u0301': 'á', '\u0309': 'å', '\u0303': 'ã', '\u0323': 'ä' } as const;
const VNI_CIRCUMFLEX_UPPER = { '': 'Â', '\u0300': 'À', '\u0301': 'Á', '\u0309': 'Å', '\u0303': 'Ã', '\u0323': 'Ä' } as const;
const VNI_BREVE_LOWER = { '': 'ê', '\u0300': 'è', '\u0301': 'é', '\u0309': 'ú', '\u0303': 'ü', '\u0323': 'ë' } as const;
const VNI_BREVE_UPPER = { '': 'Ê', '\u0300': 'È', '\u0301': 'É', '\u0309': 'Ú', '\u0303': 'Ü', '\u0323': 'Ë' } as const;
/** Letters VNI writes as one character: đ, ơ, ư, and the toned i's and ỵ. */
const VNI_SINGLE: Readonly<Record<string, string>> = {
  đ: 'ñ', Đ: 'Ñ', ơ: 'ô', Ơ: 'Ô', ư: 'ö', Ư: 'Ö',
  ì: 'ì', í: 'í', ỉ: 'æ', ĩ: 'ó', ị: 'ò', Ì: 'Ì', Í: 'Í', Ỉ: 'Æ', Ĩ: 'Ó', Ị: 'Ò', ỵ: 'î', Ỵ: 'Î',
};
type Tone = '' | '\u0300' | '\u0301' | '\u0309' | '\u0303' | '\u0323';

function vniOf(letter: string): string {
  const single = VNI_SINGLE[letter];
  if (single !== undefined) return single;
  const nfd = letter.normalize('NFD');
  const base = nfd[0] ?? '';
  const marks = nfd.slice(1);
  const tone = (marks.match(/[\u0300\u0301\u0303\u0309\u0323]/u)?.[0] ?? '') as Tone;
  const upper = base !== base.toLowerCase();
  if (marks.includes('\u0302')) return base + (upper ? VNI_CIRCUMFLEX_UPPER : VNI_CIRCUMFLEX_LOWER)[tone];
  if (marks.includes('\u0306')) return base + (upper ? VNI_BREVE_UPPER : VNI_BREVE_LOWER)[tone];
  if (marks.includes('\u031b')) {
    // ơ/ư with a tone: the horn letter's own character, then the tone mark.
    const horn = VNI_SINGLE[(base + '\u031b').normalize('NFC')] ?? base;
    return tone === '' ? horn : horn + (upper ? VNI_TONES_UPPER : VNI_TONES_LOWER)[tone];
  }
  if (tone === '') return letter;
  return base + (upper ? VNI_TONES_UPPER : VNI_TONES_LOWER)[tone];
}

const VIETNAMESE_LETTERS = 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ';
const VNI_DECODE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const base of VIETNAMESE_LETTERS) {
    for (const tone of base === 'đ' || base === 'Đ' ? [''] : ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323']) {
      const letter = (base + tone).normalize('NFC');
      const encoded = vniOf(letter);
      if (encoded !== letter) map.set(encoded, letter);
    }
  }
  return map;
})();

/** Unicode → TCVN3 as a legacy font's text layer would read (for tests and samples); other characters pass. */
export function encodeTcvn3(text: string): string {
  return [...text.normalize('NFC')].map((c) => TCVN3_ENCODE.get(c) ?? TCVN3_ENCODE.get(c.toLowerCase()) ?? c).join('');
}

/** Unicode → VNI Windows as a legacy font's text layer would read (for tests and samples). */
export function encodeVni(text: string): string {
  return [...text.normalize('NFC')].map(vniOf).join('');
}

/** TCVN3 mojibake → Unicode. `capitals`: the text came from a capitals font (".VnTimeH"). */
export function decodeTcvn3(text: string, capitals = false): string {
  const mapped = [...text].map((c) => TCVN3_DECODE.get(c) ?? c).join('');
  // TCVN3's ư is byte 0xAD, the soft hyphen: many PDFs map its glyph to "-". Inside a word, "ph-ơng" is
  // "phương" exactly when that makes a syllable; "kinh tế - xã hội" and "HĐND-UBND" stay as they are.
  const out = mapped.replace(/[\p{L}\p{M}-]*-[\p{L}\p{M}-]*/gu, (token) => {
    if (!/[\p{L}]/u.test(token)) return token;
    const repaired = token.replace(/-/g, 'ư');
    return isVietnameseSyllable(repaired) ? repaired : token;
  });
  return capitals ? out.toUpperCase() : out;
}

/** VNI mojibake → Unicode: the longest match first (a base letter with its mark), then single characters. */
export function decodeVni(text: string): string {
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const pair = (chars[i] ?? '') + (chars[i + 1] ?? '');
    const two = chars[i + 1] === undefined ? undefined : VNI_DECODE.get(pair);
    if (two !== undefined) {
      out += two;
      i++;
      continue;
    }
    const c = chars[i] ?? '';
    out += VNI_DECODE.get(c) ?? c;
  }
  return out;
}

export function decodeLegacy(text: string, encoding: LegacyEncoding, capitals = false): string {
  return encoding === 'tcvn3' ? decodeTcvn3(text, capitals) : decodeVni(text);
}

// ---- the verdict for one page's text layer

/** A converted text must reach this share of valid syllables, and beat the original by CONVERSION_GAIN. */
export const MIN_CONVERTED_SHARE = 0.6;
export const CONVERSION_GAIN = 0.2;
/** Above this share of garbage characters a text layer is not worth keeping. */
export const MAX_GARBAGE_SHARE = 0.2;

export type TextVerdict =
  | { readonly kind: 'good'; readonly text: string; readonly quality: TextQuality }
  | { readonly kind: 'converted'; readonly text: string; readonly encoding: LegacyEncoding; readonly quality: TextQuality; readonly before: TextQuality }
  | { readonly kind: 'unusable'; readonly reason: 'no-text' | 'garbage' | 'mojibake'; readonly quality: TextQuality };

/** Enough real words for a verdict: a symbol font's glyph table ("✓ a159") turns into lone letters, not syllables. */
export const MIN_CONVERTED_SYLLABLES = 5;
function convincing(q: TextQuality, text: string): boolean {
  const multiLetter = text
    .split(/\s+/u)
    .map((w) => w.replace(EDGE_PUNCTUATION, ''))
    .filter((w) => !/\d/u.test(w) && (w.match(/\p{L}/gu)?.length ?? 0) >= 2).length;
  return q.share >= MIN_CONVERTED_SHARE && q.syllables >= MIN_CONVERTED_SYLLABLES && multiLetter * 2 >= q.words;
}

/** Characters TCVN3 and VNI put where Unicode Vietnamese has none: a cheap hint before trying the tables. */
const LEGACY_HINT = /[\u00a1-\u00bf×÷øûïåäëüñöæîþØÛÏÅÄËÜÑÖÆÎÞ]/u;

/**
 * Judges a page's extracted text. `fonts` are the PDF font names on the page (a ".Vn…" or "VNI-…" font
 * makes the table conversion a candidate even when the statistics alone are unsure).
 */
export function judgeText(text: string, fonts: readonly string[] = []): TextVerdict {
  const quality = textQuality(text);
  // No letter at all: a scan, text drawn as outlines, or a blank page (pageText.ts also sends short text over a picture to OCR).
  if (quality.letters === 0) return { kind: 'unusable', reason: 'no-text', quality };
  if (quality.garbage / Math.max(1, [...text].length) > MAX_GARBAGE_SHARE) return { kind: 'unusable', reason: 'garbage', quality };
  const fromFonts = new Set(fonts.map(legacyEncodingOfFont).filter((e): e is LegacyEncoding => e !== undefined));
  const candidates: LegacyEncoding[] = fromFonts.size > 0 ? [...fromFonts] : LEGACY_HINT.test(text) ? ['tcvn3', 'vni'] : [];
  const capitals = fonts.length > 0 && fonts.every(isCapitalsFont);
  let best: { text: string; encoding: LegacyEncoding; quality: TextQuality } | undefined;
  for (const encoding of candidates) {
    const converted = decodeLegacy(text, encoding, capitals).normalize('NFC');
    const q = textQuality(converted);
    if (!best || q.share > best.quality.share) best = { text: converted, encoding, quality: q };
  }
  if (best && convincing(best.quality, best.text) && best.quality.share >= quality.share + CONVERSION_GAIN) {
    return { kind: 'converted', text: best.text, encoding: best.encoding, quality: best.quality, before: quality };
  }
  // A legacy font whose text no table makes Vietnamese (another legacy table, a broken font): OCR reads it.
  if (fromFonts.size > 0 && quality.share < MIN_CONVERTED_SHARE) return { kind: 'unusable', reason: 'mojibake', quality };
  return { kind: 'good', text, quality };
}
