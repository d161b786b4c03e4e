// The Vietnamese way of writing a meeting's time on the printed invitation (its wording: common/i18n/invitation.ts).
import { invitationDateTime } from '../../../common/i18n/invitation.ts';

const OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * "2026-12-05T07:30:00+07:00" → "07 giờ 30, thứ Bảy, ngày 05/12/2026": in the time zone written in the
 * string (the council's own), whatever the zone of the machine that prints it.
 */
export function formatVietnameseDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + offsetMinutes(iso) * 60_000);
  const date = `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  return invitationDateTime({ hours: two(local.getUTCHours()), minutes: two(local.getUTCMinutes()), weekday: local.getUTCDay(), date });
}

function offsetMinutes(iso: string): number {
  const m = OFFSET.exec(iso)?.[1];
  if (m === undefined || m === 'Z') return 0;
  const sign = m.startsWith('-') ? -1 : 1;
  return sign * (Number(m.slice(1, 3)) * 60 + Number(m.slice(4, 6)));
}
