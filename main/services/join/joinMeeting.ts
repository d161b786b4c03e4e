// `council join`: from an invitation link to a verified revision in the vault (issue "meeting packs" §4).
// A thin caller of the device core (common/device/DeviceCore.ts), which does the work for the browser too:
// nothing is stored before the manifest's signature (pinned key), the delegate and the key bundle check out;
// a new revision becomes current only after every readable document decrypted and matched its SHA-256.
import type { DownloadProgressEvent } from '../../../common/device/download.ts';
import type { FetchLike } from '../../../common/device/serverClient.ts';
import type { Role } from '../../../common/meeting/types.ts';
import { parseInvitationLink } from '../../../common/pack/invite.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';
import { protectorFor, toDocRows, type DocRow } from '../vault/documents.ts';
import { nodeDeviceCore } from '../vault/nodeCore.ts';
import { openSqliteDeviceStore } from '../vault/sqliteDeviceStore.ts';

export type JoinProgress = DownloadProgressEvent;
export type FetchImpl = FetchLike;

export interface JoinOptions {
  readonly link: string;
  readonly dataDir: string;
  readonly protector?: KeyProtector;
  readonly onProgress?: (p: JoinProgress) => void;
  readonly signal?: AbortSignal;
  readonly fetchImpl?: FetchImpl;
  readonly concurrency?: number;
}

export interface JoinResult {
  readonly meetingId: string;
  readonly title: string;
  readonly revision: number;
  /** The revision held before this join, null on a first join. */
  readonly previousRevision: number | null;
  readonly delegateId: string;
  readonly role: Role;
  readonly documents: readonly DocRow[];
  /** Ciphertext bytes fetched by this run. */
  readonly downloadedBytes: number;
  /** Ciphertext bytes the vault already held (an earlier revision, an interrupted run). */
  readonly reusedBytes: number;
}

export async function joinMeeting(options: JoinOptions): Promise<JoinResult> {
  // A malformed link is refused before a vault is created.
  const inv = parseInvitationLink(options.link);
  const store = openSqliteDeviceStore(options.dataDir);
  try {
    const core = nodeDeviceCore(store, protectorFor(options.dataDir, options), options.fetchImpl);
    const out = await core.join(inv, 'refuse', {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
    const m = out.opened.manifest;
    return {
      meetingId: m.meetingId,
      title: m.meeting.title,
      revision: m.revision,
      previousRevision: out.previousRevision,
      delegateId: inv.delegateId,
      role: out.opened.role,
      documents: toDocRows(m, out.opened.documents),
      downloadedBytes: out.downloadedBytes,
      reusedBytes: out.reusedBytes,
    };
  } finally {
    store.close();
  }
}
