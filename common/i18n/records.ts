// Texts of the results records (biên bản kết quả biểu quyết, PDF and CSV; common/voting/report.ts) and of the
// buttons that download them. The biên bản is a Vietnamese administrative document: the national motto header
// stays Vietnamese in both languages, everything else has an English text.
import type { Lang } from './errors.ts';

type Pair = Readonly<Record<Lang, string>>;
const pair = (vi: string, en: string): Pair => ({ vi, en });

const TEXTS = {
  // buttons (chair console, results screens)
  downloadPdf: pair('Tải biên bản (PDF)', 'Download minutes (PDF)'),
  downloadCsv: pair('Tải CSV', 'Download CSV'),
  // the document
  nation: pair('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
  motto: pair('Độc lập - Tự do - Hạnh phúc', 'Độc lập - Tự do - Hạnh phúc'),
  titlePoll: pair('BIÊN BẢN KẾT QUẢ BIỂU QUYẾT', 'RECORD OF THE VOTING RESULT'),
  titleSession: pair('BIÊN BẢN TỔNG HỢP KẾT QUẢ BIỂU QUYẾT', 'RECORD OF THE VOTING RESULTS OF THE SESSION'),
  session: pair('Kỳ họp', 'Session'),
  place: pair('Địa điểm', 'Place'),
  item: pair('Nội dung', 'Agenda item'),
  question: pair('Vấn đề biểu quyết', 'Question'),
  kind: pair('Loại', 'Kind'),
  form: pair('Hình thức', 'Form'),
  base: pair('Tổng số đại biểu (N)', 'Total delegates (N)'),
  rule: pair('Điều kiện', 'Rule'),
  time: pair('Thời gian', 'Time'),
  revote: pair('Biểu quyết lại', 'Re-vote'),
  revoteOfPoll: pair('của biểu quyết mã', 'of poll'),
  counters: pair('Ban kiểm phiếu', 'Counting committee'),
  resultHeading: pair('Kết quả', 'Result'),
  announced: pair('Kết quả công bố', 'Result as announced'),
  verdict: pair('Kết luận', 'Conclusion'),
  namesHeading: pair('Danh sách biểu quyết của đại biểu', 'How each delegate voted'),
  presentNotVoted: pair('Có mặt, không tham gia biểu quyết', 'Present, did not take part'),
  ballotsHeading: pair('Phiếu', 'Ballots'),
  issued: pair('Số phiếu phát ra', 'Ballots issued'),
  collected: pair('Số phiếu thu về', 'Ballots collected'),
  valid: pair('Số phiếu hợp lệ', 'Valid ballots'),
  invalid: pair('Số phiếu không hợp lệ', 'Invalid ballots'),
  boxHeading: pair('Hòm phiếu điện tử', 'Electronic ballot box'),
  boxCount: pair('Số phiếu trong hòm', 'Ballots in the box'),
  boxDigest: pair('Mã tổng hợp hòm phiếu (SHA-256)', 'Ballot box digest (SHA-256)'),
  trackersDigest: pair('Mã tổng hợp danh sách mã phiếu (SHA-256)', 'Tracker list digest (SHA-256)'),
  agreedBy: pair('Nhập phiếu khớp nhau giữa', 'Paper entries agreed between'),
  colChoice: pair('Lựa chọn', 'Choice'),
  colCount: pair('Số đại biểu', 'Delegates'),
  colVotes: pair('Số phiếu', 'Votes'),
  colShare: pair('Tỷ lệ', 'Share'),
  colName: pair('Họ và tên', 'Name'),
  colPosition: pair('Chức vụ', 'Position'),
  colOutcome: pair('Kết quả', 'Outcome'),
  participated: pair('Tham gia biểu quyết', 'Took part'),
  notParticipating: pair('Không tham gia', 'Did not take part'),
  chair: pair('CHỦ TỌA', 'CHAIR'),
  secretary: pair('THƯ KÝ KỲ HỌP', 'SECRETARY'),
  signHint: pair('(Ký, ghi rõ họ tên)', '(Signature and full name)'),
  page: pair('Trang', 'Page'),
  generated: pair('Lập từ dữ liệu của hệ thống Phòng họp không giấy lúc', 'Produced from the Paperless Council records at'),
  kindOpen: pair('Biểu quyết', 'Vote'),
  kindElection: pair('Bầu cử', 'Election'),
  kindConfidence: pair('Lấy phiếu tín nhiệm', 'Vote of confidence'),
  seats: pair('số người được bầu', 'seats'),
  formOpen: pair('Biểu quyết công khai bằng thiết bị điện tử', 'Open vote on electronic devices'),
  formSecret: pair('Bỏ phiếu kín bằng thiết bị điện tử', 'Secret ballot on electronic devices'),
  formPaper: pair('Bỏ phiếu kín bằng phiếu giấy, Ban kiểm phiếu nhập phiếu', 'Paper ballots, entered by the counting committee'),
  openedAt: pair('mở lúc', 'opened at'),
  closedAt: pair('kết thúc lúc', 'closed at'),
  announcedAt: pair('công bố lúc', 'announced at'),
  none: pair('(không có)', '(none)'),
  // CSV
  csvRowPoll: pair('Biểu quyết', 'Poll'),
  csvRowVoter: pair('Đại biểu', 'Delegate'),
  csvRowCandidate: pair('Ứng cử viên', 'Candidate'),
  csvRowPerson: pair('Người được lấy phiếu', 'Person'),
  csvPollId: pair('Mã biểu quyết', 'Poll id'),
  csvItemId: pair('Mục', 'Item'),
  csvRowType: pair('Loại dòng', 'Row'),
  csvAnnouncedAt: pair('Công bố lúc', 'Announced at'),
  csvPersonId: pair('Mã', 'Id'),
  csvYes: pair('Tán thành (Đồng ý)', 'In favour'),
  csvNo: pair('Không tán thành (Không đồng ý)', 'Against'),
  csvAbstain: pair('Không biểu quyết (Phiếu trắng)', 'Not voting (blank)'),
  csvShareOf: pair('Tỷ lệ', 'Share'),
  csvHigh: pair('Tín nhiệm cao', 'High confidence'),
  csvMedium: pair('Tín nhiệm', 'Confidence'),
  csvLow: pair('Tín nhiệm thấp', 'Low confidence'),
  csvBoxDigest: pair('Mã hòm phiếu', 'Box digest'),
} as const;

export type RecordsTextKey = keyof typeof TEXTS;
export const RECORDS_TEXT_KEYS = Object.keys(TEXTS) as readonly RecordsTextKey[];

export function recordsText(lang: Lang, key: RecordsTextKey): string {
  return TEXTS[key][lang];
}

/** "ngày 05 tháng 12 năm 2026" / "5 December 2026", in Vietnam's time (UTC+7, no daylight saving). */
export function recordsDate(lang: Lang, ms: number): string {
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  const day = d.getUTCDate();
  const month = d.getUTCMonth() + 1;
  const year = d.getUTCFullYear();
  if (lang === 'vi') return `ngày ${String(day).padStart(2, '0')} tháng ${String(month).padStart(2, '0')} năm ${year}`;
  return `${day} ${EN_MONTHS[month - 1] ?? ''} ${year}`;
}

/** "09:05" in Vietnam's time. */
export function recordsTime(ms: number): string {
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** "2026-12-05T09:05:00+07:00": a timestamp Excel and people both read. */
export function recordsIso(ms: number): string {
  const d = new Date(ms + VIETNAM_OFFSET_MS);
  return `${d.toISOString().slice(0, 19)}+07:00`;
}

export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
