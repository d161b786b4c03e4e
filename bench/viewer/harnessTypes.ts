// What the harness pages expose on window, for the e2e test and the benchmark.

export interface ViewerStats {
  /** Page numbers that were ever rendered to a canvas (main view, not thumbnails). */
  readonly rendered: Set<number>;
  renders: number;
  cacheHits: number;
  cancelled: number;
  failedPages: number[];
  opened: boolean;
  openError: string | undefined;
  /** performance.now() when page 1 was first drawn. */
  firstPageAt: number | undefined;
  /** performance.now() when the harness started fetching the file. */
  startedAt: number;
}

export interface BenchHandle {
  goTo(page: number): void;
  next(): void;
  isDrawn(page: number): boolean;
  currentPage(): number;
}

declare global {
  interface Window {
    __viewerStats?: ViewerStats;
    __bench?: BenchHandle;
    /** With ?defer=1 the page loads without a document; this opens one (the "app already running" case). */
    __openFile?: (file: string) => void;
  }
}
