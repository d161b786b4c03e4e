// Every string the viewer shows. The app shell plugs its i18n layer in through the `labels` prop.

export interface ViewerLabels {
  readonly viewer: string;
  readonly loading: string;
  readonly openFailed: string;
  readonly passwordProtected: string;
  readonly pageFailed: string;
  readonly page: string;
  readonly pageOf: (page: number, pages: number) => string;
  readonly pageInput: string;
  readonly previousPage: string;
  readonly nextPage: string;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly fitWidth: string;
  readonly fitPage: string;
  readonly zoomLevel: (percent: number) => string;
  readonly thumbnails: string;
  readonly thumbnailOf: (page: number) => string;
  readonly find: string;
  readonly findPlaceholder: string;
  readonly findNext: string;
  readonly findPrevious: string;
  readonly findClose: string;
  readonly findProgress: (searched: number, pages: number) => string;
  readonly findResult: (current: number, total: number) => string;
  readonly findNone: string;
  readonly confidential: string;
  readonly copyBlocked: string;
}

export const VIEWER_LABELS_VI: ViewerLabels = {
  viewer: 'Trình xem tài liệu',
  loading: 'Đang mở tài liệu…',
  openFailed: 'Không mở được tài liệu này. Tệp có thể bị hỏng hoặc không phải PDF.',
  passwordProtected: 'Tài liệu được đặt mật khẩu, không mở được.',
  pageFailed: 'Không hiển thị được trang này.',
  page: 'Trang',
  pageOf: (page, pages) => `Trang ${page} / ${pages}`,
  pageInput: 'Số trang',
  previousPage: 'Trang trước',
  nextPage: 'Trang sau',
  zoomIn: 'Phóng to',
  zoomOut: 'Thu nhỏ',
  fitWidth: 'Vừa chiều rộng',
  fitPage: 'Vừa trang',
  zoomLevel: (percent) => `${percent}%`,
  thumbnails: 'Hình thu nhỏ các trang',
  thumbnailOf: (page) => `Đến trang ${page}`,
  find: 'Tìm trong tài liệu',
  findPlaceholder: 'Tìm (có dấu hoặc không dấu)',
  findNext: 'Kết quả sau',
  findPrevious: 'Kết quả trước',
  findClose: 'Đóng tìm kiếm',
  findProgress: (searched, pages) => `Đang tìm… ${searched}/${pages} trang`,
  findResult: (current, total) => `Kết quả ${current} / ${total}`,
  findNone: 'Không tìm thấy',
  confidential: 'Tài liệu mật — không được sao chép',
  copyBlocked: 'Không được sao chép nội dung tài liệu mật.',
};

export const VIEWER_LABELS_EN: ViewerLabels = {
  viewer: 'Document viewer',
  loading: 'Opening the document…',
  openFailed: 'This document cannot be opened. The file may be damaged or not a PDF.',
  passwordProtected: 'This document is password-protected and cannot be opened.',
  pageFailed: 'This page cannot be displayed.',
  page: 'Page',
  pageOf: (page, pages) => `Page ${page} / ${pages}`,
  pageInput: 'Page number',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  fitWidth: 'Fit width',
  fitPage: 'Fit page',
  zoomLevel: (percent) => `${percent}%`,
  thumbnails: 'Page thumbnails',
  thumbnailOf: (page) => `Go to page ${page}`,
  find: 'Find in document',
  findPlaceholder: 'Find (with or without diacritics)',
  findNext: 'Next match',
  findPrevious: 'Previous match',
  findClose: 'Close find',
  findProgress: (searched, pages) => `Searching… ${searched}/${pages} pages`,
  findResult: (current, total) => `Match ${current} of ${total}`,
  findNone: 'No matches',
  confidential: 'Confidential document — copying is not allowed',
  copyBlocked: 'Copying from a confidential document is not allowed.',
};
