// One index shard per document: its page texts and, per folded term, where it occurs (page, token position,
// which written form). A shard is built only from a document this device can decrypt, so a confidential
// document's terms exist only on its readers' devices; it is stored sealed with that document's key (seal.ts).
import { tokenize } from './analyzer.ts';
import type { PageTextSource } from './documentText.ts';

export const SHARD_FORMAT = 2;

export type PageSource = PageTextSource;

export interface ShardPage {
  readonly page: number;
  readonly text: string;
  readonly source: PageSource;
}

export interface ShardMeta {
  readonly documentId: string;
  readonly title: string;
  readonly confidential: boolean;
  /** What the shard was built from ("text:<sha256 of the text blob>" or "pdf:<sha256 of the PDF>"): another value rebuilds it. */
  readonly version: string;
}

export interface TermEntry {
  readonly forms: readonly string[];
  /** Absolute triples: page index, token position, form index. */
  readonly postings: Int32Array;
}

/** A shard in memory, ready to query. */
export interface ShardIndex extends ShardMeta {
  readonly pages: readonly ShardPage[];
  readonly terms: ReadonlyMap<string, TermEntry>;
  /** Sorted, for prefix ranges. */
  readonly sorted: readonly string[];
  /** Where each page's tokens start in one numbering of the whole document (length pages + 1): phrases by array lookups. */
  readonly base: Int32Array;
}

function baseOf(tokens: readonly number[]): Int32Array {
  const base = new Int32Array(tokens.length + 1);
  tokens.forEach((t, i) => (base[i + 1] = base[i]! + t));
  return base;
}

interface Building {
  readonly forms: string[];
  readonly formIndex: Map<string, number>;
  readonly postings: number[];
}

export function buildShard(meta: ShardMeta, pages: readonly ShardPage[]): ShardIndex {
  const building = new Map<string, Building>();
  const counts: number[] = [];
  pages.forEach((p, pageIndex) => {
    const tokens = tokenize(p.text);
    counts.push(tokens.length);
    tokens.forEach((t, pos) => {
      let b = building.get(t.folded);
      if (b === undefined) {
        b = { forms: [], formIndex: new Map(), postings: [] };
        building.set(t.folded, b);
      }
      let f = b.formIndex.get(t.form);
      if (f === undefined) {
        f = b.forms.length;
        b.forms.push(t.form);
        b.formIndex.set(t.form, f);
      }
      b.postings.push(pageIndex, pos, f);
    });
  });
  const terms = new Map<string, TermEntry>();
  for (const [term, b] of building) terms.set(term, { forms: b.forms, postings: Int32Array.from(b.postings) });
  return { ...meta, pages, terms, sorted: [...terms.keys()].sort(), base: baseOf(counts) };
}

/** The stored form: a 4-byte length, the JSON head (texts, terms, forms), then every term's postings as varints. */
export interface ShardHead extends ShardMeta {
  readonly v: typeof SHARD_FORMAT;
  readonly pages: readonly ShardPage[];
  /** Tokens per page. */
  readonly tokens: readonly number[];
  /** Term, its written forms, and how many postings (triples) it has, in the order of the postings bytes. */
  readonly terms: readonly (readonly [term: string, forms: readonly string[], triples: number])[];
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

/** Postings delta-coded (page index Δ; position Δ on the same page, else absolute; form), as varints. */
export function shardToBytes(s: ShardIndex): Uint8Array {
  let total = 0;
  for (const e of s.terms.values()) total += e.postings.length;
  const body = new Uint8Array(total * 5);
  let at = 0;
  const terms: [string, readonly string[], number][] = [];
  for (const term of s.sorted) {
    const e = s.terms.get(term)!;
    let page = 0;
    let pos = 0;
    for (let i = 0; i < e.postings.length; i += 3) {
      const p = e.postings[i]!;
      const position = e.postings[i + 1]!;
      at = writeVarint(body, at, p - page);
      at = writeVarint(body, at, p === page ? position - pos : position);
      at = writeVarint(body, at, e.postings[i + 2]!);
      page = p;
      pos = position;
    }
    terms.push([term, e.forms, e.postings.length / 3]);
  }
  const tokens = Array.from({ length: s.pages.length }, (_, i) => s.base[i + 1]! - s.base[i]!);
  const head: ShardHead = { v: SHARD_FORMAT, documentId: s.documentId, title: s.title, confidential: s.confidential, version: s.version, pages: s.pages, tokens, terms };
  const headBytes = new TextEncoder().encode(JSON.stringify(head));
  const out = new Uint8Array(4 + headBytes.length + at);
  new DataView(out.buffer).setUint32(0, headBytes.length);
  out.set(headBytes, 4);
  out.set(body.subarray(0, at), 4 + headBytes.length);
  return out;
}

export function shardFromBytes(bytes: Uint8Array): ShardIndex {
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const head = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headLength))) as ShardHead;
  if (head.v !== SHARD_FORMAT) throw new Error(`search shard format ${String(head.v)}`);
  let at = 4 + headLength;
  const read = (): number => {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[at++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b >= 0x80);
    return v;
  };
  const terms = new Map<string, TermEntry>();
  const sorted: string[] = [];
  for (const [term, forms, triples] of head.terms) {
    const postings = new Int32Array(triples * 3);
    let page = 0;
    let pos = 0;
    for (let i = 0; i < postings.length; i += 3) {
      const dp = read();
      page += dp;
      const p = read();
      pos = dp === 0 ? pos + p : p;
      postings[i] = page;
      postings[i + 1] = pos;
      postings[i + 2] = read();
    }
    terms.set(term, { forms, postings });
    sorted.push(term);
  }
  sorted.sort();
  return { documentId: head.documentId, title: head.title, confidential: head.confidential, version: head.version, pages: head.pages, terms, sorted, base: baseOf(head.tokens) };
}

/** The terms of `s` starting with `prefix` (a range of the sorted list). */
export function termsWithPrefix(s: ShardIndex, prefix: string): string[] {
  let lo = 0;
  let hi = s.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < s.sorted.length && s.sorted[i]!.startsWith(prefix); i++) out.push(s.sorted[i]!);
  return out;
}
