// The console's agenda moves (renderer/console/agendaTree.ts): keyboard moves, drag and drop, index paths.
import { describe, expect, it } from 'vitest';
import type { DraftAgendaItem } from '../../../common/api/console.ts';
import { addItem, attachDocument, flatten, indent, itemAt, itemPathParam, moveAmongSiblings, moveTo, numberOf, outdent, pathOf, removeItem, type Agenda } from '../../../renderer/console/agendaTree.ts';
import { keyboardMove } from '../../../renderer/screens/console/AgendaSection.tsx';

const it_ = (key: string, items: DraftAgendaItem[] = []): DraftAgendaItem => ({ key, title: key.toUpperCase(), documents: [], items });
/** a; b (b1, b2); c */
const tree = (): Agenda => [it_('a'), it_('b', [it_('b1'), it_('b2')]), it_('c')];
/** The shape as "a b(b1 b2) c". */
const shape = (agenda: Agenda): string => agenda.map((i) => (i.items.length > 0 ? `${i.key}(${shape(i.items)})` : i.key)).join(' ');

describe('agenda tree', () => {
  it('finds paths, numbers and the server item paths', () => {
    const t = tree();
    expect(pathOf(t, 'b2')).toEqual([1, 1]);
    expect(numberOf([1, 1])).toBe('2.2');
    expect(itemPathParam([1, 1])).toBe('1.1');
    expect(itemAt(t, [1, 0])?.key).toBe('b1');
    expect(pathOf(t, 'zz')).toBeUndefined();
    expect(flatten(t).map((f) => numberOf(f.path))).toEqual(['1', '2', '2.1', '2.2', '3']);
  });

  it('moves among siblings (Alt+↑/↓) and stops at the ends', () => {
    expect(shape(moveAmongSiblings(tree(), 'c', -1))).toBe('a c b(b1 b2)');
    expect(shape(moveAmongSiblings(tree(), 'b2', -1))).toBe('a b(b2 b1) c');
    const t = tree();
    expect(shape(moveAmongSiblings(t, 'a', -1))).toBe(shape(t));
    expect(shape(moveAmongSiblings(t, 'b2', 1))).toBe(shape(t));
  });

  it('indents under the previous sibling (Alt+→) and outdents after the parent (Alt+←)', () => {
    expect(shape(indent(tree(), 'c'))).toBe('a b(b1 b2 c)');
    expect(shape(indent(tree(), 'b2'))).toBe('a b(b1(b2)) c');
    expect(shape(indent(tree(), 'a'))).toBe(shape(tree()));
    expect(shape(outdent(tree(), 'b1'))).toBe('a b(b2) b1 c');
    expect(shape(outdent(tree(), 'a'))).toBe(shape(tree()));
    expect(shape(outdent(indent(tree(), 'c'), 'c'))).toBe(shape(tree()));
  });

  it('maps Alt+arrow keys to the moves and ignores other keys', () => {
    expect(shape(keyboardMove(tree(), 'c', { altKey: true, key: 'ArrowUp' }) ?? [])).toBe('a c b(b1 b2)');
    expect(shape(keyboardMove(tree(), 'c', { altKey: true, key: 'ArrowRight' }) ?? [])).toBe('a b(b1 b2 c)');
    expect(keyboardMove(tree(), 'c', { altKey: false, key: 'ArrowUp' })).toBeUndefined();
    expect(keyboardMove(tree(), 'c', { altKey: true, key: 'Enter' })).toBeUndefined();
  });

  it('drops before, after and inside another item, never into itself or its own children', () => {
    expect(shape(moveTo(tree(), 'a', 'b2', 'after'))).toBe('b(b1 b2 a) c');
    expect(shape(moveTo(tree(), 'c', 'b1', 'before'))).toBe('a b(c b1 b2)');
    expect(shape(moveTo(tree(), 'a', 'c', 'inside'))).toBe('b(b1 b2) c(a)');
    expect(shape(moveTo(tree(), 'b', 'b1', 'inside'))).toBe(shape(tree()));
    expect(shape(moveTo(tree(), 'b', 'b', 'after'))).toBe(shape(tree()));
  });

  it('adds, removes and attaches documents once', () => {
    expect(shape(addItem(tree(), it_('b3'), 'b'))).toBe('a b(b1 b2 b3) c');
    expect(shape(addItem(tree(), it_('d')))).toBe('a b(b1 b2) c d');
    expect(shape(removeItem(tree(), 'b1'))).toBe('a b(b2) c');
    const once = attachDocument(attachDocument(tree(), 'b2', 'doc-1'), 'b2', 'doc-1');
    expect(itemAt(once, [1, 1])?.documents).toEqual(['doc-1']);
  });
});
