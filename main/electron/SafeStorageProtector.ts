// KeyProtector over the OS keystore (Keychain, DPAPI, libsecret/kwallet) through electron.safeStorage.
// Used only when protectorPolicy says the backend is real; never on Linux 'basic_text'.
import { safeStorage } from 'electron';
import type { KeystoreProbe } from '../services/app/protectorPolicy.ts';
import type { OsKeystore } from '../services/app/Keystore.ts';
import type { KeyProtector } from '../services/keys/KeyProtector.ts';
import { CouncilError } from '../../common/result.ts';

/** Marks our blobs (FileKeyProtector uses 1, PassphraseProtector 2). */
const BLOB_VERSION = 3;

export class SafeStorageProtector implements KeyProtector {
  async protect(plain: Uint8Array): Promise<Uint8Array> {
    const sealed = safeStorage.encryptString(Buffer.from(plain).toString('base64'));
    return new Uint8Array(Buffer.concat([Buffer.of(BLOB_VERSION), sealed]));
  }

  async unprotect(blob: Uint8Array): Promise<Uint8Array> {
    if (blob.length < 2 || blob[0] !== BLOB_VERSION) throw new CouncilError('VAULT_LOCKED', 'this key was not sealed by the OS keystore');
    try {
      return new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(blob.subarray(1))), 'base64'));
    } catch {
      throw new CouncilError('VAULT_LOCKED', 'the OS keystore cannot open this key (another user or a reset keyring?)');
    }
  }

  describe(): string {
    return `OS keystore (safeStorage${process.platform === 'linux' ? `: ${safeStorage.getSelectedStorageBackend()}` : ''})`;
  }
}

export function electronKeystore(): OsKeystore {
  const protector = new SafeStorageProtector();
  return {
    probe: (): KeystoreProbe => ({
      platform: process.platform,
      encryptionAvailable: safeStorage.isEncryptionAvailable(),
      ...(process.platform === 'linux' ? { backend: safeStorage.getSelectedStorageBackend() } : {}),
    }),
    protector: () => protector,
  };
}
