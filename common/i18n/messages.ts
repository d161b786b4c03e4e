// The detail of an error (what the code alone does not say: which file, which server), as a stable key with
// parameters and its texts in Vietnamese and English. The CLI prints both, `vi / en`; a screen shows one.
// Error codes themselves are in ./errors.ts, meeting-folder problems in ./problems.ts.
import type { Lang } from './errors.ts';

type None = Readonly<Record<never, never>>;

export interface MessageParams {
  readonly MEETING_PROBLEMS: { readonly folder: string; readonly count: number };
  readonly FILE_CHANGED_WHILE_PUBLISHING: { readonly file: string };
  readonly SERVER_URL_INVALID: { readonly url: string };
  readonly SERVER_URL_FORM: { readonly url: string };
  readonly SERVER_UNREACHABLE: { readonly origin: string; readonly cause: string };
  readonly SERVER_ANSWERED: { readonly status: number; readonly text: string };
  readonly PUBLISHER_STATE_DAMAGED: { readonly file: string };
  readonly CANCELLED: None;
  readonly WRONG_PASSPHRASE: None;
  readonly PASSPHRASE_NEEDED: None;
}
export type MessageKey = keyof MessageParams;

interface Texts<P> {
  readonly vi: (p: P) => string;
  readonly en: (p: P) => string;
  /** Shown once before both languages (a path, say), so `vi / en` does not repeat it. */
  readonly subject?: (p: P) => string;
}

const fixed = (vi: string, en: string): Texts<unknown> => ({ vi: () => vi, en: () => en });

const TEXTS: { readonly [K in MessageKey]: Texts<MessageParams[K]> } = {
  MEETING_PROBLEMS: {
    subject: (p) => p.folder,
    vi: (p) => `${p.count} lỗi cần sửa`,
    en: (p) => `${p.count} problem${p.count === 1 ? '' : 's'} to fix`,
  },
  FILE_CHANGED_WHILE_PUBLISHING: {
    vi: (p) => `"${p.file}" đã thay đổi trong lúc phát hành; hãy chạy lại`,
    en: (p) => `"${p.file}" changed while publishing; run again`,
  },
  SERVER_URL_INVALID: { vi: (p) => `địa chỉ máy chủ không hợp lệ: ${p.url}`, en: (p) => `not a server URL: ${p.url}` },
  SERVER_URL_FORM: {
    vi: (p) => `địa chỉ máy chủ phải có dạng https://host:port: ${p.url}`,
    en: (p) => `the server URL must look like https://host:port: ${p.url}`,
  },
  SERVER_UNREACHABLE: { vi: (p) => `không kết nối được ${p.origin}`, en: (p) => `cannot reach ${p.origin}${p.cause ? `: ${p.cause}` : ''}` },
  SERVER_ANSWERED: {
    vi: (p) => `máy chủ trả lời HTTP ${p.status}`,
    en: (p) => `the server answered HTTP ${p.status}${p.text ? `: ${p.text}` : ''}`,
  },
  PUBLISHER_STATE_DAMAGED: {
    subject: (p) => p.file,
    vi: () => 'bị hỏng; khôi phục từ bản sao lưu (xóa tệp sẽ tạo kỳ họp mới, giấy mời cũ mất hiệu lực)',
    en: () => 'the publisher state is damaged; restore it from a backup (deleting it starts a new meeting and voids old invitations)',
  },
  CANCELLED: fixed('đã hủy', 'cancelled'),
  WRONG_PASSPHRASE: fixed('sai mật khẩu', 'wrong passphrase'),
  PASSPHRASE_NEEDED: fixed('nhập mật khẩu để mở kho tài liệu', 'enter the passphrase to open the vault'),
};

export const MESSAGE_KEYS = Object.keys(TEXTS) as readonly MessageKey[];

type AnyTexts = Texts<MessageParams[MessageKey]>;
const textsOf = (key: MessageKey): AnyTexts => TEXTS[key] as AnyTexts;

/** One language, e.g. for a screen. */
export function messageText<K extends MessageKey>(lang: Lang, key: K, params: MessageParams[K]): string {
  const t = textsOf(key);
  const text = t[lang](params);
  return t.subject ? `${t.subject(params)}: ${text}` : text;
}

/** Both languages, `vi / en`: the message of a CouncilError that the CLI prints. */
export function bilingualMessage<K extends MessageKey>(key: K, params: MessageParams[K]): string {
  const t = textsOf(key);
  const both = `${t.vi(params)} / ${t.en(params)}`;
  return t.subject ? `${t.subject(params)}: ${both}` : both;
}
