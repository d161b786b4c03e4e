// A tiny static server for the viewer harness (node:http on port 0): the built dist/ plus named PDF files.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARNESS_DIST = fileURLToPath(new URL('./dist', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface HarnessServer {
  readonly url: string;
  close(): Promise<void>;
}

function resolve(root: string, files: ReadonlyMap<string, string>, urlPath: string): string | undefined {
  const path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  if (path.startsWith('/files/')) return files.get(path.slice('/files/'.length));
  const full = normalize(join(root, path === '/' ? 'ours.html' : path));
  return full.startsWith(root + sep) ? full : undefined;
}

/** Serves `root` and, under /files/<name>, the given files. */
export async function startHarnessServer(files: ReadonlyMap<string, string>, root = HARNESS_DIST): Promise<HarnessServer> {
  const server: Server = createServer((req, res) => {
    const path = resolve(root, files, req.url ?? '/');
    const fail = () => {
      res.statusCode = 404;
      res.end('not found');
    };
    if (path === undefined) return fail();
    stat(path).then((s) => {
      if (!s.isFile()) return fail();
      res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
      res.setHeader('Content-Length', s.size);
      res.setHeader('Cache-Control', 'no-store');
      createReadStream(path).pipe(res);
    }, fail);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
