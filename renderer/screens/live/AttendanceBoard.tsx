// Điểm danh: every sitting delegate with their status, whether their device is connected, and the chair's
// recording of attendance for someone (present in the hall, online, absent with a reason). One line a
// delegate: the name, then a segmented control with short labels (the full words are its accessible names).
import { useEffect, useRef, useState } from 'react';
import { MAX_REASON_CHARS } from '../../../common/live/commands.ts';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { QuorumLine } from '../../live/LiveParts.tsx';
import { remainingToMark, runInSequence, type BulkProgress } from '../../live/chairTools.ts';
import { liveFacts } from '../../live/facts.ts';
import { connectedIds, quorumOf, sittingDelegates } from '../../live/viewModel.ts';
import type { MeetingView } from '../../platform/Platform.ts';
import type { Act } from './act.ts';

type Filter = 'all' | 'none' | 'absent';
const FILTERS: readonly Filter[] = ['all', 'none', 'absent'];

function Row({ d, snapshot, online, act }: { readonly d: Delegate; readonly snapshot: LiveSnapshot; readonly online: boolean; readonly act: Act }) {
  const { t } = useT();
  const record = snapshot.state.attendance[d.id];
  const [reason, setReason] = useState(record?.reason ?? '');
  const [absentDraft, setAbsentDraft] = useState(false);
  const record_ = (status: AttendanceStatus) => {
    if (status === 'absent' && !absentDraft) return setAbsentDraft(true);
    setAbsentDraft(false);
    void act(status === 'absent' && reason.trim() ? { type: 'recordAttendance', delegateId: d.id, status, reason: reason.trim() } : { type: 'recordAttendance', delegateId: d.id, status });
  };
  const status = record?.status ?? 'none';
  const statusText = `${t(`live.attendance.${status}`)}${record?.reason ? ` — ${record.reason}` : ''}`;
  return (
    <li className={`att-row att-row-${status}`} data-testid="attendance-row" data-delegate-id={d.id} data-status={status}>
      <span className="att-who" title={`${d.name}: ${statusText}`}>
        <span className={`presence ${online ? 'presence-on' : ''}`} title={online ? t('live.chair.connected') : undefined} aria-hidden="true" />
        {online && <span className="sr-only">{t('live.chair.connected')}</span>}
        <span className="att-name">{d.name}</span>
        <span className={`att-status att att-${status}`}>{statusText}</span>
      </span>
      <span className="att-seg" role="group" aria-label={t('live.chair.record', { name: d.name })}>
        {ATTENDANCE_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`att-seg-btn att-seg-${s}`}
            aria-pressed={record?.status === s}
            aria-label={t(`live.attendance.${s}`)}
            title={t(`live.attendance.${s}`)}
            onClick={() => record_(s)}
          >
            {t(`live.attendance.short.${s}`)}
          </button>
        ))}
      </span>
      {absentDraft && (
        <form
          className="att-reason"
          onSubmit={(e) => {
            e.preventDefault();
            record_('absent');
          }}
        >
          <input value={reason} maxLength={MAX_REASON_CHARS} placeholder={t('live.chair.reason')} aria-label={t('live.chair.reason')} onChange={(e) => setReason(e.target.value)} autoFocus />
          <button type="submit" className="btn">
            {t('live.attendance.absent')}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setAbsentDraft(false)}>
            {t('live.request.cancel')}
          </button>
        </form>
      )}
    </li>
  );
}

type MarkPhase = { readonly kind: 'idle' } | { readonly kind: 'confirm'; readonly ids: readonly string[] } | { readonly kind: 'running'; readonly progress: BulkProgress } | { readonly kind: 'done'; readonly sent: number };

