// A small least-recently-used cache; the viewer keeps its rendered canvases here (canvases are memory-heavy).

export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('LruCache capacity must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  /** Returns the value and marks it as the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    const old = this.entries.get(key);
    this.entries.delete(key);
    if (old !== undefined && old !== value) this.onEvict(key, old);
    this.entries.set(key, value);
    this.trim();
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.onEvict(key, value);
  }

  clear(): void {
    for (const [key, value] of this.entries) this.onEvict(key, value);
    this.entries.clear();
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  private trim(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) return;
      this.delete(oldest.value);
    }
  }
}
