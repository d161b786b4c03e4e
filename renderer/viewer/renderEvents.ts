// Optional instrumentation: tests and the benchmark observe what the viewer draws; the app leaves it unset.

export type RenderKind = 'page' | 'thumb';

export type ViewerRenderEvent =
  | { readonly type: 'document-opened'; readonly pages: number }
  | { readonly type: 'document-failed'; readonly message: string }
  | { readonly type: 'render-start' | 'render-done' | 'render-cancelled' | 'cache-hit'; readonly kind: RenderKind; readonly page: number }
  | { readonly type: 'render-failed'; readonly kind: RenderKind; readonly page: number; readonly message: string };

export type RenderListener = (event: ViewerRenderEvent) => void;
