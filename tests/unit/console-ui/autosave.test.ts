// The console's autosave queue (renderer/console/autosave.ts): debounced, one save in flight, the newest edit
// wins, versions carried, a crash copy kept until saved, DRAFT_CONFLICT stops and keeps the edit.
import { describe, expect, it } from 'vitest';
import type { Draft, SaveDraftRequest } from '../../../common/api/console.ts';
import type { Result } from '../../../common/result.ts';
import { backupKey, createAutosave, readBackup, type SaveBody, type SaveState } from '../../../renderer/console/autosave.ts';

const body = (title: string): SaveBody => ({ meeting: { title, body: '', startsAt: '', place: '', totalDelegates: 1 }, agenda: [], documents: [], delegates: [] });
const draftOf = (req: SaveDraftRequest, version: number): Draft => ({ draftId: 'k1', version, meeting: req.meeting, agenda: [], documents: [], delegates: [], publishedRevision: 0, problems: [] });

class MemoryStore {
  readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

/** A hand-driven server: each save waits until the test answers it. */
function harness(first = 1) {
  const calls: { req: SaveDraftRequest; answer: (r: Result<Draft>) => void }[] = [];
  const timers: (() => void)[] = [];
  const states: SaveState['kind'][] = [];
  const backup = new MemoryStore();
  let version = first;
  const auto = createAutosave({
    draftId: 'k1',
    version: first,
    save: (req) => new Promise((resolve) => calls.push({ req, answer: resolve })),
    onState: (s) => states.push(s.kind),
    onSaved: () => undefined,
    backup,
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => undefined,
  });
  const fire = () => timers.splice(0).forEach((fn) => fn());
  const okNext = (i: number) => calls[i]?.answer({ ok: true, value: draftOf(calls[i].req, ++version) });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { auto, calls, states, backup, fire, okNext, settle };
}

describe('autosave', () => {
  it('debounces edits into one save with the newest body, and carries the version the server answered', async () => {
    const h = harness(1);
    h.auto.edit(body('a'));
    h.auto.edit(body('ab'));
    expect(h.calls).toHaveLength(0);
    expect(readBackup(h.backup, 'k1')?.body.meeting.title).toBe('ab');
    h.fire();
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]?.req).toMatchObject({ version: 1, meeting: { title: 'ab' } });
    // An edit while the save is in flight waits for it, then goes with the new version.
    h.auto.edit(body('abc'));
    h.fire();
    expect(h.calls).toHaveLength(1);
    h.okNext(0);
    await h.settle();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]?.req).toMatchObject({ version: 2, meeting: { title: 'abc' } });
    h.okNext(1);
    await h.settle();
    expect(h.states.at(-1)).toBe('saved');
    expect(h.auto.version()).toBe(3);
    expect(h.backup.map.has(backupKey('k1'))).toBe(false);
  });

  it('flush saves at once and resolves when everything is saved', async () => {
    const h = harness(4);
    h.auto.edit(body('x'));
    const done = h.auto.flush();
    await h.settle();
    expect(h.calls).toHaveLength(1);
    h.okNext(0);
    expect(await done).toBe(true);
    expect(await h.auto.flush()).toBe(true);
  });

  it('stops on DRAFT_CONFLICT, keeps the edit in the crash copy, and starts again after reset', async () => {
    const h = harness(2);
    h.auto.edit(body('mine'));
    h.fire();
    h.calls[0]?.answer({ ok: false, error: { code: 'CONFLICT', message: 'x' } });
    await h.settle();
    expect(h.states.at(-1)).toBe('failed');
    h.auto.edit(body('mine again'));
    h.fire();
    h.calls[1]?.answer({ ok: false, error: { code: 'DRAFT_CONFLICT', message: 'stale' } });
    await h.settle();
    expect(h.states.at(-1)).toBe('conflict');
    expect(readBackup(h.backup, 'k1')?.body.meeting.title).toBe('mine again');
    h.auto.edit(body('more'));
    h.fire();
    expect(h.calls).toHaveLength(2);
    expect(await h.auto.flush()).toBe(false);
    h.auto.reset(7);
    expect(h.states.at(-1)).toBe('saved');
    h.auto.edit(body('after'));
    h.fire();
    expect(h.calls[2]?.req.version).toBe(7);
  });

  it('reads no crash copy from garbage', () => {
    const store = new MemoryStore();
    store.setItem(backupKey('k1'), '{not json');
    expect(readBackup(store, 'k1')).toBeUndefined();
    expect(readBackup(store, 'k2')).toBeUndefined();
  });
});
