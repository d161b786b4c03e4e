// OCR of the pages that have no usable text layer, on the publisher's machine: the page rendered to a PNG by
// poppler's pdftoppm (pdf.js in Node would need a canvas), read by tesseract.js with the Vietnamese model of
// @tesseract.js-data/vie, loaded from node_modules — never from a CDN. Results are cached per page in the
// publisher's state folder, keyed by the rendered page's SHA-256 (and by document + page, which skips even the
// rendering), so republishing does not OCR again.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { WordBox } from '../../../common/search/documentText.ts';
import { CouncilError } from '../../../common/result.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** Rendering resolution: tesseract's models are trained on ~300 dpi text; 300 costs ~2× the time of 200 for little gain on clean pages. */
export const OCR_DPI = 250;
/** The model and settings a cached result came from: a new model or resolution gets its own cache. */
export const OCR_ENGINE = `tesseract.js-7/vie-4.0.0_best_int/lstm/${OCR_DPI}dpi`;
export const OCR_CACHE_DIR = 'ocr';

export interface OcrResult {
  readonly text: string;
  readonly boxes: readonly WordBox[];
  /** Mean word confidence, 0…100. */
  readonly confidence: number;
}

export interface OcrStats {
  /** Pages tesseract read in this run. */
  readonly recognised: number;
  /** Pages answered from the cache. */
  readonly cached: number;
}

export interface PageRef {
  /** The PDF on disk (rendered by pdftoppm). */
  readonly file: string;
  /** SHA-256 of the whole PDF: with the page number, the cache key that skips the rendering. */
  readonly sha256: string;
  readonly page: number;
}

