// The printed invitation's wording. Print material, in Vietnamese only (the invitation goes to a Vietnamese
// council's members); kept in the catalogue beside the other texts so that wording lives in one place.
import type { Role } from '../meeting/types.ts';

export const INVITATION_TEXT = {
  /** The PDF's document title, before the meeting's. */
  documentTitle: 'Giấy mời',
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
  /** A revoked member's page and CSV row: their old link no longer works, and none is printed (issue 14 §5). */
  revoked: 'Đã thu hồi — cấp lại bằng council reinvite',
  revokedHint: 'Giấy mời cũ của đại biểu này đã bị thu hồi và không còn dùng được. Văn phòng cấp lại giấy mời mới bằng lệnh council reinvite.',
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

/** "07 giờ 30, thứ Bảy, ngày 05/12/2026"; `weekday` 0 is Sunday, `date` is dd/mm/yyyy. */
export function invitationDateTime(t: { readonly hours: string; readonly minutes: string; readonly weekday: number; readonly date: string }): string {
  return `${t.hours} giờ ${t.minutes}, ${WEEKDAYS[t.weekday] ?? ''}, ngày ${t.date}`;
}
