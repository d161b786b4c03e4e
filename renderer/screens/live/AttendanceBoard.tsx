// Điểm danh: every sitting delegate with their status, whether their device is connected, and the chair's
// recording of attendance for someone (present in the hall, online, absent with a reason).
import { useState } from 'react';
import { MAX_REASON_CHARS } from '../../../common/live/commands.ts';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { QuorumLine } from '../../live/LiveParts.tsx';
import { quorumOf, sittingDelegates } from '../../live/viewModel.ts';
import type { MeetingView } from '../../platform/Platform.ts';
import type { Act } from './ChairConsole.tsx';

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
  return (
    <tr data-testid="attendance-row" data-delegate-id={d.id} data-status={status}>
      <td>
        <span className={`presence ${online ? 'presence-on' : ''}`} title={online ? t('live.chair.connected') : undefined} aria-hidden="true" />
        {online && <span className="sr-only">{t('live.chair.connected')}</span>}
        {d.name}
      </td>
      <td className={`att att-${status}`}>
        {t(`live.attendance.${status}`)}
        {record?.reason && <span className="muted"> — {record.reason}</span>}
      </td>
      <td>
        <span className="att-tools" role="group" aria-label={t('live.chair.record', { name: d.name })}>
          {ATTENDANCE_STATUSES.map((s) => (
            <button key={s} type="button" className="btn att-btn" aria-pressed={record?.status === s} onClick={() => record_(s)} title={t(`live.attendance.${s}`)}>
              {t(`live.attendance.${s}`)}
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
            <input value={reason} maxLength={MAX_REASON_CHARS} placeholder={t('live.chair.reason')} aria-label={t('live.chair.reason')} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="btn">
              {t('live.attendance.absent')}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function AttendanceBoard({ view, snapshot, act }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly act: Act }) {
  const { t } = useT();
  const online = new Set(snapshot.onlineIds);
  return (
    <section className="console-panel console-attendance" aria-labelledby="att-h">
      <h2 id="att-h">{t('live.chair.attendance')}</h2>
      <QuorumLine quorum={quorumOf(snapshot.state)} detailed />
      <div className="att-scroll">
        <table className="att-table">
          <tbody>
            {sittingDelegates(view.delegates).map((d) => (
              <Row key={d.id} d={d} snapshot={snapshot} online={online.has(d.id)} act={act} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