/** The local Vietnamese model folder of @tesseract.js-data/vie (LSTM, best_int), checked to exist. */
export function vietnameseModelPath(): string {
  const dir = path.join(path.dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');
  if (!existsSync(path.join(dir, 'vie.traineddata.gz'))) throw new CouncilError('INTERNAL', `the Vietnamese OCR model is missing in ${dir}: run npm install`);
  return dir;
}

/** Renders one page to a grey PNG with pdftoppm. */
export async function renderPage(file: string, page: number, dpi = OCR_DPI): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'council-ocr-'));
  try {
    const out = path.join(dir, 'page');
    try {
      await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-gray', '-png', '-singlefile', file, out], { timeout: 120_000 });
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      throw new CouncilError('INTERNAL', missing ? 'pdftoppm (poppler-utils) is not installed: OCR needs it to render pages' : `pdftoppm could not render page ${page} of ${file}`);
    }
    return new Uint8Array(await readFile(`${out}.png`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Width and height from a PNG's IHDR. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 24 || view.getUint32(12) !== 0x49484452) throw new CouncilError('INTERNAL', 'not a PNG');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

interface TessWord {
  readonly text: string;
  readonly confidence: number;
  readonly bbox: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}
interface TessLine {
  readonly words: readonly TessWord[];
}
interface TessBlock {
  readonly paragraphs: readonly { readonly lines: readonly TessLine[] }[];
}
interface TessWorker {
  recognize(image: Buffer, options: object, output: object): Promise<{ data: { blocks: readonly TessBlock[] | null } }>;
  terminate(): Promise<unknown>;
}

/** Lines of words → the page text (one line per line, a blank line between paragraphs) and each word's box. */
export function layoutOf(blocks: readonly TessBlock[], width: number, height: number): OcrResult {
  let text = '';
  const boxes: WordBox[] = [];
  let confidence = 0;
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  const paragraphs = blocks.flatMap((b) => b.paragraphs);
  paragraphs.forEach((p, pi) => {
    if (pi > 0) text += '\n\n';
    p.lines.forEach((line, li) => {
      if (li > 0) text += '\n';
      line.words.forEach((w, wi) => {
        const word = w.text.normalize('NFC').trim();
        if (word.length === 0) return;
        if (wi > 0 && !text.endsWith('\n') && text.length > 0) text += ' ';
        const start = text.length;
        text += word;
        const { x0, y0, x1, y1 } = w.bbox;
        boxes.push({ start, end: text.length, x: clamp(x0 / width), y: clamp(y0 / height), w: clamp((x1 - x0) / width), h: clamp((y1 - y0) / height) });
        confidence += w.confidence;
      });
    });
  });
  return { text: text.trim() === '' ? '' : text, boxes: text.trim() === '' ? [] : boxes, confidence: boxes.length === 0 ? 0 : confidence / boxes.length };
}

// ---- the cache (plaintext of the publisher's own documents, beside the keys: owner-only, like the state)

const resultSchema = z.object({
  engine: z.string(),
  text: z.string(),
  confidence: z.number(),
  boxes: z.array(z.object({ start: z.number(), end: z.number(), x: z.number(), y: z.number(), w: z.number(), h: z.number() })),
});
const byPageSchema = z.object({ image: z.string().regex(/^[0-9a-f]{64}$/) });

class OcrCache {
  constructor(readonly dir: string) {}

  async #read(name: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(path.join(this.dir, name), 'utf8')) as unknown;
    } catch {
      return undefined; // missing or damaged: OCR again and overwrite
    }
  }

  async #write(name: string, value: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const tmp = path.join(this.dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify(value));
    } finally {
      await fh.close();
    }
    await rename(tmp, path.join(this.dir, name));
  }

  async byImage(imageSha: string): Promise<OcrResult | undefined> {
    const parsed = resultSchema.safeParse(await this.#read(`image-${imageSha}.json`));
    return parsed.success && parsed.data.engine === OCR_ENGINE ? { text: parsed.data.text, boxes: parsed.data.boxes, confidence: parsed.data.confidence } : undefined;
  }

  async imageOfPage(ref: PageRef): Promise<string | undefined> {
    const parsed = byPageSchema.safeParse(await this.#read(`page-${ref.sha256}-${ref.page}.json`));
    return parsed.success ? parsed.data.image : undefined;
  }

  async put(ref: PageRef, imageSha: string, result: OcrResult): Promise<void> {
    await this.#write(`image-${imageSha}.json`, { engine: OCR_ENGINE, ...result });
    await this.#write(`page-${ref.sha256}-${ref.page}.json`, { image: imageSha });
  }
}

export interface OcrEngineOptions {
  /** Where results are cached: the publisher's state folder's ocr/ (ocrCacheDir in publish.ts). */
  readonly cacheDir: string;
}

/** One tesseract worker for a publish run, started on the first page that needs it; `close` ends it. */
export class OcrEngine {
  readonly #cache: OcrCache;
  #worker: Promise<TessWorker> | undefined;
  #recognised = 0;
  #cached = 0;

  constructor(options: OcrEngineOptions) {
    this.#cache = new OcrCache(options.cacheDir);
  }

  get stats(): OcrStats {
    return { recognised: this.#recognised, cached: this.#cached };
  }

  async #start(): Promise<TessWorker> {
    const { createWorker, OEM } = (await import('tesseract.js')).default;
    // langPath is a local folder, so tesseract.js reads the file instead of fetching; cacheMethod 'none' keeps it
    // from writing a copy of the model into the working directory.
    const worker = await createWorker('vie', OEM.LSTM_ONLY, { langPath: vietnameseModelPath(), gzip: true, cacheMethod: 'none' });
    return worker as unknown as TessWorker;
  }

  /** The page's text, from the cache when this page (or an identical rendering) was read before. */
  async recognise(ref: PageRef): Promise<OcrResult> {
    const knownImage = await this.#cache.imageOfPage(ref);
    const early = knownImage === undefined ? undefined : await this.#cache.byImage(knownImage);
    if (early) {
      this.#cached++;
      return early;
    }
    const png = await renderPage(ref.file, ref.page);
    const imageSha = createHash('sha256').update(png).digest('hex');
    const cached = await this.#cache.byImage(imageSha);
    if (cached) {
      this.#cached++;
      await this.#cache.put(ref, imageSha, cached);
      return cached;
    }
    this.#worker ??= this.#start();
    const worker = await this.#worker;
    const { data } = await worker.recognize(Buffer.from(png), {}, { blocks: true, text: false });
    const { width, height } = pngSize(png);
    const result = layoutOf(data.blocks ?? [], width, height);
    this.#recognised++;
    await this.#cache.put(ref, imageSha, result);
    return result;
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await (await w).terminate();
  }
}
