// A KeyProtector for devices without a real OS keystore (Linux with safeStorage on 'basic_text', or none):
// a key derived from the delegate's passphrase with scrypt seals each secret with AES-256-GCM. The salt, the
// cost parameters and a verifier (a sealed constant, so a wrong passphrase is told at once) live in
// keystore.json beside the vault; the passphrase and the key never touch the disk.
import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { bilingualMessage } from '../../../common/i18n/messages.ts';
import { CouncilError } from '../../../common/result.ts';
import type { KeyProtector } from '../keys/KeyProtector.ts';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const BLOB_VERSION = 2; // 1 is FileKeyProtector's; distinct so a blob of one is never fed to the other silently
const AAD = new TextEncoder().encode('paperless-council/passphrase-blob/v1');
const VERIFIER_PLAIN = new TextEncoder().encode('paperless-council passphrase ok');

/** scrypt cost: N=2^17, r=8 (128 MiB, about half a second on a laptop): once per app start. */
export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

export const passphraseParamsSchema = z.object({
  salt: z.string().regex(/^[A-Za-z0-9_-]+$/),
  N: z.number().int().min(2 ** 10).max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  verifier: z.string().regex(/^[A-Za-z0-9_-]+$/),
});
export type PassphraseParams = z.infer<typeof passphraseParamsSchema>;

function deriveKey(passphrase: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const maxmem = 256 * cost.N * cost.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function seal(key: Buffer, plain: Uint8Array): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(AAD);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return new Uint8Array(Buffer.concat([Buffer.of(BLOB_VERSION), nonce, body]));
}

function open(key: Buffer, blob: Uint8Array): Uint8Array | undefined {
  if (blob.length < 1 + NONCE_BYTES + TAG_BYTES || blob[0] !== BLOB_VERSION) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + NONCE_BYTES)).setAAD(AAD);
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  try {
    return new Uint8Array(Buffer.concat([decipher.update(blob.subarray(1 + NONCE_BYTES, blob.length - TAG_BYTES)), decipher.final()]));
  } catch {
    return undefined;
  }
}

export class PassphraseProtector implements KeyProtector {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** First use: a new salt and verifier for this passphrase; store the returned params. */
  static async create(passphrase: string, cost: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<{ protector: PassphraseProtector; params: PassphraseParams }> {
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveKey(passphrase, salt, cost);
    const verifier = Buffer.from(seal(key, VERIFIER_PLAIN)).toString('base64url');
    return { protector: new PassphraseProtector(key), params: { salt: salt.toString('base64url'), ...cost, verifier } };
  }

  /** Later uses: VAULT_LOCKED when the passphrase does not open the verifier. */
  static async unlock(passphrase: string, params: PassphraseParams): Promise<PassphraseProtector> {
    const key = await deriveKey(passphrase, Buffer.from(params.salt, 'base64url'), params);
    const plain = open(key, Buffer.from(params.verifier, 'base64url'));
    if (!plain || plain.length !== VERIFIER_PLAIN.length || !timingSafeEqual(plain, VERIFIER_PLAIN)) {
      throw new CouncilError('VAULT_LOCKED', bilingualMessage('WRONG_PASSPHRASE', {}));
    }
    return new PassphraseProtector(key);
  }

  async protect(plain: Uint8Array): Promise<Uint8Array> {
    return seal(this.#key, plain);
  }

  async unprotect(blob: Uint8Array): Promise<Uint8Array> {
    const plain = open(this.#key, blob);
    if (!plain) throw new CouncilError('VAULT_LOCKED', 'this key was sealed with another passphrase or is damaged');
    return plain;
  }

  describe(): string {
    return 'passphrase (scrypt + AES-256-GCM)';
  }
}
