// The "Ghi chú" panel: a side panel beside the viewer on wide screens, a bottom sheet on phones, and a section of
// the meeting home. Lists this document's marks by page, or the whole meeting's by document; filters by author,
// scope and kind; hides scopes and people on the pages (viewPrefs); counts; the orphans to re-attach; for the
// secretariat the góp ý received. Arrow keys move between rows, Enter opens one.
import '../annotations-panel.css';
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ANNOTATION_KINDS, ANNOTATION_SCOPES, type AnnotationScope } from '../../../../common/annotations/types.ts';
import type { Role } from '../../../../common/meeting/types.ts';
import type { ReadableDocument } from '../../../platform/Platform.ts';
import { useAnnotationsT, type AnnotationsT } from '../../../i18n/annotations.ts';
import type { ShownAnnotation } from '../../bookTypes.ts';
import { useAnnotations } from '../AnnotationContext.tsx';
import { isShown, setViewPrefs, useViewPrefs } from '../viewPrefs.ts';
import { OrphansList } from '../orphans/OrphansList.tsx';
import type { PanelDocument } from './panelModel.ts';
import { NoteRow } from './NoteRow.tsx';
import { openMark } from './noteJump.ts';
import { OpinionsList } from './OpinionsList.tsx';
import {
  authorsOf, groupByDocument, groupByPage, isOrphan, marksOfDocument, matchesFilter, myOrphans, NO_FILTER, scopeCounts, type PanelFilter,
} from './panelModel.ts';

export type PanelTab = 'document' | 'meeting' | 'orphans' | 'opinions';

/** The document the viewer shows (absent on the meeting home). */
export type { PanelDocument } from './panelModel.ts';

export interface NotesPanelProps {
  readonly meetingId: string;
  readonly documents: readonly ReadableDocument[];
  readonly role: Role;
  readonly current?: PanelDocument | undefined;
  readonly tab: PanelTab;
  onTab(tab: PanelTab): void;
  onClose?: (() => void) | undefined;
  /** Extra controls in the head (the export button). */
  readonly actions?: ReactNode;
  /** The phone's bottom sheet instead of a side panel. */
  readonly sheet?: boolean;
  /** Delegate id → name (the manifest), for the góp ý of authors whose notes I cannot read. */
  readonly names?: ReadonlyMap<string, string>;
}

/** Arrow keys, Home and End between the rows' open buttons. */
export function onListKeys(e: KeyboardEvent<HTMLElement>): void {
  const rows = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-note-row]')];
  const at = rows.indexOf(document.activeElement as HTMLElement);
  const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : undefined;
  if (to === undefined || rows.length === 0) return;
  e.preventDefault();
  rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
}

