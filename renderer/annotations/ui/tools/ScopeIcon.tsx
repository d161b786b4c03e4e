// The clear icon of each scope on marks and in menus: a lock for private, two people for the tổ, a globe for the
// whole meeting. Inline SVG (no emoji font needed on the device).
import type { AnnotationScope } from '../../../../common/annotations/types.ts';

const PATHS: Readonly<Record<AnnotationScope, string>> = {
  private: 'M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7zm2 0h2V5a1 1 0 0 0-2 0z',
  group: 'M5.5 7a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5zm5.5 0a2 2 0 1 1 0-4 2 2 0 0 1 0 4zM1 13c0-2.5 2-4 4.5-4S10 10.5 10 13zm10 0c0-1.4-.5-2.6-1.4-3.4.4-.1.9-.1 1.4-.1 2 0 4 1.2 4 3.5z',
  meeting: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 1.5c.6 0 1.6 1.7 1.9 4.5H6.1C6.4 4.2 7.4 2.5 8 2.5zM4.6 7H2.6a5.5 5.5 0 0 1 3.3-4.1C5.2 4 4.7 5.4 4.6 7zm0 2c.1 1.6.6 3 1.3 4.1A5.5 5.5 0 0 1 2.6 9zm1.5 0h3.8c-.3 2.8-1.3 4.5-1.9 4.5S6.4 11.8 6.1 9zm5.3 0h2a5.5 5.5 0 0 1-3.3 4.1c.7-1.1 1.2-2.5 1.3-4.1zm0-2c-.1-1.6-.6-3-1.3-4.1A5.5 5.5 0 0 1 13.4 7z',
};

export function ScopeIcon({ scope, className }: { readonly scope: AnnotationScope; readonly className?: string }) {
  return (
    <svg className={className ?? 'ann-scope-svg'} width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[scope]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
