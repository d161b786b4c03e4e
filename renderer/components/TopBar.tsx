import { useController, useSelector } from '../app/AppContext.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import type { Lang } from '../platform/Platform.ts';

const LANGS: readonly Lang[] = ['vi', 'en'];

export function TopBar() {
  const { t } = useT();
  const controller = useController();
  const online = useSelector((s) => s.online);
  const lang = useSelector((s) => s.lang);
  return (
    <header className="topbar">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-text">{t('app.title')}</span>
      </a>
      <div className="topbar-tools">
        <span className={`net ${online ? 'net-on' : 'net-off'}`} role="status" data-testid="connectivity" data-online={online}>
          <span className="net-dot" aria-hidden="true" />
          {online ? t('net.online') : t('net.offline')}
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
