// pdfjsAssets(): serves pdf.js's cMaps, standard fonts, wasm decoders and ICC profiles under `<base>pdfjs/` in dev,
// and copies them into the build output, so the viewer never fetches them from a CDN.

import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import type { Plugin } from 'vite';
import { PDFJS_ASSET_DIR, PDFJS_ASSET_FOLDERS } from './pdfAssetPaths.ts';

function pdfjsRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile());
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  bcmap: 'application/octet-stream',
  pfb: 'application/octet-stream',
  ttf: 'font/ttf',
  wasm: 'application/wasm',
  icc: 'application/vnd.iccprofile',
};

/** Maps `/<base>pdfjs/<folder>/<file>` to a file inside pdfjs-dist, refusing anything outside the allowed folders. */
export function resolveAssetPath(root: string, urlPath: string, base = '/'): string | undefined {
  const prefix = `${base}${PDFJS_ASSET_DIR}/`;
  if (!urlPath.startsWith(prefix)) return undefined;
  const [folder, file, ...rest] = decodeURIComponent(urlPath.slice(prefix.length).split('?')[0] ?? '').split('/');
  if (rest.length > 0 || file === undefined || file === '' || file.startsWith('.')) return undefined;
  if (!(PDFJS_ASSET_FOLDERS as readonly string[]).includes(folder ?? '')) return undefined;
  const full = normalize(join(root, folder ?? '', file));
  return full.startsWith(join(root, folder ?? '') + sep) ? full : undefined;
}

export function pdfjsAssets(): Plugin {
  const root = pdfjsRoot();
  let base = '/';
  return {
    name: 'paperless-council:pdfjs-assets',
    configResolved(config) {
      base = config.base.startsWith('/') ? config.base : '/';
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = resolveAssetPath(root, req.url ?? '', base);
        if (path === undefined) return next();
        try {
          statSync(path);
        } catch {
          return next();
        }
        const ext = path.slice(path.lastIndexOf('.') + 1);
        res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
        createReadStream(path).pipe(res);
      });
    },
    generateBundle() {
      for (const folder of PDFJS_ASSET_FOLDERS) {
        for (const name of listFiles(join(root, folder))) {
          this.emitFile({ type: 'asset', fileName: `${PDFJS_ASSET_DIR}/${folder}/${name}`, source: readFileSync(join(root, folder, name)) });
        }
      }
    },
  };
}
