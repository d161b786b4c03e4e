// The steps of the left navigation, in order, and the console's own hash routes (#/d/<draftId>/<section>).
export const CONSOLE_SECTIONS = ['session', 'agenda', 'documents', 'delegates', 'publish', 'follow', 'records'] as const;
export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number];

export type ConsoleRoute = { readonly name: 'drafts' } | { readonly name: 'draft'; readonly draftId: string; readonly section: ConsoleSection };

const isSection = (s: string | undefined): s is ConsoleSection => (CONSOLE_SECTIONS as readonly string[]).includes(s ?? '');

export function parseConsoleHash(hash: string): ConsoleRoute {
  const [head, draftId, section] = hash.replace(/^#\/?/, '').split('/');
  if (head !== 'd' || !draftId || !/^[a-z0-9][a-z0-9-]{0,39}$/.test(draftId)) return { name: 'drafts' };
  return { name: 'draft', draftId, section: isSection(section) ? section : 'session' };
}

export const formatConsoleHash = (r: ConsoleRoute): string => (r.name === 'drafts' ? '#/' : `#/d/${r.draftId}/${r.section}`);
