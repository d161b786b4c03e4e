// Phát hành: every problem (each with the step to fix it in), what a republish changes (DraftChanges), the
// publish job's progress bar, then the invitations: the A4 sheet, the QR codes, one delegate's link, a new
// invitation for one who lost theirs.
import { useCallback, useEffect, useState } from 'react';
import type { DraftChanges, InvitationRow, Job } from '../../../common/api/console.ts';
import type { ConsoleTextKey } from '../../../common/i18n/consoleText.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { request, routeUrl } from '../../console/api.ts';
import { sectionOf, type Place } from '../../console/problemPlaces.ts';
import type { DraftEditor } from '../../console/useDraft.ts';
import { roleKey, useConsoleT, type ConsoleKey } from '../../i18n/console.ts';
import { ConfirmButton, Notice, Progress, Section } from './parts.tsx';
import type { ConsoleSection } from './sections.ts';

/** How often the publish job is asked for its progress. */
const JOB_POLL_MS = 500;

const NAV_KEY: Readonly<Record<ConsoleSection, ConsoleKey>> = {
  session: 'c.nav.session',
  agenda: 'c.nav.agenda',
  documents: 'c.nav.documents',
  delegates: 'c.nav.delegates',
  publish: 'c.nav.publish',
  follow: 'c.nav.follow',
  records: 'c.nav.records',
};
export const navKey = (s: ConsoleSection): ConsoleKey => NAV_KEY[s];

