// How a retried command is recognised, per its policy (registry.ts). 'hash' keeps (meeting, sender, command id,
// sha256(command)); 'opaque' keeps (meeting, HMAC(secret, meeting ‖ sender ‖ id), HMAC(secret, key ‖ command))
// so the row never names its sender and holds nothing a three-choice guess could be checked against without
// the command id, which only the sender's device knows.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
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

function macKey(db: Database.Database): Buffer {
  const hex = commandMacKey(db);
  if (!hex) throw new Error('the command HMAC key is missing from settings (schema step 140)');
  return Buffer.from(hex, 'hex');
}

function hmac(key: Buffer, text: string): string {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

function byHash(db: Database.Database, member: Member, command: ParsedCommand): Idempotency {
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

function opaque(db: Database.Database, member: Member, command: ParsedCommand): Idempotency {
  const secret = macKey(db);
  // JSON arrays as the MAC input: no separator inside an id can make two different triples collide.
  const key = hmac(secret, canonicalJson(['command-key', member.meetingId, member.delegateId, command.id]));
  const contentMac = hmac(secret, canonicalJson(['command-content', key, command.value]));
  return {
    lookup() {
      const stored = getOpaqueCommand(db, member.meetingId, key);
      if (!stored) return { kind: 'new' };
      return stored.contentMac === contentMac ? { kind: 'stored', answer: stored } : { kind: 'conflict' };
    },
    store(answer) {
      insertOpaqueCommand(db, { meetingId: member.meetingId, key, contentMac, ...answer });
    },
  };
}

export function idempotencyFor(db: Database.Database, member: Member, command: ParsedCommand): Idempotency {
  return command.idempotency === 'opaque' ? opaque(db, member, command) : byHash(db, member, command);
}
