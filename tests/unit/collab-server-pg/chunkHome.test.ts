// Chunk bytes stay in files whichever store holds their metadata: under `<dataDir>/chunks`, or under the folder
// given (`chunksDir`, shared by the instances of one service).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { chunkFileSize, chunkPath, writeChunkFile } from '../../../collab-server/store/chunkFiles.ts';

const dirs: string[] = [];
const temp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'council-chunks-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('writes under the chunks folder when one is given, else under the data folder', async () => {
  const bytes = crypto.randomBytes(100);
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  const dataDir = temp();
  const shared = temp();
  await writeChunkFile({ dataDir, chunksDir: shared }, hash, bytes);
  expect(chunkPath({ dataDir, chunksDir: shared }, hash)).toBe(path.join(shared, hash.slice(0, 2), hash));
  expect(fs.readFileSync(path.join(shared, hash.slice(0, 2), hash))).toEqual(bytes);
  expect(fs.existsSync(path.join(dataDir, 'chunks'))).toBe(false);
  // Another instance with the same shared folder sees it; one using its data folder does not.
  expect(await chunkFileSize({ dataDir: temp(), chunksDir: shared }, hash)).toBe(100);
  expect(await chunkFileSize({ dataDir }, hash)).toBeUndefined();
  await writeChunkFile({ dataDir }, hash, bytes);
  expect(fs.existsSync(path.join(dataDir, 'chunks', hash.slice(0, 2), hash))).toBe(true);
});
