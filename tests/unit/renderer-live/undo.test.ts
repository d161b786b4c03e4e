import { describe, expect, it } from 'vitest';
import { UNDO_MS, UndoQueue, type Timers } from '../../../renderer/live/undo.ts';

/** Timers run by hand: `fire()` runs what is due, as the clock would after UNDO_MS. */
function manualTimers() {
  const due = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      due.set(++next, { fn, ms });
      return next;
    },
    clear: (h) => void due.delete(h as number),
  };
  const fire = () => {
    const all = [...due.entries()];
    due.clear();
    for (const [, t] of all) t.fn();
  };
  return { timers, fire, delays: () => [...due.values()].map((t) => t.ms) };
}

describe('undo before sending', () => {
  it('sends after the delay unless undone, and once for a double tap', async () => {
    const { timers, fire, delays } = manualTimers();
    const sent: string[] = [];
    let changes = 0;
    const q = new UndoQueue(() => changes++, timers);
    q.schedule('withdraw:r1', 'Rút đăng ký', () => void sent.push('r1'));
    q.schedule('withdraw:r1', 'Rút đăng ký', () => void sent.push('r1 again'));
    q.schedule('remove:r2', 'Xóa', () => void sent.push('r2'));
    expect(delays()).toEqual([UNDO_MS, UNDO_MS]);
    expect(q.list().map((i) => i.key)).toEqual(['withdraw:r1', 'remove:r2']);
    expect(q.undo('remove:r2')).toBe(true);
    expect(q.undo('remove:r2')).toBe(false);
    fire();
    await Promise.resolve();
    expect(sent).toEqual(['r1']);
    expect(q.list()).toEqual([]);
    expect(changes).toBe(4);
  });

  it('sends everything that waits, in order, before another action (and when the screen goes)', async () => {
    const { timers, delays } = manualTimers();
    const sent: string[] = [];
    const q = new UndoQueue(undefined, timers);
    q.schedule('end', 'Kết thúc phát biểu', async () => {
      await Promise.resolve();
      sent.push('endSpeech');
    });
    q.schedule('remove:r3', 'Xóa', () => void sent.push('removeRequest'));
    await q.commitAll();
    sent.push('nextSpeaker');
    expect(sent).toEqual(['endSpeech', 'removeRequest', 'nextSpeaker']);
    expect(delays()).toEqual([]);
    expect(q.has('end')).toBe(false);
  });
});
