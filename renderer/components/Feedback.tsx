// Small shared pieces: an error box, a state badge, a progress bar.
import type { ReactNode } from 'react';
import type { ErrorValue } from '../../common/result.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MeetingState } from '../platform/Platform.ts';

export function ErrorBox({ error, children }: { readonly error: ErrorValue; readonly children?: ReactNode }) {
  const i18n = useT();
  return (
    <div className="error-box" role="alert">
      <strong>{i18n.t('error.title')}</strong>
      <p>{i18n.error(error)}</p>
      {children}
    </div>
  );
}

export function StateBadge({ state }: { readonly state: MeetingState }) {
  const { t } = useT();
  return (
    <span className={`badge badge-${state}`} data-testid="meeting-state" data-state={state}>
      {t(`state.${state}`)}
    </span>
  );
}

export function ProgressBar({ value, max, label }: { readonly value: number; readonly max: number; readonly label: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 100;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

export function Loading() {
  const { t } = useT();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
