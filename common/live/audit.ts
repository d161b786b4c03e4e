// The signed, hash-chained audit log as a device sees it. Each meeting's entries form a chain
//   hash = sha256_hex(prev_hash || canonicalJson(entry)),   the first prev_hash is AUDIT_GENESIS_HASH,
// every entry is signed by the server's Ed25519 audit key (so an entry cannot be edited and the chain
// recomputed), and after every command the server signs a checkpoint of the chain head (seq, hash) and
// publishes it in the meeting state room. A device that keeps the last checkpoint it saw catches a log that
// was later cut short or rewritten: the chain must reach that seq with that hash.
// WebCrypto only (common/ is pure): the same check runs in Node, Electron and browsers.
import type * as Y from 'yjs';
import { ed25519Verify, sha256Hex } from '../pack/crypto.ts';
import { fromB64url, utf8Encode } from '../pack/encoding.ts';
import { canonicalJson } from './canonicalJson.ts';
import { ROUTES } from '../api/routes.ts';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);
/** Domain separation: an entry signature can never pass for a checkpoint signature or anything else. */
export const AUDIT_ENTRY_CONTEXT = 'council-audit-entry/1\n';
export const AUDIT_HEAD_CONTEXT = 'council-audit-head/1\n';
/** Where the server publishes the latest checkpoint in the meeting state room: doc.getMap(AUDIT_MAP).get(AUDIT_HEAD_KEY). */
export const AUDIT_MAP = 'audit';
export const AUDIT_HEAD_KEY = 'head';
export const AUDIT_KEY_ALGORITHM = 'Ed25519';

/** A signed statement "the chain of `meetingId` had `seq` entries and ended with `hash` at `at`". */
export interface AuditCheckpoint {
  readonly meetingId: string;
  readonly seq: number;
  readonly hash: string;
  /** Server milliseconds since the epoch. */
  readonly at: number;
  /** Base64url Ed25519 signature of checkpointMessage(). */
  readonly signature: string;
}

/** GET AUDIT_KEY_PATH: the server's audit public key. */
export interface AuditKeyInfo {
  readonly algorithm: typeof AUDIT_KEY_ALGORITHM;
  /** Base64url raw Ed25519 public key (32 bytes). */
  readonly publicKey: string;
}
export const AUDIT_KEY_PATH = ROUTES.auditKey;

export function entrySignedBytes(entryJson: string): Uint8Array {
  return utf8Encode(AUDIT_ENTRY_CONTEXT + entryJson);
}

export function checkpointSignedBytes(c: Omit<AuditCheckpoint, 'signature'>): Uint8Array {
  return utf8Encode(AUDIT_HEAD_CONTEXT + canonicalJson({ at: c.at, hash: c.hash, meetingId: c.meetingId, seq: c.seq }));
}

export async function auditChainHash(prevHash: string, entryJson: string): Promise<string> {
  return sha256Hex(utf8Encode(prevHash + entryJson));
}

async function signatureHolds(publicKey: string, signature: string | undefined, data: Uint8Array): Promise<boolean> {
  const sig = signature === undefined ? null : fromB64url(signature);
  return sig !== null && ed25519Verify(publicKey, sig, data);
}

export function verifyCheckpoint(c: AuditCheckpoint, publicKey: string): Promise<boolean> {
  return signatureHolds(publicKey, c.signature, checkpointSignedBytes(c));
}

/** The checkpoint the server last published into a meeting state document, if it looks like one. */
export function readAuditHead(doc: Y.Doc): AuditCheckpoint | undefined {
  const v: unknown = doc.getMap<unknown>(AUDIT_MAP).get(AUDIT_HEAD_KEY);
  return isCheckpoint(v) ? v : undefined;
}

export function isCheckpoint(v: unknown): v is AuditCheckpoint {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c['meetingId'] === 'string' && Number.isSafeInteger(c['seq']) && typeof c['hash'] === 'string' && typeof c['at'] === 'number' && typeof c['signature'] === 'string';
}

