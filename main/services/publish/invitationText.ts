// The Vietnamese wording of the printed invitation, and the Vietnamese way of writing a meeting's time.
import type { Role } from '../../../common/meeting/types.ts';

export const INVITATION_TEXT = {
  heading: 'GIẤY MỜI THAM DỰ KỲ HỌP',
  time: 'Thời gian',
  place: 'Địa điểm',
  to: 'Kính gửi',
  position: 'Chức vụ',
  unit: 'Đơn vị',
  group: 'Tổ đại biểu',
  role: 'Tham dự với tư cách',
  link: 'Hoặc mở đường dẫn',
  memberId: 'Mã đại biểu',
  confidential: 'MẬT — giấy mời cá nhân, không chia sẻ',
  instructions: [
    '1. Quét mã QR bằng camera điện thoại, hoặc mở đường dẫn ở trên trong ứng dụng Phòng họp không giấy.',
    '2. Tài liệu kỳ họp được tải về và luôn được mã hóa trên thiết bị của ông/bà.',
    '3. Giữ kín giấy này như chìa khóa: không chụp ảnh, không chia sẻ, không đưa cho người khác.',
  ],
} as const;

const ROLE_LABELS: Readonly<Record<Role, string>> = {
  delegate: 'Đại biểu',
  chair: 'Chủ tọa',
  secretary: 'Thư ký',
  observer: 'Màn hình hội trường / Quan sát viên',
};

export const roleLabel = (role: Role): string => ROLE_LABELS[role];

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'] as const;
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
  const weekday = WEEKDAYS[local.getUTCDay()] ?? '';
  const date = `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  return `${two(local.getUTCHours())} giờ ${two(local.getUTCMinutes())}, ${weekday}, ngày ${date}`;
}

function offsetMinutes(iso: string): number {
  const m = OFFSET.exec(iso)?.[1];
  if (m === undefined || m === 'Z') return 0;
  const sign = m.startsWith('-') ? -1 : 1;
  return sign * (Number(m.slice(1, 3)) * 60 + Number(m.slice(4, 6)));
}
