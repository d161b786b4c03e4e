// Texts of the viewer's annotation tools (renderer/annotations/ui/tools and layer): a catalogue of its own, as
// search.ts. Vietnamese is the reference; annotationToolsEn must have exactly the same keys (the type enforces it).
import { useT } from './I18nProvider.tsx';
import { formatNumber, type Params } from './format.ts';
import type { Lang } from '../platform/Platform.ts';

export const annotationToolsVi = {
  'ann.tools': 'Công cụ ghi chú',
  'ann.tool.none': 'Đọc (Esc)',
  'ann.tool.highlight': 'Tô sáng (H)',
  'ann.tool.pen': 'Bút vẽ (P)',
  'ann.tool.note': 'Ghi chú dán (N)',
  'ann.tool.eraser': 'Tẩy: chạm vào nét của mình để xoá (E)',
  'ann.undo': 'Hoàn tác (Ctrl+Z)',
  'ann.redo': 'Làm lại (Ctrl+Shift+Z)',
  'ann.color': 'Màu',
  'ann.color.yellow': 'Vàng',
  'ann.color.green': 'Xanh lá',
  'ann.color.blue': 'Xanh dương',
  'ann.color.pink': 'Hồng',
  'ann.color.red': 'Đỏ',
  'ann.color.black': 'Đen',
  'ann.scope': 'Ai được xem',
  'ann.scope.private': 'Chỉ mình tôi',
  'ann.scope.group': 'Tổ của tôi',
  'ann.scope.meeting': 'Toàn kỳ họp',
  'ann.scope.noGroup': 'Bạn chưa thuộc tổ nào',
  'ann.highlightSelection': 'Tô sáng',
  'ann.noteOnSelection': 'Ghi chú',
  'ann.selectionActions': 'Đánh dấu đoạn đã chọn',
  'ann.note.placeholder': 'Viết ghi chú…',
  'ann.note.save': 'Lưu',
  'ann.note.cancel': 'Huỷ',
  'ann.note.hint': 'Ctrl+Enter để lưu',
  'ann.note.editor': 'Ghi chú',
  'ann.note.open': 'Ghi chú của {name}',
  'ann.note.empty': '(chưa có nội dung)',
  'ann.mark.highlight': 'Tô sáng của {name}',
  'ann.mark.ink': 'Nét vẽ của {name}',
  'ann.mark.note': 'Ghi chú của {name}',
  'ann.me': 'Tôi',
  'ann.menu': 'Ghi chú đã chọn',
  'ann.edit': 'Sửa nội dung',
  'ann.addComment': 'Thêm nhận xét',
  'ann.delete': 'Xoá',
  'ann.close': 'Đóng',
  'ann.hideAuthor': 'Ẩn ghi chú của {name}',
  'ann.unavailable': 'Không ghi chú được trên tài liệu này',
  'ann.opening': 'Đang mở sổ ghi chú…',
  'ann.noText': 'Tài liệu mật hoặc bản quét: không chọn được chữ để tô sáng',
  'ann.failed': 'Không lưu được ghi chú: {message}',
  'ann.count': '{count} ghi chú',
} as const;

export type AnnotationToolsKey = keyof typeof annotationToolsVi;

export const annotationToolsEn: Readonly<Record<AnnotationToolsKey, string>> = {
  'ann.tools': 'Annotation tools',
  'ann.tool.none': 'Read (Esc)',
  'ann.tool.highlight': 'Highlight (H)',
  'ann.tool.pen': 'Pen (P)',
  'ann.tool.note': 'Sticky note (N)',
  'ann.tool.eraser': 'Eraser: tap one of your marks to delete it (E)',
  'ann.undo': 'Undo (Ctrl+Z)',
  'ann.redo': 'Redo (Ctrl+Shift+Z)',
  'ann.color': 'Colour',
  'ann.color.yellow': 'Yellow',
  'ann.color.green': 'Green',
  'ann.color.blue': 'Blue',
  'ann.color.pink': 'Pink',
  'ann.color.red': 'Red',
  'ann.color.black': 'Black',
  'ann.scope': 'Who can see it',
  'ann.scope.private': 'Only me',
  'ann.scope.group': 'My group',
  'ann.scope.meeting': 'Whole meeting',
  'ann.scope.noGroup': 'You are not in a group',
  'ann.highlightSelection': 'Highlight',
  'ann.noteOnSelection': 'Note',
  'ann.selectionActions': 'Mark the selected text',
  'ann.note.placeholder': 'Write a note…',
  'ann.note.save': 'Save',
  'ann.note.cancel': 'Cancel',
  'ann.note.hint': 'Ctrl+Enter to save',
  'ann.note.editor': 'Note',
  'ann.note.open': 'Note by {name}',
  'ann.note.empty': '(empty)',
  'ann.mark.highlight': 'Highlight by {name}',
  'ann.mark.ink': 'Drawing by {name}',
  'ann.mark.note': 'Note by {name}',
  'ann.me': 'Me',
  'ann.menu': 'Selected annotation',
  'ann.edit': 'Edit text',
  'ann.addComment': 'Add a comment',
  'ann.delete': 'Delete',
  'ann.close': 'Close',
  'ann.hideAuthor': 'Hide annotations by {name}',
  'ann.unavailable': 'Annotations are not available on this document',
  'ann.opening': 'Opening the notebook…',
  'ann.noText': 'Confidential or scanned document: no text to highlight',
  'ann.failed': 'Could not save the annotation: {message}',
  'ann.count': '{count} annotations',
};

const CATALOGUES: Readonly<Record<Lang, Readonly<Record<AnnotationToolsKey, string>>>> = { vi: annotationToolsVi, en: annotationToolsEn };

export type AnnotationToolsT = (key: AnnotationToolsKey, params?: Params) => string;

export function annotationToolsText(lang: Lang, key: AnnotationToolsKey, params?: Params): string {
  const template = CATALOGUES[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(lang, v) : v;
  });
}

export function useAnnotationToolsT(): AnnotationToolsT {
  const { lang } = useT();
  return (key, params) => annotationToolsText(lang, key, params);
}
