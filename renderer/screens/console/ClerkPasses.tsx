// Thẻ thư ký (admin only): a pass for each clerk, so the admin token stays with the admin. The pass is shown
// once, when it is made; a lost pass is revoked and a new one issued.
import { useEffect, useState, type FormEvent } from 'react';
import { CONSOLE_ROUTES, type ClerkPass, type NewClerkPass } from '../../../common/api/console.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { request, routeUrl } from '../../console/api.ts';
import { useConsoleT } from '../../i18n/console.ts';
import { ConfirmButton, Notice, Section } from './parts.tsx';

export function ClerkPasses() {
  const i18n = useConsoleT();
  const { t } = i18n;
  const [passes, setPasses] = useState<readonly ClerkPass[]>([]);
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<NewClerkPass>();
  const [error, setError] = useState<ErrorValue>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    void request<readonly ClerkPass[]>('GET', CONSOLE_ROUTES.passes).then((r) => (r.ok ? setPasses(r.value) : setError(r.error)));
  }, [tick]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const r = await request<NewClerkPass>('POST', CONSOLE_ROUTES.passes, { name: name.trim() });
    if (!r.ok) return setError(r.error);
    setFresh(r.value);
    setName('');
    setTick((n) => n + 1);
  };

  const revoke = async (p: ClerkPass) => {
    const r = await request<{ revoked: boolean }>('DELETE', routeUrl('pass', { passId: p.passId }));
    if (!r.ok) return setError(r.error);
    setTick((n) => n + 1);
  };

  return (
    <Section title={t('c.pass.title')} testId="c-passes">
      <p className="muted">{t('c.pass.lead')}</p>
      <form className="c-row" onSubmit={(e) => void create(e)}>
        <div className="c-field c-grow">
          <label htmlFor="p-name">{t('c.pass.name')}</label>
          <input id="p-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={name.trim() === ''} data-testid="pass-create">
          {t('c.pass.create')}
        </button>
      </form>
      {fresh && (
        <div className="c-notice c-notice-warn" role="status" data-testid="pass-fresh">
          <p>{t('c.pass.once', { name: fresh.name })}</p>
          <p>
            <code className="c-pass">{fresh.pass}</code>
          </p>
        </div>
      )}
      {error && <Notice kind="error">{i18n.error(error)}</Notice>}
      <ul className="c-draft-list">
        {passes.map((p) => (
          <li key={p.passId} data-testid="pass-row">
            <span>
              <strong>{p.name}</strong> <span className="muted">· {i18n.date(p.createdAt)}</span>
            </span>
            <ConfirmButton label={t('c.pass.revoke')} question={t('c.pass.revokeConfirm', { name: p.name })} onConfirm={() => revoke(p)} danger />
          </li>
        ))}
      </ul>
    </Section>
  );
}
