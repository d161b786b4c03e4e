// Thông báo: the chair writes an announcement (info or urgent, shown until withdrawn or for a while); the last
// few are listed with their time, urgency, whether they are still shown, who has seen an urgent one, and
// "Thu hồi" (withdraw) for those still shown.
import { useState } from 'react';
import { MAX_ANNOUNCEMENT_CHARS } from '../../../common/live/commands.ts';
import type { AnnouncementView } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatKnownAt } from '../../live/facts.ts';
import { acknowledgementCount, acknowledgesNotices, EXPIRY_CHOICES_MIN, noticeStatus } from '../../live/notices.ts';
import { useNoticeNow } from '../../live/useNotices.ts';
import type { Act } from './act.ts';

const SHOWN = 5;
const MINUTE_SEC = 60;

function NoticeRow({ a, now, offsetMs, audience, act }: { readonly a: AnnouncementView; readonly now: number; readonly offsetMs: number; readonly audience: ReadonlySet<string>; readonly act: Act }) {
  const { t } = useT();
  const status = noticeStatus(a, now);
  const seen = acknowledgementCount(a, audience);
  const at = (server: number) => formatKnownAt(server - offsetMs, now - offsetMs);
  return (
    <li className={`notice-row announcement-${a.level} notice-${status}`} data-testid="chair-announcement" data-announcement-id={a.id} data-status={status} data-level={a.level}>
      <span className="notice-meta">
        <span className="announcement-time">{at(a.at)}</span>
        {a.level === 'urgent' && <span className="announcement-urgent">{t('live.announcement.urgent')}</span>}
        <span className={`notice-status notice-status-${status}`}>
          {status === 'withdrawn' && a.withdrawnAt !== undefined
            ? t('live.notice.withdrawnAt', { time: at(a.withdrawnAt) })
            : status === 'active' && a.expiresAt !== undefined
              ? t('live.notice.until', { time: at(a.expiresAt) })
              : t(`live.notice.${status}`)}
        </span>
        {a.level === 'urgent' && (
          <span className="notice-seen" data-testid="notice-seen">
            {t('live.notice.seen', { seen: seen.seen, of: seen.of })}
          </span>
        )}
      </span>
      <span className="notice-text">{a.text}</span>
      {status === 'active' && (
        <button type="button" className="btn btn-quiet notice-withdraw" onClick={() => void act({ type: 'withdrawAnnouncement', announcementId: a.id })} data-testid="withdraw-announcement">
          {t('live.notice.withdraw')}
        </button>
      )}
    </li>
  );
}

export function AnnouncementComposer({ announcements, delegates, offsetMs, act }: { readonly announcements: readonly AnnouncementView[]; readonly delegates: readonly Delegate[]; readonly offsetMs: number; readonly act: Act }) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [expiryMin, setExpiryMin] = useState(0);
  const now = useNoticeNow(announcements, offsetMs);
  const audience = new Set(delegates.filter((d) => acknowledgesNotices(d.role)).map((d) => d.id));
  const send = async () => {
    const base = { type: 'announce', text: text.trim(), level: urgent ? 'urgent' : 'info' } as const;
    if (await act(expiryMin > 0 ? { ...base, expiresInSec: expiryMin * MINUTE_SEC } : base)) {
      setText('');
      setUrgent(false);
    }
  };
  return (
    <section className="console-panel console-announce" aria-labelledby="ann-h">
      <h2 id="ann-h">{t('live.announcements')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <textarea value={text} rows={2} maxLength={MAX_ANNOUNCEMENT_CHARS} aria-label={t('live.chair.announceText')} placeholder={t('live.chair.announceText')} onChange={(e) => setText(e.target.value)} data-testid="announce-text" />
        <div className="actions">
          <label className="notice-urgent-choice">
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} data-testid="announce-urgent" /> {t('live.chair.urgent')}
          </label>
          <label className="notice-expiry">
            {t('live.notice.expiry')}
            <select value={expiryMin} onChange={(e) => setExpiryMin(Number(e.target.value))} data-testid="announce-expiry">
              {EXPIRY_CHOICES_MIN.map((m) => (
                <option key={m} value={m}>
                  {m === 0 ? t('live.notice.expiry.never') : t('live.notice.expiry.minutes', { minutes: m })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn btn-primary" disabled={text.trim() === ''} data-testid="announce-send">
            {t('live.chair.announce')}
          </button>
        </div>
      </form>
      <ol className="announcement-list notice-list" data-testid="chair-announcements">
        {announcements
          .slice(-SHOWN)
          .reverse()
          .map((a) => (
            <NoticeRow key={a.id} a={a} now={now} offsetMs={offsetMs} audience={audience} act={act} />
          ))}
      </ol>
    </section>
  );
}
