// What the `council` commands print besides errors (cli/council.ts, cli/dataDirs.ts, cli/commands/demo.ts),
// in Vietnamese and English. `cliLine` gives `vi / en` on one line; `cliLines` gives the Vietnamese line, then
// the English one (for sentences too long to pair). Errors are in ./messages.ts and ./errors.ts.

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
}
export type CliTextKey = keyof CliTextParams;

interface Texts<P> {
  readonly vi: (p: P) => string;
  readonly en: (p: P) => string;
}

const fixed = (vi: string, en: string): Texts<unknown> => ({ vi: () => vi, en: () => en });

const TEXTS: { readonly [K in CliTextKey]: Texts<CliTextParams[K]> } = {
  USAGE: fixed('Cách dùng', 'Usage'),
  UNKNOWN_COMMAND: { vi: (p) => `lệnh không tồn tại "${p.name}"`, en: (p) => `unknown command "${p.name}"` },
  HELP_HINT: fixed('"council <lệnh> --help" cho biết cách dùng từng lệnh', '"council <command> --help" describes each command'),
  BAD_ARGUMENTS: {
    vi: (p) => `council ${p.command}: tham số sai`,
    en: (p) => `bad arguments: ${p.detail}. Usage: ${p.usage}`,
  },
  OLD_DATA_FOLDER: { vi: (p) => `council: dùng thư mục dữ liệu cũ ${p.dir}`, en: (p) => `using the older data folder ${p.dir}` },
  DEMO_PUBLISHED: {
    vi: (p) => `Đã phát hành kỳ họp ${p.meetingId}, bản phát hành ${p.revision}`,
    en: (p) => `Published meeting ${p.meetingId}, revision ${p.revision}`,
  },
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
