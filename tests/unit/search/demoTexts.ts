// The demo meeting's page texts (pdf.js, as the publisher extracts them) for the search tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PageText } from '../../../common/search/documentText.ts';
import { pdfPageTexts } from '../../../main/services/search/pdfText.ts';
import { buildShard, type ShardIndex } from '../../../common/search/shard.ts';
import type { LoadedShard } from '../../../common/search/engine.ts';
import type { ScanPage } from '../../../common/search/bruteForce.ts';

export const DEMO = join(import.meta.dirname, '../../../resources/demo-meeting');

function pdfs(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? pdfs(p) : p.endsWith('.pdf') ? [p] : [];
  });
}

export interface DemoDoc {
  readonly documentId: string;
  readonly pages: readonly PageText[];
}

export async function demoDocs(): Promise<DemoDoc[]> {
  const out: DemoDoc[] = [];
  for (const file of pdfs(DEMO).sort()) out.push({ documentId: relative(DEMO, file), pages: await pdfPageTexts(readFileSync(file)) });
  return out;
}

export function shardOf(doc: DemoDoc): ShardIndex {
  return buildShard({ documentId: doc.documentId, title: doc.documentId, confidential: false, version: 'test' }, doc.pages);
}

export const loaded = (docs: readonly DemoDoc[]): LoadedShard[] => docs.map((d) => ({ meetingId: 'm', meetingTitle: 'Demo', shard: shardOf(d) }));

export const scanPages = (docs: readonly DemoDoc[]): ScanPage[] => docs.flatMap((d) => d.pages.map((p) => ({ documentId: d.documentId, page: p.page, text: p.text })));
