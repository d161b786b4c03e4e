// The viewer's toolbar: thumbnails, paging with a page box, zoom and fit buttons, find.

import { useState, type FormEvent, type ReactNode } from 'react';
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
  readonly onFitText: () => void;
  readonly onFind: () => void;
  /** Phones only (viewer.css): the page's way back, so the viewer needs one bar instead of two. */
  readonly start?: ReactNode;
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
    <form className="pv-pagebox" onSubmit={submit} noValidate>
      <label>
        <span className="pv-wide-only">{labels.page}</span>
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

interface IconButtonProps {
  readonly label: string;
  readonly onClick: () => void;
  readonly children: string;
  readonly pressed?: boolean;
  /** 'wide': desktop and tablet only; 'narrow': phones only (viewer.css). */
  readonly only?: 'wide' | 'narrow';
}

function IconButton({ label, onClick, children, pressed, only }: IconButtonProps) {
  const className = only === undefined ? 'pv-btn' : `pv-btn pv-${only}-only`;
  return (
    <button type="button" className={className} aria-label={label} title={label} onClick={onClick} aria-pressed={pressed}>
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

export function Toolbar(props: ToolbarProps) {
  const { labels, page, pages } = props;
  return (
    <div className="pv-toolbar" role="toolbar" aria-label={labels.viewer}>
      {props.start !== undefined ? <span className="pv-start pv-narrow-only">{props.start}</span> : null}
      <IconButton label={labels.thumbnails} onClick={props.onToggleSidebar} pressed={props.sidebarOpen} only="wide">☰</IconButton>
      <IconButton label={labels.previousPage} onClick={() => props.onGoTo(page - 1)} only="wide">‹</IconButton>
      <PageBox key={page} labels={labels} page={page} pages={pages} onGoTo={props.onGoTo} />
      <IconButton label={labels.nextPage} onClick={() => props.onGoTo(page + 1)} only="wide">›</IconButton>
      <span className="pv-sep pv-wide-only" />
      <span className="pv-zoombox">
        <IconButton label={labels.zoomOut} onClick={props.onZoomOut}>−</IconButton>
        <span className="pv-zoom" aria-live="polite">{labels.zoomLevel(props.zoomPercent)}</span>
        <IconButton label={labels.zoomIn} onClick={props.onZoomIn}>+</IconButton>
      </span>
      <IconButton label={labels.fitWidth} onClick={props.onFitWidth}>↔</IconButton>
      <IconButton label={labels.fitPage} onClick={props.onFitPage} only="wide">▣</IconButton>
      <IconButton label={labels.fitText} onClick={props.onFitText}>Aa</IconButton>
      <span className="pv-sep pv-wide-only" />
      <IconButton label={labels.find} onClick={props.onFind}>🔍</IconButton>
    </div>
  );
}
