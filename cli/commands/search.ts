// `council search "<query>" [--data DIR] [--json]`: every page of every document of every meeting in the
// vault, typed with or without diacritics; documents, pages and a snippet around the hits.
import { parseArgs } from 'node:util';
import { cliLine } from '../../common/i18n/cliText.ts';
import type { SearchResults, Snippet } from '../../common/search/types.ts';
import { searchVault } from '../../main/services/search/vaultSearch.ts';
import { resolveDataDir } from '../dataDirs.ts';
import { describeError } from '../output.ts';

const USAGE = 'council search "<query>" [--data DIR] [--json] [--meeting ID]';
/** Pages printed per document in the table (the JSON has all). */
const PAGES_SHOWN = 5;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: true, options: { data: { type: 'string' }, json: { type: 'boolean', default: false }, meeting: { type: 'string' } } });
  } catch (e) {
    console.error(cliLine('BAD_ARGUMENTS', { command: 'search', detail: e instanceof Error ? e.message : String(e), usage: USAGE }));
    return 2;
  }
  const query = parsed.positionals.join(' ').trim();
  if (query === '') {
    console.error(cliLine('BAD_ARGUMENTS', { command: 'search', detail: 'no query', usage: USAGE }));
    return 2;
  }
  const { values } = parsed;
  const r = await searchVault(resolveDataDir('device', values.data), query, values.meeting ? { meetingId: values.meeting } : {});
  if (!r.ok) {
    console.error(describeError(r.error));
    return 1;
  }
  console.log(values.json ? JSON.stringify(r.value, null, 2) : renderResults(r.value));
  return 0;
}

/** The snippet with its hits in «…» (a terminal has no highlight we can count on). */
export function markSnippet(s: Snippet): string {
  let out = '';
  let at = 0;
  for (const h of s.highlights) {
    out += `${s.text.slice(at, h.start)}«${s.text.slice(h.start, h.end)}»`;
    at = h.end;
  }
  return `${s.cutStart ? '…' : ''}${out}${s.text.slice(at)}${s.cutEnd ? '…' : ''}`;
}

export function renderResults(r: SearchResults): string {
  const lines: string[] = [];
  if (r.repaired !== undefined) lines.push(cliLine('SEARCH_REPAIRED', { query: r.repaired }));
  if (r.totalPages === 0) lines.push(cliLine('SEARCH_NONE', { query: r.query }));
  else lines.push(cliLine('SEARCH_FOUND', { pages: r.totalPages, documents: r.documents.length, hits: r.totalHits }));
  for (const d of r.documents) {
    lines.push('', `${d.confidential ? '🔒 MẬT ' : ''}${d.title}  (${d.meetingTitle}; ${d.documentId})`);
    for (const p of d.pages.slice(0, PAGES_SHOWN)) lines.push(`  tr. ${p.page}${p.snippet ? `: ${markSnippet(p.snippet)}` : ''}`);
    if (d.pages.length > PAGES_SHOWN) lines.push(`  ${cliLine('SEARCH_MORE_PAGES', { count: d.pages.length - PAGES_SHOWN })}`);
  }
  if (r.unindexed > 0) lines.push('', cliLine('SEARCH_UNINDEXED', { count: r.unindexed }));
  return lines.join('\n');
}
