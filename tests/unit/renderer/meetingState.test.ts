import { describe, expect, it } from 'vitest';
import type { DocumentEntry } from '../../../common/pack/format.ts';
import { diffDocuments } from '../../../common/api/appViews.ts';
import { deriveMeetingState, secondsLeft } from '../../../common/device/meetingState.ts';
import { planDownload, runQueue } from '../../../common/device/download.ts';

const h = (c: string) => c.repeat(64);
const doc = (id: string, over: Partial<DocumentEntry> = {}): DocumentEntry => ({
  id,
  title: `Tài liệu ${id}`,
  kind: 'to-trinh',
  agendaItemId: '1',
  file: `${id}.pdf`,
  bytes: 10,
  pages: 1,
  sha256: h('a'),
  confidential: false,
  revision: 1,
  noncePrefix: 'AAAAAAAAAA',
  chunkSize: 1024,
  chunks: [{ hash: h('1'), size: 26 }],
  ...over,
});

describe('meeting state', () => {
  const base = { revoked: false, downloading: false, downloadStarted: false, readyRevision: 0, latestRevision: 1 };
  it('follows the download lifecycle', () => {
    expect(deriveMeetingState(base)).toBe('not-downloaded');
    expect(deriveMeetingState({ ...base, downloading: true })).toBe('downloading');
    expect(deriveMeetingState({ ...base, downloadStarted: true })).toBe('paused');
    expect(deriveMeetingState({ ...base, readyRevision: 1 })).toBe('ready');
    expect(deriveMeetingState({ ...base, readyRevision: 1, latestRevision: 2 })).toBe('update-available');
    expect(deriveMeetingState({ ...base, readyRevision: 1, revoked: true, downloading: true })).toBe('revoked');
  });
});

describe('diffDocuments', () => {
  it('lists added, changed and removed documents', () => {
    const prev = [doc('a'), doc('b'), doc('c')];
    const next = [doc('a'), doc('b', { sha256: h('b'), revision: 2 }), doc('d', { revision: 2 })];
    expect(diffDocuments(prev, next).map((c) => `${c.change}:${c.id}`)).toEqual(['changed:b', 'added:d', 'removed:c']);
  });
});

describe('downloads', () => {
  it('plans only missing chunks, once each, and knows which documents wait for them', () => {
    const a = doc('a', { chunks: [{ hash: h('1'), size: 5 }, { hash: h('2'), size: 6 }] });
    const b = doc('b', { chunks: [{ hash: h('2'), size: 6 }] });
    const plan = planDownload([a, b, doc('c', { chunks: [{ hash: h('3'), size: 1 }] })], new Set([h('1'), h('3')]));
    expect(plan.chunks.map((c) => c.hash)).toEqual([h('2')]);
    expect(plan.waiting.get(h('2'))).toEqual(['a', 'b']);
    expect([...plan.remaining]).toEqual([['a', 1], ['b', 1]]);
  });

  it('runs at most N at once, stops when asked and rethrows the first failure', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await runQueue([1, 2, 3, 4, 5, 6, 7, 8, 9], 4, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      seen.push(n);
      running--;
    });
    expect([peak, seen.length]).toEqual([4, 9]);

    const taken: number[] = [];
    await runQueue([1, 2, 3, 4, 5], 1, async (n) => void taken.push(n), () => taken.length >= 2);
    expect(taken).toEqual([1, 2]);

    await expect(runQueue([1, 2, 3], 2, async (n) => { if (n === 2) throw new Error('boom'); })).rejects.toThrow('boom');
  });

  it('estimates time left only after enough was measured', () => {
    expect(secondsLeft(0, 100, 5000)).toBeUndefined();
    expect(secondsLeft(50, 100, 500)).toBeUndefined();
    expect(secondsLeft(50, 100, 5000)).toBe(5);
  });
});