/** What an audit entry records of a command: the whole command, or what its feature's policy lets through. */
export interface AuditedCommand {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** One entry of the hash-chained audit log, as GET LIVE_API.audit returns it. */
export interface AuditEntry {
  readonly seq: number;
  readonly meetingId: string;
  readonly at: number;
  /** Absent when the command's policy does not audit who sent it. */
  readonly actor?: { readonly delegateId: string; readonly role: string };
  readonly command: AuditedCommand;
}
export interface AuditRecord {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly entry: AuditEntry;
  /** Base64url Ed25519 signature of the entry by the server's audit key (common/live/audit.ts). */
  readonly signature?: string;
}
export interface AuditPage {
  readonly entries: readonly AuditRecord[];
  /** Pass as ?after= for the next page; absent on the last page. */
  readonly next?: number;
  /** The latest signed checkpoint of the chain head (common/live/audit.ts), when the log has entries. */
  readonly head?: AuditCheckpoint;
}

// ---- problems, stated exactly

export type AuditProblem =
  /** Entries `from`..`to` (inclusive) are absent although a checkpoint or an acknowledged command says they exist. */
  | { readonly kind: 'missing'; readonly from: number; readonly to: number }
  /** The entry's content no longer matches its hash or its signature. */
  | { readonly kind: 'altered'; readonly seq: number }
  /** The entry does not link to the one before it (reordered or spliced). */
  | { readonly kind: 'unlinked'; readonly seq: number }
  /** The entry carries no signature. */
  | { readonly kind: 'unsigned'; readonly seq: number }
  /** A checkpoint's signature does not verify with the audit key. */
  | { readonly kind: 'bad-checkpoint'; readonly seq: number; readonly source: string }
  /** The chain reaches the checkpoint's seq with another hash: history was rewritten. */
  | { readonly kind: 'diverged'; readonly seq: number; readonly source: string }
  /** Something else, in words (an unreadable row, a key that does not match). */
  | { readonly kind: 'other'; readonly message: string };

// ---- the check itself, shared by the server's verifier and devices

/** One entry as the checker needs it: the exact JSON text that was hashed and signed. */
export interface ChainLink {
  readonly seq: number;
  readonly meetingId: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly entryJson: string;
  readonly signature?: string | undefined;
}

/** A checkpoint to hold the chain to, with where it came from (for the message). */
export interface Claim {
  readonly checkpoint: AuditCheckpoint;
  readonly source: string;
}

export interface ChainWalk {
  readonly problems: AuditProblem[];
  /** Hash of every seq seen, to compare with checkpoints afterwards. */
  readonly hashes: Map<number, string>;
  lastSeq: number;
  lastHash: string;
}

export function startWalk(after?: { readonly seq: number; readonly hash: string }): ChainWalk {
  return { problems: [], hashes: new Map(), lastSeq: after?.seq ?? 0, lastHash: after?.hash ?? AUDIT_GENESIS_HASH };
}

function entryFieldsMatch(link: ChainLink): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(link.entryJson);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || canonicalJson(parsed) !== link.entryJson) return false;
  const e = parsed as Record<string, unknown>;
  return e['seq'] === link.seq && e['meetingId'] === link.meetingId;
}

/** Checks one more entry (in seq order) against the entries before it. */
export async function walkLink(walk: ChainWalk, link: ChainLink, publicKey: string): Promise<void> {
  const gap = link.seq > walk.lastSeq + 1;
  if (gap) walk.problems.push({ kind: 'missing', from: walk.lastSeq + 1, to: link.seq - 1 });
  const intact = entryFieldsMatch(link) && (await auditChainHash(link.prevHash, link.entryJson)) === link.hash;
  if (!intact) walk.problems.push({ kind: 'altered', seq: link.seq });
  else if (link.signature === undefined || link.signature === '') walk.problems.push({ kind: 'unsigned', seq: link.seq });
  else if (!(await signatureHolds(publicKey, link.signature, entrySignedBytes(link.entryJson)))) walk.problems.push({ kind: 'altered', seq: link.seq });
  else if (!gap && link.seq !== walk.lastSeq + 1) walk.problems.push({ kind: 'unlinked', seq: link.seq });
  else if (!gap && link.prevHash !== walk.lastHash) walk.problems.push({ kind: 'unlinked', seq: link.seq });
  walk.hashes.set(link.seq, link.hash);
  walk.lastSeq = Math.max(walk.lastSeq, link.seq);
  walk.lastHash = link.hash;
}

