// What the `council` commands print besides errors (cli/council.ts, cli/dataDirs.ts, cli/commands/*.ts),
// in Vietnamese and English. `cliLine` gives `vi / en` on one line; `cliLines` gives the Vietnamese line, then
// the English one (for sentences too long to pair); `cliCell` gives `vi/en` for a table header. A label before
// a long value (a path, a link, a title) is `${cliLine(LABEL)}: value`, so the value is printed once.
// A revision is "bản phát hành" everywhere, as in the renderer. Errors are in ./messages.ts and ./errors.ts.

type None = Readonly<Record<never, never>>;

export interface CliTextParams {
  readonly USAGE: None;
  readonly UNKNOWN_COMMAND: { readonly name: string };
  readonly HELP_HINT: None;
  readonly BAD_ARGUMENTS: { readonly command: string; readonly detail: string; readonly usage: string };
  readonly OLD_DATA_FOLDER: { readonly dir: string };
  readonly DEMO_PUBLISHED: { readonly meetingId: string; readonly revision: number };
  readonly DEMO_SERVER: { readonly url: string };
  readonly DEMO_ROLE_CHAIR: None;
  readonly DEMO_ROLE_SECRETARY: None;
  readonly DEMO_ROLE_HALL: None;
  readonly DEMO_DELEGATES: { readonly count: number };
  readonly DEMO_QR: { readonly id: string; readonly name: string };
  readonly DEMO_OPENING_APP: { readonly id: string };
  readonly DEMO_NO_ELECTRON: { readonly id: string; readonly url: string };
  readonly DEMO_ADMIN_TOKEN: { readonly file: string };
  readonly DEMO_LOCAL_ONLY: { readonly host: string };
  readonly DEMO_PHONES: None;
  readonly DEMO_APP_CLOSED: None;
  readonly DEMO_STOP_HINT: None;
  readonly DEMO_STOPPING: { readonly signal: string };
  // ---- shared by the commands
  readonly MEETING: None;
  readonly REVISION: { readonly revision: number | string };
  readonly WAS: None;
  readonly MISSING_SERVER: None;
  readonly MISSING_TOKEN: None;
  readonly MEETING_LABEL: None;
  readonly DOCUMENTS_LABEL: None;
  // ---- publish
  readonly ONE_MEETING_FOLDER: None;
  readonly PHASE_ENCRYPT: None;
  readonly PHASE_UPLOAD: None;
  readonly PUBLISHED: { readonly meetingId: string; readonly revision: number };
  readonly NOTHING_CHANGED: { readonly meetingId: string; readonly revision: number };
  readonly PUBLISH_DOCUMENTS: { readonly changed: number; readonly unchanged: number };
  readonly PUBLISH_CHUNKS: { readonly uploaded: number; readonly mib: string; readonly skipped: number };
  readonly INVITATIONS_LABEL: None;
  readonly TO_PRINT: None;
  readonly KEEP_THEM_CONFIDENTIAL: None;
  // ---- join
  readonly DOWNLOAD: None;
  readonly DOWNLOADING: None;
  readonly VERIFYING: None;
  readonly DOCS_SHORT: None;
  readonly DELEGATE_LABEL: None;
  readonly JOIN_DOCUMENTS: { readonly count: number; readonly downloaded: string; readonly reused: string };
  readonly VAULT_LABEL: None;
  // ---- docs
  readonly EMPTY_VAULT: None;
  readonly COL_KIND: None;
  readonly COL_PAGES: None;
  readonly COL_SIZE: None;
  readonly COL_REVISION: None;
  readonly COL_TITLE: None;
  readonly LEASE_LABEL: None;
  readonly LEASE_CONFIDENTIAL: None;
  readonly LEASE_WHOLE: None;
  readonly LEASE_DELETED_AT: None;
  readonly LEASE_WITHOUT_CONTACT: None;
  readonly LEASE_LAST_CONTACT: None;
  readonly LEASE_SHREDDED: { readonly count: number };
  // ---- search (S2)
  readonly SEARCH_NONE: { readonly query: string };
  readonly SEARCH_FOUND: { readonly pages: number; readonly documents: number; readonly hits: number };
  readonly SEARCH_REPAIRED: { readonly query: string };
  readonly SEARCH_UNINDEXED: { readonly count: number };
  readonly SEARCH_MORE_PAGES: { readonly count: number };
  // ---- results (H5)
  readonly RESULTS_NO_MEETING: None;
  readonly RESULTS_WHICH_MEETING: { readonly ids: string };
  readonly RESULTS_NO_OUTPUT: None;
  readonly RESULTS_NONE_ANNOUNCED: None;
  readonly RESULTS_UNREACHABLE: { readonly server: string };
  readonly RESULTS_WROTE: { readonly file: string; readonly polls: number };
  // ---- export
  readonly WROTE: None;
  // ---- serve
  readonly ADMIN_TOKEN_ONCE: None;
  readonly SELF_SIGNED: None;
  readonly SERVER_READY: None;
  readonly SERVER_STOPPING: { readonly signal: string };
  readonly PORT_IN_USE: { readonly port: number; readonly host: string };
  readonly SERVER_DRAINING: { readonly signal: string; readonly seconds: number };
  readonly SERVER_STOP_NOW: { readonly signal: string };
  readonly SERVER_STORE: None;
  readonly SERVER_FANOUT: None;
  // ---- audit
  readonly AUDIT_BROKEN: None;
  readonly AUDIT_OK: { readonly meetings: number; readonly entries: number };
  readonly NO_SERVER_DB: { readonly file: string };
  readonly AUDIT_KEY: { readonly fingerprint: string; readonly source: 'given' | 'key file' | 'database' };
  readonly AUDIT_KEY_DB_ONLY: None;
  readonly AUDIT_KEY_OPTION: None;
  // ---- revoke, reinvite
  readonly FOLDER_AND_DELEGATE: None;
  readonly NO_OUT_OPTION: None;
  readonly REVOKED: None;
  readonly REVOKE_EFFECT: None;
  readonly REINVITE_HINT: None;
  readonly REINVITED: None;
  readonly OLD_LINK_DEAD: None;
  readonly NEW_LINK: None;
  readonly INVITATION_LABEL: None;
  readonly KEEP_IT_CONFIDENTIAL: None;
}
export type CliTextKey = keyof CliTextParams;

