// `council audit verify [--data DIR]`: opens the server database read-only and checks the hash chain of
// every meeting's audit log. Exit 0 when every chain holds, 1 at the first broken entry, 2 on usage errors.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { verifyAllChains, type ChainCheck } from '../../collab-server/live/auditLog.ts';
import { SERVER_DB_FILE } from '../../collab-server/store/db.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE = 'council audit verify [--data DIR]';

function report(checks: readonly ChainCheck[]): number {
  for (const c of checks) {
    if (!c.ok) {
      console.error(`HỎNG / BROKEN: meeting ${c.meetingId}, entry ${c.seq}: ${c.reason}`);
      return 1;
    }
  }
  const entries = checks.reduce((n, c) => n + (c.ok ? c.count : 0), 0);
  console.log(`OK: ${checks.length} kỳ họp / meetings, ${entries} mục / entries`);
  for (const c of checks) if (c.ok) console.log(`  ${c.meetingId}: ${c.count}`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  let values: { data?: string | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { data: { type: 'string' } } }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  const file = path.join(resolveDataDir('server', values.data), SERVER_DB_FILE);
  if (!fs.existsSync(file)) {
    console.error(`council: không có cơ sở dữ liệu / no server database at ${file}`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return report(verifyAllChains(db));
  } finally {
    db.close();
  }
}
