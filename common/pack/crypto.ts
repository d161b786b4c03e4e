// Thin wrappers over WebCrypto (globalThis.crypto): one implementation for Node, Electron and browsers.
import { CouncilError } from '../result.ts';
import { fromB64url, own, toB64url, toHex, utf8Encode } from './encoding.ts';
import { KEY_BYTES } from './format.ts';

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new CouncilError('INTERNAL', 'WebCrypto is not available (an insecure http:// origin?)');
  return s;
}

export function hasWebCrypto(): boolean {
  return globalThis.crypto?.subtle !== undefined;
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(n));
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < n; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', own(bytes)));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await sha256(bytes));
}

export function importAesKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== KEY_BYTES) throw new CouncilError('PACK_WRONG_KEY', `AES key must be ${KEY_BYTES} bytes`);
  return subtle().importKey('raw', own(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export async function aesGcmEncrypt(key: CryptoKey, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv: own(iv), additionalData: own(aad) }, key, own(plaintext));
  return new Uint8Array(ct);
}

/** Decrypts; any authentication failure becomes the given error code (no partial plaintext is returned). */
export async function aesGcmDecrypt(
  key: CryptoKey,
  iv: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
  failCode: 'PACK_TAMPERED' | 'PACK_WRONG_KEY' = 'PACK_TAMPERED',
): Promise<Uint8Array> {
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: own(iv), additionalData: own(aad) }, key, own(ciphertext)));
  } catch {
    throw new CouncilError(failCode, 'authenticated decryption failed');
  }
}

/** HKDF-SHA-256 → `length` bytes. */
export async function hkdf(ikm: Uint8Array, salt: string, info: string, length: number): Promise<Uint8Array> {
  const base = await subtle().importKey('raw', own(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: own(utf8Encode(salt)), info: own(utf8Encode(info)) }, base, length * 8);
  return new Uint8Array(bits);
}

export interface PublisherKeys {
  /** Base64url raw Ed25519 public key (32 bytes). */
  readonly publicKey: string;
  /** Base64url PKCS#8 private key. */
  readonly privateKey: string;
}

export async function generatePublisherKeys(): Promise<PublisherKeys> {
  const pair = (await subtle().generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  const priv = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  return { publicKey: toB64url(pub), privateKey: toB64url(priv) };
}

export async function ed25519Sign(privateKeyB64: string, data: Uint8Array): Promise<Uint8Array> {
  const pkcs8 = fromB64url(privateKeyB64);
  if (!pkcs8) throw new CouncilError('PACK_FORMAT', 'publisher private key is not base64url');
  const key = await subtle().importKey('pkcs8', own(pkcs8), { name: 'Ed25519' }, false, ['sign']);
  return new Uint8Array(await subtle().sign({ name: 'Ed25519' }, key, own(data)));
}

export async function ed25519Verify(publicKeyB64: string, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const raw = fromB64url(publicKeyB64);
  if (!raw || raw.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await subtle().importKey('raw', own(raw), { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify({ name: 'Ed25519' }, key, own(signature), own(data));
  } catch {
    return false;
  }
}

/** A random meeting id: 'm' + 20 base64url characters (120 bits). */
export function newMeetingId(): string {
  return `m${toB64url(randomBytes(15))}`;
}
