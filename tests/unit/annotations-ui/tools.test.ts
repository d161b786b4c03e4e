// Undo stack over a real (in-memory) book, pen/finger policy, ink sessions, keys, highlight building, page index.
import { describe, expect, it } from 'vitest';
import { ANNOTATION_LIMITS, annotationSchema, type Annotation, type NoteAnnotation } from '../../../common/annotations/types.ts';
import { ID_PATTERN } from '../../../common/pack/format.ts';
import { indexByPage, pageKey } from '../../../renderer/annotations/ui/layer/pageIndex.ts';
import { itemOffset } from '../../../renderer/annotations/ui/layer/selection.ts';
import { makeHighlight } from '../../../renderer/annotations/ui/tools/highlight.ts';
import { newAnnotationId } from '../../../renderer/annotations/ui/tools/ids.ts';
import { INK_JOIN_MS, addStroke, boundStroke, joinsSession } from '../../../renderer/annotations/ui/tools/inkSession.ts';
import { annotationCommand } from '../../../renderer/annotations/ui/tools/keys.ts';
import { NO_PEN, decidePointer, layerTouchAction, penDown, penUp } from '../../../renderer/annotations/ui/tools/penPolicy.ts';
import { EMPTY_UNDO, UNDO_LIMIT, record, redo, undo, type BookOp, type UndoState } from '../../../renderer/annotations/ui/tools/undoStack.ts';
import { isShown, viewPrefs } from '../../../renderer/annotations/ui/viewPrefs.ts';
import { buildPageText } from '../../../renderer/viewer/findText.ts';
import type { NoteBook } from '../../../renderer/annotations/bookTypes.ts';
import { memoryBook } from './memoryBook.ts';

const SHA = 'b'.repeat(64);
const target = { documentId: 'doc-1', revision: 2, sha256: SHA, page: 3 };
const note = (id: string, text: string, authorId = 'me'): NoteAnnotation => ({ id, kind: 'note', scope: 'private', authorId, target, createdAt: 't0', updatedAt: 't0', point: [10, 20], text });

function run(book: NoteBook, op: BookOp | undefined): Promise<void> {
  if (op === undefined) return Promise.resolve();
  return op.type === 'put' ? book.put(op.annotation) : book.remove(op.id);
}
const texts = (book: NoteBook) => book.snapshot().annotations.map((s) => (s.annotation.kind === 'note' ? s.annotation.text : s.annotation.kind));

describe('undo stack', () => {
  it('undoes and redoes a put, an edit and a removal against the book', async () => {
    const book = memoryBook('me');
    let state: UndoState = EMPTY_UNDO;
    const edit = async (before: Annotation | undefined, after: Annotation | undefined) => {
      state = record(state, { before, after });
      await (after !== undefined ? book.put(after) : book.remove(before!.id));
    };
    const a1 = note('n1', 'một');
    const a2 = { ...a1, text: 'hai' };
    await edit(undefined, a1);
    await edit(a1, a2);
    await edit(a2, undefined);
    expect(texts(book)).toEqual([]);
    for (const expected of [['hai'], ['một'], []]) {
      const step = undo(state);
      state = step.state;
      await run(book, step.op);
      expect(texts(book)).toEqual(expected);
    }
    expect(undo(state).op).toBeUndefined();
    for (const expected of [['một'], ['hai'], []]) {
      const step = redo(state);
      state = step.state;
      await run(book, step.op);
      expect(texts(book)).toEqual(expected);
    }
    expect(redo(state).op).toBeUndefined();
  });
  it('a new edit clears redo; the stack is bounded', () => {
    let state = record(EMPTY_UNDO, { before: undefined, after: note('a', '') });
    state = undo(state).state;
    expect(state.undone).toHaveLength(1);
    state = record(state, { before: undefined, after: note('b', '') });
    expect(state.undone).toHaveLength(0);
    for (let i = 0; i < UNDO_LIMIT + 10; i++) state = record(state, { before: undefined, after: note(`x${i}`, '') });
    expect(state.done).toHaveLength(UNDO_LIMIT);
  });
});

