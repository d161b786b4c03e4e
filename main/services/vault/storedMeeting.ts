// Reopens a meeting from the vault: unprotect the invitation secret, derive the wrapping key, unwrap this
// delegate's keys and open the signed manifest of the current revision — the same checks as at join time.
import { fromB64url, toB64url } from '../../../common/pack/encoding.ts';
import type { DocumentEntry, KeyBundle, PackManifest } from '../../../common/pack/format.ts';
import { deriveCredentials } from '../../../common/pack/invite.ts';
import { openManifest, readableDocuments, unwrapKeyBundle } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { getProtectedKey, getRevision, type MeetingRecord } from './meetingQueries.ts';
import type { VaultDb } from './vaultDb.ts';

export interface OpenedMeeting {
  readonly record: MeetingRecord;
  readonly revision: number;
  readonly manifest: PackManifest;
  readonly bundle: KeyBundle;
  readonly readable: readonly DocumentEntry[];
}

export async function openStoredMeeting(db: VaultDb, protector: KeyProtector, record: MeetingRecord): Promise<OpenedMeeting> {
  if (record.status === 'revoked') throw new CouncilError('REVOKED', `meeting ${record.id}: this device's invitation was revoked`);
  const revision = record.currentRevision;
  if (revision === null) throw new CouncilError('VAULT_NOT_FOUND', `meeting ${record.id} has not finished downloading; run join again`);
  const stored = getRevision(db, record.id, revision);
  const blob = getProtectedKey(db, record.id);
  if (!stored || !blob) throw new CouncilError('VAULT_LOCKED', `meeting ${record.id}: its key is not in the vault`);
  const secret = toB64url(await protector.unprotect(blob));
  const { wrapKey } = await deriveCredentials({ secret, meetingId: record.id, delegateId: record.delegateId });
  const bundle = await unwrapKeyBundle(stored.wrappedKeys, wrapKey, { meetingId: record.id, delegateId: record.delegateId, revision });
  const manifest = await openManifest(stored.envelope, meetingKeyOf(bundle), record.publisherKey);
  return { record, revision, manifest, bundle, readable: await readableDocuments(manifest, bundle) };
}

export function meetingKeyOf(bundle: KeyBundle): Uint8Array {
  const key = fromB64url(bundle.meetingKey);
  if (!key) throw new CouncilError('PACK_FORMAT', 'the meeting key is not base64url');
  return key;
}
