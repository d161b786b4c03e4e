// Tài liệu: per agenda item, a drop zone for PDFs (several at once, each with its own progress bar), each
// document's title, kind, confidentiality and readers; replace a document with a new version; unattached ones.
import { useState, type DragEvent } from 'react';
import { MAX_UPLOAD_BYTES, type AttachedFile, type DraftAgendaItem, type DraftDocument } from '../../../common/api/console.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { request, routeUrl, upload } from '../../console/api.ts';
import { attachDocument, detachDocument, flatten, itemPathParam, numberOf, pathOf } from '../../console/agendaTree.ts';
import type { DraftEditor, Work } from '../../console/useDraft.ts';
import { kindKey, useConsoleT } from '../../i18n/console.ts';
import { ConfirmButton, InPlace, Notice, Progress, Section } from './parts.tsx';

interface Upload {
  readonly id: string;
  readonly file: string;
  readonly progress: number;
  readonly status: 'uploading' | 'done' | 'failed';
  readonly replaced?: boolean;
  readonly error?: string;
  readonly ocrPages?: number;
}

type Meta = Work['documents'][number];

/** A refusal we can say before sending anything (a Word file, a file over the limit). */
export function precheck(file: { readonly name: string; readonly size: number }): 'word' | 'large' | 'notPdf' | undefined {
  if (/\.docx?$/i.test(file.name)) return 'word';
  if (file.size > MAX_UPLOAD_BYTES) return 'large';
  if (!/\.pdf$/i.test(file.name)) return 'notPdf';
  return undefined;
}

export function DocumentsSection({ editor }: { readonly editor: DraftEditor }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const [uploads, setUploads] = useState<readonly Upload[]>([]);
  const draftId = editor.draft.draftId;
  const patchUpload = (id: string, patch: Partial<Upload>) => setUploads((us) => us.map((u) => (u.id === id ? { ...u, ...patch } : u)));

  const refuse = (id: string, file: File, why: NonNullable<ReturnType<typeof precheck>>) => {
    const text =
      why === 'word'
        ? i18n.server('FILE_WORD_DOCUMENT', { file: file.name })
        : why === 'large'
          ? t('c.docs.tooLarge', { file: file.name, size: i18n.bytes(file.size), limit: i18n.bytes(MAX_UPLOAD_BYTES) })
          : t('c.docs.notPdf', { file: file.name });
    patchUpload(id, { status: 'failed', error: text });
  };

  const send = async (files: readonly File[], itemKey: string | undefined, replace?: DraftDocument) => {
    const started = files.map((f, i) => ({ id: `${Date.now()}-${i}-${f.name}`, file: f.name, progress: 0, status: 'uploading' as const, ...(replace ? { replaced: true } : {}) }));
    setUploads((us) => [...us.filter((u) => u.status === 'uploading' || u.status === 'failed'), ...started]);
    // The item's index path is the saved agenda's: save what was typed first.
    await editor.flush();
    await Promise.all(
      files.map(async (file, i) => {
        const u = started[i];
        if (!u) return;
        const why = precheck(file);
        if (why) return refuse(u.id, file, why);
        const path = itemKey ? pathOf(editor.work.agenda, itemKey) : undefined;
        const url = replace
          ? routeUrl('file', { draftId, documentId: replace.documentId }, { name: file.name })
          : routeUrl('files', { draftId }, { name: file.name, ...(path ? { itemPath: itemPathParam(path) } : {}) });
        const r = await upload<AttachedFile>(replace ? 'PUT' : 'POST', url, file, (progress) => patchUpload(u.id, { progress }));
        if (!r.ok) return patchUpload(u.id, { status: 'failed', error: i18n.error(r.error) });
        editor.addFile(r.value, itemKey);
        patchUpload(u.id, { status: 'done', progress: 1, ...(r.value.ocrPages?.length ? { ocrPages: r.value.ocrPages.length } : {}) });
      }),
    );
  };

  const items = flatten(editor.work.agenda);
  const attached = new Set(items.flatMap(({ item }) => item.documents));
  const unattached = editor.work.files.filter((f) => !attached.has(f.documentId));

  return (
    <Section title={t('c.docs.title')} testId="c-documents">
      <p className="muted">{t('c.docs.lead')}</p>
      <Uploads uploads={uploads} onDismiss={(id) => setUploads((us) => us.filter((u) => u.id !== id))} />
      {items.map(({ item, path }) => (
        <div key={item.key} className="c-doc-item" data-testid="doc-item" data-number={numberOf(path)}>
          <h3>
            {numberOf(path)}. {item.title}
          </h3>
          {item.documents.map((id) => (
            <DocumentRow key={id} editor={editor} documentId={id} item={item} onReplace={(f, doc) => void send([f], item.key, doc)} />
          ))}
          <DropZone number={numberOf(path)} onFiles={(files) => void send(files, item.key)} />
        </div>
      ))}
      {unattached.length > 0 && (
        <div className="c-doc-item" data-testid="doc-unattached">
          <h3>{t('c.docs.unattached')}</h3>
          {unattached.map((f) => (
            <DocumentRow key={f.documentId} editor={editor} documentId={f.documentId} onReplace={(file, doc) => void send([file], undefined, doc)} />
          ))}
        </div>
      )}
      <InPlace problems={editor.placed.get('documents') ?? []} />
    </Section>
  );
}

