// Child process of the peak-RSS benchmark: decrypts and verifies a pack from disk, reports max RSS.
import { readFile } from 'node:fs/promises';
import { fromB64url } from '../../common/pack/encoding.ts';
import { decryptChunksToFile } from './packBench.ts';

const spec = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as { dir: string; entry: never; key: string };
const pack = { dir: spec.dir, entry: spec.entry, key: fromB64url(spec.key)! };
// Warm up the crypto and module code first, so "idle" means ready-to-work, not a cold process.
// RSS is sampled after every chunk: ru_maxrss would carry the parent's peak across exec on Linux.
globalThis.gc?.();
const idleKb = process.memoryUsage().rss / 1024;
let peakKb = idleKb;
await decryptChunksToFile(pack, null, () => {
  peakKb = Math.max(peakKb, process.memoryUsage().rss / 1024);
});
process.send?.({ idleKb, peakKb });
