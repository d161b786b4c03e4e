// Chương trình: the agenda as an accessible tree (role=tree/treeitem). Reorder by drag and drop, or by keyboard
// from anywhere in an item: Alt+↑/↓ move among siblings, Alt+→ nest under the item above, Alt+← move out.
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { DraftAgendaItem } from '../../../common/api/console.ts';
import { addItem, flatten, indent, moveAmongSiblings, moveTo, newKey, numberOf, outdent, pathOf, removeItem, updateItem, type Agenda, type DropPosition, type IndexPath } from '../../console/agendaTree.ts';
import type { DraftEditor } from '../../console/useDraft.ts';
import { useConsoleT } from '../../i18n/console.ts';
import { InPlace, Section } from './parts.tsx';

const DRAG_TYPE = 'application/x-council-agenda-item';

export function keyboardMove(agenda: Agenda, key: string, e: Pick<KeyboardEvent, 'altKey' | 'key'>): Agenda | undefined {
  if (!e.altKey) return undefined;
  switch (e.key) {
    case 'ArrowUp':
      return moveAmongSiblings(agenda, key, -1);
    case 'ArrowDown':
      return moveAmongSiblings(agenda, key, 1);
    case 'ArrowRight':
      return indent(agenda, key);
    case 'ArrowLeft':
      return outdent(agenda, key);
    default:
      return undefined;
  }
}

function dropPosition(e: DragEvent<HTMLElement>): DropPosition {
  const r = e.currentTarget.getBoundingClientRect();
  const y = (e.clientY - r.top) / Math.max(1, r.height);
  return y < 0.3 ? 'before' : y > 0.7 ? 'after' : 'inside';
}

