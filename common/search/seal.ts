// A shard at rest is sealed with a key derived from its document's key: the vault keeps no plaintext of a
// document (as for its chunks), a shard opens only while the document's key is held (the lease's shredding of
// confidential keys makes their shards unreadable at once), and it is bound to its meeting and document.
import { aesGcmDecrypt, aesGcmEncrypt, hkdf, importAesKey, randomBytes } from '../pack/crypto.ts';
import { concatBytes, utf8Encode } from '../pack/encoding.ts';
import { CouncilError } from '../result.ts';
import { shardFromBytes, shardToBytes, type ShardIndex } from './shard.ts';

const SEALED_VERSION = 1;
const IV_BYTES = 12;
const INFO = 'council-search-shard';

const aad = (meetingId: string, documentId: string): Uint8Array => utf8Encode(`${meetingId}/${documentId}/${INFO}/${SEALED_VERSION}`);

async function shardKey(docKey: Uint8Array, meetingId: string, documentId: string): Promise<CryptoKey> {
  return importAesKey(await hkdf(docKey, `${meetingId}/${documentId}`, INFO, 32));
}

export async function sealShard(shard: ShardIndex, meetingId: string, docKey: Uint8Array): Promise<Uint8Array> {
  const iv = randomBytes(IV_BYTES);
  const key = await shardKey(docKey, meetingId, shard.documentId);
  const body = await aesGcmEncrypt(key, iv, aad(meetingId, shard.documentId), shardToBytes(shard));
  return concatBytes(Uint8Array.of(SEALED_VERSION), iv, body);
}

export async function openShard(sealed: Uint8Array, meetingId: string, documentId: string, docKey: Uint8Array): Promise<ShardIndex> {
  if (sealed[0] !== SEALED_VERSION || sealed.length <= 1 + IV_BYTES) throw new CouncilError('PACK_FORMAT', `search shard of ${documentId}: unknown format`);
  const key = await shardKey(docKey, meetingId, documentId);
  const plain = await aesGcmDecrypt(key, sealed.subarray(1, 1 + IV_BYTES), aad(meetingId, documentId), sealed.subarray(1 + IV_BYTES));
  let shard: ShardIndex;
  try {
    shard = shardFromBytes(plain);
  } catch (e) {
    throw new CouncilError('PACK_FORMAT', `search shard of ${documentId}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (shard.documentId !== documentId) throw new CouncilError('PACK_FORMAT', `search shard of ${documentId}: unexpected content`);
  return shard;
}
