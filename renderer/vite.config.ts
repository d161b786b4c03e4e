// Builds the browser client that `council serve` hands out (and Electron loads): renderer/ → renderer/dist.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './sw/serviceWorkerPlugin.ts';
import { pdfjsAssets } from './viewer/pdfAssets.ts';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** Already compressed inside: a second pass only costs build time. */
const INCOMPRESSIBLE = /\.(png|jpe?g|gif|webp|avif|ico|woff2?|br|gz|zip)$/i;
/** Below this, the saving is smaller than the extra header lines. */
const MIN_BYTES = 512;
/** Keep a variant only when it saves at least this fraction. */
const MIN_SAVING = 0.1;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Writes the variants worth keeping; returns [bytes before, bytes of the brotli variant or the file]. */
async function precompressFile(file: string): Promise<[number, number]> {
  const source = await readFile(file);
  if (source.length < MIN_BYTES) return [source.length, source.length];
  const [br, gzipped] = await Promise.all([
    brotli(source, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: source.length } }),
    gz(source, { level: 9 }),
  ]);
  const worth = (out: Buffer) => out.length <= source.length * (1 - MIN_SAVING);
  if (worth(br)) await writeFile(`${file}.br`, br);
  if (worth(gzipped)) await writeFile(`${file}.gz`, gzipped);
  return [source.length, worth(br) ? br.length : source.length];
}

/**
 * Writes `x.br` (brotli 11) and `x.gz` (gzip 9) beside every compressible file of the build, after every other
 * plugin (the service worker's precache list never names them). collab-server/http/staticFiles.ts picks one by
 * Accept-Encoding; Electron's app:// protocol reads the plain files.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'paperless-council:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = (await filesUnder(outDir)).filter((f) => !INCOMPRESSIBLE.test(f));
      // A few at a time: brotli 11 is CPU-bound and the pool has four threads.
      let [before, after] = [0, 0];
      for (let i = 0; i < files.length; i += 4) {
        for (const [b, a] of await Promise.all(files.slice(i, i + 4).map(precompressFile))) [before, after] = [before + b, after + a];
      }
      this.info(`precompressed ${files.length} files: ${Math.round(before / 1024)} KiB, ${Math.round(after / 1024)} KiB with brotli`);
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  // The favicon, the web manifest and its icons, copied as they are (their names are in the manifest).
  publicDir: '../resources/web',
  plugins: [react(), pdfjsAssets(), serviceWorker(), precompress()],
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
});
