// Pack encryption and decryption+verification throughput against plain AES-GCM and a plain file copy of
// the same bytes, and the peak memory of decrypting a large pack (in a child process, so RSS is its own).
import { createCipheriv, randomBytes as nodeRandom } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from '../../common/pack/crypto.ts';
import { toB64url } from '../../common/pack/encoding.ts';
import { decryptDocument, encryptDocument } from '../../common/pack/stream.ts';
import { nodeHasherFactory } from '../../main/services/nodeHasher.ts';
import { MB, type BenchRow } from '../table.ts';

interface PackOnDisk {
  readonly dir: string;
  readonly entry: { id: string; noncePrefix: string; chunks: { hash: string; size: number }[]; sha256: string; bytes: number };
  readonly key: Uint8Array;
}

async function makePlainFile(path: string, bytes: number): Promise<void> {
  const fh = await open(path, 'w');
  const block = nodeRandom(4 * MB);
  for (let done = 0; done < bytes; done += block.length) await fh.write(block, 0, Math.min(block.length, bytes - done));
  await fh.close();
}

/** Encrypts a file into content-addressed chunk files, streaming. */
export async function encryptFileToChunks(plainPath: string, dir: string): Promise<PackOnDisk> {
  await mkdir(dir, { recursive: true });
  const key = randomBytes(32);
  const noncePrefix = randomBytes(7);
  const chunks: { hash: string; size: number }[] = [];
  const hasher = nodeHasherFactory();
  let bytes = 0;
  async function* source() {
    for await (const piece of createReadStream(plainPath, { highWaterMark: MB }) as AsyncIterable<Buffer>) {
      hasher.update(piece);
      bytes += piece.length;
      yield piece;
    }
  }
  for await (const c of encryptDocument({ docId: 'bench', key, noncePrefix, source: source() })) {
    await writeFile(join(dir, c.hash), c.ciphertext);
    chunks.push({ hash: c.hash, size: c.ciphertext.length });
  }
  const entry = { id: 'bench', noncePrefix: toB64url(noncePrefix), chunks, sha256: hasher.digestHex(), bytes };
  return { dir, entry, key };
}

/** Decrypts and verifies every chunk, writing the plaintext out; memory stays at a few chunks. */
export async function decryptChunksToFile(pack: PackOnDisk, outPath: string | null, onChunk?: () => void): Promise<void> {
  const out = outPath ? await open(outPath, 'w') : null;
  const readChunk = (_i: number, hash: string) => readFile(join(pack.dir, hash));
  for await (const plain of decryptDocument({ entry: pack.entry, key: pack.key, readChunk, hasherFactory: nodeHasherFactory, verifyAddress: true })) {
    if (out) await out.write(plain);
    onChunk?.();
  }
  await out?.close();
}

async function plainAesGcm(src: string, dst: string): Promise<void> {
  const cipher = createCipheriv('aes-256-gcm', nodeRandom(32), nodeRandom(12));
  await pipeline(createReadStream(src, { highWaterMark: MB }), cipher, createWriteStream(dst));
}

async function best(runs: number, f: () => Promise<void>): Promise<number> {
  let t = Infinity;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await f();
    t = Math.min(t, performance.now() - s);
  }
  return t / 1000;
}

export async function runPackBench(opts: { sizeMb?: number; rssSizeMb?: number } = {}): Promise<BenchRow[]> {
  const size = (opts.sizeMb ?? 200) * MB;
  const root = join(tmpdir(), `council-bench-pack-${process.pid}`);
  await mkdir(root, { recursive: true });
  try {
    const plain = join(root, 'plain.bin');
    await makePlainFile(plain, size);
    const copyS = await best(3, () => copyFile(plain, join(root, 'copy.bin')));
    const aesS = await best(3, () => plainAesGcm(plain, join(root, 'aes.bin')));
    let pack: PackOnDisk | undefined;
    const encS = await best(3, async () => {
      await rm(join(root, 'chunks'), { recursive: true, force: true });
      pack = await encryptFileToChunks(plain, join(root, 'chunks'));
    });
    const decS = await best(3, () => decryptChunksToFile(pack!, join(root, 'out.bin')));
    const mbps = (s: number) => size / MB / s;
    const base = `copy ${mbps(copyS).toFixed(0)} MB/s, plain AES-GCM ${mbps(aesS).toFixed(0)} MB/s`;
    const rows: BenchRow[] = [
      { group: 'pack', name: `encrypt ${size / MB} MB (chunks to disk)`, value: mbps(encS), unit: 'MB/s', baseline: base, note: `${((copyS / encS) * 100).toFixed(0)} % of copy (goal ≥ 90 %)` },
      { group: 'pack', name: `decrypt+verify ${size / MB} MB`, value: mbps(decS), unit: 'MB/s', baseline: base, note: `${((copyS / decS) * 100).toFixed(0)} % of copy (goal ≥ 90 %)` },
    ];
    rows.push(await peakRssRow(root, (opts.rssSizeMb ?? 500) * MB));
    return rows;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function peakRssRow(root: string, bytes: number): Promise<BenchRow> {
  const plain = join(root, 'big.bin');
  await makePlainFile(plain, bytes);
  const pack = await encryptFileToChunks(plain, join(root, 'big-chunks'));
  await rm(plain);
  const specPath = join(root, 'big-pack.json');
  await writeFile(specPath, JSON.stringify({ dir: pack.dir, entry: pack.entry, key: toB64url(pack.key) }));
  const child = fork(fileURLToPath(new URL('./decryptChild.ts', import.meta.url)), [specPath], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = await new Promise<{ idleKb: number; peakKb: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { idleKb: number; peakKb: number }));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`decrypt child exited ${code}`)));
  });
  const above = (result.peakKb - result.idleKb) / 1024;
  return { group: 'pack', name: `peak RSS decrypting ${bytes / MB} MB`, value: above, unit: 'MiB above idle', baseline: `idle ${(result.idleKb / 1024).toFixed(0)} MiB`, note: 'goal ≤ 64 MiB' };
}
