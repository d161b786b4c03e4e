// What a search answers, across the Platform seam (structured-clonable) and in `council search --json`.

export interface SearchOptions {
  /** Only this meeting; every meeting on the device otherwise (past sessions too). */
  readonly meetingId?: string;
  /** Only this document (the viewer's own box may narrow to the open document). */
  readonly documentId?: string;
  /** The last word matches as a prefix while typing (default true). */
  readonly prefix?: boolean;
  /** At most this many pages get a snippet and hit offsets (default SEARCH_PAGE_LIMIT); the counts cover all. */
  readonly limit?: number;
  /** Try Telex/VNI repair when nothing is found (default true). */
  readonly repair?: boolean;
}

/** Pages with a snippet per answer: the first pages of every document first (a list shows three per document). */
export const SEARCH_PAGE_LIMIT = 40;
export const SNIPPET_PAGES_PER_DOCUMENT = 3;

/** UTF-16 offsets, end exclusive. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

export interface Snippet {
  readonly text: string;
  /** Spans of `text` to highlight. */
  readonly highlights: readonly TextSpan[];
  /** The snippet starts (ends) inside the page text: show an ellipsis. */
  readonly cutStart: boolean;
  readonly cutEnd: boolean;
}

export interface SearchPageResult {
  readonly page: number;
  readonly score: number;
  /** Every typed word with marks was found in exactly that form on this page. */
  readonly exact: boolean;
  readonly hits: number;
  /** Absent beyond the limit. */
  readonly snippet?: Snippet;
  /** Hit spans in the page text (absent beyond the limit). */
  readonly spans?: readonly TextSpan[];
}

export interface SearchDocumentResult {
  readonly meetingId: string;
  readonly meetingTitle: string;
  readonly documentId: string;
  readonly title: string;
  readonly confidential: boolean;
  readonly score: number;
  /** Best first. */
  readonly pages: readonly SearchPageResult[];
}

export interface SearchResults {
  readonly query: string;
  /** The query actually run when the typed one found nothing and a Telex/VNI repair did ("nghị quyết"). */
  readonly repaired?: string;
  readonly documents: readonly SearchDocumentResult[];
  readonly totalPages: number;
  readonly totalHits: number;
  /** Documents whose text is not indexed on this device (no text in the pack, or still being indexed). */
  readonly unindexed: number;
}
