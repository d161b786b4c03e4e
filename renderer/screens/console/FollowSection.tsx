// Theo dõi: who downloaded which revision, who opened which document, who checked in (the follow route, asked
// every few seconds while the step is on screen); revoke a device; the góp ý and the vote results as they land.
import { useEffect, useState } from 'react';
import type { FollowRow, FollowView, OpinionRow } from '../../../common/api/console.ts';
import type { Lang } from '../../../common/i18n/errors.ts';
import { resultWording } from '../../../common/voting/tally.ts';
import type { PollResult, VotingState } from '../../../common/voting/state.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { request, routeUrl } from '../../console/api.ts';
import type { DraftEditor } from '../../console/useDraft.ts';
import { roleKey, useConsoleT, type ConsoleKey } from '../../i18n/console.ts';
import { ConfirmButton, Notice, Section } from './parts.tsx';

/** How often the follow view, the góp ý and the results are asked again. */
export const FOLLOW_POLL_MS = 3000;

function usePolled<T>(url: string, enabled: boolean): { value?: T; error?: ErrorValue; refresh: () => void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<ErrorValue>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      const r = await request<T>('GET', url);
      if (!live) return;
      if (r.ok) {
        setValue(r.value);
        setError(undefined);
      } else setError(r.error);
      timer = setTimeout(() => void run(), FOLLOW_POLL_MS);
    };
    void run();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [url, enabled, tick]);
  return { ...(value !== undefined ? { value } : {}), ...(error ? { error } : {}), refresh: () => setTick((n) => n + 1) };
}

const ATTENDANCE: Readonly<Record<string, ConsoleKey>> = { 'present-hall': 'c.follow.att.present', 'present-online': 'c.follow.att.online', absent: 'c.follow.att.absent' };

export function pollResultLines(result: PollResult, lang: Lang): string[] {
  const tally = result.tally;
  if (tally.kind === 'confidence') return tally.results.map((r) => resultWording(r, lang));
  return [resultWording(tally.result, lang)];
}

function FollowTable({
  rows,
  latest,
  draftId,
  titles,
  onRevoked,
}: {
  readonly rows: readonly FollowRow[];
  readonly latest: number;
  readonly draftId: string;
  readonly titles: ReadonlyMap<string, string>;
  readonly onRevoked: (name: string) => void;
}) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const revoke = async (row: FollowRow) => {
    const r = await request<{ revoked: boolean }>('POST', routeUrl('revoke', { draftId, delegateId: row.delegateId }));
    if (r.ok) onRevoked(row.name);
  };
  return (
    <div className="table-wrap">
      <table className="c-table" data-testid="follow-table">
        <thead>
          <tr>
            <th scope="col">{t('c.del.name')}</th>
            <th scope="col">{t('c.follow.downloaded')}</th>
            <th scope="col">{t('c.follow.opened')}</th>
            <th scope="col">{t('c.follow.attendance')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.delegateId} data-testid="follow-row" data-delegate-id={r.delegateId} data-revision={r.downloadedRevision ?? 0} data-attendance={r.attendance?.status ?? ''}>
              <td>
                {r.name} <span className="muted">· {t(roleKey(r.role))}</span>
              </td>
              <td>
                {r.downloadedRevision === undefined
                  ? t('c.follow.notYet')
                  : `${t(r.downloadedRevision < latest ? 'c.follow.old' : 'c.follow.current', { revision: r.downloadedRevision })}${r.downloadedAt ? ` · ${i18n.date(r.downloadedAt)}` : ''}`}
              </td>
              <td>
                {r.opened.length === 0 ? (
                  '—'
                ) : (
                  <ul className="c-opened">
                    {r.opened.map((o) => (
                      <li key={`${o.documentId}-${o.revision}`}>
                        {titles.get(o.documentId) ?? o.documentId} <span className="muted">({t('c.follow.current', { revision: o.revision })})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{r.attendance ? `${t(ATTENDANCE[r.attendance.status] ?? 'c.follow.att.none')}${r.attendance.reason ? ` (${r.attendance.reason})` : ''}` : t('c.follow.att.none')}</td>
              <td>
                {r.revoked ? (
                  <span className="role-tag">{t('c.inv.revoked')}</span>
                ) : (
                  <ConfirmButton label={t('c.follow.revoke')} question={t('c.follow.revokeConfirm', { name: r.name })} onConfirm={() => revoke(r)} testId="revoke" danger />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FollowSection({ editor }: { readonly editor: DraftEditor }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const draftId = editor.draft.draftId;
  const published = editor.draft.publishedRevision > 0;
  const follow = usePolled<FollowView>(routeUrl('follow', { draftId }), published);
  const opinions = usePolled<readonly OpinionRow[]>(routeUrl('opinions', { draftId }), published);
  const results = usePolled<VotingState>(routeUrl('results', { draftId }), published);
  const [revoked, setRevoked] = useState<string>();
  if (!published) {
    return (
      <Section title={t('c.follow.title')} testId="c-follow">
        <p className="muted">{t('c.follow.notPublished')}</p>
      </Section>
    );
  }
  return (
    <>
      <Section title={t('c.follow.title')} testId="c-follow">
        {follow.value && <p className="muted">{t('c.follow.lead', { revision: follow.value.latestRevision })}</p>}
        {follow.error && <Notice kind="warn">{t('c.follow.unavailable', { message: i18n.error(follow.error) })}</Notice>}
        {revoked && <Notice>{t('c.follow.revokedDone', { name: revoked })}</Notice>}
        {follow.value && (
          <FollowTable
            rows={follow.value.rows}
            latest={follow.value.latestRevision}
            draftId={draftId}
            titles={new Map(editor.work.documents.map((d) => [d.documentId, d.title]))}
            onRevoked={(name) => {
              setRevoked(name);
              follow.refresh();
            }}
          />
        )}
      </Section>
      <Section title={t('c.res.title')} testId="c-results">
        {results.error && <Notice kind="warn">{t('c.follow.unavailable', { message: i18n.error(results.error) })}</Notice>}
        {results.value && results.value.polls.length === 0 && <p className="muted">{t('c.res.none')}</p>}
        <ul className="c-results">
          {results.value?.polls.map((p) => {
            const result = results.value?.results[p.id];
            return (
              <li key={p.id} data-testid="result" data-status={p.status}>
                <strong>{p.definition.question}</strong>
                {result ? pollResultLines(result, i18n.lang).map((l, i) => <p key={i}>{l}</p>) : <p className="muted">{p.status === 'open' ? t('c.res.open') : t('c.res.waiting')}</p>}
              </li>
            );
          })}
        </ul>
      </Section>
      <Section title={t('c.op.title')} testId="c-opinions">
        {opinions.value && opinions.value.length === 0 && <p className="muted">{t('c.op.none')}</p>}
        <ul className="c-opinions">
          {opinions.value?.map((o) => (
            <li key={o.id} data-testid="opinion">
              <p className="muted">
                {o.delegateName} · {t('c.op.where', { document: o.documentTitle, page: o.page })} · {i18n.date(o.sentAt)}
              </p>
              {o.quote && <blockquote>{o.quote}</blockquote>}
              <p>{o.text}</p>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
