import { describe, expect, it } from 'vitest';
import { LruCache } from '../../../renderer/viewer/lruCache.ts';

describe('LruCache', () => {
  it('evicts the least recently used entry past capacity and reports it', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(2, (k) => evicted.push(k));
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now newest
    cache.set('c', 3);
    expect(evicted).toEqual(['b']);
    expect(cache.keys()).toEqual(['a', 'c']);
  });
  it('replacing a key evicts the old value, not the key', () => {
    const evicted: number[] = [];
    const cache = new LruCache<string, number>(2, (_k, v) => evicted.push(v));
    cache.set('a', 1);
    cache.set('a', 2);
    expect(evicted).toEqual([1]);
    expect(cache.size).toBe(1);
  });
  it('clear and delete release everything they drop', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string, number>(3, (k) => evicted.push(k));
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    cache.delete('missing');
    cache.clear();
    expect(evicted).toEqual(['a', 'b']);
    expect(cache.size).toBe(0);
  });
  it('refuses a useless capacity', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
  });
});
