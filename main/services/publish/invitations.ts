// Writes the invitations: invitations.csv, one QR code PNG per member, invitations.pdf to print. They hold
// the members' secrets, so the folder is owner-only (0700) and every file 0600.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import QRCode from 'qrcode';
import { INVITATION_TEXT } from '../../../common/i18n/invitation.ts';
import type { Delegate, MeetingSpec } from '../../../common/meeting/types.ts';
import { formatCsv, parseCsv } from './csv.ts';
import { buildInvitationPdf } from './invitationPdf.ts';

export const INVITATIONS_CSV = 'invitations.csv';
export const INVITATIONS_PDF = 'invitations.pdf';
/** Pixels per side of a QR PNG: about 4 px per module for a link of ~190 characters, easy for a phone. */
export const QR_PNG_WIDTH = 720;

export interface Invitee {
  readonly delegate: Delegate;
  readonly link: string;
  /** Revoked (council revoke) and not re-invited: no QR code and no link are written, only the mark. */
  readonly revoked?: boolean;
}

/** What a revoked member's CSV row holds in place of the link. */
export const REVOKED_MARK = INVITATION_TEXT.revoked;

const linkColumn = (m: Invitee): string => (m.revoked === true ? REVOKED_MARK : m.link);

export interface WriteInvitationsInput {
  readonly outDir: string;
  readonly meeting: MeetingSpec;
  readonly members: readonly Invitee[];
}

export function qrPng(link: string): Promise<Uint8Array> {
  return QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', width: QR_PNG_WIDTH, margin: 4 });
}

export function invitationsCsv(members: readonly Invitee[]): string {
  // The BOM makes Excel read the Vietnamese names as UTF-8.
  return `\uFEFF${formatCsv([['id', 'name', 'role', 'link'], ...members.map((m) => [m.delegate.id, m.delegate.name, m.delegate.role, linkColumn(m)])])}`;
}

async function writePrivate(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(file, data, { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its old mode otherwise
}

export async function writeInvitations(input: WriteInvitationsInput): Promise<void> {
  await mkdir(input.outDir, { recursive: true, mode: 0o700 });
  await chmod(input.outDir, 0o700);
  for (const m of input.members) {
    const png = path.join(input.outDir, `${m.delegate.id}.png`);
    // A PNG left from before the revocation would still be a working-looking QR code of a dead link.
    if (m.revoked === true) await rm(png, { force: true });
    else await writePrivate(png, await qrPng(m.link));
  }
  await writePrivate(path.join(input.outDir, INVITATIONS_CSV), invitationsCsv(input.members));
  await writePrivate(path.join(input.outDir, INVITATIONS_PDF), await buildInvitationPdf(input.meeting, input.members));
}

/** One member's new invitation (council reinvite): <id>.png, <id>.pdf (one page) and their row of invitations.csv. */
export async function writeOneInvitation(input: { readonly outDir: string; readonly meeting: MeetingSpec; readonly member: Invitee }): Promise<void> {
  const { outDir, member } = input;
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  await chmod(outDir, 0o700);
  await writePrivate(path.join(outDir, `${member.delegate.id}.png`), await qrPng(member.link));
  await writePrivate(path.join(outDir, `${member.delegate.id}.pdf`), await buildInvitationPdf(input.meeting, [member]));
  await writePrivate(path.join(outDir, INVITATIONS_CSV), await replacedCsvRow(path.join(outDir, INVITATIONS_CSV), member));
}

/** invitations.csv with the member's row replaced (or added); a missing file gets the header and that row. */
async function replacedCsvRow(file: string, member: Invitee): Promise<string> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const row = [member.delegate.id, member.delegate.name, member.delegate.role, linkColumn(member)];
  const rows: (readonly string[])[] = text === undefined ? [] : parseCsv(text).rows.slice(1).map((r) => r.fields);
  const at = rows.findIndex((r) => r[0] === member.delegate.id);
  if (at >= 0) rows[at] = row;
  else rows.push(row);
  return `\uFEFF${formatCsv([['id', 'name', 'role', 'link'], ...rows])}`;
}
