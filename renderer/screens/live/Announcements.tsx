// Thông báo: the newest unseen announcement as a notice the delegate closes, and the list of those still shown
// (a withdrawn or expired one is not). An urgent one interrupts in UrgentNotices.tsx instead of a toast here.
import { useState } from 'react';
import type { Announcement } from '../../../common/live/state.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { followStateOf } from '../../live/follow.ts';
import { UNKNOWN_MARK } from '../../live/facts.ts';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { acknowledgesNotices } from '../../live/notices.ts';
import { useActiveAnnouncements } from '../../live/useNotices.ts';
import { unseenAnnouncements } from '../../live/viewModel.ts';

function timeOf(at: number, lang: string): string {
  return new Date(at).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
}

function Item({ a }: { readonly a: Announcement }) {
  const { t, lang } = useT();
  return (
    <>
      <span className="announcement-time">{timeOf(a.at, lang)}</span>
      {a.level === 'urgent' && <span className="announcement-urgent">{t('live.announcement.urgent')}</span>}
      <span className="announcement-text">{a.text}</span>
    </>
  );
}

/** `toastOnly`: just the notice of a new announcement (the compact bar in the viewer), without the list. */
export function Announcements({ meetingId, snapshot, toastOnly = false }: { readonly meetingId: string; readonly snapshot: LiveSnapshot; readonly toastOnly?: boolean }) {
  const { t } = useT();
  const follow = followStateOf(meetingId);
  const [, rerender] = useState(0);
  const [listOpen, setListOpen] = useState(false);
  const all = useActiveAnnouncements(snapshot);
  // Members who get the urgent overlay do not also get a toast for it.
  const toasted = acknowledgesNotices(snapshot.me.role) ? all.filter((a) => a.level !== 'urgent') : all;
  const known = snapshot.synced || snapshot.knownAt !== undefined;
  if (known && !follow.seenInitialised) {
    // What was announced before this device connected (or is in its last known state) goes to the list, not into a notice.
    all.forEach((a) => follow.seen.add(a.id));
    follow.seenInitialised = true;
  }
  const unseen = unseenAnnouncements(toasted, follow.seen);
  const newest = unseen[0];
  const dismiss = () => {
    unseen.forEach((a) => follow.seen.add(a.id));
    rerender((n) => n + 1);
  };
  if (toastOnly && !newest) return null;
  return (
    <div className={`announcements${toastOnly ? ' announcements-toast-only' : ''}`}>
      {newest && (
        <div className={`announcement-toast announcement-${newest.level}`} role="alert" data-testid="announcement-toast">
          <Item a={newest} />
          <button type="button" className="btn btn-quiet" onClick={dismiss} aria-label={t('live.announcement.dismiss')}>
            ×
          </button>
        </div>
      )}
      {!toastOnly && (
      <details open={listOpen} onToggle={(e) => setListOpen(e.currentTarget.open)}>
        <summary data-testid="announcements-toggle">{t('live.announcements.count', { count: known ? all.length : UNKNOWN_MARK })}</summary>
        {all.length === 0 ? (
          <p className="muted">{t('live.announcements.none')}</p>
        ) : (
          <ol className="announcement-list" data-testid="announcement-list">
            {[...all].reverse().map((a) => (
              <li key={a.id} className={`announcement-${a.level}`}>
                <Item a={a} />
              </li>
            ))}
          </ol>
        )}
      </details>
      )}
    </div>
  );
}