describe('pen and finger', () => {
  it('with no pen seen, a finger draws only with the pen tool', () => {
    expect(decidePointer('pen', 'touch', NO_PEN, false)).toBe('draw');
    expect(decidePointer('none', 'touch', NO_PEN, false)).toBe('pass');
    expect(decidePointer('highlight', 'touch', NO_PEN, false)).toBe('pass');
    expect(decidePointer('pen', 'mouse', NO_PEN, false)).toBe('draw');
  });
  it('once a pen is seen the finger scrolls and the pen draws', () => {
    const down = penDown(NO_PEN, 'pen', 7);
    const up = penUp(down, 7);
    expect(up.penSeen).toBe(true);
    expect(decidePointer('pen', 'touch', up, false)).toBe('pass');
    expect(decidePointer('pen', 'pen', up, false)).toBe('draw');
  });
  it('rejects touches (palms) while a pen is down or drawing', () => {
    const down = penDown(NO_PEN, 'pen', 7);
    expect(decidePointer('pen', 'touch', down, false)).toBe('reject');
    expect(decidePointer('none', 'touch', down, false)).toBe('reject');
    expect(decidePointer('pen', 'touch', penUp(down, 7), true)).toBe('reject');
    expect(penDown(NO_PEN, 'touch', 1)).toBe(NO_PEN);
    expect(penUp(NO_PEN, 3)).toBe(NO_PEN);
  });
  it('takes touch-action away only with the pen tool', () => {
    expect(layerTouchAction('pen')).toBe('none');
    expect(layerTouchAction('note')).toBe('auto');
  });
});

describe('ink sessions', () => {
  const ctx = { id: 'ink1', authorId: 'me', target, color: 'red', scope: 'group', now: 't1' } as const;
  it('joins strokes within the window, same page, colour and scope', () => {
    const session = { annotation: addStroke(undefined, boundStroke([[0, 0, 0.5]]), ctx), page: 3, color: 'red', scope: 'group', endedAt: 1_000 } as const;
    expect(joinsSession(session, 3, 'red', 'group', 1_000 + INK_JOIN_MS)).toBe(true);
    expect(joinsSession(session, 3, 'red', 'group', 1_001 + INK_JOIN_MS)).toBe(false);
    expect(joinsSession(session, 4, 'red', 'group', 1_100)).toBe(false);
    expect(joinsSession(session, 3, 'blue', 'group', 1_100)).toBe(false);
    expect(joinsSession(session, 3, 'red', 'private', 1_100)).toBe(false);
    expect(joinsSession(undefined, 3, 'red', 'group', 0)).toBe(false);
  });
  it('appends to one annotation that passes the schema', () => {
    const s1 = boundStroke([[1, 2, 0.5], [3, 4, 1.4]]);
    expect(s1.points[1]![2]).toBe(1);
    const first = addStroke(undefined, s1, ctx);
    const second = addStroke(first, boundStroke([[5, 6, 0.5]]), { ...ctx, id: 'other', now: 't2' });
    expect(second.id).toBe('ink1');
    expect(second.strokes).toHaveLength(2);
    expect(second.updatedAt).toBe('t2');
    expect(annotationSchema.safeParse({ ...second, authorId: 'me', id: 'ink1' }).success).toBe(true);
  });
  it('thins a long stroke to the limit', () => {
    const long = Array.from({ length: 5_000 }, (_, i) => [i, i, 0.5] as const);
    expect(boundStroke(long).points.length).toBeLessThanOrEqual(ANNOTATION_LIMITS.pointsPerStroke);
  });
});

