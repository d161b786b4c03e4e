// A draft as a ZIP (the meeting folder `council publish` reads) and back: import a ZIP, or a meeting folder
// on this machine, as a new draft. The publisher keys stay out of the ZIP unless asked for (they travel in the
// passphrase backup instead, keysBackup.ts); invitations (they hold every member's secret) and the OCR cache
// never go in.
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { cp, lstat, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import path from 'node:path';
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { MEETING_FILE } from '../publish/documents.ts';
import { STATE_DIR, STATE_FILE } from '../publish/state.ts';
import { CONSOLE_META_FILE } from './draftFolder.ts';
import { PUBLISHED_DIR } from './changes.ts';

/** Files of .council/ that a ZIP carries: the console's metadata and the published copy; the keys only when asked. */
function carried(rel: string, withKeys: boolean): boolean {
  const parts = rel.split('/');
  if (parts[0] === 'invitations') return false;
  if (parts[0] !== STATE_DIR) return true;
  if (rel === `${STATE_DIR}/${CONSOLE_META_FILE}`) return true;
  if (rel.startsWith(`${PUBLISHED_DIR.split(path.sep).join('/')}/`)) return true;
  return withKeys && rel === `${STATE_DIR}/${STATE_FILE}`;
}

async function walk(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await walk(root, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** The files a draft's ZIP holds, relative to the folder. */
export async function exportedFiles(folder: string, withKeys: boolean): Promise<string[]> {
  return (await walk(folder)).filter((rel) => carried(rel, withKeys) && !rel.endsWith('.tmp'));
}

/**
 * Writes the draft's ZIP into `out` as it reads the files (a draft of several hundred MB never sits in memory).
 * PDFs barely compress: they are stored; the JSON and CSV are deflated.
 */
export async function writeExportZip(folder: string, withKeys: boolean, out: Writable): Promise<void> {
  const files = await exportedFiles(folder, withKeys);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  // A client gone after the last byte must not become an unhandled rejection.
  failed.catch(() => undefined);
  const zip = new Zip((err, data, final) => {
    if (err) out.destroy(err);
    else {
      out.write(data);
      if (final) out.end();
    }
  });
  const run = async (): Promise<void> => {
    for (const rel of files) {
      const entry = /\.pdf$/i.test(rel) ? new ZipPassThrough(rel) : new ZipDeflate(rel, { level: 6 });
      zip.add(entry);
      for await (const chunk of createReadStream(path.join(folder, rel)) as AsyncIterable<Buffer>) {
        entry.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (out.writableNeedDrain) await once(out, 'drain');
      }
      entry.push(new Uint8Array(0), true);
    }
    zip.end();
    if (!out.writableFinished) await once(out, 'finish');
  };
  await Promise.race([run(), failed]);
}

const badZip = (detail: string): CouncilError => new CouncilError('BAD_REQUEST', consoleMessage('ZIP_INVALID', { detail }));

/** A safe relative path of a ZIP entry, or undefined to skip it (a folder entry); throws on a path that escapes. */
function entryPath(name: string): string | undefined {
  if (name.endsWith('/')) return undefined;
  if (name.includes('\0') || name.includes('\\') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw badZip(name);
  const parts = name.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) throw badZip(name);
  return name;
}

/** The folder inside the ZIP that holds meeting.json: the root, or the one top folder a zipped folder has. */
function prefixOf(names: readonly string[]): string {
  if (names.includes(MEETING_FILE)) return '';
  const nested = names.filter((n) => n.split('/').length === 2 && n.endsWith(`/${MEETING_FILE}`));
  if (nested.length === 1 && nested[0] !== undefined) return nested[0].slice(0, -MEETING_FILE.length);
  throw badZip(`${MEETING_FILE} not found`);
}

/** What a ZIP may unpack to at most (a ZIP bomb is refused before it is inflated). */
export const MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 10_000;
/**
 * A draft's ZIP unpacks to about its own size (the PDFs, most of it, barely compress; another tool may deflate
 * them some): past this ratio plus a little room for the JSON and CSV it is a bomb, refused before it is inflated
 * into memory (the absolute bound alone let a 2 MB file make the console hold 2 GiB).
 */
export const MAX_UNZIP_RATIO = 20;
const UNZIP_SLACK_BYTES = 16 * 1024 * 1024;

export async function importZipInto(folder: string, bytes: Uint8Array): Promise<void> {
  let entries: Record<string, Uint8Array>;
  let total = 0;
  let count = 0;
  const limit = Math.min(MAX_UNZIPPED_BYTES, bytes.byteLength * MAX_UNZIP_RATIO + UNZIP_SLACK_BYTES);
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        count += 1;
        if (total > limit || count > MAX_ZIP_ENTRIES) throw badZip('too large when unpacked');
        return true;
      },
    });
  } catch (e) {
    if (e instanceof CouncilError) throw e;
    throw badZip(e instanceof Error ? e.message : String(e));
  }
  const names = Object.keys(entries).flatMap((n) => entryPath(n) ?? []);
  const prefix = prefixOf(names);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rel = name.slice(prefix.length);
    if (!carried(rel, true)) continue;
    const target = path.join(folder, rel);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const data = entries[name];
    if (data) await writeFile(target, data, { mode: 0o600 });
  }
}

/** Copies a meeting folder of this machine (its publisher state too: the draft continues that meeting). */
export async function importFolderInto(folder: string, source: string): Promise<void> {
  const from = path.resolve(source);
  const st = await stat(path.join(from, MEETING_FILE)).catch(() => undefined);
  if (!st?.isFile()) throw new CouncilError('BAD_REQUEST', consoleMessage('FOLDER_INVALID', { path: from }));
  // Links are not copied: a draft holds only its own files. A folder is entered when something in it may be carried
  // (.council/ itself is not a carried file, yet holds the publisher state and the console's metadata).
  await cp(from, folder, {
    recursive: true,
    filter: async (src) => {
      const st = await lstat(src);
      if (st.isSymbolicLink()) return false;
      const rel = path.relative(from, src).split(path.sep).join('/') || '.';
      return st.isDirectory() ? rel === '.' || rel === STATE_DIR || carried(`${rel}/-`, true) : carried(rel, true);
    },
  });
}