/**
 * Holds the walked chain to the claims (checkpoints) and to `required` (a seq something else, such as an
 * acknowledged command, says exists). Entries past the end are reported as one missing range.
 */
export async function finishWalk(walk: ChainWalk, claims: readonly Claim[], publicKey: string, required = 0): Promise<AuditProblem[]> {
  const problems = [...walk.problems];
  let reach = required;
  for (const { checkpoint: c, source } of claims) {
    if (!(await verifyCheckpoint(c, publicKey))) {
      problems.push({ kind: 'bad-checkpoint', seq: c.seq, source });
      continue;
    }
    reach = Math.max(reach, c.seq);
    const seen = walk.hashes.get(c.seq);
    const explained = problems.some((p) => (p.kind === 'altered' || p.kind === 'missing') && ('seq' in p ? p.seq : p.from) <= c.seq);
    if (seen !== undefined && seen !== c.hash && !explained) problems.push({ kind: 'diverged', seq: c.seq, source });
  }
  if (reach > walk.lastSeq) problems.push({ kind: 'missing', from: walk.lastSeq + 1, to: reach });
  return problems;
}

export interface AuditVerdict {
  readonly ok: boolean;
  readonly problems: readonly AuditProblem[];
  /** Where the entries checked end: pass as `after` to check the next page. */
  readonly lastSeq: number;
  readonly lastHash: string;
}

export interface VerifyPageOptions {
  /** The last entry of the previous page (absent for the first page). */
  readonly after?: { readonly seq: number; readonly hash: string };
  /** Whether these are all the entries up to now (the page has no `next`); only then must they reach the checkpoint. */
  readonly complete?: boolean;
  /**
   * The meeting the device asked for: every entry and the checkpoint must be of it. Without it, the
   * checkpoint's meeting (else the first entry's) is expected — pass it: a server could answer with another
   * meeting's log, signed with the same key.
   */
  readonly meetingId?: string;
}

/**
 * What a device runs on GET LIVE_API.audit pages: the chain, every entry's signature, the checkpoint's
 * signature, and (on the last page) that the chain reaches the checkpoint's seq with the checkpoint's hash.
 * `checkpoint` is the one the device kept from the state room (or the page's `head`); `publicKey` the
 * server's audit key (AUDIT_KEY_PATH), ideally pinned when the device joined; `options.meetingId` the meeting
 * the device asked for.
 */
export async function verifyAuditPage(
  entries: readonly AuditRecord[],
  checkpoint: AuditCheckpoint | undefined,
  publicKey: string,
  options: VerifyPageOptions = {},
): Promise<AuditVerdict> {
  const walk = startWalk(options.after);
  const meetingId = options.meetingId ?? checkpoint?.meetingId ?? entries[0]?.entry.meetingId;
  for (const r of entries) {
    const link: ChainLink = { seq: r.seq, meetingId: r.entry.meetingId, prevHash: r.prevHash, hash: r.hash, entryJson: canonicalJson(r.entry), signature: r.signature };
    await walkLink(walk, link, publicKey);
    // Another meeting's entry, however well signed, does not belong in this chain.
    if (r.entry.meetingId !== meetingId) walk.problems.push({ kind: 'unlinked', seq: r.seq });
  }
  const complete = options.complete ?? true;
  const foreign: AuditProblem[] = checkpoint && checkpoint.meetingId !== meetingId ? [{ kind: 'bad-checkpoint', seq: checkpoint.seq, source: 'device' }] : [];
  const claims = checkpoint && foreign.length === 0 ? [{ checkpoint, source: 'device' }] : [];
  const problems = [
    ...(complete ? await finishWalk(walk, claims, publicKey) : await finishWalk(walk, claims.filter((c) => c.checkpoint.seq <= walk.lastSeq), publicKey)),
    ...foreign,
  ];
  return { ok: problems.length === 0, problems, lastSeq: walk.lastSeq, lastHash: walk.lastHash };
}
