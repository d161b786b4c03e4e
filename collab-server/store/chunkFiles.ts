// Chunk ciphertext on disk: <dataDir>/chunks/<hash[0..2]>/<hash>. Written to a temp file, fsynced, then
// renamed, so a crash leaves either no chunk or a whole one — never a half-written file under its hash.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HASH_PATTERN } from '../../common/pack/format.ts';

export function chunksDir(dataDir: string): string {
  return path.join(dataDir, 'chunks');
}

export function chunkPath(dataDir: string, hash: string): string {
  // The hash is the only part of the path that comes from a request: assert it before joining.
  if (!HASH_PATTERN.test(hash)) throw new Error(`not a chunk hash: ${hash}`);
  return path.join(chunksDir(dataDir), hash.slice(0, 2), hash);
}

export async function writeChunkFile(dataDir: string, hash: string, bytes: Uint8Array): Promise<void> {
  const final = chunkPath(dataDir, hash);
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

export async function chunkFileSize(dataDir: string, hash: string): Promise<number | undefined> {
  try {
    return (await fs.stat(chunkPath(dataDir, hash))).size;
  } catch {
    return undefined;
  }
}
