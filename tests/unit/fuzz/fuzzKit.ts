// The fuzz suite's tools: a seeded generator (FUZZ_SEED replays a run), input generators, and the corpus
// of inputs that once broke something (tests/fuzz-corpus/<target>.json), replayed before the random ones.
// Tests write only under tests/artifacts/: a new failing input goes to tests/artifacts/fuzz-corpus/, is
// replayed from there on the next local run, and is copied into tests/fuzz-corpus/ with the fix.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../../fuzz-corpus', import.meta.url));
export const FOUND_DIR = fileURLToPath(new URL('../../artifacts/fuzz-corpus', import.meta.url));

/** The run's seed: FUZZ_SEED when given (replay), else a fresh one. Printed with every failure. */
export function runSeed(): number {
  const given = process.env['FUZZ_SEED'];
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isSafeInteger(n)) throw new Error(`FUZZ_SEED must be an integer, got "${given}"`);
    return n >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** mulberry32: small, fast, good enough to pick inputs; the same seed gives the same run. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** Mostly small sizes, sometimes large ones: where the bugs are. */
  size(max: number): number {
    const r = this.next();
    if (r < 0.6) return this.int(Math.min(max, 16) + 1);
    if (r < 0.9) return this.int(Math.min(max, 512) + 1);
    return this.int(max + 1);
  }
}

const STRINGS = ['', 'a', 'null', '0', '-1', '1e309', '__proto__', 'constructor', 'm1', 'd1', '../..', '\u0000', 'Kỳ họp', '😀', 'x'.repeat(300)];

export function randomString(rng: Rng): string {
  if (rng.chance(0.5)) return rng.pick(STRINGS);
  const n = rng.size(64);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.chance(0.9) ? 32 + rng.int(95) : rng.int(0x3000));
  return s;
}

const NUMBERS = [0, -0, 1, -1, 2 ** 31, 2 ** 53, -(2 ** 53), 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2];

export function randomJson(rng: Rng, depth = 3): unknown {
  const r = rng.int(depth > 0 ? 7 : 4);
  switch (r) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NUMBERS);
    case 3:
      return randomString(rng);
    case 4:
    case 5:
      return Array.from({ length: rng.size(6) }, () => randomJson(rng, depth - 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.size(6); i > 0; i--) out[randomString(rng)] = randomJson(rng, depth - 1);
      return out;
    }
  }
}

/** Replaces, drops or retypes one field somewhere in a JSON value (a copy). */
export function mutateJson(rng: Rng, value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object' || rng.chance(0.2)) {
    return rng.chance(0.5) ? randomJson(rng, 2) : rng.pick([null, 0, '', [], {}, true, 'x'.repeat(rng.size(5000)), -1]);
  }
  if (Array.isArray(value)) {
    const copy = [...value];
    const r = rng.next();
    if (copy.length === 0 || r < 0.2) copy.push(randomJson(rng, 2));
    else if (r < 0.4) copy.splice(rng.int(copy.length), 1);
    else {
      const i = rng.int(copy.length);
      copy[i] = mutateJson(rng, copy[i], depth + 1);
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const r = rng.next();
  if (keys.length === 0 || r < 0.15) copy[randomString(rng)] = randomJson(rng, 2);
  else if (r < 0.35) delete copy[rng.pick(keys)];
  else {
    const k = rng.pick(keys);
    copy[k] = mutateJson(rng, copy[k], depth + 1);
  }
  return copy;
}

/** `[[[...]]]` or `{"a":{"a":...}}` as text, nested `depth` times. */
export function deepJsonText(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Flips, inserts, deletes or truncates bytes of a valid input (a copy). */
export function mutateBytes(rng: Rng, input: Uint8Array): Uint8Array {
  const out = Array.from(input);
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const op = rng.int(5);
    const i = out.length === 0 ? 0 : rng.int(out.length);
    if (op === 0 && out.length > 0) out[i] = rng.int(256);
    else if (op === 1) out.splice(i, 0, ...rng.bytes(1 + rng.int(8)));
    else if (op === 2 && out.length > 0) out.splice(i, 1 + rng.int(4));
    else if (op === 3) out.length = i;
    else out.splice(i, 0, rng.pick([0x7f, 0x80, 0xff, 0xc0, 0xfe]), ...rng.bytes(rng.int(3)).map(() => 0xff));
  }
  return new Uint8Array(out);
}

/** Bytes that are not UTF-8: lone continuation bytes, overlong forms, a cut multi-byte sequence. */
export function badUtf8(rng: Rng): Uint8Array {
  const samples = [[0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80]];
  const prefix = new TextEncoder().encode('{"id":"');
  return new Uint8Array([...prefix, ...rng.pick(samples), ...new TextEncoder().encode('"}')]);
}

// ---- corpus

export interface CorpusEntry<T> {
  /** What it broke and when; open entries name the issue that still has to fix them. */
  readonly why: string;
  readonly input: T;
}

function readEntries<T>(file: string): CorpusEntry<T>[] {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusEntry<T>[]) : [];
}

/** The kept corpus, then this checkout's new finds. */
export function loadCorpus<T>(target: string): CorpusEntry<T>[] {
  return [...readEntries<T>(path.join(CORPUS_DIR, `${target}.json`)), ...readEntries<T>(path.join(FOUND_DIR, `${target}.json`))];
}

/** Records a failing input (once) among the finds, so the next run replays it first. */
export function saveToCorpus<T>(target: string, entry: CorpusEntry<T>): void {
  const text = JSON.stringify(entry.input);
  if (loadCorpus<T>(target).some((e) => JSON.stringify(e.input) === text)) return;
  const file = path.join(FOUND_DIR, `${target}.json`);
  fs.mkdirSync(FOUND_DIR, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify([...readEntries<T>(file), entry], null, 2)}\n`);
}

/** The error a fuzz failure reports: seed, input, and where it was saved. */
export function fuzzFailure(target: string, seed: number, input: unknown, cause: unknown): Error {
  const why = cause instanceof Error ? cause.message : String(cause);
  let shown = JSON.stringify(input);
  if (shown.length > 2000) shown = `${shown.slice(0, 2000)}… (${shown.length} characters)`;
  const where = `saved to tests/artifacts/fuzz-corpus/${target}.json; add it to tests/fuzz-corpus/${target}.json with the fix`;
  return new Error(`fuzz ${target} failed (replay: FUZZ_SEED=${seed}; input ${where}): ${why}\ninput: ${shown}`, { cause });
}

export const toB64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
export const fromB64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