function Uploads({ uploads, onDismiss }: { readonly uploads: readonly Upload[]; readonly onDismiss: (id: string) => void }) {
  const { t } = useConsoleT();
  if (uploads.length === 0) return null;
  return (
    <ul className="c-uploads" data-testid="uploads">
      {uploads.map((u) => (
        <li key={u.id} data-testid="upload" data-status={u.status} data-file={u.file}>
          {u.status === 'uploading' && (
            <>
              <span>{t('c.docs.uploading', { file: u.file })}</span>
              <Progress value={u.progress} label={t('c.docs.uploading', { file: u.file })} testId="upload-progress" />
            </>
          )}
          {u.status === 'done' && (
            <Notice>
              {t(u.replaced ? 'c.docs.replaced' : 'c.docs.uploaded', { file: u.file })}
              {u.ocrPages ? ` ${t('c.docs.ocr', { count: u.ocrPages })}` : ''}
            </Notice>
          )}
          {u.status === 'failed' && (
            <div className="c-notice c-notice-error" role="alert" data-testid="upload-error">
              {t('c.docs.failed', { file: u.file, message: u.error ?? '' })}
              <button type="button" className="btn btn-quiet" onClick={() => onDismiss(u.id)}>
                {t('c.docs.dismiss')}
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function DropZone({ number, onFiles }: { readonly number: string; readonly onFiles: (files: File[]) => void }) {
  const { t } = useConsoleT();
  const [over, setOver] = useState(false);
  const isFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  return (
    <label
      className={`c-drop${over ? ' c-drop-over' : ''}`}
      data-testid={`drop-${number}`}
      onDragOver={(e) => {
        if (!isFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!isFiles(e)) return;
        e.preventDefault();
        setOver(false);
        onFiles([...e.dataTransfer.files]);
      }}
    >
      <span>{over ? t('c.docs.dropActive') : t('c.docs.drop')}</span>
      <input
        type="file"
        multiple
        accept=".pdf,application/pdf"
        className="sr-only"
        data-testid={`drop-input-${number}`}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </label>
  );
}

function DocumentRow({ editor, documentId, item, onReplace }: { readonly editor: DraftEditor; readonly documentId: string; readonly item?: DraftAgendaItem; readonly onReplace: (f: File, d: DraftDocument) => void }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const [error, setError] = useState<ErrorValue>();
  const file = editor.work.files.find((f) => f.documentId === documentId);
  const meta = editor.work.documents.find((d) => d.documentId === documentId);
  if (!file || !meta) return null;
  const set = (patch: Partial<Meta>) => editor.edit((w) => ({ ...w, documents: w.documents.map((d) => (d.documentId === documentId ? { ...d, ...patch } : d)) }));
  const problems = editor.placed.get(`doc:${documentId}`) ?? [];
  const readersPool = editor.work.delegates.filter((d) => d.role !== 'observer');
  const items = flatten(editor.work.agenda);
  const remove = async () => {
    const r = await request<{ deleted: boolean }>('DELETE', routeUrl('file', { draftId: editor.draft.draftId, documentId }));
    if (!r.ok) return setError(r.error);
    editor.edit((w) => ({ ...w, files: w.files.filter((f) => f.documentId !== documentId), documents: w.documents.filter((d) => d.documentId !== documentId), agenda: item ? detachDocument(w.agenda, item.key, documentId) : w.agenda }));
  };
  return (
    <div className={`c-doc${problems.length > 0 ? ' c-has-problem' : ''}`} data-testid="doc-row" data-document-id={documentId} data-file={file.file}>
      <div className="c-row">
        <div className="c-field c-grow">
          <label htmlFor={`d-title-${documentId}`}>{t('c.docs.titleField')}</label>
          <input id={`d-title-${documentId}`} value={meta.title} data-testid="doc-title" onChange={(e) => set({ title: e.target.value })} />
        </div>
        <div className="c-field">
          <label htmlFor={`d-kind-${documentId}`}>{t('c.docs.kind')}</label>
          <select id={`d-kind-${documentId}`} value={meta.kind} data-testid="doc-kind" onChange={(e) => set({ kind: e.target.value as DocumentKind })}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(kindKey(k))}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted c-doc-facts">
        {file.file} · {t('c.docs.meta', { pages: file.pages, size: i18n.bytes(file.bytes) })} ·{' '}
        <a href={routeUrl('fileContent', { draftId: editor.draft.draftId, documentId })} target="_blank" rel="noreferrer">
          {t('c.docs.open')}
        </a>
      </p>
      <label className="c-check">
        <input type="checkbox" checked={meta.confidential} data-testid="doc-confidential" onChange={(e) => set({ confidential: e.target.checked, readers: e.target.checked ? meta.readers : [] })} />
        {t('c.docs.confidential')}
      </label>
      {meta.confidential && (
        <fieldset className="c-readers" data-testid="doc-readers">
          <legend>{t('c.docs.readers')}</legend>
          {readersPool.length === 0 && <p className="muted">{t('c.docs.noDelegates')}</p>}
          {readersPool.map((d) => (
            <label key={d.id} className="c-check">
              <input
                type="checkbox"
                checked={meta.readers.includes(d.id)}
                onChange={(e) => set({ readers: e.target.checked ? [...meta.readers, d.id] : meta.readers.filter((r) => r !== d.id) })}
              />
              {d.name} <span className="muted">({d.id})</span>
            </label>
          ))}
        </fieldset>
      )}
      <InPlace problems={problems} />
      {error && <Notice kind="error">{i18n.error(error)}</Notice>}
      <div className="actions">
        <label className="btn" data-testid="doc-replace">
          {t('c.docs.replace')}
          <input
            type="file"
            accept=".pdf,application/pdf"
            className="sr-only"
            data-testid="doc-replace-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) onReplace(f, file);
            }}
          />
        </label>
        {item ? (
          <button type="button" className="btn" onClick={() => editor.edit((w) => ({ ...w, agenda: detachDocument(w.agenda, item.key, documentId) }))}>
            {t('c.docs.remove')}
          </button>
        ) : (
          <select aria-label={t('c.docs.attachTo')} value="" onChange={(e) => e.target.value && editor.edit((w) => ({ ...w, agenda: attachDocument(w.agenda, e.target.value, documentId) }))}>
            <option value="">{t('c.docs.attachTo')}</option>
            {items.map(({ item: it, path }) => (
              <option key={it.key} value={it.key}>
                {numberOf(path)}. {it.title}
              </option>
            ))}
          </select>
        )}
        <ConfirmButton label={t('c.docs.delete')} question={`${t('c.docs.delete')}: ${meta.title}?`} onConfirm={remove} danger />
      </div>
    </div>
  );
}
