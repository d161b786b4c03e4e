// council revoke <meeting-folder> <delegateId> --server URL [--token T]
// Kills one member's invitation link (a lost or stolen device). The seat stays: the quorum's N does not change,
// the member's presence is dropped, and publishing again prints "Đã thu hồi" instead of the dead QR code.
// `council reinvite` gives the same seat a new link.
import { parseArgs } from 'node:util';
import { revokeInvitation } from '../../main/services/publish/members.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import { describeError } from '../output.ts';

const USAGE = `${cliLine('USAGE', {})}: council revoke <meeting-folder> <delegateId> --server URL --token T   (or COUNCIL_ADMIN_TOKEN=T)`;

export interface MemberArgs {
  readonly folder: string;
  readonly delegateId: string;
  readonly server: string;
  readonly token: string;
  readonly out: string | undefined;
}

/** The arguments `revoke` and `reinvite` share; a string is the usage problem ('' for --help). */
export function parseMemberArgs(args: string[], withOut: boolean): MemberArgs | string {
  let values: { server?: string; token?: string; out?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { server: { type: 'string' }, token: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (values.help === true) return '';
  if (!withOut && values.out !== undefined) return cliLine('NO_OUT_OPTION', {});
  const token = values.token ?? process.env['COUNCIL_ADMIN_TOKEN'];
  const [folder, delegateId, ...extra] = positionals;
  if (folder === undefined || delegateId === undefined || extra.length > 0) return cliLine('FOLDER_AND_DELEGATE', {});
  if (values.server === undefined) return cliLine('MISSING_SERVER', {});
  if (token === undefined || token === '') return cliLine('MISSING_TOKEN', {});
  return { folder, delegateId, server: values.server, token, out: values.out };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseMemberArgs(args, false);
  if (typeof parsed === 'string') {
    if (parsed !== '') console.error(`council revoke: ${parsed}`);
    console.error(USAGE);
    return parsed === '' ? 0 : 2;
  }
  try {
    const r = await revokeInvitation({ folder: parsed.folder, delegateId: parsed.delegateId, server: parsed.server, adminToken: parsed.token });
    console.log(
      [
        `${cliLine('REVOKED', {})}: ${r.delegateId} (${cliLine('MEETING', {})} ${r.meetingId})`,
        `  ${cliLine('REVOKE_EFFECT', {})}`,
        `  ${cliLine('REINVITE_HINT', {})}: council reinvite ${parsed.folder} ${r.delegateId} --server ${parsed.server}`,
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    console.error(describeError(e));
    return 1;
  }
}
