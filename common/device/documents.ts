// Reading a document back from the device: its ciphertext chunks from the store, decrypted and verified a
// few chunks at a time (common/pack's STREAM decryption). Memory stays at a few chunks whatever the size.
import type { DocumentEntry } from '../pack/format.ts';
import { documentKey } from '../pack/manifest.ts';
import { decryptDocument, type DecryptableEntry, type HasherFactory } from '../pack/stream.ts';
import { CouncilError } from '../result.ts';
import { openDocumentText, type DocumentText } from '../search/documentText.ts';
import type { OpenedRevision } from './openPack.ts';
import type { DeviceStore } from './store.ts';

/**
 * Yields the plaintext chunk by chunk. Each chunk is authenticated before it is yielded (AES-GCM, bound to
 * its index and last-chunk flag); the whole-document SHA-256 is checked after the last one, so a consumer
 * must treat the document as good only once the iteration ends without throwing.
 */
export function decryptStoredDocument(store: DeviceStore, entry: DecryptableEntry, key: Uint8Array, hasherFactory?: HasherFactory): AsyncGenerator<Uint8Array> {
  const fromStore = async (index: number, hash: string): Promise<Uint8Array> => {
    const ciphertext = await store.getChunk(hash);
    if (!ciphertext) throw new CouncilError('VAULT_NOT_FOUND', `document ${entry.id}: chunk ${index} is not on this device`);
    return ciphertext;
  };
  // Chunks were checked against their address when stored; AES-GCM authenticates them again here.
  return decryptDocument({ entry, key, readChunk: fromStore, ...(hasherFactory ? { hasherFactory } : {}) });
}

/** Decrypts and checks a stored document, discarding the plaintext. */
export async function verifyStoredDocument(store: DeviceStore, entry: DecryptableEntry, key: Uint8Array, hasherFactory?: HasherFactory): Promise<void> {
  for await (const _plain of decryptStoredDocument(store, entry, key, hasherFactory)) {
    // nothing kept: the point is the authentication of every chunk and the final SHA-256
  }
}

/** A readable document of an opened revision, as a verified plaintext stream. */
export function openDocumentStream(store: DeviceStore, opened: OpenedRevision, entry: DocumentEntry, hasherFactory?: HasherFactory): AsyncGenerator<Uint8Array> {
  return decryptStoredDocument(store, entry, documentKey(entry, opened.bundle), hasherFactory);
}

/** The whole document in memory (the viewer needs it whole); checked before it is returned. */
export async function readDocument(stream: AsyncIterable<Uint8Array>, bytes: number): Promise<Uint8Array> {
  const out = new Uint8Array(bytes);
  let offset = 0;
  for await (const plain of stream) {
    if (offset + plain.length > out.length) throw new CouncilError('PACK_PLAINTEXT_MISMATCH', `the document is longer than its manifest says`);
    out.set(plain, offset);
    offset += plain.length;
  }
  return out;
}

/**
 * A document's page texts from the device (format 2 packs): its text chunks from the store, decrypted with the
 * document's key and checked like the PDF. Undefined when the pack carries no text for it (format 1).
 */
export async function readStoredDocumentText(store: DeviceStore, entry: DocumentEntry, key: Uint8Array, hasherFactory?: HasherFactory): Promise<DocumentText | undefined> {
  if (!entry.text) return undefined;
  const readChunk = async (index: number, hash: string): Promise<Uint8Array> => {
    const ciphertext = await store.getChunk(hash);
    if (!ciphertext) throw new CouncilError('VAULT_NOT_FOUND', `document ${entry.id}: page text chunk ${index} is not on this device`);
    return ciphertext;
  };
  return openDocumentText({ documentId: entry.id, ref: entry.text, documentKey: key, readChunk, ...(hasherFactory ? { hasherFactory } : {}) });
}
