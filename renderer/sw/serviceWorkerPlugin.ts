// Emits /sw.js with a precache list of every built file and a cache name versioned by their contents.
// Written by hand (no workbox): network-first for the page, cache-first for hashed assets, /api/ never cached.
import type { Plugin } from 'vite';
import { serviceWorkerSource } from './serviceWorkerSource.ts';

export const SW_FILE = 'sw.js';

/** FNV-1a over the file names and contents: a cache version that changes whenever any file does. */
export function contentVersion(files: readonly (readonly [string, string | Uint8Array])[]): string {
  let h = 0x811c9dc5;
  const mix = (byte: number) => {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const encoder = new TextEncoder();
  for (const [name, source] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    for (const b of encoder.encode(name)) mix(b);
    for (const b of typeof source === 'string' ? encoder.encode(source) : source) mix(b);
  }
  return h.toString(16).padStart(8, '0');
}

export function serviceWorker(): Plugin {
  return {
    name: 'paperless-council:service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle)
        .filter((f) => f.fileName !== SW_FILE && !f.fileName.endsWith('.map'))
        .map((f) => [f.fileName, f.type === 'asset' ? f.source : f.code] as const);
      // The TTF fonts are only for the results PDF made on the device (renderer/live/records): ~1 MB nobody needs
      // on the first visit, so they are not precached; the first export fetches them and the fetch handler keeps them.
      const urls = ['/', ...files.map(([name]) => `/${name}`).filter((u) => u !== '/index.html' && !u.endsWith('.ttf'))];
      this.emitFile({ type: 'asset', fileName: SW_FILE, source: serviceWorkerSource(contentVersion(files), urls) });
    },
  };
}
