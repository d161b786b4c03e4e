// `council docs [--data DIR] [--json]`: the meetings and documents in the vault (metadata only, no plaintext).
import { parseArgs } from 'node:util';
import { listDocuments, type DocRow } from '../../main/services/vault/documents.ts';
import { formatBytes } from '../../main/services/vault/format.ts';
import { cliCell, cliLine } from '../../common/i18n/cliText.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE = 'council docs [--data DIR] [--json]';
const CONFIDENTIAL_MARK = '🔒 MẬT';

/** The --json shape; stable for scripts. */
export interface DocJson {
  readonly id: string;
  readonly meetingId: string;
  readonly title: string;
  readonly kind: string;
  readonly agendaItem: { readonly id: string; readonly title: string };
  readonly pages: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly confidential: boolean;
  readonly revision: number;
  readonly lease?: DocRow['lease'];
}

export const toDocJson = (d: DocRow): DocJson => ({
  id: d.id,
  meetingId: d.meetingId,
  title: d.title,
  kind: d.kind,
  agendaItem: { id: d.agendaItemId, title: d.agendaTitle },
  pages: d.pages,
  bytes: d.bytes,
  sha256: d.sha256,
  confidential: d.confidential,
  revision: d.revision,
  ...(d.lease ? { lease: d.lease } : {}),
});

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { data: { type: 'string' }, json: { type: 'boolean', default: false } } }));
  } catch (e) {
    console.error(cliLine('BAD_ARGUMENTS', { command: 'docs', detail: e instanceof Error ? e.message : String(e), usage: USAGE }));
    return 2;
  }
  const rows = await listDocuments(resolveDataDir('device', values.data));
  if (values.json) {
    console.log(JSON.stringify(rows.map(toDocJson), null, 2));
    return 0;
  }
  if (rows.length === 0) {
    console.log(cliLine('EMPTY_VAULT', {}));
    return 0;
  }
  console.log(renderTable(rows));
  return 0;
}

/** One block per meeting: its title, then a row per document. */
export function renderTable(rows: readonly DocRow[]): string {
  const byMeeting = new Map<string, DocRow[]>();
  for (const r of rows) byMeeting.set(r.meetingId, [...(byMeeting.get(r.meetingId) ?? []), r]);
  const blocks: string[] = [];
  for (const [meetingId, docs] of byMeeting) {
    const head = `${docs[0]?.meetingTitle ?? ''} (${meetingId}) — ${cliLine('REVISION', { revision: docs[0]?.packRevision ?? '' })}${leaseText(docs[0]?.lease)}`;
    const cells = [
      ['ID', ...(['COL_KIND', 'COL_PAGES', 'COL_SIZE', 'COL_REVISION', 'COL_TITLE'] as const).map((k) => cliCell(k, {}))],
      ...docs.map((d) => [d.id, d.kind, String(d.pages), formatBytes(d.bytes), String(d.revision), d.confidential ? `${CONFIDENTIAL_MARK} ${d.title}` : d.title]),
    ];
    const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => [...(row[c] ?? '')].length)));
    const lines = cells.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  '));
    blocks.push([head, ...lines].join('\n'));
  }
  return blocks.join('\n\n');
}

/** The device lease after the meeting's title: when keys go without contact with the server. */
function leaseText(lease: DocRow['lease']): string {
  if (!lease) return '';
  const what = cliLine(lease.what === 'confidential' ? 'LEASE_CONFIDENTIAL' : 'LEASE_WHOLE', {});
  const warn = lease.state === 'warn' ? '⚠ ' : '';
  const cut = lease.shredded ? `; ${cliLine('LEASE_SHREDDED', { count: lease.shredded.documentIds.length })} (council join)` : '';
  const when = `${cliLine('LEASE_DELETED_AT', {})} ${lease.at} ${cliLine('LEASE_WITHOUT_CONTACT', {})}`;
  return `\n${warn}${cliLine('LEASE_LABEL', {})}: ${what} ${when} (${lease.hours} h; ${cliLine('LEASE_LAST_CONTACT', {})} ${lease.lastContactAt})${cut}`;
}