/** "Đánh dấu có mặt tại hội trường cho những người còn lại": one confirmation, then one record per delegate. */
function MarkRest({ sittingIds, snapshot, act }: { readonly sittingIds: readonly string[]; readonly snapshot: LiveSnapshot; readonly act: Act }) {
  const { t } = useT();
  const [phase, setPhase] = useState<MarkPhase>({ kind: 'idle' });
  const latest = useRef(snapshot);
  useEffect(() => {
    latest.current = snapshot;
  });
  const remaining = remainingToMark(sittingIds, snapshot.state.attendance);
  const live = liveFacts(snapshot).kind === 'live';
  const run = async (ids: readonly string[]) => {
    const outcome = await runInSequence(
      ids,
      (delegateId) => act({ type: 'recordAttendance', delegateId, status: 'present-hall' }),
      (progress) => setPhase({ kind: 'running', progress }),
      (id) => latest.current.state.attendance[id] === undefined,
    );
    setPhase(outcome.kind === 'done' ? { kind: 'done', sent: outcome.sent } : { kind: 'idle' });
  };
  if (phase.kind === 'confirm') {
    return (
      <div className="mark-rest mark-rest-confirm" role="group" data-testid="mark-rest-confirm">
        <span>{t('live.chair.markRest.confirm', { count: phase.ids.length })}</span>
        <button type="button" className="btn btn-primary" onClick={() => void run(phase.ids)} data-testid="mark-rest-yes">
          {t('live.chair.markRest.yes')}
        </button>
        <button type="button" className="btn" onClick={() => setPhase({ kind: 'idle' })}>
          {t('live.request.cancel')}
        </button>
      </div>
    );
  }
  if (phase.kind === 'running') {
    return (
      <div className="mark-rest" role="status" data-testid="mark-rest-progress">
        <span>{t('live.chair.markRest.progress', { done: phase.progress.done, total: phase.progress.total })}</span>
        <progress max={phase.progress.total} value={phase.progress.done} />
      </div>
    );
  }
  return (
    <div className="mark-rest">
      <button type="button" className="btn" disabled={!live || remaining.length === 0} onClick={() => setPhase({ kind: 'confirm', ids: remaining })} data-testid="mark-rest">
        {t('live.chair.markRest', { count: remaining.length })}
      </button>
      {phase.kind === 'done' && (
        <span className="ok-text" role="status" data-testid="mark-rest-done">
          {t('live.chair.markRest.done', { count: phase.sent })}
        </span>
      )}
    </div>
  );
}

export function AttendanceBoard({ view, snapshot, act }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly act: Act }) {
  const { t } = useT();
  const [filter, setFilter] = useState<Filter>('all');
  const online = connectedIds(snapshot.onlineIds, snapshot.me.delegateId, snapshot.status === 'online');
  const sitting = sittingDelegates(view.delegates);
  const statusOf = (d: Delegate) => snapshot.state.attendance[d.id]?.status ?? 'none';
  const counts: Record<Filter, number> = {
    all: sitting.length,
    none: sitting.filter((d) => statusOf(d) === 'none').length,
    absent: sitting.filter((d) => statusOf(d) === 'absent').length,
  };
  const shown = filter === 'all' ? sitting : sitting.filter((d) => statusOf(d) === filter);
  return (
    <section className="console-panel console-attendance" aria-labelledby="att-h">
      <h2 id="att-h">{t('live.chair.attendance')}</h2>
      <QuorumLine quorum={quorumOf(snapshot.state)} detailed />
      <MarkRest sittingIds={sitting.map((d) => d.id)} snapshot={snapshot} act={act} />
      <div className="att-filter" role="group" aria-label={t('live.chair.filter')} data-testid="attendance-filter">
        {FILTERS.map((f) => (
          <button key={f} type="button" className="att-filter-btn" aria-pressed={filter === f} onClick={() => setFilter(f)} data-filter={f}>
            {t(`live.chair.filter.${f}`)} <span className="att-filter-count">{counts[f]}</span>
          </button>
        ))}
      </div>
      <div className="att-scroll">
        {shown.length === 0 ? (
          <p className="muted">{t('live.chair.filter.empty')}</p>
        ) : (
          <ul className="att-list">
            {shown.map((d) => (
              <Row key={d.id} d={d} snapshot={snapshot} online={online.has(d.id)} act={act} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
