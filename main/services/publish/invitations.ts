// Writes the invitations: invitations.csv, one QR code PNG per member, invitations.pdf to print. They hold
// the members' secrets, so the folder is owner-only (0700) and every file 0600.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Delegate, MeetingSpec } from '../../../common/meeting/types.ts';
import { formatCsv } from './csv.ts';
import { buildInvitationPdf } from './invitationPdf.ts';

export const INVITATIONS_CSV = 'invitations.csv';
export const INVITATIONS_PDF = 'invitations.pdf';
/** Pixels per side of a QR PNG: about 4 px per module for a link of ~190 characters, easy for a phone. */
export const QR_PNG_WIDTH = 720;

export interface Invitee {
  readonly delegate: Delegate;
  readonly link: string;
}

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
  return `\uFEFF${formatCsv([['id', 'name', 'role', 'link'], ...members.map((m) => [m.delegate.id, m.delegate.name, m.delegate.role, m.link])])}`;
}

async function writePrivate(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(file, data, { mode: 0o600 });
  await chmod(file, 0o600); // an existing file keeps its old mode otherwise
}

export async function writeInvitations(input: WriteInvitationsInput): Promise<void> {
  await mkdir(input.outDir, { recursive: true, mode: 0o700 });
  await chmod(input.outDir, 0o700);
  for (const m of input.members) await writePrivate(path.join(input.outDir, `${m.delegate.id}.png`), await qrPng(m.link));
  await writePrivate(path.join(input.outDir, INVITATIONS_CSV), invitationsCsv(input.members));
  await writePrivate(path.join(input.outDir, INVITATIONS_PDF), await buildInvitationPdf(input.meeting, input.members));
}
