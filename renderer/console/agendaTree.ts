// The agenda tree as the console edits it (DraftAgendaItem[]): pure moves for drag and drop and the keyboard
// (Alt+↑/↓ move among siblings, Alt+→ nest under the previous sibling, Alt+← take out to the parent's level),
// numbering ("2.1") and index paths ("1.0", what the server's ?itemPath= and the validator's agenda[1].items[0]
// mean). Every function returns a new tree; an impossible move returns the tree unchanged.
import type { DraftAgendaItem } from '../../common/api/console.ts';

export type Agenda = readonly DraftAgendaItem[];
/** Indices from the root: [1, 0] is the 2nd item's 1st sub-item. */
export type IndexPath = readonly number[];

export function pathOf(agenda: Agenda, key: string): IndexPath | undefined {
  for (let i = 0; i < agenda.length; i++) {
    const item = agenda[i];
    if (!item) continue;
    if (item.key === key) return [i];
    const sub = pathOf(item.items, key);
    if (sub) return [i, ...sub];
  }
  return undefined;
}

export function itemAt(agenda: Agenda, path: IndexPath): DraftAgendaItem | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  const item = agenda[head];
  return rest.length === 0 || !item ? item : itemAt(item.items, rest);
}

export const findItem = (agenda: Agenda, key: string): DraftAgendaItem | undefined => {
  const p = pathOf(agenda, key);
  return p ? itemAt(agenda, p) : undefined;
};

/** "2.1" for [1, 0]. */
export const numberOf = (path: IndexPath): string => path.map((i) => i + 1).join('.');
/** "1.0" for [1, 0] (the server's itemPath). */
export const itemPathParam = (path: IndexPath): string => path.join('.');

/** Replaces the list of siblings at `parent` ([] = the root). */
function withChildren(agenda: Agenda, parent: IndexPath, fn: (items: Agenda) => Agenda): Agenda {
  const [head, ...rest] = parent;
  if (head === undefined) return fn(agenda);
  return agenda.map((item, i) => (i === head ? { ...item, items: withChildren(item.items, rest, fn) } : item));
}

export function updateItem(agenda: Agenda, key: string, patch: (item: DraftAgendaItem) => DraftAgendaItem): Agenda {
  return agenda.map((item) => (item.key === key ? patch(item) : { ...item, items: updateItem(item.items, key, patch) }));
}

export function removeItem(agenda: Agenda, key: string): Agenda {
  return agenda.filter((i) => i.key !== key).map((item) => ({ ...item, items: removeItem(item.items, key) }));
}

/** Adds `item` as the last child of `parentKey` (undefined: at the root). */
export function addItem(agenda: Agenda, item: DraftAgendaItem, parentKey?: string): Agenda {
  if (parentKey === undefined) return [...agenda, item];
  const parent = pathOf(agenda, parentKey);
  return parent ? withChildren(agenda, parent, (items) => [...items, item]) : agenda;
}

/** Inserts `item` among the siblings at `parent`, before index `index`. */
function insertAt(agenda: Agenda, parent: IndexPath, index: number, item: DraftAgendaItem): Agenda {
  return withChildren(agenda, parent, (items) => [...items.slice(0, index), item, ...items.slice(index)]);
}

/** Alt+↑ (delta -1) / Alt+↓ (+1): swaps with the neighbouring sibling. */
export function moveAmongSiblings(agenda: Agenda, key: string, delta: -1 | 1): Agenda {
  const p = pathOf(agenda, key);
  if (!p) return agenda;
  const index = p[p.length - 1] ?? 0;
  const parent = p.slice(0, -1);
  return withChildren(agenda, parent, (items) => {
    const target = index + delta;
    const a = items[index];
    const b = items[target];
    if (!a || !b) return items;
    const next = [...items];
    next[index] = b;
    next[target] = a;
    return next;
  });
}

/** Alt+→: becomes the last child of its previous sibling. */
export function indent(agenda: Agenda, key: string): Agenda {
  const p = pathOf(agenda, key);
  if (!p) return agenda;
  const index = p[p.length - 1] ?? 0;
  if (index === 0) return agenda;
  const item = itemAt(agenda, p);
  const previous = itemAt(agenda, [...p.slice(0, -1), index - 1]);
  if (!item || !previous) return agenda;
  return addItem(removeItem(agenda, key), item, previous.key);
}

/** Alt+←: leaves its parent, placed right after it. */
export function outdent(agenda: Agenda, key: string): Agenda {
  const p = pathOf(agenda, key);
  if (!p || p.length < 2) return agenda;
  const item = itemAt(agenda, p);
  if (!item) return agenda;
  const parentPath = p.slice(0, -1);
  const parentIndex = parentPath[parentPath.length - 1] ?? 0;
  return insertAt(removeItem(agenda, key), parentPath.slice(0, -1), parentIndex + 1, item);
}

export type DropPosition = 'before' | 'after' | 'inside';

/** Drag and drop: puts `key` before, after or inside (last child of) `targetKey`; never into itself. */
export function moveTo(agenda: Agenda, key: string, targetKey: string, position: DropPosition): Agenda {
  if (key === targetKey) return agenda;
  const item = findItem(agenda, key);
  if (!item || findItem(item.items, targetKey)) return agenda;
  const without = removeItem(agenda, key);
  if (position === 'inside') return addItem(without, item, targetKey);
  const target = pathOf(without, targetKey);
  if (!target) return agenda;
  const index = (target[target.length - 1] ?? 0) + (position === 'after' ? 1 : 0);
  return insertAt(without, target.slice(0, -1), index, item);
}

/** Every item depth first with its path (for rendering and for finding problems' places). */
export function flatten(agenda: Agenda, parent: IndexPath = []): { item: DraftAgendaItem; path: IndexPath }[] {
  return agenda.flatMap((item, i) => {
    const path = [...parent, i];
    return [{ item, path }, ...flatten(item.items, path)];
  });
}

/** Attaches a document id to an item (once). */
export const attachDocument = (agenda: Agenda, key: string, documentId: string): Agenda =>
  updateItem(agenda, key, (item) => (item.documents.includes(documentId) ? item : { ...item, documents: [...item.documents, documentId] }));

export const detachDocument = (agenda: Agenda, key: string, documentId: string): Agenda =>
  updateItem(agenda, key, (item) => ({ ...item, documents: item.documents.filter((d) => d !== documentId) }));

/** The item a document is attached to (the first one). */
export function itemOfDocument(agenda: Agenda, documentId: string): DraftAgendaItem | undefined {
  return flatten(agenda).find(({ item }) => item.documents.includes(documentId))?.item;
}

export function newKey(): string {
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
