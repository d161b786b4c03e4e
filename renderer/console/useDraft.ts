// The draft being edited: loaded from the server, edited locally, autosaved (autosave.ts), with the
// problems of the last save plus the table's own checks, each placed next to its field (problemPlaces.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AttachedFile, Draft, DraftDocument } from '../../common/api/console.ts';
import type { Problem } from '../../common/i18n/problems.ts';
import type { ErrorValue } from '../../common/result.ts';
import { request, routeUrl } from './api.ts';
import { createAutosave, readBackup, type Autosave, type SaveBody, type SaveState } from './autosave.ts';
import { checkDelegates } from './delegateChecks.ts';
import { placeProblems, type Place } from './problemPlaces.ts';

export interface Work extends SaveBody {
  /** Every document the draft holds (the file facts the server knows + the clerk's edits). */
  readonly files: readonly DraftDocument[];
}

export interface DraftEditor {
  readonly draft: Draft;
  readonly work: Work;
  readonly save: SaveState;
  readonly restored: boolean;
  readonly problems: readonly Problem[];
  readonly placed: ReadonlyMap<Place, readonly Problem[]>;
  edit(fn: (w: Work) => Work): void;
  flush(): Promise<boolean>;
  /** A file the server just took: into the documents (and the agenda, when `itemKey`). */
  addFile(file: AttachedFile, itemKey?: string): void;
  reload(): Promise<void>;
  /** After a conflict: overwrite the server's draft with this screen's. */
  keepMine(): Promise<void>;
}

const workOf = (d: Draft): Work => ({
  meeting: d.meeting,
  agenda: d.agenda,
  delegates: d.delegates,
  documents: d.documents.map(({ documentId, title, kind, confidential, readers }) => ({ documentId, title, kind, confidential, readers })),
  files: d.documents,
});

const bodyOf = (w: Work): SaveBody => ({ meeting: w.meeting, agenda: w.agenda, documents: w.documents, delegates: w.delegates });

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

export function useDraft(draftId: string): { editor?: DraftEditor; error?: ErrorValue } {
  const [draft, setDraft] = useState<Draft>();
  const [work, setWork] = useState<Work>();
  const [error, setError] = useState<ErrorValue>();
  const [save, setSave] = useState<SaveState>({ kind: 'saved' });
  const [restored, setRestored] = useState(false);
  const autosave = useRef<Autosave | undefined>(undefined);
  const workRef = useRef<Work | undefined>(undefined);

  const start = useCallback(
    (d: Draft) => {
      autosave.current = createAutosave({
        draftId,
        version: d.version,
        save: (body) => request<Draft>('PUT', routeUrl('draft', { draftId }), body),
        onState: setSave,
        onSaved: (saved) => setDraft(saved),
        ...(storage() ? { backup: storage() as Storage } : {}),
      });
    },
    [draftId],
  );

  const apply = useCallback(
    (r: Awaited<ReturnType<typeof request<Draft>>>) => {
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setDraft(r.value);
      const backup = storage() ? readBackup(storage() as Storage, draftId) : undefined;
      let w = workOf(r.value);
      setSave({ kind: 'saved' });
      start(r.value);
      if (backup && backup.version === r.value.version) {
        w = { ...w, ...backup.body };
        setRestored(true);
        // Sent again at once (its state shows "Chưa lưu…" until the server has it).
        autosave.current?.edit(backup.body);
      }
      workRef.current = w;
      setWork(w);
    },
    [draftId, start],
  );

  const load = useCallback(async () => apply(await request<Draft>('GET', routeUrl('draft', { draftId }))), [apply, draftId]);

  useEffect(() => {
    let live = true;
    void request<Draft>('GET', routeUrl('draft', { draftId })).then((r) => live && apply(r));
    return () => {
      live = false;
    };
  }, [apply, draftId]);

  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      if (save.kind === 'pending' || save.kind === 'saving') e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [save.kind]);

  const edit = useCallback((fn: (w: Work) => Work) => {
    const current = workRef.current;
    if (!current) return;
    const next = fn(current);
    workRef.current = next;
    setWork(next);
    autosave.current?.edit(bodyOf(next));
  }, []);

  const addFile = useCallback(
    (file: AttachedFile, itemKey?: string) => {
      edit((w) => {
        const d = file.document;
        const files = [...w.files.filter((f) => f.documentId !== d.documentId), d];
        const documents = w.documents.some((x) => x.documentId === d.documentId)
          ? w.documents
          : [...w.documents, { documentId: d.documentId, title: d.title, kind: d.kind, confidential: d.confidential, readers: d.readers }];
        const attach = (items: Work['agenda']): Work['agenda'] =>
          items.map((it) => (it.key === itemKey && !it.documents.includes(d.documentId) ? { ...it, documents: [...it.documents, d.documentId] } : { ...it, items: attach(it.items) }));
        return { ...w, files, documents, agenda: itemKey ? attach(w.agenda) : w.agenda };
      });
    },
    [edit],
  );

  const keepMine = useCallback(async () => {
    const r = await request<Draft>('GET', routeUrl('draft', { draftId }));
    if (!r.ok || !workRef.current) return;
    start(r.value);
    autosave.current?.edit(bodyOf(workRef.current));
    await autosave.current?.flush();
  }, [draftId, start]);

  const reload = useCallback(async () => {
    storage()?.removeItem(`council.console.draft.${draftId}`);
    setRestored(false);
    await load();
  }, [draftId, load]);

  const problems = useMemo(() => {
    if (!draft || !work) return [];
    // The delegate rows are checked here as the clerk types; the server's delegates.csv problems wait for a save.
    const server = save.kind === 'saved' ? draft.problems : draft.problems.filter((p) => p.file !== 'delegates.csv');
    const local = checkDelegates(work.delegates);
    const key = (p: Problem) => `${p.file}:${p.line ?? ''}:${p.code}`;
    const seen = new Set(server.map(key));
    return [...server, ...local.filter((p) => !seen.has(key(p)))];
  }, [draft, work, save.kind]);

  const placed = useMemo(() => (work ? placeProblems(problems, { agenda: work.agenda, documents: work.files, delegates: work.delegates }) : new Map<Place, readonly Problem[]>()), [problems, work]);

  if (error) return { error };
  if (!draft || !work) return {};
  return {
    editor: {
      draft,
      work,
      save,
      restored,
      problems,
      placed,
      edit,
      flush: () => autosave.current?.flush() ?? Promise.resolve(true),
      addFile,
      reload,
      keepMine,
    },
  };
}
