import { useController, useSelector } from '../app/AppContext.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { useConnection } from '../live/connection.ts';
import { formatKnownAt } from '../live/facts.ts';
import { useNow } from '../live/useNow.ts';
import type { Lang } from '../platform/Platform.ts';

const LANGS: readonly Lang[] = ['vi', 'en'];

export function TopBar() {
  const { t } = useT();
  const controller = useController();
  // One source of truth: the open live session's connection when there is one, else the platform's check.
  const connection = useConnection(useSelector((s) => s.online));
  const online = connection.kind === 'online';
  const now = useNow(false, 0);
  const lang = useSelector((s) => s.lang);
  return (
    <header className="topbar">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-text">{t('app.title')}</span>
      </a>
      <div className="topbar-tools">
        <span
          className={`net ${online ? 'net-on' : 'net-off'} net-${connection.kind}`}
          role="status"
          data-testid="connectivity"
          data-online={online}
          data-connection={connection.kind}
          title={connection.lastContactAt === undefined ? undefined : t('live.conn.since', { time: formatKnownAt(connection.lastContactAt, now) })}
        >
          <span className="net-dot" aria-hidden="true" />
          {t(`live.conn.${connection.kind}`)}
        </span>
        <div className="lang" role="group" aria-label={t('lang.label')}>
          {LANGS.map((l) => (
            <button key={l} type="button" className="lang-btn" aria-pressed={lang === l} lang={l} onClick={() => void controller.setLanguage(l)}>
              {l === 'vi' ? 'VI' : 'EN'}
              <span className="sr-only"> {t(l === 'vi' ? 'lang.vi' : 'lang.en')}</span>
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
