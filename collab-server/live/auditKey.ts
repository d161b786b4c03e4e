// The server's audit signing key: Ed25519, generated on first start into <data>/audit-key (PKCS#8 PEM, mode
// 0600), apart from the database so that a copy of the database alone cannot sign a rewritten log. The public
// key is also kept in the settings table, so `council audit verify` can check a database copied without it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ServerDb } from '../store/db.ts';
import { checkpointSignedBytes, entrySignedBytes, type AuditCheckpoint } from '../../common/live/audit.ts';
import { get, run, sql } from '../store/sql.ts';

export const AUDIT_KEY_FILE = 'audit-key';
export const AUDIT_PUBLIC_KEY_SETTING = 'audit_public_key';

export interface AuditSigner {
  /** Base64url raw Ed25519 public key. */
  readonly publicKey: string;
  /** True when this start created the key (the log, if any, was unsigned until now). */
  readonly created: boolean;
  signEntry(entryJson: string): string;
  signCheckpoint(c: Omit<AuditCheckpoint, 'signature'>): AuditCheckpoint;
}

export function publicKeyOf(key: crypto.KeyObject): string {
  const jwk = crypto.createPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('audit key: not an Ed25519 key');
  return jwk.x;
}

/** Reads the key file when there is one; refuses one that others may read. */
export function readAuditKey(dataDir: string): crypto.KeyObject | undefined {
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  if (!fs.existsSync(file)) return undefined;
  const mode = fs.statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw new Error(`${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
  const key = crypto.createPrivateKey(fs.readFileSync(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 key`);
  return key;
}

function createAuditKey(dataDir: string): crypto.KeyObject {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const file = path.join(dataDir, AUDIT_KEY_FILE);
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  // wx: never overwrite a key another process just wrote; the mode applies on creation.
  fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  return privateKey;
}

export function storedAuditPublicKey(db: ServerDb): string | undefined {
  return get<{ value: string }>(db, sql`SELECT value FROM settings WHERE key = ${AUDIT_PUBLIC_KEY_SETTING}`)?.value;
}

function storePublicKey(db: ServerDb, publicKey: string): void {
  run(db, sql`INSERT INTO settings (key, value) VALUES (${AUDIT_PUBLIC_KEY_SETTING}, ${publicKey}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

/** The signer of this data folder, creating its key on first start. */
export function openAuditSigner(db: ServerDb, dataDir: string): AuditSigner {
  const stored = storedAuditPublicKey(db);
  const existing = readAuditKey(dataDir);
  // A new key would silently make every signed entry unverifiable: a lost key is the operator's decision.
  if (!existing && stored) throw new Error(`${path.join(dataDir, AUDIT_KEY_FILE)} is missing but the audit log was signed with it; restore it from a backup`);
  const key = existing ?? createAuditKey(dataDir);
  const publicKey = publicKeyOf(key);
  if (stored && stored !== publicKey) throw new Error(`${path.join(dataDir, AUDIT_KEY_FILE)} is not the key this audit log was signed with`);
  if (!stored) storePublicKey(db, publicKey);
  const sign = (bytes: Uint8Array): string => crypto.sign(null, bytes, key).toString('base64url');
  return {
    publicKey,
    created: !existing,
    signEntry: (entryJson) => sign(entrySignedBytes(entryJson)),
    signCheckpoint: (c) => ({ ...c, signature: sign(checkpointSignedBytes(c)) }),
  };
}
