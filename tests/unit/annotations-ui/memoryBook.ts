// A small in-memory NoteBook for the tools' tests only (never shipped): put/remove/subscribe, mine = delegateId.
import type { Annotation } from '../../../common/annotations/types.ts';
import type { BookSnapshot, NoteBook } from '../../../renderer/annotations/bookTypes.ts';

export function memoryBook(delegateId: string, names: Readonly<Record<string, string>> = {}, others: readonly Annotation[] = []): NoteBook & { readonly puts: number } {
  const map = new Map<string, Annotation>(others.map((a) => [a.id, a]));
  const listeners = new Set<(s: BookSnapshot) => void>();
  let puts = 0;
  const snapshot = (): BookSnapshot => ({
    annotations: [...map.values()].map((annotation) => ({ annotation, authorName: names[annotation.authorId] ?? annotation.authorId, mine: annotation.authorId === delegateId })),
    connection: { private: 'synced', meeting: 'synced' },
    rejected: 0,
    pending: 0,
  });
  const emit = () => listeners.forEach((l) => l(snapshot()));
  return {
    meetingId: 'meeting-1',
    delegateId,
    get puts() {
      return puts;
    },
    snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    put(annotation) {
      if (annotation.authorId !== delegateId) return Promise.reject(new Error('not mine'));
      puts++;
      map.set(annotation.id, annotation);
      emit();
      return Promise.resolve();
    },
    remove(id) {
      const a = map.get(id);
      if (a !== undefined && a.authorId !== delegateId) return Promise.reject(new Error('not mine'));
      map.delete(id);
      emit();
      return Promise.resolve();
    },
    sendOpinion: () => Promise.resolve(),
    opinions: () => Promise.resolve([]),
    noteOpened: () => Promise.resolve(),
    close: () => undefined,
  };
}
