// The secretariat console's texts (issue 10), Vietnamese first: the server's error messages, the reasons a
// file is refused, the publish job's progress lines, the agenda edits of DraftChanges, `council console`.
import type { Lang } from './errors.ts';

type P = Readonly<Record<string, string | number>>;
type Text = (p: P) => string;

const s = (p: P, k: string): string => String(p[k] ?? '');

const TEXTS = {
  // files refused (FILE_REJECTED; details[0] is the code)
  FILE_WORD_DOCUMENT: {
    vi: (p) => `"${s(p, 'file')}" là tệp Word (.doc/.docx), không phải PDF: hãy mở tệp trong Word và lưu thành PDF (Tệp → Lưu thành → PDF)`,
    en: (p) => `"${s(p, 'file')}" is a Word file (.doc/.docx), not a PDF: open it in Word and save it as PDF`,
  },
  DOCUMENT_NOT_PDF: {
    vi: (p) => `"${s(p, 'file')}" không phải tệp PDF: hãy lưu tài liệu thành PDF rồi tải lên lại`,
    en: (p) => `"${s(p, 'file')}" is not a PDF: save the document as PDF and upload it again`,
  },
  DOCUMENT_PASSWORD: {
    vi: (p) => `"${s(p, 'file')}" có mật khẩu hoặc đã mã hóa: đại biểu sẽ không mở được; hãy lưu lại bản không đặt mật khẩu`,
    en: (p) => `"${s(p, 'file')}" is password-protected or encrypted: save a copy without a password`,
  },
  DOCUMENT_DAMAGED: {
    vi: (p) => `"${s(p, 'file')}" bị hỏng, không mở được: hãy xuất lại tệp PDF`,
    en: (p) => `"${s(p, 'file')}" is damaged and cannot be opened: export the PDF again`,
  },
  FILE_TOO_LARGE: {
    vi: (p) => `"${s(p, 'file')}" quá lớn (${s(p, 'size')}), giới hạn là ${s(p, 'limit')}: hãy nén hoặc tách tệp`,
    en: (p) => `"${s(p, 'file')}" is too large (${s(p, 'size')}); the limit is ${s(p, 'limit')}: compress or split it`,
  },
  FILE_SHEET_UNREADABLE: {
    vi: (p) => `không đọc được "${s(p, 'file')}": cần tệp .xlsx (Excel) hoặc .csv`,
    en: (p) => `cannot read "${s(p, 'file')}": an .xlsx (Excel) or .csv file is needed`,
  },
  // sessions
  LOGIN_WRONG: { vi: () => 'Mã quản trị hoặc thẻ thư ký không đúng', en: () => 'Wrong admin token or clerk pass' },
  LOGIN_RATE_LIMITED: { vi: () => 'Đã nhập sai quá nhiều lần; hãy đợi một phút rồi đăng nhập lại', en: () => 'Too many failed logins; wait a minute and log in again' },
  NOT_LOGGED_IN: { vi: () => 'Chưa đăng nhập bảng điều khiển', en: () => 'Not logged in to the console' },
  CSRF_MISSING: { vi: () => 'Yêu cầu thiếu tiêu đề của bảng điều khiển (chống giả mạo)', en: () => 'The console header is missing (CSRF protection)' },
  ADMIN_ONLY: { vi: () => 'Chỉ quản trị viên được làm việc này', en: () => 'Only the admin may do this' },
  ADMIN_TOKEN_NEEDED: {
    vi: () => 'Quản trị viên cần đăng nhập một lần (mã quản trị) sau khi khởi động bảng điều khiển',
    en: () => 'The admin must log in once (admin token) after the console started',
  },
  SERVER_REFUSED_TOKEN: { vi: (p) => `Máy chủ ${s(p, 'server')} không nhận mã quản trị này`, en: (p) => `${s(p, 'server')} refused this admin token` },
  // drafts
  DRAFT_NOT_FOUND: { vi: (p) => `Không có bản thảo ${s(p, 'id')}`, en: (p) => `No draft ${s(p, 'id')}` },
  DRAFT_CONFLICT: {
    vi: () => 'Bản thảo vừa được sửa ở nơi khác (tab khác); hãy tải lại trước khi lưu',
    en: () => 'The draft was changed elsewhere (another tab); reload it before saving',
  },
  DRAFT_BODY_INVALID: { vi: (p) => `Dữ liệu bản thảo không hợp lệ: ${s(p, 'detail')}`, en: (p) => `Invalid draft data: ${s(p, 'detail')}` },
  DOCUMENT_UNKNOWN: { vi: (p) => `Không có tài liệu ${s(p, 'id')} trong bản thảo`, en: (p) => `No document ${s(p, 'id')} in the draft` },
  ITEM_PATH_INVALID: { vi: (p) => `Không có mục chương trình ${s(p, 'path')}`, en: (p) => `No agenda item ${s(p, 'path')}` },
  NOT_PUBLISHED: { vi: () => 'Kỳ họp chưa được phát hành', en: () => 'The meeting was not published yet' },
  JOB_RUNNING: { vi: () => 'Bản thảo đang được phát hành', en: () => 'The draft is being published' },
  OTHER_SERVER: {
    vi: (p) => `Kỳ họp này đã phát hành trên máy chủ ${s(p, 'server')}; hãy mở bảng điều khiển với --server ${s(p, 'server')}`,
    en: (p) => `This meeting was published on ${s(p, 'server')}; start the console with --server ${s(p, 'server')}`,
  },
  JOB_NOT_FOUND: { vi: (p) => `Không có tác vụ ${s(p, 'id')}`, en: (p) => `No job ${s(p, 'id')}` },
  ZIP_INVALID: { vi: (p) => `Tệp ZIP không hợp lệ: ${s(p, 'detail')}`, en: (p) => `Invalid ZIP file: ${s(p, 'detail')}` },
  FOLDER_INVALID: { vi: (p) => `Không đọc được thư mục ${s(p, 'path')}`, en: (p) => `Cannot read the folder ${s(p, 'path')}` },
  BACKUP_WRONG: {
    vi: () => 'Không mở được bản sao lưu khóa: sai mật khẩu hoặc tệp bị hỏng',
    en: () => 'The key backup does not open: wrong passphrase or a damaged file',
  },
  PASSPHRASE_SHORT: { vi: (p) => `Mật khẩu cần ít nhất ${s(p, 'min')} ký tự`, en: (p) => `The passphrase needs at least ${s(p, 'min')} characters` },
  BACKUP_OTHER_MEETING: {
    vi: (p) => `Bản sao lưu là của kỳ họp ${s(p, 'backup')}, bản thảo này đã phát hành là ${s(p, 'draft')}`,
    en: (p) => `The backup belongs to meeting ${s(p, 'backup')}; this draft was published as ${s(p, 'draft')}`,
  },
  PASS_NOT_FOUND: { vi: (p) => `Không có thẻ ${s(p, 'id')}`, en: (p) => `No pass ${s(p, 'id')}` },
  DELEGATE_UNKNOWN: { vi: (p) => `Không có đại biểu ${s(p, 'id')}`, en: (p) => `No delegate ${s(p, 'id')}` },
  // transport
  SERVER_UNREACHABLE: { vi: (p) => `Không kết nối được máy chủ ${s(p, 'server')} (${s(p, 'cause')})`, en: (p) => `Cannot reach ${s(p, 'server')} (${s(p, 'cause')})` },
  BODY_TOO_LARGE: { vi: () => 'Dữ liệu gửi lên quá lớn', en: () => 'The request body is too large' },
  BODY_NOT_JSON: { vi: () => 'Dữ liệu gửi lên không phải JSON', en: () => 'The request body is not JSON' },
  UPLOAD_INTERRUPTED: { vi: (p) => `Tải tệp lên bị gián đoạn (${s(p, 'cause')}); hãy thử lại`, en: (p) => `The upload was interrupted (${s(p, 'cause')}); try again` },
  NO_STATE_READER: {
    vi: () => 'Danh sách đại biểu không có thư ký hoặc chủ tọa để đọc diễn biến kỳ họp',
    en: () => 'The delegate list has no secretary or chair to read the session state with',
  },
  LIVE_STATE_UNAVAILABLE: { vi: () => 'Chưa đọc được diễn biến kỳ họp từ máy chủ; hãy thử lại', en: () => 'The session state cannot be read from the server now; try again' },
  LIVE_STATE_TIMEOUT: { vi: (p) => `Máy chủ không trả diễn biến kỳ họp trong ${s(p, 'ms')} ms`, en: (p) => `The session state did not sync within ${s(p, 'ms')} ms` },
  LIVE_STATE_CLOSED: { vi: (p) => `Máy chủ đóng kết nối diễn biến kỳ họp (${s(p, 'code')})`, en: (p) => `The server closed the session state (${s(p, 'code')})` },
  NO_SUCH_ENDPOINT: { vi: () => 'Không có chức năng này', en: () => 'No such console endpoint' },
  METHOD_NOT_ALLOWED: { vi: (p) => `Không dùng được phương thức ${s(p, 'method')} ở đây`, en: (p) => `Method ${s(p, 'method')} is not allowed here` },
  HOST_NOT_CONSOLE: { vi: (p) => `Địa chỉ ${s(p, 'host')} không phải bảng điều khiển này`, en: (p) => `${s(p, 'host')} is not this console` },
  // the publish job's progress line (Job.detail)
  JOB_VALIDATING: { vi: () => 'Đang kiểm tra hồ sơ kỳ họp…', en: () => 'Checking the meeting folder…' },
  JOB_READING: { vi: (p) => `Đang đọc trang ${s(p, 'done')}/${s(p, 'total')}…`, en: (p) => `Reading page ${s(p, 'done')}/${s(p, 'total')}…` },
  JOB_ENCRYPTING: { vi: (p) => `Đang mã hóa ${s(p, 'done')}/${s(p, 'total')} MiB…`, en: (p) => `Encrypting ${s(p, 'done')}/${s(p, 'total')} MiB…` },
  JOB_UPLOADING: { vi: (p) => `Đang tải lên ${s(p, 'done')}/${s(p, 'total')} MiB…`, en: (p) => `Uploading ${s(p, 'done')}/${s(p, 'total')} MiB…` },
  JOB_PUBLISHING: { vi: () => 'Đang phát hành phiên bản mới…', en: () => 'Publishing the new revision…' },
  JOB_DONE: { vi: (p) => `Đã phát hành phiên bản ${s(p, 'revision')}`, en: (p) => `Published revision ${s(p, 'revision')}` },
  JOB_UNCHANGED: { vi: (p) => `Không có gì thay đổi, giữ phiên bản ${s(p, 'revision')}`, en: (p) => `Nothing changed; revision ${s(p, 'revision')} kept` },
  JOB_FAILED: { vi: () => 'Phát hành không thành công', en: () => 'Publishing failed' },
  // DraftChanges.agendaEdits codes
  AGENDA_ITEM_ADDED: { vi: (p) => `Thêm mục ${s(p, 'number')} "${s(p, 'title')}"`, en: (p) => `Item ${s(p, 'number')} "${s(p, 'title')}" added` },
  AGENDA_ITEM_REMOVED: { vi: (p) => `Bỏ mục ${s(p, 'number')} "${s(p, 'title')}"`, en: (p) => `Item ${s(p, 'number')} "${s(p, 'title')}" removed` },
  AGENDA_ITEM_RENAMED: {
    vi: (p) => `Đổi tên mục ${s(p, 'number')} "${s(p, 'from')}" thành "${s(p, 'to')}"`,
    en: (p) => `Item ${s(p, 'number')} renamed from "${s(p, 'from')}" to "${s(p, 'to')}"`,
  },
  AGENDA_ITEM_EDITED: { vi: (p) => `Sửa mục ${s(p, 'number')} "${s(p, 'title')}"`, en: (p) => `Item ${s(p, 'number')} "${s(p, 'title')}" edited` },
  // defaults of a new draft
  DEFAULT_ITEM_OPENING: { vi: () => 'Khai mạc kỳ họp', en: () => 'Opening of the session' },
  // `council console`
  CONSOLE_LISTENING: { vi: (p) => `Bảng điều khiển của văn phòng: ${s(p, 'url')}`, en: (p) => `Secretariat console: ${s(p, 'url')}` },
  CONSOLE_LOGIN: {
    vi: (p) => `Đăng nhập bằng mã quản trị của máy chủ (${s(p, 'where')})`,
    en: (p) => `Log in with the server's admin token (${s(p, 'where')})`,
  },
  CONSOLE_DATA: { vi: (p) => `Bản thảo lưu tại ${s(p, 'dir')}`, en: (p) => `Drafts are kept in ${s(p, 'dir')}` },
  CONSOLE_STOP: { vi: () => 'Nhấn Ctrl+C để dừng', en: () => 'Press Ctrl+C to stop' },
} as const satisfies Readonly<Record<string, { readonly vi: Text; readonly en: Text }>>;

export type ConsoleTextKey = keyof typeof TEXTS;

export function consoleText(lang: Lang, key: ConsoleTextKey, params: P = {}): string {
  return TEXTS[key][lang](params);
}

/** "vi / en", as the server's error messages are (a screen may show only the code's own translation). */
export function consoleMessage(key: ConsoleTextKey, params: P = {}): string {
  return `${TEXTS[key].vi(params)} / ${TEXTS[key].en(params)}`;
}
