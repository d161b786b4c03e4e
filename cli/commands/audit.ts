// `council audit verify [--data DIR]`: checks every meeting's audit log on the server's database through
// collab-server's verifyServerAudit — the hash chain, each entry's signature, the signed heads the server kept
// and published, and every seq it acknowledged — and says exactly what is wrong ("entries 51–100 missing",
// "entry 7 altered"). Exit 0 when everything holds, 1 when anything is wrong, 2 on usage errors.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { auditProblemText } from '../../common/i18n/audit.ts';
import type { AuditProblem } from '../../common/live/audit.ts';
import { verifyServerAudit, type ServerAudit } from '../../collab-server/live/auditVerify.ts';
import { SERVER_DB_FILE } from '../../collab-server/store/db.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE = 'council audit verify [--data DIR]';

const line = (p: AuditProblem): string => `${auditProblemText('vi', p)} / ${auditProblemText('en', p)}`;

function report(audit: ServerAudit): number {
  for (const p of audit.problems) console.error(`HỎNG / BROKEN: ${line(p)}`);
  for (const m of audit.meetings) for (const p of m.problems) console.error(`HỎNG / BROKEN: meeting ${m.meetingId}: ${line(p)}`);
  if (!audit.ok) return 1;
  const entries = audit.meetings.reduce((n, m) => n + m.entries, 0);
  console.log(`OK: ${audit.meetings.length} kỳ họp / meetings, ${entries} mục / entries`);
  for (const m of audit.meetings) console.log(`  ${m.meetingId}: ${m.entries}`);
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
  const dir = resolveDataDir('server', values.data);
  const audit = await verifyServerAudit(dir);
  if (!audit) {
    console.error(`council: không có cơ sở dữ liệu / no server database at ${path.join(dir, SERVER_DB_FILE)}`);
    return 2;
  }
  return report(audit);
}
