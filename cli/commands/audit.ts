// `council audit verify [--data DIR]`: checks every meeting's audit log on the server's database through
// collab-server's verifyServerAudit — the hash chain, each entry's signature, the signed heads the server kept
// and published, and every seq it acknowledged — and says exactly what is wrong ("entries 51–100 missing",
// "entry 7 altered"). It prints the fingerprint of the key it checked against, and warns when that key came
// from the database alone; `--key <base64url public key | file>` holds the log to a key kept elsewhere.
// Exit 0 when everything holds, 1 when anything is wrong, 2 on usage errors.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { auditProblemText } from '../../common/i18n/audit.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import type { AuditProblem } from '../../common/live/audit.ts';
import { parsePublicKey, verifyServerAudit, type ServerAudit } from '../../collab-server/live/auditVerify.ts';
import { SERVER_DB_FILE } from '../../collab-server/store/db.ts';
import { resolveDataDir } from '../dataDirs.ts';

const USAGE = 'council audit verify [--data DIR] [--key PUBLIC_KEY|FILE]';

/**
 * A public key is base64url and may start with "-", which parseArgs would take for an option after `--key`:
 * `--key VALUE` is passed on as `--key=VALUE`, whatever VALUE starts with.
 */
function joinKeyValue(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (args[i] === '--key' && next !== undefined) {
      out.push(`--key=${next}`);
      i++;
    } else out.push(args[i] ?? '');
  }
  return out;
}

const line = (p: AuditProblem): string => `${auditProblemText('vi', p)} / ${auditProblemText('en', p)}`;

function report(audit: ServerAudit): number {
  if (audit.key) {
    console.log(cliLine('AUDIT_KEY', { fingerprint: audit.key.fingerprint, source: audit.key.source }));
    if (audit.key.source === 'database') console.error(`council: ${cliLine('AUDIT_KEY_DB_ONLY', {})}`);
  }
  const broken = cliLine('AUDIT_BROKEN', {});
  for (const p of audit.problems) console.error(`${broken}: ${line(p)}`);
  for (const m of audit.meetings) for (const p of m.problems) console.error(`${broken}: ${cliLine('MEETING', {})} ${m.meetingId}: ${line(p)}`);
  if (!audit.ok) return 1;
  const entries = audit.meetings.reduce((n, m) => n + m.entries, 0);
  console.log(`OK: ${cliLine('AUDIT_OK', { meetings: audit.meetings.length, entries })}`);
  for (const m of audit.meetings) console.log(`  ${m.meetingId}: ${m.entries}`);
  return 0;
}

/** `--key`: the key itself, or a file holding it (e.g. saved from GET /api/audit/key's publicKey). */
function keyFromOption(value: string): string | undefined {
  const direct = parsePublicKey(value);
  if (direct) return direct;
  try {
    return fs.existsSync(value) ? parsePublicKey(fs.readFileSync(value, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}

export async function run(args: string[]): Promise<number> {
  let values: { data?: string | undefined; key?: string | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: joinKeyValue(args), strict: true, allowPositionals: true, options: { data: { type: 'string' }, key: { type: 'string' } } }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  let publicKey: string | undefined;
  if (values.key !== undefined) {
    publicKey = keyFromOption(values.key);
    if (!publicKey) {
      console.error(`council: ${cliLine('AUDIT_KEY_OPTION', {})}\n${USAGE}`);
      return 2;
    }
  }
  const dir = resolveDataDir('server', values.data);
  const audit = await verifyServerAudit(dir, publicKey === undefined ? {} : { publicKey });
  if (!audit) {
    console.error(`council: ${cliLine('NO_SERVER_DB', { file: path.join(dir, SERVER_DB_FILE) })}`);
    return 2;
  }
  return report(audit);
}
