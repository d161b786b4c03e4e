// The publisher keys, encrypted with a passphrase (issue 10): how they survive a lost profile or a new computer.
// A versioned JSON file: scrypt (N=2^17, r=8, p=1: OWASP's setting) derives an AES-256-GCM key; the header is
// the associated data, so no parameter can be changed without the file failing to open (BACKUP_INVALID).
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { KEYS_BACKUP_FORMAT, KEYS_BACKUP_VERSION } from '../../../common/api/console.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { isRecord } from './folderIo.ts';

export const MIN_PASSPHRASE = 8;
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;

interface BackupHeader {
  readonly format: typeof KEYS_BACKUP_FORMAT;
  readonly version: number;
  readonly kdf: { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly salt: string };
  readonly cipher: { readonly name: 'AES-256-GCM'; readonly nonce: string };
  readonly meetingId: string;
  readonly createdAt: string;
}

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...params, maxmem: 256 * params.N * params.r }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

const aad = (h: BackupHeader): Buffer => Buffer.from(JSON.stringify(h));

export async function sealBackup(plaintext: Uint8Array, meetingId: string, passphrase: string): Promise<Uint8Array> {
  if (passphrase.length < MIN_PASSPHRASE) throw new CouncilError('BAD_REQUEST', consoleMessage('PASSPHRASE_SHORT', { min: MIN_PASSPHRASE }));
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const header: BackupHeader = {
    format: KEYS_BACKUP_FORMAT,
    version: KEYS_BACKUP_VERSION,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64url') },
    cipher: { name: 'AES-256-GCM', nonce: nonce.toString('base64url') },
    meetingId,
    createdAt: new Date().toISOString(),
  };
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt, SCRYPT), nonce);
  cipher.setAAD(aad(header));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return new TextEncoder().encode(`${JSON.stringify({ header, ciphertext: ciphertext.toString('base64url') }, null, 2)}\n`);
}

const invalid = (): CouncilError => new CouncilError('BACKUP_INVALID', consoleMessage('BACKUP_WRONG'));

function parseHeader(x: unknown): BackupHeader {
  if (!isRecord(x) || x['format'] !== KEYS_BACKUP_FORMAT || x['version'] !== KEYS_BACKUP_VERSION) throw invalid();
  const kdf = x['kdf'];
  const cipher = x['cipher'];
  if (!isRecord(kdf) || kdf['name'] !== 'scrypt' || !isRecord(cipher) || cipher['name'] !== 'AES-256-GCM') throw invalid();
  const { N, r, p } = kdf;
  // Bounded, so a crafted file cannot make scrypt eat the machine.
  if (typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number' || N > 2 ** 20 || r > 16 || p > 4) throw invalid();
  return x as unknown as BackupHeader;
}

export async function openBackup(bytes: Uint8Array, passphrase: string): Promise<{ header: BackupHeader; plaintext: Uint8Array }> {
  let file: unknown;
  try {
    file = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    throw invalid();
  }
  if (!isRecord(file) || typeof file['ciphertext'] !== 'string') throw invalid();
  const header = parseHeader(file['header']);
  const data = Buffer.from(file['ciphertext'], 'base64url');
  if (data.length < 17) throw invalid();
  try {
    const key = await deriveKey(passphrase, Buffer.from(header.kdf.salt, 'base64url'), header.kdf);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.cipher.nonce, 'base64url'));
    decipher.setAAD(aad(header));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return { header, plaintext: new Uint8Array(Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()])) };
  } catch {
    throw invalid();
  }
}
