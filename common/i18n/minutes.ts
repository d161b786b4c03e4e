// Texts of the biên bản kỳ họp (minutes of a session, common/minutes) and of the records that come with it
// (attendance and results as XLSX/CSV), and of the góp ý table (common/annotations/opinionsExport.ts). The
// national motto and the body's name stay Vietnamese in both languages (common/i18n/records.ts has them).
import type { Lang } from './errors.ts';

type Pair = Readonly<Record<Lang, string>>;
const pair = (vi: string, en: string): Pair => ({ vi, en });

const TEXTS = {
  // buttons (the secretariat's console)
  downloadMinutesDocx: pair('Tải biên bản (Word)', 'Download minutes (Word)'),
  downloadMinutesPdf: pair('Tải biên bản (PDF)', 'Download minutes (PDF)'),
  downloadAttendanceXlsx: pair('Tải điểm danh (Excel)', 'Download attendance (Excel)'),
  downloadAttendanceCsv: pair('Tải điểm danh (CSV)', 'Download attendance (CSV)'),
  downloadResultsXlsx: pair('Tải kết quả biểu quyết (Excel)', 'Download voting results (Excel)'),
  downloadResultsCsv: pair('Tải kết quả biểu quyết (CSV)', 'Download voting results (CSV)'),
  downloadOpinionsDocx: pair('Tải tổng hợp góp ý (Word)', 'Download comments (Word)'),
  downloadOpinionsPdf: pair('Tải tổng hợp góp ý (PDF)', 'Download comments (PDF)'),
  // the document
  number: pair('Số: …/BB-HĐND', 'No.: …/BB-HĐND'),
  title: pair('BIÊN BẢN KỲ HỌP', 'MINUTES OF THE SESSION'),
  time: pair('Thời gian', 'Time'),
  timeFrom: pair('bắt đầu lúc', 'began at'),
  timeTo: pair('kết thúc lúc', 'ended at'),
  place: pair('Địa điểm', 'Place'),
  chair: pair('Chủ tọa', 'Chair'),
  secretary: pair('Thư ký kỳ họp', 'Secretary of the session'),
  totalDelegates: pair('Tổng số đại biểu', 'Total delegates'),
  attendanceHeading: pair('I. THÀNH PHẦN THAM DỰ', 'I. ATTENDANCE'),
  proceedingsHeading: pair('II. NỘI DUNG KỲ HỌP', 'II. PROCEEDINGS'),
  auditHeading: pair('III. KIỂM TRA NHẬT KÝ', 'III. AUDIT LOG'),
  presentLine: pair('Có mặt', 'Present'),
  inHall: pair('tại hội trường', 'in the hall'),
  online: pair('trực tuyến', 'online'),
  absentLine: pair('Vắng mặt', 'Absent'),
  unrecordedLine: pair('Chưa điểm danh', 'Not recorded'),
  delegatesWord: pair('đại biểu', 'delegates'),
  quorumReached: pair('Số đại biểu có mặt bảo đảm tỷ lệ theo quy định (ít nhất', 'The delegates present make the quorum (at least'),
  quorumNotReached: pair('Số đại biểu có mặt chưa bảo đảm tỷ lệ theo quy định (cần ít nhất', 'The delegates present do not make the quorum (at least'),
  quorumTail: pair('đại biểu).', 'delegates needed).'),
  colNo: pair('STT', 'No.'),
  colName: pair('Họ và tên', 'Name'),
  colPosition: pair('Chức vụ', 'Position'),
  colUnit: pair('Đơn vị', 'Unit'),
  colGroup: pair('Tổ', 'Group'),
  colStatus: pair('Điểm danh', 'Attendance'),
  colReason: pair('Lý do', 'Reason'),
  colTime: pair('Thời điểm', 'Time'),
  colId: pair('Mã đại biểu', 'Delegate id'),
  statusHall: pair('Có mặt tại hội trường', 'Present in the hall'),
  statusOnline: pair('Có mặt trực tuyến', 'Present online'),
  statusAbsent: pair('Vắng mặt', 'Absent'),
  statusNone: pair('Chưa điểm danh', 'Not recorded'),
  documents: pair('Tài liệu', 'Documents'),
  speeches: pair('Phát biểu', 'Speeches'),
  polls: pair('Biểu quyết', 'Votes'),
  announcements: pair('Thông báo', 'Announcements'),
  nothing: pair('Không có nội dung được ghi nhận.', 'Nothing was recorded.'),
  speechSummary: pair('Tóm tắt nội dung: …', 'Summary: …'),
  beforeAgenda: pair('Trước khi vào chương trình', 'Before the agenda'),
  presenter: pair('Người trình bày', 'Presenter'),
  itemFrom: pair('từ', 'from'),
  itemTo: pair('đến', 'to'),
  confidential: pair('(tài liệu mật)', '(confidential)'),
  delegateWord: pair('Đại biểu', 'Delegate'),
  speechPhatBieu: pair('Phát biểu', 'Speech'),
  speechChatVan: pair('Chất vấn', 'Question'),
  speechTranhLuan: pair('Tranh luận', 'Reply in debate'),
  addressedTo: pair('gửi', 'to'),
  minutesWord: pair('phút', 'min'),
  secondsWord: pair('giây', 's'),
  urgent: pair('(khẩn)', '(urgent)'),
  withdrawnAt: pair('đã thu hồi lúc', 'withdrawn at'),
  resultWord: pair('Kết quả', 'Result'),
  pollCancelled: pair('Biểu quyết “{question}” đã hủy lúc {time}', 'The vote “{question}” was cancelled at {time}'),
  pollReason: pair('lý do', 'reason'),
  pollNotAnnounced: pair('Biểu quyết “{question}” chưa công bố kết quả', 'The result of the vote “{question}” was not announced'),
  verdictWord: pair('Kết luận', 'Conclusion'),
  namesWord: pair('Danh sách biểu quyết', 'How each delegate voted'),
  auditOk: pair('Nhật ký đã được kiểm tra: {n} mục, chữ ký hợp lệ', 'The audit log was checked: {n} entries, signatures valid'),
  auditFailed: pair('Nhật ký đã được kiểm tra: {n} mục, phát hiện sai lệch', 'The audit log was checked: {n} entries, problems found'),
  auditUnchecked: pair('Nhật ký chưa được kiểm tra ({n} mục)', 'The audit log was not checked ({n} entries)'),
  closing: pair('Kỳ họp kết thúc lúc {time}, {date}. Biên bản được lập từ dữ liệu của hệ thống và được thư ký kỳ họp, chủ tọa ký xác nhận.', 'The session ended at {time}, {date}. These minutes were produced from the system records and are signed by the secretary and the chair.'),
  closingOpen: pair('Biên bản được lập từ dữ liệu của hệ thống và được thư ký kỳ họp, chủ tọa ký xác nhận.', 'These minutes were produced from the system records and are signed by the secretary and the chair.'),
  // sheets
  sheetAttendance: pair('Điểm danh', 'Attendance'),
  sheetPolls: pair('Kết quả biểu quyết', 'Results'),
  sheetVoters: pair('Biểu quyết theo đại biểu', 'By delegate'),
  // góp ý
  opinionsTitle: pair('TỔNG HỢP Ý KIẾN GÓP Ý', 'SUMMARY OF COMMENTS'),
  opinionsTitleCase: pair('Tổng hợp ý kiến góp ý', 'Summary of comments'),
  colDocument: pair('Tài liệu', 'Document'),
  colPage: pair('Trang', 'Page'),
  colQuote: pair('Nội dung trích dẫn', 'Quoted text'),
  colOpinion: pair('Ý kiến', 'Comment'),
  colDelegate: pair('Đại biểu', 'Delegate'),
  opinionsCount: pair('Tổng số ý kiến: {n}', 'Comments: {n}'),
  opinionsNone: pair('Chưa có ý kiến góp ý.', 'No comments yet.'),
} as const;

export type MinutesTextKey = keyof typeof TEXTS;
export const MINUTES_TEXT_KEYS = Object.keys(TEXTS) as readonly MinutesTextKey[];

/** The text, with {name} placeholders filled from `params`. */
export function minutesText(lang: Lang, key: MinutesTextKey, params: Readonly<Record<string, string | number>> = {}): string {
  return TEXTS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
