// Which KeyProtector the app uses. safeStorage is only as good as its backend: on Linux without a keyring it
// encrypts with a fixed, public password ('basic_text'), which protects nothing — then we ask the delegate
// for a passphrase instead of pretending (SECURITY.md). Once a vault has keys under one protector it keeps
// that protector: switching would make the stored secrets unreadable.
import type { KeystoreStatus } from '../../../common/api/ipc.ts';

/** What electron.safeStorage reports; `backend` is Linux-only (getSelectedStorageBackend). */
export interface KeystoreProbe {
  readonly platform: NodeJS.Platform;
  readonly encryptionAvailable: boolean;
  readonly backend?: string;
}

export type ProtectorKind = 'os-keystore' | 'passphrase';
export type ProtectorChoice =
  | { readonly kind: 'os-keystore' }
  | { readonly kind: 'passphrase'; readonly reason: NonNullable<KeystoreStatus['reason']> };

/** Linux backends that really keep the key in a keyring. 'unknown' (asked before app ready) does not count. */
export const LINUX_REAL_BACKENDS: readonly string[] = ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'];

export function osKeystoreIsReal(probe: KeystoreProbe): boolean {
  if (!probe.encryptionAvailable) return false;
  if (probe.platform !== 'linux') return true;
  return probe.backend !== undefined && LINUX_REAL_BACKENDS.includes(probe.backend);
}

export function chooseProtector(probe: KeystoreProbe, previous: ProtectorKind | undefined): ProtectorChoice {
  const real = osKeystoreIsReal(probe);
  if (previous === 'passphrase') return { kind: 'passphrase', reason: 'chosen-before' };
  // The keys were sealed by a keyring that is gone (or locked to basic_text now): the old secrets cannot be
  // opened, so the delegate must rejoin; new secrets get a passphrase rather than a fixed password.
  if (previous === 'os-keystore') return real ? { kind: 'os-keystore' } : { kind: 'passphrase', reason: 'keystore-gone' };
  if (real) return { kind: 'os-keystore' };
  return { kind: 'passphrase', reason: probe.encryptionAvailable ? 'basic-text' : 'unavailable' };
}