function ProblemsList({ editor, go }: { readonly editor: DraftEditor; readonly go: (s: ConsoleSection) => void }) {
  const { t, problem } = useConsoleT();
  const entries = [...editor.placed.entries()].flatMap(([place, ps]) => ps.map((p) => ({ place, p })));
  if (entries.length === 0) return <Notice testId="publish-ready">{t('c.pub.noProblems')}</Notice>;
  return (
    <div data-testid="publish-problems">
      <Notice kind="warn">{t('c.pub.problems', { count: entries.length })}</Notice>
      <ul className="c-problem-list">
        {entries.map(({ place, p }, i) => {
          const section = sectionOf(place as Place);
          return (
            <li key={`${place}-${i}`} data-code={p.code}>
              <span>{problem(p)}</span>
              {section !== 'publish' && (
                <button type="button" className="btn btn-quiet" onClick={() => go(section)}>
                  {t('c.pub.goTo', { section: t(NAV_KEY[section]) })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Changes({ changes, revision }: { readonly changes: DraftChanges; readonly revision: number }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  if (changes.firstPublish) return <Notice testId="publish-first">{t('c.pub.firstPublish')}</Notice>;
  const lines: string[] = [
    ...changes.documentsAdded.map((d) => t('c.pub.docAdded', { title: d.title })),
    ...changes.documentsReplaced.map((d) => t('c.pub.docReplaced', { title: d.title })),
    ...changes.documentsRemoved.map((d) => t('c.pub.docRemoved', { title: d.title })),
    ...changes.agendaEdits.map((e) => {
      try {
        return i18n.server(e.code as ConsoleTextKey, e.params);
      } catch {
        return e.code;
      }
    }),
    ...(changes.delegatesAdded.length > 0 ? [t('c.pub.delAdded', { names: changes.delegatesAdded.join(', ') })] : []),
    ...(changes.delegatesRemoved.length > 0 ? [t('c.pub.delRemoved', { names: changes.delegatesRemoved.join(', ') })] : []),
    ...(changes.meetingEdited ? [t('c.pub.meetingEdited')] : []),
  ];
  return (
    <div className="c-changes" data-testid="publish-changes">
      <h3>{t('c.pub.changes', { revision })}</h3>
      {lines.length === 0 ? (
        <p className="muted">{t('c.pub.noChanges')}</p>
      ) : (
        <ul>
          {lines.map((l, i) => (
            <li key={i} data-testid="change-line">
              {l}
            </li>
          ))}
        </ul>
      )}
      {changes.uploadBytes > 0 && <p className="muted">{t('c.pub.upload', { size: i18n.bytes(changes.uploadBytes) })}</p>}
    </div>
  );
}

/** The progress line of a job: the server's detail, in the screen's language when it is "vi / en". */
function jobLine(lang: 'vi' | 'en', job: Job): string {
  const parts = job.detail.split(' / ');
  return parts.length === 2 ? (lang === 'vi' ? (parts[0] ?? '') : (parts[1] ?? '')) : job.detail;
}

export function PublishSection({ editor, go }: { readonly editor: DraftEditor; readonly go: (s: ConsoleSection) => void }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const draftId = editor.draft.draftId;
  const [changes, setChanges] = useState<DraftChanges>();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<ErrorValue>();
  const [checking, setChecking] = useState(false);

  const check = useCallback(async () => {
    setChecking(true);
    await editor.flush();
    const r = await request<DraftChanges>('GET', routeUrl('changes', { draftId }));
    setChecking(false);
    if (r.ok) setChanges(r.value);
  }, [draftId, editor]);

  useEffect(() => {
    // Once per visit of the step; "Kiểm tra lại" asks again.
    void request<DraftChanges>('GET', routeUrl('changes', { draftId })).then((r) => r.ok && setChanges(r.value));
  }, [draftId]);

  useEffect(() => {
    if (!job || job.phase === 'done' || job.phase === 'failed') return;
    const timer = setTimeout(() => {
      void request<Job>('GET', routeUrl('job', { jobId: job.jobId })).then((r) => {
        if (r.ok) setJob(r.value);
        else setError(r.error);
      });
    }, JOB_POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  useEffect(() => {
    if (job?.phase === 'done') void editor.reload().then(check);
    // The draft reloads once when a job ends.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job?.phase]);

  const publish = async () => {
    setError(undefined);
    if (!(await editor.flush())) return;
    const r = await request<Job>('POST', routeUrl('publish', { draftId }));
    if (r.ok) setJob(r.value);
    else setError(r.error);
  };

  const running = job !== undefined && job.phase !== 'done' && job.phase !== 'failed';
  const blocked = editor.problems.length > 0 || editor.save.kind === 'conflict';
  return (
    <>
      <Section title={t('c.pub.title')} testId="c-publish">
        <div className="actions">
          <button type="button" className="btn" onClick={() => void check()} disabled={checking}>
            {t('c.pub.check')}
          </button>
        </div>
        <ProblemsList editor={editor} go={go} />
        {changes && <Changes changes={changes} revision={editor.draft.publishedRevision} />}
        <div className="actions">
          <button type="button" className="btn btn-primary btn-large" data-testid="publish" disabled={blocked || running} onClick={() => void publish()}>
            {editor.draft.publishedRevision > 0 ? t('c.pub.republish') : t('c.pub.publish')}
          </button>
        </div>
        {job && (
          <div className="c-job" data-testid="publish-job" data-phase={job.phase}>
            <Progress value={job.phase === 'done' ? 1 : job.progress} label={t('c.pub.progress')} testId="publish-progress" />
            <p aria-live="polite">
              {job.phase === 'done'
                ? t('c.pub.done', { revision: job.revision ?? editor.draft.publishedRevision })
                : job.phase === 'failed'
                  ? t('c.pub.failed', { message: job.error ? i18n.error({ ...job.error, code: 'INTERNAL' }) : '' })
                  : jobLine(i18n.lang, job)}
            </p>
          </div>
        )}
        {error && <Notice kind="error">{i18n.error(error)}</Notice>}
      </Section>
      <Invitations editor={editor} revision={editor.draft.publishedRevision} />
    </>
  );
}

function Invitations({ editor, revision }: { readonly editor: DraftEditor; readonly revision: number }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const draftId = editor.draft.draftId;
  const [rows, setRows] = useState<readonly InvitationRow[]>([]);
  const [notice, setNotice] = useState<{ text: string; kind: 'ok' | 'error' }>();

  useEffect(() => {
    if (revision === 0) return;
    void request<readonly InvitationRow[]>('GET', routeUrl('invitations', { draftId })).then((r) => r.ok && setRows(r.value));
  }, [draftId, revision]);

  const copy = async (row: InvitationRow) => {
    if (!row.link) return;
    try {
      await navigator.clipboard.writeText(row.link);
      setNotice({ text: t('c.inv.copied', { name: row.name }), kind: 'ok' });
    } catch {
      setNotice({ text: t('c.inv.copyFailed', { link: row.link }), kind: 'error' });
    }
  };

  const reissue = async (row: InvitationRow) => {
    const r = await request<InvitationRow>('POST', routeUrl('reinvite', { draftId, delegateId: row.delegateId }));
    if (!r.ok) return setNotice({ text: i18n.error(r.error), kind: 'error' });
    setRows((rs) => rs.map((x) => (x.delegateId === row.delegateId ? r.value : x)));
    setNotice({ text: t('c.inv.reissued', { name: row.name }), kind: 'ok' });
  };

  return (
    <Section title={t('c.inv.title')} testId="c-invitations">
      {revision === 0 ? (
        <p className="muted">{t('c.inv.none')}</p>
      ) : (
        <>
          <p className="muted">{t('c.inv.lead')}</p>
          <div className="actions">
            <a className="btn btn-primary" href={routeUrl('invitationsPdf', { draftId })} target="_blank" rel="noreferrer" data-testid="invitations-pdf">
              {t('c.inv.print')}
            </a>
            <a className="btn" href={routeUrl('invitationsZip', { draftId })} download data-testid="invitations-zip">
              {t('c.inv.zip')}
            </a>
          </div>
          {notice && (
            <Notice kind={notice.kind} testId="invitation-notice">
              {notice.text}
            </Notice>
          )}
          <div className="table-wrap">
            <table className="c-table" data-testid="invitations-table">
              <thead>
                <tr>
                  <th scope="col">{t('c.del.name')}</th>
                  <th scope="col">{t('c.del.role')}</th>
                  <th scope="col">{t('c.del.group')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.delegateId} data-testid="invitation-row" data-delegate-id={row.delegateId}>
                    <td>
                      {row.name} <span className="muted">({row.delegateId})</span>
                    </td>
                    <td>{t(roleKey(row.role))}</td>
                    <td>{row.group}</td>
                    <td className="c-cell-actions">
                      {row.revoked ? (
                        <span className="role-tag">{t('c.inv.revoked')}</span>
                      ) : (
                        <>
                          <button type="button" className="btn" data-testid="copy-link" onClick={() => void copy(row)}>
                            {t('c.inv.copy')}
                          </button>
                          <a className="btn btn-quiet" href={routeUrl('invitationQr', { draftId, delegateId: row.delegateId })} target="_blank" rel="noreferrer">
                            {t('c.inv.qr')}
                          </a>
                          <ConfirmButton label={t('c.inv.reissue')} question={t('c.inv.reissueConfirm', { name: row.name })} onConfirm={() => reissue(row)} testId="reissue" />
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Section>
  );
}
