// Chunk ciphertext on disk: <chunks>/<hash[0..2]>/<hash>, where <chunks> is <dataDir>/chunks or the folder given
// (`--chunks DIR`, shared by the instances of one service: the bytes never go into PostgreSQL). Written to a temp file, fsynced, then
// renamed, so a crash leaves either no chunk or a whole one — never a half-written file under its hash.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HASH_PATTERN } from '../../common/pack/format.ts';

/** Where a server's chunks live: its data folder, unless a chunks folder is given. */
export interface ChunkHome {
  readonly dataDir: string;
  readonly chunksDir?: string;
}

export function chunksDir(home: ChunkHome): string {
  return home.chunksDir ?? path.join(home.dataDir, 'chunks');
}

export function chunkPath(home: ChunkHome, hash: string): string {
  // The hash is the only part of the path that comes from a request: assert it before joining.
  if (!HASH_PATTERN.test(hash)) throw new Error(`not a chunk hash: ${hash}`);
  return path.join(chunksDir(home), hash.slice(0, 2), hash);
}

export async function writeChunkFile(home: ChunkHome, hash: string, bytes: Uint8Array): Promise<void> {
  const final = chunkPath(home, hash);
  const dir = path.dirname(final);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${hash}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, final);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/** The rename itself is durable only once the directory entry is flushed. */
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function chunkFileSize(home: ChunkHome, hash: string): Promise<number | undefined> {
  try {
    return (await fs.stat(chunkPath(home, hash))).size;
  } catch {
    return undefined;
  }
}
