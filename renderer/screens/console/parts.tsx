// Small pieces of the console's screens: a problem next to its field, a progress bar, an inline confirmation.
import { useState, type ReactNode } from 'react';
import type { ImportProblem } from '../../../common/api/console.ts';
import type { Problem } from '../../../common/i18n/problems.ts';
import { useConsoleT } from '../../i18n/console.ts';

/** The problems of one place, right under the field, row or item they are about. */
export function InPlace({ problems, id }: { readonly problems: readonly Problem[]; readonly id?: string }) {
  const { problem, t } = useConsoleT();
  if (problems.length === 0) return null;
  return (
    <ul className="c-problems" id={id} data-testid="in-place-problems" role="alert">
      {problems.map((p, i) => (
        <li key={`${p.code}-${i}`} data-code={p.code}>
          {problem(p)}
          {'column' in p && typeof (p as ImportProblem).column === 'string' ? ` (${t('c.del.column', { column: (p as ImportProblem).column ?? '' })})` : ''}
        </li>
      ))}
    </ul>
  );
}

export function Progress({ value, label, testId }: { readonly value: number; readonly label: string; readonly testId?: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="c-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid={testId}>
      <div className="c-progress-bar" style={{ width: `${pct}%` }} />
    </div>
  );
}

/** A button that asks first, in the page (big targets, no browser dialog). */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  testId,
  danger,
}: {
  readonly label: string;
  readonly question: string;
  readonly onConfirm: () => void | Promise<void>;
  readonly testId?: string;
  readonly danger?: boolean;
}) {
  const { t } = useConsoleT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'btn c-danger' : 'btn'} data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="c-confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        className="btn btn-primary"
        data-testid={testId ? `${testId}-yes` : undefined}
        autoFocus
        onClick={() => {
          setAsking(false);
          void onConfirm();
        }}
      >
        {t('c.confirm.yes')}
      </button>
      <button type="button" className="btn" onClick={() => setAsking(false)}>
        {t('c.confirm.no')}
      </button>
    </span>
  );
}

export function Section({ title, children, testId }: { readonly title: string; readonly children: ReactNode; readonly testId?: string }) {
  return (
    <section className="card c-section" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function Notice({ children, kind = 'ok', testId }: { readonly children: ReactNode; readonly kind?: 'ok' | 'warn' | 'error'; readonly testId?: string }) {
  return (
    <p className={`c-notice c-notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </p>
  );
}
