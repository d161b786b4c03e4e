// Texts of search (renderer/search): a catalogue of its own. Vietnamese is the reference; searchEn must have
// exactly the same keys (the type enforces it).
import { useT } from './I18nProvider.tsx';
import { formatNumber, type Params } from './format.ts';
import type { Lang } from '../platform/Platform.ts';

export const searchVi = {
  'search.label': 'Tìm trong tài liệu',
  'search.placeholder': 'Tìm trong mọi tài liệu, gõ có dấu hay không dấu',
  'search.open': 'Tìm trong tài liệu (Ctrl+K)',
  'search.close': 'Đóng',
  'search.searching': 'Đang tìm…',
  'search.none': 'Không tìm thấy "{query}".',
  'search.noneHint': 'Thử ít chữ hơn, hoặc bỏ dấu ngoặc kép.',
  'search.found': '{pages} trang trong {documents} tài liệu',
  'search.repaired': 'Đã tìm "{query}" (sửa lỗi gõ Telex/VNI)',
  'search.page': 'Trang {page}',
  'search.pages': '{count} trang',
  'search.morePages': 'Xem thêm {count} trang',
  'search.confidential': 'MẬT',
  'search.otherMeeting': 'Kỳ họp: {title}',
  'search.unindexed': '{count} tài liệu không có chữ để tìm (bản quét chưa nhận dạng).',
  'search.failed': 'Không tìm được: {message}',
  'search.tip': 'Mẹo: đặt cụm từ trong dấu ngoặc kép để tìm đúng cụm, ví dụ "dự toán ngân sách".',
} as const;

export type SearchKey = keyof typeof searchVi;

export const searchEn: Readonly<Record<SearchKey, string>> = {
  'search.label': 'Search the documents',
  'search.placeholder': 'Search every document, with or without diacritics',
  'search.open': 'Search the documents (Ctrl+K)',
  'search.close': 'Close',
  'search.searching': 'Searching…',
  'search.none': 'Nothing found for "{query}".',
  'search.noneHint': 'Try fewer words, or drop the quotes.',
  'search.found': '{pages} pages in {documents} documents',
  'search.repaired': 'Searched for "{query}" (Telex/VNI typing repaired)',
  'search.page': 'Page {page}',
  'search.pages': '{count} pages',
  'search.morePages': 'Show {count} more pages',
  'search.confidential': 'CONFIDENTIAL',
  'search.otherMeeting': 'Meeting: {title}',
  'search.unindexed': '{count} documents have no searchable text (scans not recognised).',
  'search.failed': 'Search failed: {message}',
  'search.tip': 'Tip: put a phrase in double quotes to find it exactly, e.g. "dự toán ngân sách".',
};

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<SearchKey, string>>>> = { vi: searchVi, en: searchEn };

export type SearchT = (key: SearchKey, params?: Params) => string;

export function searchText(lang: Lang, key: SearchKey, params?: Params): string {
  const template = CATALOGUES[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(lang, v) : v;
  });
}

export function useSearchT(): SearchT {
  const { lang } = useT();
  return (key, params) => searchText(lang, key, params);
}
