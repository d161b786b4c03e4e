// Biên bản: the records after the session (download buttons), the meeting folder as a ZIP, and the backup of
// the publishing keys with a passphrase (and its restore).
import { useState } from 'react';
import type { ErrorValue } from '../../../common/result.ts';
import { postForFile, routeUrl, saveBlob, upload, type RouteName } from '../../console/api.ts';
import type { DraftEditor } from '../../console/useDraft.ts';
import { useConsoleT, type ConsoleKey } from '../../i18n/console.ts';
import { Notice, Section } from './parts.tsx';

const RECORDS: readonly { readonly label: ConsoleKey; readonly files: readonly { readonly route: RouteName; readonly label: ConsoleKey; readonly testId: string }[] }[] = [
  {
    label: 'c.rec.minutes',
    files: [
      { route: 'minutesDocx', label: 'c.rec.docx', testId: 'minutes-docx' },
      { route: 'minutesPdf', label: 'c.rec.pdf', testId: 'minutes-pdf' },
    ],
  },
  {
    label: 'c.rec.attendance',
    files: [
      { route: 'attendanceXlsx', label: 'c.rec.xlsx', testId: 'attendance-xlsx' },
      { route: 'attendanceCsv', label: 'c.rec.csv', testId: 'attendance-csv' },
    ],
  },
  {
    label: 'c.rec.results',
    files: [
      { route: 'resultsXlsx', label: 'c.rec.xlsx', testId: 'results-xlsx' },
      { route: 'resultsCsv', label: 'c.rec.csv', testId: 'results-csv' },
    ],
  },
  {
    label: 'c.rec.opinions',
    files: [
      { route: 'opinionsDocx', label: 'c.rec.docx', testId: 'opinions-docx' },
      { route: 'opinionsPdf', label: 'c.rec.pdf', testId: 'opinions-pdf' },
    ],
  },
];

export const MIN_PASSPHRASE = 8;

function KeysBackup({ editor }: { readonly editor: DraftEditor }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const draftId = editor.draft.draftId;
  const [passphrase, setPassphrase] = useState('');
  const [restoreFile, setRestoreFile] = useState<File>();
  const [restorePass, setRestorePass] = useState('');
  const [notice, setNotice] = useState<{ text: string; kind: 'ok' | 'error' }>();
  const fail = (e: ErrorValue) => setNotice({ text: i18n.error(e), kind: 'error' });

  const backup = async () => {
    if (passphrase.length < MIN_PASSPHRASE) return setNotice({ text: t('c.keys.short'), kind: 'error' });
    const r = await postForFile(routeUrl('keysBackup', { draftId }), { passphrase });
    if (!r.ok) return fail(r.error);
    saveBlob(r.value.blob, r.value.name);
    setPassphrase('');
    setNotice({ text: t('c.keys.backedUp'), kind: 'ok' });
  };

  const restore = async () => {
    if (!restoreFile) return;
    const r = await upload<{ restored: boolean; revision: number }>('POST', routeUrl('keysRestore', { draftId }, { passphrase: restorePass }), restoreFile, () => undefined);
    if (!r.ok) return fail(r.error);
    setRestorePass('');
    setNotice({ text: t('c.keys.restored', { revision: r.value.revision }), kind: 'ok' });
    await editor.reload();
  };

  return (
    <Section title={t('c.keys.title')} testId="c-keys">
      <p data-testid="keys-why">{t('c.keys.why')}</p>
      {editor.draft.publishedRevision === 0 && <p className="muted">{t('c.keys.notPublished')}</p>}
      <div className="c-row">
        <div className="c-field c-grow">
          <label htmlFor="k-pass">{t('c.keys.passphrase')}</label>
          <input id="k-pass" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
        <button type="button" className="btn btn-primary" disabled={editor.draft.publishedRevision === 0} onClick={() => void backup()}>
          {t('c.keys.backup')}
        </button>
      </div>
      <h3>{t('c.keys.restore')}</h3>
      <div className="c-row">
        <div className="c-field">
          <label className="btn">
            {t('c.keys.restoreFile')}
            <input type="file" className="sr-only" data-testid="keys-restore-file" onChange={(e) => setRestoreFile(e.target.files?.[0])} />
          </label>
          {restoreFile && <p className="muted">{restoreFile.name}</p>}
        </div>
        <div className="c-field c-grow">
          <label htmlFor="k-rpass">{t('c.keys.restorePass')}</label>
          <input id="k-rpass" type="password" autoComplete="current-password" value={restorePass} onChange={(e) => setRestorePass(e.target.value)} />
        </div>
        <button type="button" className="btn" disabled={!restoreFile || restorePass.length === 0} onClick={() => void restore()}>
          {t('c.keys.restore')}
        </button>
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </Section>
  );
}

export function RecordsSection({ editor }: { readonly editor: DraftEditor }) {
  const { t } = useConsoleT();
  const draftId = editor.draft.draftId;
  return (
    <>
      <Section title={t('c.rec.title')} testId="c-records">
        <ul className="c-records">
          {RECORDS.map((r) => (
            <li key={r.label}>
              <strong>{t(r.label)}</strong>
              <span className="actions">
                {r.files.map((f) => (
                  <a key={f.route} className="btn" href={routeUrl(f.route, { draftId })} download data-testid={f.testId}>
                    {t(f.label)}
                  </a>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('c.rec.folder')} testId="c-folder">
        <p className="muted">{t('c.rec.folderLead')}</p>
        <a className="btn" href={routeUrl('exportZip', { draftId })} download data-testid="export-zip">
          {t('c.rec.export')}
        </a>
      </Section>
      <KeysBackup editor={editor} />
    </>
  );
}
