// The secretariat's console (issue 10), served by `council console` at CONSOLE_PATH: log in, the sessions,
// and for one session the steps of the left navigation. Its own hash routes: #/ and #/d/<draftId>/<section>.
import './console.css';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CONSOLE_ROUTES, type ConsoleSession, type Draft, type DraftSummary, type NewDraft } from '../../../common/api/console.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { useController, useSelector } from '../../app/AppContext.tsx';
import { request, upload } from '../../console/api.ts';
import type { DraftEditor } from '../../console/useDraft.ts';
import { useDraft } from '../../console/useDraft.ts';
import { sectionOf } from '../../console/problemPlaces.ts';
import { useConsoleT } from '../../i18n/console.ts';
import type { Lang } from '../../platform/Platform.ts';
import { AgendaSection } from './AgendaSection.tsx';
import { ClerkPasses } from './ClerkPasses.tsx';
import { DelegatesSection } from './DelegatesSection.tsx';
import { DocumentsSection } from './DocumentsSection.tsx';
import { FollowSection } from './FollowSection.tsx';
import { Notice, Section } from './parts.tsx';
import { navKey, PublishSection } from './PublishSection.tsx';
import { RecordsSection } from './RecordsSection.tsx';
import { fromLocalInput } from './SessionSection.tsx';
import { SessionSection } from './SessionSection.tsx';
import { CONSOLE_SECTIONS, formatConsoleHash, parseConsoleHash, type ConsoleRoute, type ConsoleSection } from './sections.ts';

