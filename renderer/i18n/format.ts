// Pure formatting for both languages: messages with {placeholders}, Vietnamese dates and numbers via Intl.
import { errorText } from '../../common/i18n/errors.ts';
import { formatProblem as problemLine, type Problem } from '../../common/i18n/problems.ts';
import type { ErrorValue } from '../../common/result.ts';
import type { Lang } from '../platform/Platform.ts';
import { en } from './en.ts';
import { vi, type MessageKey } from './vi.ts';

export type Params = Readonly<Record<string, string | number>>;

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { vi, en };
const LOCALES: Readonly<Record<Lang, string>> = { vi: 'vi-VN', en: 'en-GB' };
/** Councils sit in Vietnam: show their wall-clock time wherever the device thinks it is. */
export const MEETING_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function formatMessage(lang: Lang, key: MessageKey, params?: Params): string {
  const template = CATALOGUES[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(lang, v) : v;
  });
}

export function formatNumber(lang: Lang, n: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits }).format(n);
}

export function formatBytes(lang: Lang, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(lang, v, u === 0 || v >= 10 ? 0 : 1)} ${units[u] ?? 'B'}`;
}

function dateParts(lang: Lang, date: Date): Readonly<Record<string, string>> {
  const fmt = new Intl.DateTimeFormat(LOCALES[lang], {
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: MEETING_TIME_ZONE,
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/** Vietnamese style "thứ Bảy, 05/12/2026 07:30" (English "Saturday, 05/12/2026 07:30"). */
export function formatDateTime(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = dateParts(lang, date);
  const weekday = lang === 'vi' ? vietnameseWeekday(p['weekday'] ?? '') : (p['weekday'] ?? '');
  return `${weekday}, ${p['day']}/${p['month']}/${p['year']} ${p['hour']}:${p['minute']}`;
}

/** Intl says "Thứ Bảy", "Chủ Nhật"; Vietnamese prose writes "thứ Bảy", "Chủ nhật". */
function vietnameseWeekday(w: string): string {
  if (/^chủ nhật$/i.test(w)) return 'Chủ nhật';
  return w.replace(/^Thứ/, 'thứ');
}

export function formatDuration(lang: Lang, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return formatMessage(lang, 'time.seconds', { n: s });
  if (s < 3600) return formatMessage(lang, 'time.minutes', { n: Math.round(s / 60) });
  return formatMessage(lang, 'time.hours', { n: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
}

export function formatError(lang: Lang, error: ErrorValue): string {
  return formatMessage(lang, 'error.withCode', { text: errorText(lang, error.code), code: error.code });
}

/** A meeting-folder problem as `file:line: text` in one language (the secretariat's screen). */
export function formatProblem(lang: Lang, problem: Problem): string {
  return problemLine(lang, problem);
}

export function catalogue(lang: Lang): Readonly<Record<MessageKey, string>> {
  return CATALOGUES[lang];
}