describe('keys', () => {
  const k = (key: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('maps H, P, N, Esc, Delete and undo/redo', () => {
    expect(annotationCommand(k('h'), false)).toEqual({ type: 'tool', tool: 'highlight' });
    expect(annotationCommand(k('P', { shiftKey: true }), false)).toBeUndefined();
    expect(annotationCommand(k('p'), false)).toEqual({ type: 'tool', tool: 'pen' });
    expect(annotationCommand(k('n'), false)).toEqual({ type: 'tool', tool: 'note' });
    expect(annotationCommand(k('e'), false)).toEqual({ type: 'tool', tool: 'eraser' });
    expect(annotationCommand(k('Escape'), false)).toEqual({ type: 'escape' });
    expect(annotationCommand(k('Delete'), false)).toEqual({ type: 'delete' });
    expect(annotationCommand(k('z', { ctrlKey: true }), false)).toEqual({ type: 'undo' });
    expect(annotationCommand(k('Z', { ctrlKey: true, shiftKey: true }), false)).toEqual({ type: 'redo' });
    expect(annotationCommand(k('y', { ctrlKey: true }), false)).toEqual({ type: 'redo' });
    expect(annotationCommand(k('f', { ctrlKey: true }), false)).toBeUndefined();
  });
  it('leaves text fields alone (typing "h" in a note, its own undo)', () => {
    expect(annotationCommand(k('h'), true)).toBeUndefined();
    expect(annotationCommand(k('z', { ctrlKey: true }), true)).toBeUndefined();
  });
});

describe('highlight from a selection', () => {
  const text = buildPageText([
    { str: 'Điều 1. Thông qua dự toán ', transform: [12, 0, 0, 12, 72, 700], width: 160, height: 12 },
    { str: 'ngân sách xã năm 2026.', transform: [12, 0, 0, 12, 232, 700], width: 140, height: 12, hasEOL: true },
    { str: 'Điều 2. Giao UBND xã', transform: [12, 0, 0, 12, 72, 684], width: 130, height: 12 },
  ]);
  it('builds a valid HighlightAnnotation with an NFC anchor and one rect per line', () => {
    const start = text.text.indexOf('dự toán');
    const end = text.text.indexOf('Giao') + 4;
    const h = makeHighlight(text, start, end, { id: newAnnotationId(), authorId: 'me', target, color: 'green', scope: 'meeting', now: 't' });
    expect(h).toBeDefined();
    expect(h!.anchor.quote.exact).toBe('dự toán ngân sách xã năm 2026. Điều 2. Giao');
    expect(h!.anchor.quote.prefix.endsWith('Thông qua ')).toBe(true);
    expect(h!.rects).toHaveLength(2);
    expect(annotationSchema.safeParse(h).success).toBe(true);
  });
  it('maps a boundary in a text span to a page offset', () => {
    const lengths = text.items.map((i) => i.str.length);
    expect(itemOffset(text.starts, lengths, 1, 4)).toBe(text.text.indexOf('ngân') + 4);
    expect(itemOffset(text.starts, lengths, 1, 999)).toBe(text.starts[1]! + lengths[1]!);
  });
  it('gives no highlight for a blank range', () => {
    const at = text.text.indexOf('2026.') + 5;
    expect(makeHighlight(text, at, at + 1, { id: 'x', authorId: 'me', target, color: 'yellow', scope: 'private', now: '' })).toBeUndefined();
  });
});

describe('ids and the page index', () => {
  it('makes random ids that match ID_PATTERN', () => {
    const ids = new Set(Array.from({ length: 100 }, newAnnotationId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(ID_PATTERN);
  });
  it('indexes 1,000 annotations of a 300-page document by page, orphans left out', () => {
    const all = Array.from({ length: 1_000 }, (_, i) => ({
      annotation: { ...note(`n${i}`, String(i)), target: { ...target, page: (i % 300) + 1 }, ...(i === 5 ? { orphanOf: { revision: 1, sha256: SHA, since: 't' } } : {}) },
      authorName: 'me',
      mine: true,
    }));
    const index = indexByPage(all);
    expect(index.get(pageKey('doc-1', 1))).toHaveLength(4);
    expect(index.get(pageKey('doc-1', 6))).toHaveLength(3); // i = 5 is an orphan
    expect([...index.values()].reduce((n, l) => n + l.length, 0)).toBe(999);
  });
  it('filters others by author and everyone by scope', () => {
    const p = { ...viewPrefs(), hiddenAuthors: new Set(['other']), hiddenScopes: new Set(['group'] as const) };
    expect(isShown(p, 'meeting', 'other', false)).toBe(false);
    expect(isShown(p, 'meeting', 'me', true)).toBe(true);
    expect(isShown(p, 'group', 'me', true)).toBe(false);
  });
});

describe('the in-memory book', () => {
  it("refuses to change another author's mark", async () => {
    const book = memoryBook('me', { other: 'Lò Văn Páo' }, [note('o1', 'của người khác', 'other')]);
    await expect(book.remove('o1')).rejects.toThrow();
    expect(book.snapshot().annotations[0]?.authorName).toBe('Lò Văn Páo');
    expect(book.snapshot().annotations[0]?.mine).toBe(false);
  });
});

describe('scope of new marks', () => {
  it("falls back to private for 'group' without a tổ", async () => {
    const { scopeFor } = await import('../../../renderer/annotations/ui/tools/session.tsx');
    expect(scopeFor('group', false)).toBe('private');
    expect(scopeFor('group', true)).toBe('group');
    expect(scopeFor('meeting', false)).toBe('meeting');
  });
});
