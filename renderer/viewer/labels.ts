// Every string the viewer shows, as one prop, so the viewer stays free of the app's context. The texts are in
// the one i18n layer (renderer/i18n/viewer.ts); this only shapes them for the viewer.
import type { Lang } from '../../common/api/appTypes.ts';
import { formatMessage } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/vi.ts';

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
  readonly fitText: string;
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

export function viewerLabels(lang: Lang): ViewerLabels {
  const t = (key: MessageKey, params?: Readonly<Record<string, number>>): string => formatMessage(lang, key, params);
  return {
    viewer: t('viewer.viewer'),
    loading: t('viewer.loading'),
    openFailed: t('viewer.openFailed'),
    passwordProtected: t('viewer.passwordProtected'),
    pageFailed: t('viewer.pageFailed'),
    page: t('viewer.page'),
    pageOf: (page, pages) => t('viewer.pageOf', { page, pages }),
    pageInput: t('viewer.pageInput'),
    previousPage: t('viewer.previousPage'),
    nextPage: t('viewer.nextPage'),
    zoomIn: t('viewer.zoomIn'),
    zoomOut: t('viewer.zoomOut'),
    fitWidth: t('viewer.fitWidth'),
    fitPage: t('viewer.fitPage'),
    fitText: t('viewer.fitText'),
    zoomLevel: (percent) => t('viewer.zoomLevel', { percent }),
    thumbnails: t('viewer.thumbnails'),
    thumbnailOf: (page) => t('viewer.thumbnailOf', { page }),
    find: t('viewer.find'),
    findPlaceholder: t('viewer.findPlaceholder'),
    findNext: t('viewer.findNext'),
    findPrevious: t('viewer.findPrevious'),
    findClose: t('viewer.findClose'),
    findProgress: (searched, pages) => t('viewer.findProgress', { searched, pages }),
    findResult: (current, total) => t('viewer.findResult', { current, total }),
    findNone: t('viewer.findNone'),
    confidential: t('viewer.confidential'),
    copyBlocked: t('viewer.copyBlocked'),
  };
}

export const VIEWER_LABELS_VI: ViewerLabels = viewerLabels('vi');
export const VIEWER_LABELS_EN: ViewerLabels = viewerLabels('en');
