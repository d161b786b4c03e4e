// Decrypts a stored document a few chunks at a time (common/pack's pipelined decryptDocument): memory
// stays at a few chunks, whatever the size, and the crypto uses every core.
import { decryptDocument, type DecryptableEntry } from '../../../common/pack/stream.ts';
import { CouncilError } from '../../../common/result.ts';
import { readChunk } from './chunkQueries.ts';
import { nodeHasherFactory } from '../nodeHasher.ts';
import type { VaultDb } from './vaultDb.ts';

/**
 * Yields the plaintext chunk by chunk. Each chunk is authenticated before it is yielded (AES-GCM, bound to
 * its index and last-chunk flag); the whole-document SHA-256 is checked after the last one, so a consumer
 * must treat the document as good only once the iteration ends without throwing.
 */
export function decryptStoredDocument(db: VaultDb, entry: DecryptableEntry, key: Uint8Array): AsyncGenerator<Uint8Array> {
  const fromVault = async (index: number, hash: string): Promise<Uint8Array> => {
    const ciphertext = readChunk(db, hash);
    if (!ciphertext) throw new CouncilError('VAULT_NOT_FOUND', `document ${entry.id}: chunk ${index} is not in the vault`);
    return ciphertext;
  };
  // Chunks were checked against their address when stored; AES-GCM authenticates them again here.
  return decryptDocument({ entry, key, readChunk: fromVault, hasherFactory: nodeHasherFactory });
}

/** Decrypts and checks a stored document, discarding the plaintext. */
export async function verifyStoredDocument(db: VaultDb, entry: DecryptableEntry, key: Uint8Array): Promise<void> {
  for await (const _plain of decryptStoredDocument(db, entry, key)) {
    // nothing kept: the point is the authentication of every chunk and the final SHA-256
  }
}
