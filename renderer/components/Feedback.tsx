// Small shared pieces: an error box (errorAdvice.ts says what it tells), a state badge, a progress bar.
import type { ReactNode } from 'react';
import type { ErrorValue } from '../../common/result.ts';
import { useController, useSelector } from '../app/AppContext.tsx';
import type { Route } from '../app/routes.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { errorAdvice, type ErrorAction, type ErrorPlace } from './errorAdvice.ts';
import type { MeetingState } from '../platform/Platform.ts';

const PLACE_OF_ROUTE: Readonly<Record<Route['name'], ErrorPlace>> = {
  home: 'home',
  join: 'home',
  invite: 'invite',
  meeting: 'meeting',
  download: 'download',
  doc: 'doc',
  live: 'live',
  hall: 'hall',
};

function routeFor(action: Exclude<ErrorAction, 'retry'>, route: Route): Route {
  if (action === 'meeting' && 'meetingId' in route) return { name: 'meeting', meetingId: route.meetingId, tab: 'agenda' };
  return action === 'join' ? { name: 'join' } : { name: 'home' };
}

export interface ErrorBoxProps {
  readonly error: ErrorValue;
  /** Where it is shown; by default, from the current route. */
  readonly place?: ErrorPlace;
  /** Offered as "Thử lại" where trying again can help (a network error, a damaged download). */
  readonly onRetry?: () => void;
  readonly children?: ReactNode;
}

/** What happened in plain words, what to do next with buttons that lead on, and the code as a small detail line. */
export function ErrorBox({ error, place, onRetry, children }: ErrorBoxProps) {
  const { t } = useT();
  const controller = useController();
  const route = useSelector((s) => s.route);
  const advice = errorAdvice(place ?? PLACE_OF_ROUTE[route.name], error.code);
  const actions = advice.actions.filter((a) => a !== 'retry' || onRetry !== undefined);
  return (
    <div className="error-box" role="alert" data-testid="error-box" data-code={error.code}>
      <strong className="error-title">{t(advice.title)}</strong>
      <p>{t(advice.body)}</p>
      {(actions.length > 0 || children) && (
        <div className="actions">
          {actions.map((a, i) => (
            <button
              key={a}
              type="button"
              className={i === 0 ? 'btn btn-primary' : 'btn'}
              onClick={() => (a === 'retry' ? onRetry?.() : controller.leave(routeFor(a, route)))}
            >
              {t(`errorScreen.action.${a}`)}
            </button>
          ))}
          {children}
        </div>
      )}
      <p className="error-detail">{t('errorScreen.detail', { code: error.code })}</p>
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
