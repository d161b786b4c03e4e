import { describe, expect, it } from 'vitest';
import type { LiveCommandInput } from '../../../common/live/commands.ts';
import type { Result } from '../../../common/result.ts';
import { MAX_OUTBOX, Outbox, type Transport } from '../../../renderer/live/outbox.ts';

const ask = (id: string): LiveCommandInput => ({ id, type: 'requestToSpeak', speechType: 'phat-bieu' });
const OK: Result<unknown> = { ok: true, value: {} };
const NETWORK: Result<unknown> = { ok: false, error: { code: 'NETWORK', message: 'offline' } };

/** A fake server that answers from a script and records what reached it. */
function server(answers: (c: LiveCommandInput) => Result<unknown>) {
  const received: string[] = [];
  const send: Transport = (c) => {
    received.push(c.id);
    return Promise.resolve(answers(c));
  };
  return { received, send };
}

describe('Outbox', () => {
  it('keeps a delegate request made offline and sends it when the connection returns', async () => {
    let changes = 0;
    const box = new Outbox(() => changes++);
    expect(box.enqueue(ask('c1'))).toBe(true);
    expect(box.list().map((c) => c.id)).toEqual(['c1']);
    const offline = server(() => NETWORK);
    await box.flush(offline.send);
    expect(box.has('c1')).toBe(true);
    const online = server(() => OK);
    expect(await box.flush(online.send)).toEqual([]);
    expect(online.received).toEqual(['c1']);
    expect(box.list()).toEqual([]);
    expect(changes).toBeGreaterThanOrEqual(2);
  });

  it('deduplicates by command id, so a retried request is sent once', async () => {
    const box = new Outbox();
    box.enqueue(ask('c1'));
    box.enqueue(ask('c1'));
    box.enqueue(ask('c2'));
    const s = server(() => OK);
    await Promise.all([box.flush(s.send), box.flush(s.send)]);
    expect(s.received).toEqual(['c1', 'c2']);
  });

  it('refuses chair commands: they are not replayed later on a changed session', () => {
    const box = new Outbox();
    expect(box.enqueue({ id: 'x', type: 'nextSpeaker' })).toBe(false);
    expect(box.enqueue({ id: 'y', type: 'announce', text: 'Giải lao 15 phút' })).toBe(false);
    expect(box.list()).toEqual([]);
  });

  it('stops at the first network failure and keeps the order', async () => {
    const box = new Outbox();
    ['a', 'b', 'c'].forEach((id) => box.enqueue(ask(id)));
    const flaky = server((c) => (c.id === 'b' ? NETWORK : OK));
    await box.flush(flaky.send);
    expect(flaky.received).toEqual(['a', 'b']);
    expect(box.list().map((c) => c.id)).toEqual(['b', 'c']);
  });

  it('drops a command the server refuses for good and reports why', async () => {
    const box = new Outbox();
    box.enqueue(ask('a'));
    box.enqueue({ id: 'w', type: 'withdrawRequest', requestId: 'gone' });
    const s = server((c) => (c.id === 'w' ? { ok: false, error: { code: 'NOT_FOUND', message: 'no such request' } } : OK));
    const dropped = await box.flush(s.send);
    expect(dropped.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(box.list()).toEqual([]);
  });

  it('is bounded and lets a waiting request be taken back', () => {
    const box = new Outbox();
    for (let i = 0; i < MAX_OUTBOX; i++) expect(box.enqueue({ id: `c${i}`, type: 'checkIn', mode: 'present-hall' })).toBe(true);
    expect(box.enqueue(ask('one-too-many'))).toBe(false);
    expect(box.cancel('c0')).toBe(true);
    expect(box.cancel('c0')).toBe(false);
    expect(box.enqueue(ask('fits-now'))).toBe(true);
  });
});

describe('Outbox persistence', () => {
  function memoryStore(initial: unknown = []) {
    let saved: unknown = initial;
    return { load: () => saved, save: (c: readonly LiveCommandInput[]) => void (saved = [...c]), get saved() { return saved; } };
  }

  it('keeps a waiting request across a reload of the app and sends it once back online', async () => {
    const store = memoryStore();
    const before = new Outbox(() => undefined, store);
    before.enqueue(ask('c1-persisted'));
    expect(store.saved).toEqual([ask('c1-persisted')]);

    const after = new Outbox(() => undefined, store); // the app reloaded while offline
    expect(after.list()).toEqual([ask('c1-persisted')]);
    const online = server(() => OK);
    await after.flush(online.send);
    expect(online.received).toEqual(['c1-persisted']);
    expect(store.saved).toEqual([]);
  });

  it('ignores stored garbage and commands that may not wait', () => {
    const chairCommand = { id: 'x1', type: 'endSpeech' };
    const box = new Outbox(() => undefined, memoryStore([{ nonsense: true }, 'text', chairCommand, ask('c2')]));
    expect(box.list()).toEqual([ask('c2')]);
    expect(new Outbox(() => undefined, memoryStore('not an array')).list()).toEqual([]);
  });
});
