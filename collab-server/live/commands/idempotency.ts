// How a retried command is recognised, per its policy (registry.ts). 'hash' keeps (meeting, sender, command id,
// sha256(command)); 'opaque' keeps (meeting, HMAC(secret, meeting ‖ sender ‖ id), HMAC(secret, key ‖ command))
// so the row never names its sender and holds nothing a three-choice guess could be checked against without
// the command id, which only the sender's device knows. The opaque row's answer (its seq would join the row to
// the audit entry that names the sender) is encrypted under a key derived from the same triple, padded to a
// fixed block: only a retry from the sender, who knows the command id, can read it back.
import crypto from 'node:crypto';
import type { ServerDb } from '../../store/db.ts';
import { canonicalJson } from '../../../common/live/canonicalJson.ts';
import type { Member } from '../../core/types.ts';
import { commandMacKey, getOpaqueCommand, getStoredCommand, insertOpaqueCommand, insertStoredCommand } from '../liveQueries.ts';
import type { ParsedCommand } from './registry.ts';

export interface StoredAnswer {
  readonly status: number;
  /** The CommandResult as JSON. */
  readonly result: string;
}

export type Lookup = { readonly kind: 'new' } | { readonly kind: 'stored'; readonly answer: StoredAnswer } | { readonly kind: 'conflict' };

export interface Idempotency {
  lookup(): Lookup;
  store(answer: StoredAnswer, at: string): void;
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

function macKey(db: ServerDb): Buffer {
  const hex = commandMacKey(db);
  if (!hex) throw new Error('the command HMAC key is missing from settings (schema step 140)');
  return Buffer.from(hex, 'hex');
}

function hmac(key: Buffer, text: string): string {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

function byHash(db: ServerDb, member: Member, command: ParsedCommand): Idempotency {
  const requestHash = sha256(canonicalJson(command.value));
  return {
    lookup() {
      const stored = getStoredCommand(db, member.meetingId, member.delegateId, command.id);
      if (!stored) return { kind: 'new' };
      return stored.requestHash === requestHash ? { kind: 'stored', answer: stored } : { kind: 'conflict' };
    },
    store(answer, at) {
      insertStoredCommand(db, { meetingId: member.meetingId, delegateId: member.delegateId, commandId: command.id, requestHash, ...answer, createdAt: at });
    },
  };
}

/**
 * An opaque command's id is the secret that keeps its row unlinkable: 32–64 characters of A–Z a–z 0–9 _ -
 * (e.g. a UUID v4, or 16 random bytes as hex). The route refuses a shorter one with COMMAND_INVALID.
 */
export const OPAQUE_COMMAND_ID = /^[A-Za-z0-9_-]{32,64}$/;

export function opaqueIdProblem(command: ParsedCommand): string | undefined {
  if (command.idempotency !== 'opaque' || OPAQUE_COMMAND_ID.test(command.id)) return undefined;
  return 'the id of this command must be 32 to 64 characters of A-Z a-z 0-9 _ - (at least 128 random bits, e.g. a UUID)';
}

/** Stored answers are padded to a multiple of this many bytes, so their length tells nothing apart. */
const ANSWER_BLOCK = 256;
const ANSWER_FORMAT = 'a1.';

/** The stored form: JSON (the column is read by SQL elsewhere) holding only the sealed bytes. */
interface SealedAnswer {
  readonly sealed: string;
}

function sealAnswer(key: Buffer, rowKey: string, result: string): string {
  const padded = result + ' '.repeat(ANSWER_BLOCK - (Buffer.byteLength(result, 'utf8') % ANSWER_BLOCK));
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(rowKey, 'utf8'));
  const sealed = Buffer.concat([cipher.update(padded, 'utf8'), cipher.final()]);
  const stored: SealedAnswer = { sealed: ANSWER_FORMAT + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url') };
  return JSON.stringify(stored);
}

function openAnswer(key: Buffer, rowKey: string, stored: string): string {
  const { sealed } = JSON.parse(stored) as Partial<SealedAnswer>;
  if (typeof sealed !== 'string' || !sealed.startsWith(ANSWER_FORMAT)) throw new Error('an opaque answer is not sealed');
  const bytes = Buffer.from(sealed.slice(ANSWER_FORMAT.length), 'base64url');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(rowKey, 'utf8'));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8').trimEnd();
}

function opaque(db: ServerDb, member: Member, command: ParsedCommand): Idempotency {
  const secret = macKey(db);
  // JSON arrays as the MAC input: no separator inside an id can make two different triples collide.
  const triple = [member.meetingId, member.delegateId, command.id];
  const key = hmac(secret, canonicalJson(['command-key', ...triple]));
  const contentMac = hmac(secret, canonicalJson(['command-content', key, command.value]));
  // Not derivable from the stored key: reading the answer takes the command id.
  const answerKey = crypto.createHmac('sha256', secret).update(canonicalJson(['command-answer', ...triple]), 'utf8').digest();
  return {
    lookup() {
      const stored = getOpaqueCommand(db, member.meetingId, key);
      if (!stored) return { kind: 'new' };
      if (stored.contentMac !== contentMac) return { kind: 'conflict' };
      return { kind: 'stored', answer: { status: stored.status, result: openAnswer(answerKey, key, stored.result) } };
    },
    store(answer) {
      insertOpaqueCommand(db, { meetingId: member.meetingId, key, contentMac, status: answer.status, result: sealAnswer(answerKey, key, answer.result) });
    },
  };
}

export function idempotencyFor(db: ServerDb, member: Member, command: ParsedCommand): Idempotency {
  return command.idempotency === 'opaque' ? opaque(db, member, command) : byHash(db, member, command);
}
