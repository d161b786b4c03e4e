// The viewer's toolbar: thumbnails, paging with a page box, zoom and fit buttons, find.

import { useState, type FormEvent } from 'react';
import type { ViewerLabels } from './labels.ts';
import { parsePageInput } from './pageLayout.ts';

export interface ToolbarProps {
  readonly labels: ViewerLabels;
  readonly page: number;
  readonly pages: number;
  readonly zoomPercent: number;
  readonly sidebarOpen: boolean;
  readonly onToggleSidebar: () => void;
  readonly onGoTo: (page: number) => void;
  readonly onZoomIn: () => void;
  readonly onZoomOut: () => void;
  readonly onFitWidth: () => void;
  readonly onFitPage: () => void;
  readonly onFind: () => void;
}

function PageBox({ labels, page, pages, onGoTo }: Pick<ToolbarProps, 'labels' | 'page' | 'pages' | 'onGoTo'>) {
  // Remounted (key) when the page changes, so the box always starts from the current page.
  const [text, setText] = useState(String(page));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = parsePageInput(text, pages);
    if (target === undefined) setText(String(page));
    else onGoTo(target);
  };
  return (
    <form className="pv-pagebox" onSubmit={submit}>
      <label>
        <span>{labels.page}</span>
        <input
          className="pv-page-input"
          aria-label={labels.pageInput}
          inputMode="numeric"
          value={text}
          size={Math.max(2, String(pages).length)}
          onChange={(e) => setText(e.target.value)}
          onBlur={submit}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <span aria-hidden="true">/ {pages}</span>
    </form>
  );
}

function IconButton({ label, onClick, children, pressed }: { label: string; onClick: () => void; children: string; pressed?: boolean }) {
  return (
    <button type="button" className="pv-btn" aria-label={label} title={label} onClick={onClick} aria-pressed={pressed}>
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

export function Toolbar(props: ToolbarProps) {
  const { labels, page, pages } = props;
  return (
    <div className="pv-toolbar" role="toolbar" aria-label={labels.viewer}>
      <IconButton label={labels.thumbnails} onClick={props.onToggleSidebar} pressed={props.sidebarOpen}>☰</IconButton>
      <IconButton label={labels.previousPage} onClick={() => props.onGoTo(page - 1)}>‹</IconButton>
      <PageBox key={page} labels={labels} page={page} pages={pages} onGoTo={props.onGoTo} />
      <IconButton label={labels.nextPage} onClick={() => props.onGoTo(page + 1)}>›</IconButton>
      <span className="pv-sep" />
      <IconButton label={labels.zoomOut} onClick={props.onZoomOut}>−</IconButton>
      <span className="pv-zoom" aria-live="polite">{labels.zoomLevel(props.zoomPercent)}</span>
      <IconButton label={labels.zoomIn} onClick={props.onZoomIn}>+</IconButton>
      <IconButton label={labels.fitWidth} onClick={props.onFitWidth}>↔</IconButton>
      <IconButton label={labels.fitPage} onClick={props.onFitPage}>▣</IconButton>
      <span className="pv-sep" />
      <IconButton label={labels.find} onClick={props.onFind}>🔍</IconButton>
    </div>
  );
}
