// The publisher's private state, <folder>/.council/publisher.json: the meeting id, the Ed25519 signing key,
// the meeting key, each document's key and chunk list (unchanged documents keep identical ciphertext and
// are not re-sent), and each member's invitation secret (old links keep working). Mode 0600 in a 0700
// directory; written atomically, and only after the server accepted a revision.
//
// Note keys (issue 8, docs/pack-format.md "Note keys") were added to version 1 as optional fields: a state
// written before them still loads, and the next publish fills them in (and publishes a new revision, so every
// bundle carries them). They live in `notes`, apart from `members`, because they belong to the seat, not to its
// secret: `council reinvite` replaces a member's entry in `members` and must not touch them.
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { bilingualMessage } from '../../../common/i18n/messages.ts';
import { HASH_PATTERN, ID_PATTERN } from '../../../common/pack/format.ts';
import { CouncilError } from '../../../common/result.ts';

export const STATE_DIR = '.council';
export const STATE_FILE = 'publisher.json';
export const STATE_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);

const documentStateSchema = z.object({
  id: z.string().regex(ID_PATTERN),
  sha256: z.string().regex(HASH_PATTERN),
  bytes: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  key: b64,
  noncePrefix: b64,
  chunkSize: z.number().int().positive(),
  chunks: z.array(z.object({ hash: z.string().regex(HASH_PATTERN), size: z.number().int().nonnegative() })).min(1),
  revision: z.number().int().positive(),
  confidential: z.boolean(),
  readers: z.array(z.string()),
  /** Confidential documents: the notes key (32 bytes); kept while the document keeps its readers, new when it loses one. */
  notesKey: b64.optional(),
  /** Its notes keys before the current one, oldest first: given to its current readers so earlier notes stay readable. */
  notesKeysBefore: z.array(b64).optional(),
});

const memberNotesSchema = z.object({ privateKey: b64, signPublic: b64, signPrivate: b64 });

/** The note keys that are not per document; absent in states written before annotations. */
const notesStateSchema = z.object({
  /** By delegate id, per seat: stable across revisions and re-invitations, kept for removed members. */
  members: z.record(z.string(), memberNotesSchema),
  /** By group slug (groupSlug): each tổ's notes key. */
  groups: z.record(z.string(), b64),
  /** By group slug: a tổ's earlier notes keys, oldest first (renewed when the tổ lost a member). */
  groupsBefore: z.record(z.string(), z.array(b64)).optional(),
  /** The secretariat's ECDH P-256 pair (raw public, PKCS#8 private): góp ý and read receipts are sealed to it. */
  opinion: z.object({ publicKey: b64, privateKey: b64 }),
  /**
   * A second pair for góp ý on confidential documents (their readers seal to it): the private key goes into NO
   * bundle, so a secretary who is not a reader cannot open them; the console opens them with this state.
   * Absent in states written before it: the next publish generates it once, like `opinion`.
   */
  opinionConfidential: z.object({ publicKey: b64, privateKey: b64 }).optional(),
});

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  meetingId: z.string().regex(ID_PATTERN),
  server: z.string(),
  publisher: z.object({ publicKey: b64, privateKey: b64 }),
  meetingKey: b64,
  revision: z.number().int().nonnegative(),
  /** By the document's path relative to the meeting folder. */
  documents: z.record(z.string(), documentStateSchema),
  /**
   * By delegate id; kept for members removed from delegates.csv, so re-adding one revives their link.
   * `revokedAt` (ISO time, council revoke): the link is dead, publishing prints the revoked mark instead of it
   * until council reinvite gives the seat a new secret.
   */
  members: z.record(z.string(), z.object({ secret: b64, revokedAt: z.string().optional() })),
  notes: notesStateSchema.optional(),
  /** SHA-256 of everything the last revision was built from: equal inputs publish no new revision. */
  inputs: z.string().regex(HASH_PATTERN).optional(),
  /** The last request the server accepted, re-posted (idempotently) when nothing changed. */
  lastRequest: z
    .object({
      envelope: z.record(z.string(), z.unknown()),
      chunks: z.array(z.string()),
      members: z.array(z.record(z.string(), z.unknown())),
      totalDelegates: z.number().int().optional(),
    })
    .optional(),
});

export type DocumentState = z.infer<typeof documentStateSchema>;
export type NotesState = z.infer<typeof notesStateSchema>;
export type PublisherState = z.infer<typeof stateSchema>;

export const statePath = (folder: string): string => path.join(folder, STATE_DIR, STATE_FILE);

/** The saved state, or undefined on a first publish. A damaged file is an error, never silently replaced. */
export async function loadState(folder: string): Promise<PublisherState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(folder), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const parsed = stateSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    throw new CouncilError('MEETING_INVALID', bilingualMessage('PUBLISHER_STATE_DAMAGED', { file: statePath(folder) }));
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes the state atomically (temp file + rename) with owner-only permissions. */
export async function saveState(folder: string, state: PublisherState): Promise<void> {
  const dir = path.join(folder, STATE_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = path.join(dir, `.${STATE_FILE}.${nodeRandomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(`${JSON.stringify(state, null, 2)}\n`);
      await fh.sync(); // the keys must be on disk before the rename makes them the state
    } finally {
      await fh.close();
    }
    await rename(tmp, statePath(folder));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** What the secretariat's console opens the inboxes with (common/annotations/seal.ts openFromMember). */
export interface InboxKeys {
  /** The secretariat's ECDH P-256 private key, PKCS#8 base64url. */
  readonly opinionPrivateKey: string;
  /** Every inbox private key to try: the ordinary one, then the confidential one (notes.opinionConfidential) when the state has it. */
  readonly opinionPrivateKeys: readonly string[];
  /** Every seat's Ed25519 public key by delegate id (removed members' too: their góp ý stay readable). */
  readonly signers: Readonly<Record<string, string>>;
}

/** The inbox keys from the publisher state; undefined before the first publish that made note keys. */
export function inboxKeysOf(state: PublisherState): InboxKeys | undefined {
  if (!state.notes) return undefined;
  const signers = Object.fromEntries(Object.entries(state.notes.members).map(([id, m]) => [id, m.signPublic]));
  const { opinion, opinionConfidential } = state.notes;
  return { opinionPrivateKey: opinion.privateKey, opinionPrivateKeys: [opinion.privateKey, ...(opinionConfidential ? [opinionConfidential.privateKey] : [])], signers };
}
