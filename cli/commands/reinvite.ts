// council reinvite <meeting-folder> <delegateId> --server URL [--token T] [--out DIR]
// "Cấp lại giấy mời": a new secret for the same seat. The old link stops working, the new one joins; writes
// <out>/<id>.png, <out>/<id>.pdf (one page to print) and that member's row of <out>/invitations.csv.
import path from 'node:path';
import QRCode from 'qrcode';
import { reinviteInvitation } from '../../main/services/publish/members.ts';
import { cliLine } from '../../common/i18n/cliText.ts';
import { describeError } from '../output.ts';
import { parseMemberArgs } from './revoke.ts';

const USAGE = `${cliLine('USAGE', {})}: council reinvite <meeting-folder> <delegateId> --server URL --token T [--out DIR]   (or COUNCIL_ADMIN_TOKEN=T)`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseMemberArgs(args, true);
  if (typeof parsed === 'string') {
    if (parsed !== '') console.error(`council reinvite: ${parsed}`);
    console.error(USAGE);
    return parsed === '' ? 0 : 2;
  }
  try {
    const r = await reinviteInvitation({
      folder: parsed.folder,
      delegateId: parsed.delegateId,
      server: parsed.server,
      adminToken: parsed.token,
      ...(parsed.out !== undefined ? { outDir: path.resolve(parsed.out) } : {}),
    });
    console.log(`${cliLine('REINVITED', {})}: ${r.delegate.id} — ${r.delegate.name} (${cliLine('MEETING', {})} ${r.meetingId})`);
    console.log(`  ${cliLine('OLD_LINK_DEAD', {})}`);
    console.log(`  ${cliLine('NEW_LINK', {})}: ${r.link}`);
    console.log(await QRCode.toString(r.link, { type: 'terminal', small: true }));
    console.log(`${cliLine('INVITATION_LABEL', {})}: ${r.files.join(', ')}  (${cliLine('KEEP_IT_CONFIDENTIAL', {})})`);
    return 0;
  } catch (e) {
    console.error(describeError(e));
    return 1;
  }
}