interface Texts<P> {
  readonly vi: (p: P) => string;
  readonly en: (p: P) => string;
}

const fixed = (vi: string, en: string): Texts<unknown> => ({ vi: () => vi, en: () => en });

const PUBLISHED: Texts<CliTextParams['PUBLISHED']> = {
  vi: (p) => `Đã phát hành kỳ họp ${p.meetingId}, bản phát hành ${p.revision}`,
  en: (p) => `Published meeting ${p.meetingId}, revision ${p.revision}`,
};

const TEXTS: { readonly [K in CliTextKey]: Texts<CliTextParams[K]> } = {
  USAGE: fixed('Cách dùng', 'Usage'),
  UNKNOWN_COMMAND: { vi: (p) => `lệnh không tồn tại "${p.name}"`, en: (p) => `unknown command "${p.name}"` },
  HELP_HINT: fixed('"council <lệnh> --help" cho biết cách dùng từng lệnh', '"council <command> --help" describes each command'),
  BAD_ARGUMENTS: {
    vi: (p) => `council ${p.command}: tham số sai`,
    en: (p) => `bad arguments: ${p.detail}. Usage: ${p.usage}`,
  },
  OLD_DATA_FOLDER: { vi: (p) => `council: dùng thư mục dữ liệu cũ ${p.dir}`, en: (p) => `using the older data folder ${p.dir}` },
  DEMO_PUBLISHED: PUBLISHED,
  DEMO_SERVER: { vi: (p) => `Máy chủ: ${p.url}`, en: (p) => `Server: ${p.url}` },
  DEMO_ROLE_CHAIR: fixed('Chủ tọa', 'Chair'),
  DEMO_ROLE_SECRETARY: fixed('Thư ký', 'Secretary'),
  DEMO_ROLE_HALL: fixed('Màn hình hội trường', 'Hall screen'),
  DEMO_DELEGATES: { vi: (p) => `Đại biểu (${p.count})`, en: (p) => `Delegates (${p.count})` },
  DEMO_QR: { vi: (p) => `Mã QR của đại biểu ${p.id} — ${p.name}`, en: (p) => `QR code of delegate ${p.id}` },
  DEMO_OPENING_APP: { vi: (p) => `Mở ứng dụng Electron với tư cách ${p.id}...`, en: (p) => `Opening the Electron app as ${p.id}...` },
  DEMO_NO_ELECTRON: {
    vi: (p) => `Máy này không có Electron (npm ci không tải về trên máy này). Mở đường dẫn của đại biểu ${p.id} ở trên trong Chromium: ứng dụng trình duyệt chạy tại ${p.url}.`,
    en: (p) => `No Electron runtime on this machine (npm ci did not download one here). Open delegate ${p.id}'s link above in Chromium: the browser client is served at ${p.url}.`,
  },
  DEMO_ADMIN_TOKEN: {
    vi: (p) => `Mã quản trị của máy chủ demo nằm trong ${p.file} (chỉ bạn đọc được): dùng cho council publish --token.`,
    en: (p) => `The demo server's admin token is in ${p.file} (readable only by you): use it with council publish --token.`,
  },
  DEMO_LOCAL_ONLY: {
    vi: (p) => `Các đường dẫn ${p.host} chỉ mở được trên máy này, điện thoại không mở được.`,
    en: (p) => `The ${p.host} links only open on this computer, not on a phone.`,
  },
  DEMO_PHONES: fixed(
    'Để mở trên điện thoại trong cùng mạng Wi-Fi, chạy: npm start -- --host 0.0.0.0 --self-signed — các đường dẫn in ra sẽ dùng địa chỉ mạng LAN của máy này (https); điện thoại cần chấp nhận chứng chỉ một lần.',
    "For phones on the same Wi-Fi, run: npm start -- --host 0.0.0.0 --self-signed — the links printed then carry this computer's LAN address (https); phones accept the certificate once.",
  ),
  DEMO_APP_CLOSED: fixed('Ứng dụng đã đóng; máy chủ vẫn chạy (Ctrl+C để dừng)', 'The app closed; the server keeps running (Ctrl+C to stop)'),
  DEMO_STOP_HINT: fixed('Nhấn Ctrl+C để dừng', 'Press Ctrl+C to stop'),
  DEMO_STOPPING: { vi: (p) => `Đang dừng (${p.signal})...`, en: (p) => `Stopping (${p.signal})...` },

  MEETING: fixed('kỳ họp', 'meeting'),
  REVISION: { vi: (p) => `bản phát hành ${p.revision}`, en: (p) => `revision ${p.revision}` },
  WAS: fixed('trước', 'was'),
  MISSING_SERVER: fixed('thiếu --server', 'missing --server'),
  MISSING_TOKEN: fixed('thiếu --token hoặc COUNCIL_ADMIN_TOKEN', 'missing --token or COUNCIL_ADMIN_TOKEN'),
  MEETING_LABEL: fixed('Kỳ họp', 'Meeting'),
  DOCUMENTS_LABEL: fixed('Tài liệu', 'Documents'),

  ONE_MEETING_FOLDER: fixed('cần đúng một thư mục kỳ họp', 'expected exactly one meeting folder'),
  PHASE_ENCRYPT: fixed('Mã hóa', 'Encrypting'),
  PHASE_UPLOAD: fixed('Tải lên', 'Uploading'),
  PUBLISHED,
  NOTHING_CHANGED: {
    vi: (p) => `Không có thay đổi, giữ bản phát hành ${p.revision}: kỳ họp ${p.meetingId}`,
    en: (p) => `Nothing changed, revision ${p.revision} kept: meeting ${p.meetingId}`,
  },
  PUBLISH_DOCUMENTS: {
    vi: (p) => `Tài liệu: ${p.changed} mới hoặc đã sửa, ${p.unchanged} không đổi`,
    en: (p) => `Documents: ${p.changed} new or changed, ${p.unchanged} unchanged`,
  },
  PUBLISH_CHUNKS: {
    vi: (p) => `Khối dữ liệu: ${p.uploaded} đã tải lên (${p.mib} MiB), ${p.skipped} đã có trên máy chủ`,
    en: (p) => `Chunks: ${p.uploaded} uploaded (${p.mib} MiB), ${p.skipped} already on the server`,
  },
  INVITATIONS_LABEL: fixed('Giấy mời', 'Invitations'),
  TO_PRINT: fixed('để in', 'to print'),
  KEEP_THEM_CONFIDENTIAL: fixed('giữ kín', 'keep them confidential'),

  DOWNLOAD: fixed('Tải về', 'Download'),
  DOWNLOADING: fixed('tải', 'downloading'),
  VERIFYING: fixed('kiểm tra', 'verifying'),
  DOCS_SHORT: fixed('tài liệu', 'docs'),
  DELEGATE_LABEL: fixed('Đại biểu', 'Delegate'),
  JOIN_DOCUMENTS: {
    vi: (p) => `Tài liệu: ${p.count} — đã tải ${p.downloaded}, dùng lại ${p.reused}`,
    en: (p) => `Documents: ${p.count} — downloaded ${p.downloaded}, reused ${p.reused}`,
  },
  VAULT_LABEL: fixed('Kho', 'Vault'),

  EMPTY_VAULT: fixed('Kho chưa có tài liệu nào', 'The vault holds no documents yet (council join <link>)'),
  COL_KIND: fixed('Loại', 'Kind'),
  COL_PAGES: fixed('Trang', 'Pages'),
  COL_SIZE: fixed('Cỡ', 'Size'),
  COL_REVISION: fixed('Bản phát hành', 'Rev'),
  COL_TITLE: fixed('Tên', 'Title'),
  LEASE_LABEL: fixed('Thời hạn', 'lease'),
  LEASE_CONFIDENTIAL: fixed('tài liệu mật', 'confidential'),
  LEASE_WHOLE: fixed('cả kỳ họp', 'whole meeting'),
  LEASE_DELETED_AT: fixed('xóa lúc', 'deleted at'),
  LEASE_WITHOUT_CONTACT: fixed('nếu không kết nối', 'without contact'),
  LEASE_LAST_CONTACT: fixed('lần cuối', 'last contact'),
  LEASE_SHREDDED: { vi: (p) => `đã xóa ${p.count} tài liệu mật`, en: (p) => `deleted ${p.count} confidential` },

  SEARCH_NONE: { vi: (p) => `Không tìm thấy "${p.query}"`, en: (p) => `Nothing found for "${p.query}"` },
  SEARCH_FOUND: {
    vi: (p) => `${p.pages} trang trong ${p.documents} tài liệu, ${p.hits} chỗ`,
    en: (p) => `${p.pages} pages in ${p.documents} documents, ${p.hits} hits`,
  },
  SEARCH_REPAIRED: { vi: (p) => `Đã tìm "${p.query}" (sửa lỗi gõ Telex/VNI)`, en: (p) => `Searched for "${p.query}" (Telex/VNI typing repaired)` },
  SEARCH_UNINDEXED: { vi: (p) => `${p.count} tài liệu không có chữ để tìm`, en: (p) => `${p.count} documents have no searchable text` },
  SEARCH_MORE_PAGES: { vi: (p) => `… và ${p.count} trang nữa`, en: (p) => `… and ${p.count} more pages` },

  RESULTS_NO_MEETING: fixed('Kho chưa có kỳ họp nào (council join <link>)', 'The vault holds no meeting (council join <link>)'),
  RESULTS_WHICH_MEETING: { vi: (p) => `Kho có nhiều kỳ họp, hãy chọn bằng --meeting: ${p.ids}`, en: (p) => `several meetings in the vault, pick one with --meeting: ${p.ids}` },
  RESULTS_NO_OUTPUT: fixed('Cần --pdf TỆP và/hoặc --csv TỆP', 'give --pdf FILE and/or --csv FILE'),
  RESULTS_NONE_ANNOUNCED: fixed('Chưa có kết quả biểu quyết nào được công bố', 'no poll result has been announced yet'),
  RESULTS_UNREACHABLE: { vi: (p) => `Không đọc được trạng thái kỳ họp từ ${p.server}`, en: (p) => `could not read the meeting state from ${p.server}` },
  RESULTS_WROTE: { vi: (p) => `Đã ghi ${p.file} (${p.polls} biểu quyết)`, en: (p) => `wrote ${p.file} (${p.polls} polls)` },

  WROTE: fixed('Đã ghi', 'Wrote'),

  ADMIN_TOKEN_ONCE: fixed('Mã quản trị (chỉ hiện MỘT lần, hãy lưu lại)', 'Admin token (shown ONCE, keep it)'),
  SELF_SIGNED: fixed('Chứng chỉ tự ký', 'Self-signed certificate'),
  SERVER_READY: fixed('Máy chủ đang chạy', 'Server ready'),
  SERVER_STOPPING: { vi: () => 'Đang dừng máy chủ', en: (p) => `Stopping (${p.signal})...` },
  PORT_IN_USE: { vi: (p) => `cổng ${p.port} đang được dùng`, en: (p) => `port ${p.port} is already in use on ${p.host}` },
  SERVER_DRAINING: {
    vi: (p) => `Đang nhường máy khác (${p.signal}): /readyz báo 503, dừng sau ${p.seconds} giây; nhấn Ctrl+C lần nữa để dừng ngay`,
    en: (p) => `Draining (${p.signal}): /readyz answers 503, stopping in ${p.seconds} s; press Ctrl+C again to stop at once`,
  },
  SERVER_STOP_NOW: { vi: (p) => `Dừng ngay (${p.signal})`, en: (p) => `Stopping at once (${p.signal})` },
  SERVER_STORE: fixed('Kho dữ liệu', 'Store'),
  SERVER_FANOUT: fixed('Chuyển tiếp giữa các máy (Redis)', 'Fan-out between instances (Redis)'),

  AUDIT_BROKEN: fixed('HỎNG', 'BROKEN'),
  AUDIT_OK: { vi: (p) => `${p.meetings} kỳ họp, ${p.entries} mục`, en: (p) => `${p.meetings} meetings, ${p.entries} entries` },
  NO_SERVER_DB: { vi: () => 'không có cơ sở dữ liệu', en: (p) => `no server database at ${p.file}` },
  AUDIT_KEY: {
    vi: (p) => `khóa kiểm tra ${p.fingerprint} (${{ given: 'khóa đã cho', 'key file': 'tệp audit-key', database: 'cơ sở dữ liệu' }[p.source]})`,
    en: (p) => `audit key ${p.fingerprint} (from ${p.source === 'given' ? '--key' : p.source === 'key file' ? 'audit-key' : 'the database'})`,
  },
  AUDIT_KEY_DB_ONLY: fixed(
    'không có tệp audit-key: khóa lấy từ chính cơ sở dữ liệu, ai sửa được nhật ký cũng sửa được khóa; so dấu khóa với bản lưu nơi khác hoặc dùng --key',
    'no audit-key file: the key came from the database itself, which whoever rewrote the log could rewrite too; compare the fingerprint with a copy kept elsewhere or pass --key',
  ),
  AUDIT_KEY_OPTION: fixed('--key phải là khóa công khai base64url (43 ký tự) hoặc tệp chứa khóa đó', '--key must be a base64url public key (43 characters) or a file holding one'),

  FOLDER_AND_DELEGATE: fixed('cần thư mục kỳ họp và mã đại biểu', 'expected a meeting folder and a delegate id'),
  NO_OUT_OPTION: fixed('không có tùy chọn --out', 'unknown option --out'),
  REVOKED: fixed('Đã thu hồi giấy mời', 'Revoked'),
  REVOKE_EFFECT: fixed(
    'Đường dẫn cũ không còn dùng được; số đại biểu không đổi; điểm danh của đại biểu này bị hủy.',
    'The old link no longer works; N is unchanged; their attendance was dropped.',
  ),
  REINVITE_HINT: fixed('Cấp lại', 'Re-invite'),
  REINVITED: fixed('Đã cấp lại giấy mời', 'Re-invited'),
  OLD_LINK_DEAD: fixed('Đường dẫn cũ không còn dùng được.', 'The old link no longer works.'),
  NEW_LINK: fixed('Đường dẫn mới', 'New link'),
  INVITATION_LABEL: fixed('Giấy mời', 'Invitation'),
  KEEP_IT_CONFIDENTIAL: fixed('giữ kín', 'keep it confidential'),
};

export const CLI_TEXT_KEYS = Object.keys(TEXTS) as readonly CliTextKey[];

type AnyTexts = Texts<CliTextParams[CliTextKey]>;
const textsOf = (key: CliTextKey): AnyTexts => TEXTS[key] as AnyTexts;

/** `vi / en` on one line. */
export function cliLine<K extends CliTextKey>(key: K, params: CliTextParams[K]): string {
  const t = textsOf(key);
  return `${t.vi(params)} / ${t.en(params)}`;
}

/** The Vietnamese line, then the English line. */
export function cliLines<K extends CliTextKey>(key: K, params: CliTextParams[K]): string {
  const t = textsOf(key);
  return `${t.vi(params)}\n${t.en(params)}`;
}

/** `vi/en` for a table header. */
export function cliCell<K extends CliTextKey>(key: K, params: CliTextParams[K]): string {
  const t = textsOf(key);
  return `${t.vi(params)}/${t.en(params)}`;
}