function useConsoleRoute(): [ConsoleRoute, (r: ConsoleRoute) => void] {
  const [route, setRoute] = useState(() => parseConsoleHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseConsoleHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = useCallback((r: ConsoleRoute) => {
    location.hash = formatConsoleHash(r);
    setRoute(r);
  }, []);
  return [route, go];
}

function Bar({ session, onLogout }: { readonly session?: ConsoleSession; readonly onLogout: () => void }) {
  const { t } = useConsoleT();
  const controller = useController();
  const lang = useSelector((s) => s.lang);
  return (
    <header className="topbar">
      <a className="brand" href="#/">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-text">{t('c.brand')}</span>
      </a>
      <div className="topbar-tools">
        {session && <span className="muted">{session.role === 'admin' ? t('c.who.admin') : t('c.who.clerk', { name: session.name })}</span>}
        {session && (
          <button type="button" className="btn btn-quiet" onClick={onLogout}>
            {t('c.logout')}
          </button>
        )}
        <div className="lang" role="group" aria-label={t('c.lang')}>
          {(['vi', 'en'] as const satisfies readonly Lang[]).map((l) => (
            <button key={l} type="button" className="lang-btn" aria-pressed={lang === l} lang={l} onClick={() => void controller.setLanguage(l)}>
              {l === 'vi' ? 'VI' : 'EN'}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}

function Login({ onIn }: { readonly onIn: (s: ConsoleSession) => void }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const [token, setToken] = useState('');
  const [error, setError] = useState<ErrorValue>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await request<ConsoleSession>('POST', CONSOLE_ROUTES.session, { token: token.trim() });
    if (r.ok) onIn(r.value);
    else setError(r.error);
  };
  return (
    <main className="page narrow" id="main">
      <Section title={t('c.login.title')} testId="c-login">
        <form onSubmit={(e) => void submit(e)}>
          <p className="muted">{t('c.login.lead')}</p>
          <div className="c-field">
            <label htmlFor="c-token">{t('c.login.token')}</label>
            <input id="c-token" type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} />
          </div>
          {error && <Notice kind="error">{i18n.error(error)}</Notice>}
          <div className="actions">
            <button type="submit" className="btn btn-primary btn-large" disabled={token.trim() === ''}>
              {t('c.login.submit')}
            </button>
          </div>
        </form>
      </Section>
    </main>
  );
}

function NewSession({ onCreated }: { readonly onCreated: (d: Draft) => void }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const [form, setForm] = useState({ title: '', body: '', startsAt: '', place: '', totalDelegates: '' });
  const [error, setError] = useState<ErrorValue>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: NewDraft = { title: form.title, body: form.body, startsAt: fromLocalInput(form.startsAt), place: form.place, totalDelegates: Number(form.totalDelegates) || 0 };
    const r = await request<Draft>('POST', CONSOLE_ROUTES.drafts, body);
    if (r.ok) onCreated(r.value);
    else setError(r.error);
  };
  const field = (name: keyof typeof form, label: string, type = 'text') => (
    <div className="c-field">
      <label htmlFor={`n-${name}`}>{label}</label>
      <input id={`n-${name}`} type={type} value={form[name]} required={name === 'title'} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
    </div>
  );
  return (
    <Section title={t('c.new.title')} testId="c-new">
      <form onSubmit={(e) => void submit(e)}>
        {field('title', t('c.session.name'))}
        {field('body', t('c.session.body'))}
        <div className="c-row">
          {field('startsAt', t('c.session.startsAt'), 'datetime-local')}
          {field('place', t('c.session.place'))}
        </div>
        {field('totalDelegates', t('c.session.total'), 'number')}
        <p className="muted">
          {t('c.session.quorumHint')} {t('c.session.rule')}
        </p>
        {error && <Notice kind="error">{i18n.error(error)}</Notice>}
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-large" data-testid="create-session">
            {t('c.new.submit')}
          </button>
        </div>
      </form>
    </Section>
  );
}

function Drafts({ open, admin }: { readonly open: (draftId: string) => void; readonly admin: boolean }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const [drafts, setDrafts] = useState<readonly DraftSummary[]>();
  const [error, setError] = useState<ErrorValue>();
  useEffect(() => {
    void request<readonly DraftSummary[]>('GET', CONSOLE_ROUTES.drafts).then((r) => (r.ok ? setDrafts(r.value) : setError(r.error)));
  }, []);
  const importZip = async (file: File) => {
    const r = await upload<Draft>('POST', CONSOLE_ROUTES.importZip, file.type ? file : new Blob([file], { type: 'application/zip' }), () => undefined);
    if (r.ok) open(r.value.draftId);
    else setError(r.error);
  };
  return (
    <main className="page" id="main">
      <Section title={t('c.drafts.title')} testId="c-drafts">
        {error && <Notice kind="error">{i18n.error(error)}</Notice>}
        {drafts?.length === 0 && <p className="muted">{t('c.drafts.none')}</p>}
        <ul className="c-draft-list">
          {drafts?.map((d) => (
            <li key={d.draftId}>
              <div>
                <strong>{d.title || d.draftId}</strong>
                <p className="muted">
                  {d.startsAt ? `${i18n.date(d.startsAt)} · ` : ''}
                  {d.publishedRevision > 0 ? t('c.drafts.published', { revision: d.publishedRevision }) : t('c.drafts.draft')}
                </p>
              </div>
              <button type="button" className="btn" onClick={() => open(d.draftId)}>
                {t('c.drafts.open')}
              </button>
            </li>
          ))}
        </ul>
      </Section>
      <NewSession onCreated={(d) => open(d.draftId)} />
      <Section title={t('c.import.title')} testId="c-import">
        <p className="muted">{t('c.import.lead')}</p>
        <label className="btn">
          {t('c.import.choose')}
          <input type="file" accept=".zip,application/zip" className="sr-only" data-testid="import-zip-input" onChange={(e) => e.target.files?.[0] && void importZip(e.target.files[0])} />
        </label>
      </Section>
      {admin && <ClerkPasses />}
    </main>
  );
}

function SaveIndicator({ editor }: { readonly editor: DraftEditor }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const s = editor.save;
  if (s.kind === 'conflict') {
    return (
      <div className="c-notice c-notice-error" role="alert" data-testid="save-state" data-state="conflict">
        <p>{t('c.save.conflict')}</p>
        <div className="actions">
          <button type="button" className="btn" onClick={() => void editor.reload()}>
            {t('c.save.reload')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void editor.keepMine()}>
            {t('c.save.keepMine')}
          </button>
        </div>
      </div>
    );
  }
  const text = s.kind === 'saved' ? t('c.save.saved') : s.kind === 'pending' ? t('c.save.pending') : s.kind === 'saving' ? t('c.save.saving') : t('c.save.failed', { message: i18n.error(s.error) });
  return (
    <span className={`c-save c-save-${s.kind}`} role="status" data-testid="save-state" data-state={s.kind}>
      {s.kind === 'saved' ? '✓ ' : ''}
      {text}
      {s.kind === 'failed' && (
        <button type="button" className="btn btn-quiet" onClick={() => void editor.flush()}>
          {t('c.save.retry')}
        </button>
      )}
    </span>
  );
}

function Workspace({ draftId, section, go }: { readonly draftId: string; readonly section: ConsoleSection; readonly go: (r: ConsoleRoute) => void }) {
  const i18n = useConsoleT();
  const { t } = i18n;
  const { editor, error } = useDraft(draftId);
  if (error) {
    return (
      <main className="page" id="main">
        <Notice kind="error">{i18n.error(error)}</Notice>
        <a href="#/">{t('c.drafts.back')}</a>
      </main>
    );
  }
  if (!editor) return <div className="loading">…</div>;
  const count = (s: ConsoleSection) => [...editor.placed.entries()].filter(([p]) => sectionOf(p) === s).reduce((n, [, ps]) => n + ps.length, 0);
  const goSection = (s: ConsoleSection) => go({ name: 'draft', draftId, section: s });
  return (
    <div className="c-workspace" data-testid="console-workspace" data-draft-id={draftId}>
      <nav className="c-nav" aria-label={t('c.nav.label')}>
        <a href="#/" className="c-back">
          {t('c.drafts.back')}
        </a>
        <p className="c-nav-title">{editor.work.meeting.title}</p>
        <ol>
          {CONSOLE_SECTIONS.map((s) => {
            const n = count(s);
            return (
              <li key={s}>
                <a href={formatConsoleHash({ name: 'draft', draftId, section: s })} aria-current={s === section ? 'page' : undefined} data-testid={`nav-${s}`}>
                  <span>{t(navKey(s))}</span>
                  {n > 0 && (
                    <span className="c-badge" title={t('c.nav.problems', { count: n })}>
                      {n}
                    </span>
                  )}
                </a>
              </li>
            );
          })}
        </ol>
        <SaveIndicator editor={editor} />
      </nav>
      <main className="c-main" id="main">
        {editor.restored && <Notice kind="warn">{t('c.save.restored')}</Notice>}
        {section === 'session' && <SessionSection editor={editor} />}
        {section === 'agenda' && <AgendaSection editor={editor} />}
        {section === 'documents' && <DocumentsSection editor={editor} />}
        {section === 'delegates' && <DelegatesSection editor={editor} />}
        {section === 'publish' && <PublishSection editor={editor} go={goSection} />}
        {section === 'follow' && <FollowSection editor={editor} />}
        {section === 'records' && <RecordsSection editor={editor} />}
      </main>
    </div>
  );
}

export function ConsoleApp() {
  const [route, go] = useConsoleRoute();
  const [session, setSession] = useState<ConsoleSession | 'unknown' | 'none'>('unknown');
  useEffect(() => {
    void request<ConsoleSession>('GET', CONSOLE_ROUTES.me).then((r) => setSession(r.ok ? r.value : 'none'));
  }, []);
  const logout = async () => {
    await request('DELETE', CONSOLE_ROUTES.session);
    setSession('none');
  };
  const signedIn = typeof session === 'object' ? session : undefined;
  return (
    <div className="shell c-shell" data-testid="console">
      <Bar {...(signedIn ? { session: signedIn } : {})} onLogout={() => void logout()} />
      {session === 'unknown' && <div className="loading">…</div>}
      {session === 'none' && <Login onIn={setSession} />}
      {signedIn && route.name === 'drafts' && <Drafts admin={signedIn.role === 'admin'} open={(draftId) => go({ name: 'draft', draftId, section: 'session' })} />}
      {signedIn && route.name === 'draft' && <Workspace key={route.draftId} draftId={route.draftId} section={route.section} go={go} />}
    </div>
  );
}

