// The one i18n layer of the app: a context carrying the language and a t() bound to it.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ErrorValue } from '../../common/result.ts';
import type { Lang } from '../platform/Platform.ts';
import type { Problem } from '../../common/i18n/problems.ts';
import { formatBytes, formatDateTime, formatDuration, formatError, formatMessage, formatNumber, formatProblem, type Params } from './format.ts';
import type { MessageKey } from './vi.ts';

export interface I18n {
  readonly lang: Lang;
  t(key: MessageKey, params?: Params): string;
  date(iso: string): string;
  number(n: number): string;
  bytes(n: number): string;
  duration(seconds: number): string;
  error(e: ErrorValue): string;
  /** A meeting-folder problem, `file:line: text` (common/i18n/problems.ts). */
  problem(p: Problem): string;
}

export function makeI18n(lang: Lang): I18n {
  return {
    lang,
    t: (key, params) => formatMessage(lang, key, params),
    date: (iso) => formatDateTime(lang, iso),
    number: (n) => formatNumber(lang, n),
    bytes: (n) => formatBytes(lang, n),
    duration: (s) => formatDuration(lang, s),
    error: (e) => formatError(lang, e),
    problem: (p) => formatProblem(lang, p),
  };
}

const I18nContext = createContext<I18n>(makeI18n('vi'));

export function I18nProvider({ lang, children }: { readonly lang: Lang; readonly children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): I18n {
  return useContext(I18nContext);
}
