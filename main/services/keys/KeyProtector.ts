// How the vault keeps its secrets at rest. The file-based protector lives here; the Electron app supplies
// one backed by the OS keystore (safeStorage) in main/electron, implementing the same interface.

/** Seals small secrets (invitation secrets) before they are written to the vault database. */
export interface KeyProtector {
  /** Returns an opaque blob; only this protector (same key file / same OS account) can open it. */
  protect(plain: Uint8Array): Promise<Uint8Array>;
  /** Throws CouncilError VAULT_LOCKED when the blob cannot be opened (other key, damaged blob). */
  unprotect(blob: Uint8Array): Promise<Uint8Array>;
  /** Short human description for logs and `council docs`, e.g. "file key ./council-data/vault.key". */
  describe(): string;
}
