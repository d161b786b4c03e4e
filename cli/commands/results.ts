// `council results [--data DIR] [--meeting ID] [--poll ID] [--pdf FILE] [--csv FILE] [--lang vi|en]`: the
// biên bản kết quả biểu quyết of one announced poll, or of every announced poll of the session, as PDF and/or
// CSV (common/voting/report.ts). The meeting (title, council, agenda, delegates' names) comes from this
// computer's vault, as `council docs` reads it; the polls and results from the server's meeting state room,
// read as the member the vault joined as. Exit 0 when written, 1 on an error, 2 on usage errors.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliLine } from '../../common/i18n/cliText.ts';
import type { Lang } from '../../common/i18n/errors.ts';
import { CouncilError } from '../../common/result.ts';
import { resultsCsv, resultsPdf, selectReportEntries, type ReportMeeting } from '../../common/voting/report.ts';
import type { VotingState } from '../../common/voting/state.ts';
import { protectorFor } from '../../main/services/vault/documents.ts';
import { nodeDeviceCore } from '../../main/services/vault/nodeCore.ts';
import { withSqliteDeviceStore } from '../../main/services/vault/sqliteDeviceStore.ts';
import { resolveDataDir } from '../dataDirs.ts';
import { readLiveVoting, type MemberCredentials } from '../liveState.ts';

const USAGE = 'council results [--data DIR] [--meeting ID] [--poll ID] [--pdf FILE] [--csv FILE] [--lang vi|en]';
const FONT_DIR = new URL('../../resources/fonts/', import.meta.url);

export interface ResultsArgs {
  readonly dataDir: string;
  readonly meetingId?: string;
  readonly pollId?: string;
  readonly pdf?: string;
  readonly csv?: string;
  readonly lang: Lang;
}

export interface VaultMeeting {
  readonly meetingId: string;
  readonly meeting: ReportMeeting;
  readonly creds: MemberCredentials;
}

/** The meeting as the vault holds it, and the member's credentials for the live session. */
export async function readVaultMeeting(dataDir: string, meetingId: string | undefined): Promise<VaultMeeting> {
  const out = await withSqliteDeviceStore(dataDir, false, async (store) => {
    const core = nodeDeviceCore(store, protectorFor(dataDir, {}));
    // The device lease holds here as everywhere: a meeting past it is gone, not read.
    for (const r of await store.listMeetings()) await core.enforceLease(r.id);
    const held = (await store.listMeetings()).filter((r) => r.status !== 'revoked' && r.status !== 'expired' && r.currentRevision !== null);
    if (meetingId === undefined && held.length > 1) throw new CouncilError('BAD_REQUEST', cliLine('RESULTS_WHICH_MEETING', { ids: held.map((r) => r.id).join(', ') }));
    const chosen = meetingId === undefined ? held[0] : held.find((r) => r.id === meetingId);
    if (!chosen) throw new CouncilError('NOT_FOUND', meetingId === undefined ? cliLine('RESULTS_NO_MEETING', {}) : `meeting ${meetingId} is not in the vault`);
    const m = (await core.openCurrent(chosen)).manifest;
    const creds = await core.credentials(chosen.id);
    const meeting: ReportMeeting = { meetingId: chosen.id, ...m.meeting, agenda: m.agenda, delegates: m.delegates };
    return { meetingId: chosen.id, meeting, creds: { server: creds.server, token: creds.token } };
  });
  if (!out) throw new CouncilError('VAULT_NOT_FOUND', `no vault in ${dataDir} (run council join first)`);
  return out;
}

/** Writes next to the target and renames: a reader never sees half a file. */
async function writeWhole(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Writes what was asked; returns the files written with the number of polls in each. */
export async function writeResults(a: ResultsArgs, vault: VaultMeeting, voting: Pick<VotingState, 'polls' | 'results'>): Promise<{ file: string; polls: number }[]> {
  const selected = selectReportEntries(voting, a.pollId);
  if (!selected.ok) throw new CouncilError(selected.error.code, selected.error.message);
  const entries = selected.value;
  if (entries.length === 0) throw new CouncilError('POLL_STATE', cliLine('RESULTS_NONE_ANNOUNCED', {}));
  const written: { file: string; polls: number }[] = [];
  if (a.pdf !== undefined) {
    const [regular, bold] = await Promise.all([readFile(new URL('NotoSans-Regular.ttf', FONT_DIR)), readFile(new URL('NotoSans-Bold.ttf', FONT_DIR))]);
    const scope = a.pollId === undefined ? 'session' : 'poll';
    await writeWhole(a.pdf, await resultsPdf({ meeting: vault.meeting, entries, scope, lang: a.lang }, { regular, bold }));
    written.push({ file: a.pdf, polls: entries.length });
  }
  if (a.csv !== undefined) {
    await writeWhole(a.csv, resultsCsv({ meeting: vault.meeting, entries, lang: a.lang }));
    written.push({ file: a.csv, polls: entries.length });
  }
  return written;
}

function parse(args: string[]): ResultsArgs | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { data: { type: 'string' }, meeting: { type: 'string' }, poll: { type: 'string' }, pdf: { type: 'string' }, csv: { type: 'string' }, lang: { type: 'string', default: 'vi' } },
    }));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (values.pdf === undefined && values.csv === undefined) return cliLine('RESULTS_NO_OUTPUT', {});
  if (values.lang !== 'vi' && values.lang !== 'en') return `--lang vi|en`;
  return {
    dataDir: resolveDataDir('device', values.data),
    lang: values.lang,
    ...(values.meeting === undefined ? {} : { meetingId: values.meeting }),
    ...(values.poll === undefined ? {} : { pollId: values.poll }),
    ...(values.pdf === undefined ? {} : { pdf: path.resolve(values.pdf) }),
    ...(values.csv === undefined ? {} : { csv: path.resolve(values.csv) }),
  };
}

export async function run(args: string[]): Promise<number> {
  const a = parse(args);
  if (typeof a === 'string') {
    console.error(cliLine('BAD_ARGUMENTS', { command: 'results', detail: a, usage: USAGE }));
    return 2;
  }
  const vault = await readVaultMeeting(a.dataDir, a.meetingId);
  let voting: VotingState;
  try {
    voting = await readLiveVoting(vault.creds, vault.meetingId);
  } catch (e) {
    if (e instanceof CouncilError) throw new CouncilError(e.code, `${cliLine('RESULTS_UNREACHABLE', { server: vault.creds.server })}: ${e.message}`);
    throw e;
  }
  for (const w of await writeResults(a, vault, voting)) console.log(cliLine('RESULTS_WROTE', w));
  return 0;
}
