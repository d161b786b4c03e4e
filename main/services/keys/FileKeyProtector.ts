// A KeyProtector for plain Node (CLI, tests, servers without a keystore): a random 32-byte key in
// <dataDir>/vault.key (mode 0600) seals each secret with AES-256-GCM. It separates the key from the database,
// so a copy of vault.sqlite alone reveals nothing; it does not protect against someone who can read the
// whole user account or disk (they get both files). See the vault section of the README.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CouncilError } from '../../../common/result.ts';
import type { KeyProtector } from './KeyProtector.ts';

export const KEY_FILE_NAME = 'vault.key';
export const KEY_FILE_MODE = 0o600;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BLOB_VERSION = 1;
/** Binds every blob to this use, so a blob can never be confused with another AES-GCM message. */
const AAD = new TextEncoder().encode('paperless-council/vault-key-blob/v1');

export class FileKeyProtector implements KeyProtector {
  readonly #key: Buffer;
  readonly #path: string;

  private constructor(key: Buffer, path: string) {
    this.#key = key;
    this.#path = path;
  }

  /** Loads <dataDir>/vault.key, creating it (0600, in a 0700 folder) on first use. */
  static open(dataDir: string): FileKeyProtector {
    const path = join(dataDir, KEY_FILE_NAME);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const key = createKeyFile(path) ?? readKeyFile(path);
    return new FileKeyProtector(key, path);
  }

  async protect(plain: Uint8Array): Promise<Uint8Array> {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce).setAAD(AAD);
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return new Uint8Array(Buffer.concat([Buffer.of(BLOB_VERSION), nonce, body]));
  }

  async unprotect(blob: Uint8Array): Promise<Uint8Array> {
    if (blob.length < 1 + NONCE_BYTES + TAG_BYTES || blob[0] !== BLOB_VERSION) {
      throw new CouncilError('VAULT_LOCKED', 'protected key blob is malformed');
    }
    const nonce = blob.subarray(1, 1 + NONCE_BYTES);
    const body = blob.subarray(1 + NONCE_BYTES, blob.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, nonce).setAAD(AAD);
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    try {
      return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
    } catch {
      throw new CouncilError('VAULT_LOCKED', `cannot open a key with ${this.#path} (another key file?)`);
    }
  }

  describe(): string {
    return `file key ${this.#path}`;
  }
}

/** Creates the key file exclusively; returns undefined when it already exists. */
function createKeyFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'wx', KEY_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw e;
  }
  try {
    const key = randomBytes(KEY_BYTES);
    writeSync(fd, key);
    fsyncSync(fd);
    checkPermissions(path, fstatSync(fd));
    return key;
  } finally {
    closeSync(fd);
  }
}

function readKeyFile(path: string): Buffer {
  checkPermissions(path, statSync(path));
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) throw new CouncilError('VAULT_LOCKED', `${path} is damaged (expected ${KEY_BYTES} bytes)`);
  return key;
}

/** Refuses a key file that other users could read or that belongs to someone else (POSIX only). */
export function checkPermissions(path: string, st: { mode: number; uid: number; isFile(): boolean }): void {
  if (!st.isFile()) throw new CouncilError('VAULT_LOCKED', `${path} is not a regular file`);
  if (process.platform === 'win32') return; // NTFS ACLs, not mode bits, guard the file there
  if ((st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    throw new CouncilError('VAULT_LOCKED', `${path} has permissions ${mode}; other users could read it. Run: chmod 600 ${path}`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new CouncilError('VAULT_LOCKED', `${path} belongs to another user (uid ${st.uid})`);
  }
}
