// A phone on plain http to a LAN address has no WebCrypto: say what to do instead of failing mysteriously.
import { useT } from '../i18n/I18nProvider.tsx';

export function InsecureOrigin({ origin }: { readonly origin: string }) {
  const { t } = useT();
  return (
    <main className="page narrow" id="main">
      <section className="card insecure" role="alert" data-testid="insecure-origin">
        <h1>{t('insecure.title')}</h1>
        <p>{t('insecure.body', { origin })}</p>
        <ol>
          <li>{t('insecure.step1')}</li>
          <li>{t('insecure.step2')}</li>
          <li>{t('insecure.step3')}</li>
        </ol>
      </section>
    </main>
  );
}
