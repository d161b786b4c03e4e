// For the app: what a link offers before joining, which meetings the vault holds, forgetting one, and
// bringing one up to date (or resuming it) from the invitation kept protected in the vault.
import type { Role } from '../../../common/meeting/types.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import type { Invitation, MeetingInfo } from '../../../common/pack/format.ts';
import { deriveCredentials, formatInvitationLink, parseInvitationLink } from '../../../common/pack/invite.ts';
import { run, sql } from '../vault/sql.ts';
import { collectGarbage } from '../vault/chunkQueries.ts';
import { protectorFor, type VaultOptions } from '../vault/documents.ts';
import { getMeetingRecord, getProtectedKey, listMeetingRecords, type MeetingStatus } from '../vault/meetingQueries.ts';
import { openStoredMeeting } from '../vault/storedMeeting.ts';
import { openVaultDb, vaultPath } from '../vault/vaultDb.ts';
import { CouncilError } from '../../../common/result.ts';
import { existsSync } from 'node:fs';
import { chunkRefs, fetchManifest, joinMeeting, totalBytes, type JoinOptions, type JoinResult } from './joinMeeting.ts';
import { createPackClient, type FetchImpl } from './packClient.ts';

export interface InvitationPreview {
  readonly server: string;
  readonly meetingId: string;
  readonly delegateId: string;
  readonly role: Role;
  readonly revision: number;
  readonly meeting: MeetingInfo;
  readonly documentCount: number;
  /** Ciphertext bytes a first join downloads. */
  readonly totalBytes: number;
}

/** Verifies the link against the server (signature, pinned key, keys) without storing anything. */
export async function previewInvitation(link: string, options: { readonly fetchImpl?: FetchImpl; readonly signal?: AbortSignal } = {}): Promise<InvitationPreview> {
  const inv = parseInvitationLink(link);
  const creds = await deriveCredentials(inv);
  const f = await fetchManifest(createPackClient(inv.server, creds.authToken, options.fetchImpl, options.signal), inv, creds.wrapKey, null);
  return {
    server: inv.server,
    meetingId: inv.meetingId,
    delegateId: inv.delegateId,
    role: f.role,
    revision: f.manifest.revision,
    meeting: f.manifest.meeting,
    documentCount: f.docs.length,
    totalBytes: totalBytes(chunkRefs(f.docs)),
  };
}

export interface MeetingListing {
  readonly meetingId: string;
  readonly server: string;
  readonly delegateId: string;
  readonly role: Role;
  readonly status: MeetingStatus;
  readonly currentRevision: number | null;
  readonly pendingRevision: number | null;
  /** From the current revision's manifest; absent until one is complete (or after revocation). */
  readonly meeting?: MeetingInfo;
}

export async function listMeetings(dataDir: string, options: VaultOptions = {}): Promise<MeetingListing[]> {
  if (!existsSync(vaultPath(dataDir))) return [];
  const db = openVaultDb(dataDir, { create: false });
  try {
    const protector = protectorFor(dataDir, options);
    const out: MeetingListing[] = [];
    for (const r of listMeetingRecords(db)) {
      const base = { meetingId: r.id, server: r.server, delegateId: r.delegateId, role: r.role, status: r.status, currentRevision: r.currentRevision, pendingRevision: r.pendingRevision };
      const readable = r.status !== 'revoked' && r.currentRevision !== null;
      out.push(readable ? { ...base, meeting: (await openStoredMeeting(db, protector, r)).manifest.meeting } : base);
    }
    return out;
  } finally {
    db.close();
  }
}

/** Removes a meeting, its key and every chunk no other meeting uses. */
export function forgetMeeting(dataDir: string, meetingId: string): void {
  if (!existsSync(vaultPath(dataDir))) return;
  const db = openVaultDb(dataDir, { create: false });
  try {
    db.transaction(() => {
      run(db, sql`DELETE FROM meetings WHERE id = ${meetingId}`);
      collectGarbage(db);
    })();
  } finally {
    db.close();
  }
}

/** Rebuilds the invitation from the vault (the secret is unprotected only in memory). */
export async function storedInvitation(dataDir: string, meetingId: string, options: VaultOptions = {}): Promise<Invitation> {
  if (!existsSync(vaultPath(dataDir))) throw new CouncilError('VAULT_NOT_FOUND', `no vault in ${dataDir}`);
  const db = openVaultDb(dataDir, { create: false });
  try {
    const r = getMeetingRecord(db, meetingId);
    const blob = getProtectedKey(db, meetingId);
    if (!r) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${meetingId} is not in the vault`);
    if (r.status === 'revoked') throw new CouncilError('REVOKED', `meeting ${meetingId}: the invitation was revoked`);
    if (!blob) throw new CouncilError('VAULT_LOCKED', `meeting ${meetingId}: its key is not in the vault`);
    const secret = toB64url(await protectorFor(dataDir, options).unprotect(blob));
    return { server: r.server, meetingId, delegateId: r.delegateId, secret, publisherKey: r.publisherKey };
  } finally {
    db.close();
  }
}

/** Resumes an interrupted download or fetches the latest revision, without the link. */
export async function syncMeeting(options: Omit<JoinOptions, 'link'> & { readonly meetingId: string }): Promise<JoinResult> {
  const link = formatInvitationLink(await storedInvitation(options.dataDir, options.meetingId, options));
  return joinMeeting({ ...options, link });
}