function Filters({ f, onChange, list, t }: { readonly f: PanelFilter; onChange(f: PanelFilter): void; readonly list: readonly ShownAnnotation[]; readonly t: AnnotationsT }) {
  const authors = authorsOf(list).filter((a) => !a.mine);
  return (
    <div className="np-filters" role="group" aria-label={t('notes.filter')}>
      <label>
        {t('notes.filter.author')}
        <select value={f.author} onChange={(e) => onChange({ ...f, author: e.target.value })} data-testid="filter-author">
          <option value="all">{t('notes.filter.all')}</option>
          <option value="me">{t('notes.filter.me')}</option>
          {authors.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.count})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notes.filter.scope')}
        <select value={f.scope} onChange={(e) => onChange({ ...f, scope: e.target.value as PanelFilter['scope'] })} data-testid="filter-scope">
          <option value="all">{t('notes.filter.all')}</option>
          {ANNOTATION_SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`notes.scope.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('notes.filter.kind')}
        <select value={f.kind} onChange={(e) => onChange({ ...f, kind: e.target.value as PanelFilter['kind'] })} data-testid="filter-kind">
          <option value="all">{t('notes.filter.all')}</option>
          {ANNOTATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`notes.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function toggled<T>(set: ReadonlySet<T>, v: T): Set<T> {
  const next = new Set(set);
  if (next.has(v)) next.delete(v);
  else next.add(v);
  return next;
}

/** Per-scope and per-person hide toggles of the page layer (viewPrefs.hiddenScopes / hiddenAuthors). */
function ShowToggles({ list, t }: { readonly list: readonly ShownAnnotation[]; readonly t: AnnotationsT }) {
  const prefs = useViewPrefs();
  const counts = scopeCounts(list);
  const authors = authorsOf(list).filter((a) => !a.mine);
  return (
    <details className="np-toggles">
      <summary>{t('notes.showScopes')}</summary>
      <fieldset>
        <legend>{t('notes.filter.scope')}</legend>
        {ANNOTATION_SCOPES.map((s: AnnotationScope) => (
          <label key={s}>
            <input type="checkbox" checked={!prefs.hiddenScopes.has(s)} onChange={() => setViewPrefs({ hiddenScopes: toggled(prefs.hiddenScopes, s) })} data-testid={`show-scope-${s}`} />
            {t(`notes.scope.${s}`)} ({counts[s]})
          </label>
        ))}
      </fieldset>
      {authors.length > 0 && (
        <fieldset>
          <legend>{t('notes.showAuthors')}</legend>
          {authors.map((a) => (
            <label key={a.id}>
              <input type="checkbox" checked={!prefs.hiddenAuthors.has(a.id)} onChange={() => setViewPrefs({ hiddenAuthors: toggled(prefs.hiddenAuthors, a.id) })} />
              {a.name} ({a.count})
            </label>
          ))}
        </fieldset>
      )}
    </details>
  );
}

function useSendOpinion(): (s: ShownAnnotation) => Promise<string | undefined> {
  const { book } = useAnnotations();
  return async (s) => {
    if (book === undefined) return 'NOTE_KEYS_MISSING';
    try {
      await book.sendOpinion(s.annotation.id);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}

interface ListProps {
  readonly meetingId: string;
  readonly list: readonly ShownAnnotation[];
  readonly documents: readonly ReadableDocument[];
  readonly current?: PanelDocument | undefined;
  readonly byDocument: boolean;
}

function MarksList({ meetingId, list, documents, current, byDocument }: ListProps) {
  const t = useAnnotationsT();
  const prefs = useViewPrefs();
  const send = useSendOpinion();
  const title = (id: string) => documents.find((d) => d.id === id)?.title ?? t('notes.unknownDocument');
  const oldNote = (s: ShownAnnotation) => {
    const doc = documents.find((d) => d.id === s.annotation.target.documentId);
    const sha = current?.id === s.annotation.target.documentId ? current.sha256 : undefined;
    const stale = sha !== undefined ? s.annotation.target.sha256 !== sha : doc !== undefined && s.annotation.target.revision !== doc.revision;
    return stale ? t('notes.otherRevision', { revision: s.annotation.target.revision }) : undefined;
  };
  const row = (s: ShownAnnotation) => (
    <NoteRow key={s.annotation.id} s={s} selected={prefs.selectedId === s.annotation.id} note={oldNote(s)} onOpen={(x) => openMark(meetingId, x.annotation, current?.id)} onSendOpinion={send} />
  );
  if (byDocument) {
    return (
      <div className="np-groups" onKeyDown={onListKeys}>
        {groupByDocument(list, documents.map((d) => d.id)).map((g) => (
          <section key={g.documentId} className="np-group" data-testid="note-group">
            <h3>
              {title(g.documentId)} <span className="np-count">({g.items.length})</span>
            </h3>
            <ul className="np-list">{g.items.map(row)}</ul>
          </section>
        ))}
      </div>
    );
  }
  return (
    <div className="np-groups" onKeyDown={onListKeys}>
      {groupByPage(list).map((g) => (
        <section key={g.page} className="np-group" data-testid="note-group">
          <h3>
            {t('notes.page', { page: g.page })} <span className="np-count">({g.items.length})</span>
          </h3>
          <ul className="np-list">{g.items.map(row)}</ul>
        </section>
      ))}
    </div>
  );
}

function Status({ t }: { readonly t: AnnotationsT }) {
  const { book, snapshot, unavailable } = useAnnotations();
  if (unavailable !== undefined) return <p className="np-status np-warn">{t('notes.unavailable', { message: unavailable.message })}</p>;
  if (book === undefined) return <p className="np-status">{t('notes.opening')}</p>;
  const offline = Object.values(snapshot.connection).some((c) => c === 'offline');
  return (
    <>
      {offline && <p className="np-status">{t('notes.offline')}</p>}
      {snapshot.pending > 0 && <p className="np-status" data-testid="notes-pending">{t('notes.pending', { count: snapshot.pending })}</p>}
      {snapshot.rejected > 0 && <p className="np-status np-warn">{t('notes.rejected', { count: snapshot.rejected })}</p>}
    </>
  );
}

function Tabs({ props, orphans, t }: { readonly props: NotesPanelProps; readonly orphans: number; readonly t: AnnotationsT }) {
  const tabs: PanelTab[] = [...(props.current ? (['document'] as const) : []), 'meeting', 'orphans', ...(props.role === 'secretary' ? (['opinions'] as const) : [])];
  const label = (x: PanelTab) => (x === 'orphans' ? t('notes.tab.orphans', { count: orphans }) : t(`notes.tab.${x}`));
  return (
    <div className="np-tabs" role="tablist">
      {tabs.map((x) => (
        <button key={x} type="button" role="tab" aria-selected={props.tab === x} className={props.tab === x ? 'np-tab np-tab-on' : 'np-tab'} onClick={() => props.onTab(x)} data-testid={`notes-tab-${x}`}>
          {label(x)}
        </button>
      ))}
    </div>
  );
}

export function NotesPanel(props: NotesPanelProps) {
  const t = useAnnotationsT();
  const { snapshot } = useAnnotations();
  const prefs = useViewPrefs();
  const [filter, setFilter] = useState<PanelFilter>(NO_FILTER);
  const all = snapshot.annotations;
  const current = props.current;
  const scoped = useMemo(() => (props.tab === 'document' && current ? marksOfDocument(all, current.id) : all.filter((s) => !isOrphan(s.annotation))), [all, props.tab, current]);
  const listed = useMemo(() => scoped.filter((s) => matchesFilter(filter, s)), [scoped, filter]);
  const onPage = listed.filter((s) => isShown(prefs, s.annotation.scope, s.annotation.authorId, s.mine)).length;
  const orphans = myOrphans(all, props.tab === 'document' ? current?.id : undefined);
  const marks = props.tab === 'document' || props.tab === 'meeting';
  return (
    <aside className={props.sheet === true ? 'np-panel np-sheet' : 'np-panel'} aria-label={t('notes.title')} data-testid="notes-panel">
      <div className="np-head">
        <h2>{t('notes.title')}</h2>
        {props.onClose && (
          <button type="button" className="np-close" onClick={props.onClose} aria-label={t('notes.close')}>
            ✕
          </button>
        )}
      </div>
      {props.actions !== undefined && <div className="np-head-actions">{props.actions}</div>}
      <Tabs props={props} orphans={myOrphans(all, current?.id).length} t={t} />
      <Status t={t} />
      {marks && (
        <>
          <Filters f={filter} onChange={setFilter} list={scoped} t={t} />
          <ShowToggles list={scoped} t={t} />
          <p className="np-counts" data-testid="notes-count">
            {t('notes.count', { count: listed.length })}
            {onPage !== listed.length && ` · ${t('notes.shown', { shown: onPage, count: listed.length })}`}
          </p>
          {listed.length === 0 ? (
            <p className="np-empty">
              {scoped.length === 0 ? t('notes.none') : t('notes.noneFiltered')} {scoped.length === 0 && <span className="np-muted">{t('notes.noneHint')}</span>}
            </p>
          ) : (
            <MarksList meetingId={props.meetingId} list={listed} documents={props.documents} current={current} byDocument={props.tab === 'meeting'} />
          )}
        </>
      )}
      {props.tab === 'orphans' && <OrphansList meetingId={props.meetingId} orphans={orphans} documents={props.documents} current={current} />}
      {props.tab === 'opinions' && <OpinionsList documents={props.documents} currentDocumentId={current?.id} names={props.names} />}
    </aside>
  );
}
