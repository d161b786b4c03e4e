// Thông báo: the chair writes an announcement (info or urgent); the last few sent are listed below.
import { useState } from 'react';
import { MAX_ANNOUNCEMENT_CHARS } from '../../../common/live/commands.ts';
import type { Announcement } from '../../../common/live/state.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { Act } from './act.ts';

const SHOWN = 3;

export function AnnouncementComposer({ announcements, act }: { readonly announcements: readonly Announcement[]; readonly act: Act }) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [urgent, setUrgent] = useState(false);
  const send = async () => {
    if (await act({ type: 'announce', text: text.trim(), level: urgent ? 'urgent' : 'info' })) {
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
          <label>
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} /> {t('live.chair.urgent')}
          </label>
          <button type="submit" className="btn btn-primary" disabled={text.trim() === ''} data-testid="announce-send">
            {t('live.chair.announce')}
          </button>
        </div>
      </form>
      <ol className="announcement-list">
        {announcements
          .slice(-SHOWN)
          .reverse()
          .map((a) => (
            <li key={a.id} className={`announcement-${a.level}`}>
              {a.text}
            </li>
          ))}
      </ol>
    </section>
  );
}
