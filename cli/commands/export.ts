// `council export <docId> [--data DIR] [--meeting ID] --out FILE`: write one decrypted, verified document.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportDocument } from '../../main/services/vault/documents.ts';
import { formatBytes } from '../../main/services/vault/format.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE = 'council export <docId> [--data DIR] [--meeting ID] --out FILE';

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { data: { type: 'string' }, out: { type: 'string' }, meeting: { type: 'string' } },
    });
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  const [docId, ...extra] = parsed.positionals;
  const { out, meeting, data } = parsed.values;
  if (docId === undefined || extra.length > 0) return usage('expected exactly one document id');
  if (out === undefined) return usage('--out FILE is required');
  const result = await exportDocument({ dataDir: resolveDataDir('device', data), docId, out: path.resolve(out), ...(meeting ? { meetingId: meeting } : {}) });
  console.log(`${cliLine('WROTE', {})} ${result.path} (${formatBytes(result.bytes)}, SHA-256 ${result.sha256}) — ${result.title}`);
  return 0;
}

function usage(message: string): number {
  console.error(cliLine('BAD_ARGUMENTS', { command: 'export', detail: message, usage: USAGE }));
  return 2;
}