export function AgendaSection({ editor }: { readonly editor: DraftEditor }) {
  const { t } = useConsoleT();
  const agenda = editor.work.agenda;
  const [focusKey, setFocusKey] = useState<string>();
  const [announce, setAnnounce] = useState('');
  const [drop, setDrop] = useState<{ key: string; position: DropPosition }>();
  const titles = useRef(new Map<string, HTMLInputElement>());

  // After a move or an add (and only then), the moved item's title takes the focus once it is rendered.
  const [focusRequest, setFocusRequest] = useState<{ readonly key: string; readonly n: number }>();
  useEffect(() => {
    if (focusRequest) titles.current.get(focusRequest.key)?.focus();
  }, [focusRequest]);

  const setAgenda = (next: Agenda, moved?: string) => {
    editor.edit((w) => ({ ...w, agenda: next }));
    if (moved) {
      setFocusKey(moved);
      setFocusRequest((r) => ({ key: moved, n: (r?.n ?? 0) + 1 }));
      const p = pathOf(next, moved);
      if (p) setAnnounce(t('c.agenda.moved', { number: numberOf(p) }));
    }
  };

  const add = (parentKey?: string) => {
    const item: DraftAgendaItem = { key: newKey(), title: t('c.agenda.newItem'), documents: [], items: [] };
    setAgenda(addItem(agenda, item, parentKey), item.key);
  };

  const onKey = (key: string) => (e: KeyboardEvent<HTMLElement>) => {
    // ↑/↓ in a title go to the item above/below (the tree's own arrow keys); with Alt they move the item.
    if (!e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && e.target instanceof HTMLInputElement && e.target.dataset['testid'] === 'agenda-title') {
      const order = flatten(agenda).map((f) => f.item.key);
      const to = order[order.indexOf(key) + (e.key === 'ArrowUp' ? -1 : 1)];
      if (to) {
        e.preventDefault();
        e.stopPropagation();
        setFocusKey(to);
        titles.current.get(to)?.focus();
      }
      return;
    }
    const next = keyboardMove(agenda, key, e);
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    if (next !== agenda) setAgenda(next, key);
  };

  const row = (item: DraftAgendaItem, path: IndexPath) => {
    const number = numberOf(path);
    const set = (patch: Partial<DraftAgendaItem>) => setAgenda(updateItem(agenda, item.key, (it) => ({ ...it, ...patch })));
    const problems = editor.placed.get(`item:${item.key}`) ?? [];
    const dropHere = drop?.key === item.key ? drop.position : undefined;
    return (
      <li
        key={item.key}
        role="treeitem"
        aria-level={path.length}
        aria-expanded={item.items.length > 0 ? true : undefined}
        aria-selected={focusKey === item.key}
        aria-label={`${number}. ${item.title}`}
        data-testid="agenda-item"
        data-number={number}
        data-key={item.key}
        className="c-tree-item"
        onKeyDown={onKey(item.key)}
      >
        <div
          className={`c-tree-row${dropHere ? ` c-drop-${dropHere}` : ''}${problems.length > 0 ? ' c-has-problem' : ''}`}
          onDragOver={(e) => {
            if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
            e.preventDefault();
            e.stopPropagation();
            setDrop({ key: item.key, position: dropPosition(e) });
          }}
          onDragLeave={() => setDrop(undefined)}
          onDrop={(e) => {
            const dragged = e.dataTransfer.getData(DRAG_TYPE);
            setDrop(undefined);
            if (!dragged) return;
            e.preventDefault();
            e.stopPropagation();
            setAgenda(moveTo(agenda, dragged, item.key, dropPosition(e)), dragged);
          }}
        >
          <span
            className="c-handle"
            draggable
            aria-hidden="true"
            data-testid="agenda-handle"
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, item.key);
              e.dataTransfer.effectAllowed = 'move';
            }}
          >
            ⠿
          </span>
          <span className="c-number">{number}.</span>
          <input
            className="c-title-input"
            aria-label={t('c.agenda.itemTitle', { number })}
            value={item.title}
            data-testid="agenda-title"
            ref={(el) => {
              if (el) titles.current.set(item.key, el);
              else titles.current.delete(item.key);
            }}
            onFocus={() => setFocusKey(item.key)}
            onChange={(e) => set({ title: e.target.value })}
          />
          <input className="c-presenter" aria-label={t('c.agenda.presenter')} placeholder={t('c.agenda.presenter')} value={item.presenter ?? ''} onChange={(e) => set(e.target.value ? { presenter: e.target.value } : { presenter: undefined })} />
          <input
            className="c-minutes"
            type="number"
            min={1}
            aria-label={t('c.agenda.minutes')}
            placeholder={t('c.agenda.minutes')}
            value={item.minutes ?? ''}
            onChange={(e) => set(e.target.value ? { minutes: Number(e.target.value) } : { minutes: undefined })}
          />
          <span className="c-tree-tools">
            <button type="button" className="btn btn-quiet" title={t('c.agenda.moveUp')} aria-label={t('c.agenda.moveUp')} onClick={() => setAgenda(moveAmongSiblings(agenda, item.key, -1), item.key)}>
              ↑
            </button>
            <button type="button" className="btn btn-quiet" title={t('c.agenda.moveDown')} aria-label={t('c.agenda.moveDown')} onClick={() => setAgenda(moveAmongSiblings(agenda, item.key, 1), item.key)}>
              ↓
            </button>
            <button type="button" className="btn btn-quiet" title={t('c.agenda.indent')} aria-label={t('c.agenda.indent')} onClick={() => setAgenda(indent(agenda, item.key), item.key)}>
              →
            </button>
            <button type="button" className="btn btn-quiet" title={t('c.agenda.outdent')} aria-label={t('c.agenda.outdent')} onClick={() => setAgenda(outdent(agenda, item.key), item.key)}>
              ←
            </button>
            <button type="button" className="btn" data-testid="agenda-add-sub" onClick={() => add(item.key)}>
              {t('c.agenda.addSub')}
            </button>
            <button type="button" className="btn btn-quiet c-danger" aria-label={`${t('c.agenda.remove')} ${number}`} onClick={() => setAgenda(removeItem(agenda, item.key))}>
              ✕
            </button>
          </span>
          {item.documents.length > 0 && <span className="muted c-doc-count">{t('c.agenda.docs', { count: item.documents.length })}</span>}
        </div>
        <InPlace problems={problems} />
        {item.items.length > 0 && (
          <ul role="group" className="c-tree-group">
            {item.items.map((child, i) => row(child, [...path, i]))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <Section title={t('c.agenda.title')} testId="c-agenda">
      <p className="muted">{t('c.agenda.help')}</p>
      <ul role="tree" aria-label={t('c.agenda.tree')} className="c-tree" data-testid="agenda-tree">
        {agenda.map((item, i) => row(item, [i]))}
      </ul>
      <p className="sr-only" aria-live="polite" data-testid="agenda-announce">
        {announce}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-primary" data-testid="agenda-add" onClick={() => add()}>
          {t('c.agenda.add')}
        </button>
      </div>
    </Section>
  );
}
