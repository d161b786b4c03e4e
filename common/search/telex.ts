// Repairs Telex and VNI leftovers — what a phone keyboard without a Vietnamese input method leaves behind:
// "nghij quyeets" → "nghị quyết", "nghi5 quye6t1" → "nghị quyết". Tried only when a query finds nothing, so a
// real word that happens to look like Telex is never rewritten while it still matches.

const TONE_MARK = { s: '\u0301', f: '\u0300', r: '\u0309', x: '\u0303', j: '\u0323' } as const;
type ToneKey = keyof typeof TONE_MARK;
const VNI_TONE: Readonly<Record<string, string>> = { '1': TONE_MARK.s, '2': TONE_MARK.f, '3': TONE_MARK.r, '4': TONE_MARK.x, '5': TONE_MARK.j };

const VOWELS = 'aăâeêioôơuưy';
const MODIFIED = 'ăâêôơư';
/** Final consonants a syllable may end with. */
const FINALS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);

const isVowel = (ch: string): boolean => VOWELS.includes(ch);

/** Telex vowel and đ keys: "aa" â, "aw" ă, "ee" ê, "oo" ô, "ow" ơ, "uw"/"w" ư, "uow" ươ, "dd" đ. */
function telexLetters(word: string): string {
  return word
    .replace(/^dd/, 'đ')
    .replace(/uow|uwow|uwo/g, 'ươ')
    .replace(/aa/g, 'â')
    .replace(/aw/g, 'ă')
    .replace(/ee/g, 'ê')
    .replace(/oo/g, 'ô')
    .replace(/ow/g, 'ơ')
    .replace(/uw/g, 'ư')
    .replace(/(^|[^aăâeêioôơuưy])w/g, '$1ư');
}

/** Where the tone goes: the marked vowel (ơ of ươ), else the last vowel before a final consonant, else by cluster size. */
function toneIndex(syllable: string): number {
  let from = 0;
  if (/^(qu|gi)[aăâeêioôơuưy]/.test(syllable)) from = 2;
  let start = -1;
  let end = -1;
  for (let i = from; i < syllable.length; i++) {
    if (isVowel(syllable[i] ?? '')) {
      if (start === -1) start = i;
      end = i + 1;
    } else if (start !== -1) break;
  }
  if (start === -1) return -1;
  for (let i = end - 1; i >= start; i--) if (MODIFIED.includes(syllable[i] ?? '')) return i;
  const size = end - start;
  if (end < syllable.length || size === 1) return end - 1;
  return size === 2 ? start : start + 1;
}

function withTone(syllable: string, mark: string): string {
  const at = toneIndex(syllable);
  if (at === -1) return syllable;
  return (syllable.slice(0, at + 1) + mark + syllable.slice(at + 1)).normalize('NFC');
}

function plausible(syllable: string): boolean {
  const m = /^([^aăâeêioôơuưy]*)([aăâeêioôơuưy]+)([^aăâeêioôơuưy]*)$/.exec(syllable.replace(/^(qu|gi)(?=[aăâeêioôơuưy])/, 'q'));
  return m !== null && FINALS.has(m[3] ?? '') && (m[2] ?? '').length <= 3;
}

function repairTelexWord(word: string): string {
  let tone: string | undefined;
  // The tone key may come last ("quyeets") or before the final consonant ("vieejt").
  const m = /^(.*[aăâeêioôơuưyw].*?)([sfrxj])(c|ch|m|n|ng|nh|p|t)?$/.exec(word);
  let body = word;
  if (m) {
    tone = TONE_MARK[m[2] as ToneKey];
    body = (m[1] ?? '') + (m[3] ?? '');
  }
  const letters = telexLetters(body);
  if (!plausible(letters)) return word;
  return tone === undefined ? letters : withTone(letters, tone);
}

function repairVniWord(word: string): string {
  let tone: string | undefined;
  let out = '';
  for (const ch of word) {
    const prev = out.at(-1) ?? '';
    if (VNI_TONE[ch] !== undefined) tone = VNI_TONE[ch];
    else if (ch === '6' && 'aeo'.includes(prev)) out = out.slice(0, -1) + ({ a: 'â', e: 'ê', o: 'ô' } as Record<string, string>)[prev];
    else if (ch === '7' && 'ou'.includes(prev)) out = out.slice(0, -1) + (prev === 'o' ? 'ơ' : 'ư');
    else if (ch === '7' && prev === 'ơ' && out.at(-2) === 'u') out = out.slice(0, -2) + 'ươ';
    else if (ch === '8' && prev === 'a') out = out.slice(0, -1) + 'ă';
    else if (ch === '9' && prev === 'd') out = out.slice(0, -1) + 'đ';
    else out += ch;
  }
  out = out.replace(/uơ/g, 'ươ');
  if (!plausible(out)) return word;
  return tone === undefined ? out : withTone(out, tone);
}

/** One typed word, repaired when it looks like Telex or VNI keys; otherwise itself. */
export function repairWord(word: string): string {
  const lower = word.normalize('NFC').toLowerCase();
  if (!/^[a-zđ0-9]+$/.test(lower) || /^[0-9]+$/.test(lower)) return word;
  if (/[a-zđ][0-9]/.test(lower)) return repairVniWord(lower);
  return repairTelexWord(lower);
}

/** The query with every Telex/VNI-looking word repaired (quotes and spacing kept); itself when nothing changed. */
export function repairTelex(query: string): string {
  return query.replace(/[\p{L}\p{N}]+/gu, (w) => repairWord(w));
}
