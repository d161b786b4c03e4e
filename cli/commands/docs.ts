// `council docs [--data DIR] [--json]`: the meetings and documents in the vault (metadata only, no plaintext).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listDocuments, type DocRow } from '../../main/services/vault/documents.ts';
import { formatBytes } from '../../main/services/vault/format.ts';
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
    console.error(`council docs: tham số sai / bad arguments: ${e instanceof Error ? e.message : String(e)}. Usage: ${USAGE}`);
    return 2;
  }
  const rows = await listDocuments(resolveDataDir('device', values.data));
  if (values.json) {
    console.log(JSON.stringify(rows.map(toDocJson), null, 2));
    return 0;
  }
  if (rows.length === 0) {
    console.log('Kho chưa có tài liệu nào / The vault holds no documents yet (council join <link>)');
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
    const head = `${docs[0]?.meetingTitle ?? ''} (${meetingId}) — phiên bản / revision ${docs[0]?.packRevision ?? ''}${leaseText(docs[0]?.lease)}`;
    const cells = [
      ['ID', 'Loại/Kind', 'Trang/Pages', 'Cỡ/Size', 'PB/Rev', 'Tên/Title'],
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
  const what = lease.what === 'confidential' ? 'tài liệu mật / confidential' : 'cả kỳ họp / whole meeting';
  const warn = lease.state === 'warn' ? '⚠ ' : '';
  const cut = lease.shredded ? `; đã xóa / deleted ${lease.shredded.documentIds.length} tài liệu mật / confidential (council join)` : '';
  return `\n${warn}Thời hạn / lease: ${what} xóa lúc / deleted at ${lease.at} nếu không kết nối / without contact (${lease.hours} h; lần cuối / last contact ${lease.lastContactAt})${cut}`;
}
