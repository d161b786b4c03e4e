// Chunk ciphertext kept in memory for the download rush (issue 11): when a hall's delegates all press
// "Tải về" at once, every one of them asks for the same ~100 chunks in the same order. Streaming each
// answer from its file cost an open, sixteen 64 KiB thread-pool reads, as many socket writes and a close
// per request — about a quarter of nginx's throughput. Served from one shared Buffer, an answer is a single
// socket write; the Buffer is referenced, never copied, by every answer in flight.
// Chunks are content-addressed and never change, so an entry is never stale; whether a caller may have a
// chunk is still decided per request (chunkRoutes.ts), before the cache is asked.

/** Bytes of chunks held at once: the stretch of a pack the delegates of a rush are spread over, with room. */
export const CHUNK_CACHE_BYTES = 64 * 1024 * 1024;

export class ChunkCache {
  /** Insertion order is recency order: a hit moves its entry to the end, eviction takes from the start. */
  private readonly entries = new Map<string, Buffer>();
  /** One read per chunk however many ask for it at once. */
  private readonly loading = new Map<string, Promise<Buffer>>();
  private held = 0;

  constructor(
    private readonly read: (hash: string) => Promise<Buffer>,
    private readonly maxBytes = CHUNK_CACHE_BYTES,
  ) {}

  get bytes(): number {
    return this.held;
  }

  /** The chunk's bytes; refused (an Error, answered 500) when the file is not the size the database says. */
  get(hash: string, size: number): Promise<Buffer> {
    const hit = this.entries.get(hash);
    if (hit) {
      this.entries.delete(hash);
      this.entries.set(hash, hit);
      return Promise.resolve(hit);
    }
    const pending = this.loading.get(hash);
    if (pending) return pending;
    const load = this.read(hash)
      .then((bytes) => {
        if (bytes.length !== size) throw new Error(`chunk file ${hash} holds ${bytes.length} bytes, the database says ${size}`);
        this.keep(hash, bytes);
        return bytes;
      })
      .finally(() => this.loading.delete(hash));
    this.loading.set(hash, load);
    return load;
  }

  private keep(hash: string, bytes: Buffer): void {
    if (bytes.length > this.maxBytes) return;
    this.entries.set(hash, bytes);
    this.held += bytes.length;
    for (const [oldest, value] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= value.length;
    }
  }
}
