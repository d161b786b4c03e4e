// The status line: page, zoom, confidentiality and find progress, announced politely to screen readers.

import type { ViewerLabels } from './labels.ts';
import type { FindState } from './useFind.ts';

export interface StatusLineProps {
  readonly labels: ViewerLabels;
  readonly page: number;
  readonly pages: number;
  readonly zoom: number;
  readonly confidential: boolean;
  readonly find: FindState | undefined;
  readonly active: number;
}

export function findStatus(labels: ViewerLabels, find: FindState | undefined, active: number, pages: number): string | undefined {
  if (find === undefined || find.query.trim() === '') return undefined;
  const total = find.matches.length;
  if (!find.done) return `${labels.findProgress(find.searchedPages, pages)} · ${total}`;
  return total === 0 ? labels.findNone : labels.findResult(Math.max(1, active + 1), total);
}

export function StatusLine({ labels, page, pages, zoom, confidential, find, active }: StatusLineProps) {
  const findText = findStatus(labels, find, active, pages);
  return (
    <div className={findText !== undefined ? 'pv-status pv-status-busy' : 'pv-status'} role="status" aria-live="polite">
      <span className="pv-status-page">{labels.pageOf(page, pages)}</span>
      <span>{labels.zoomLevel(Math.round(zoom * 100))}</span>
      {confidential ? <span className="pv-status-confidential">{labels.confidential}</span> : null}
      {findText !== undefined ? <span className="pv-status-find">{findText}</span> : null}
    </div>
  );
}
