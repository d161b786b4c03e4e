import { describe, expect, it } from 'vitest';
import { aesGcmEncrypt, generatePublisherKeys, randomBytes } from '../../../common/pack/crypto.ts';
import { fromB64url, toB64url } from '../../../common/pack/encoding.ts';
import type { DocumentEntry, PackManifest } from '../../../common/pack/format.ts';
import { deriveCredentials, newSecret } from '../../../common/pack/invite.ts';
import {
  documentKey,
  KEY_BUNDLE_BLOCK,
  openManifest,
  paddedBundleSize,
  readableDocuments,
  sealDocumentEntry,
  sealManifest,
  unwrapKeyBundle,
  verifyEnvelope,
  wrapKeyBundle,
} from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';

const entry = (id: string, key?: Uint8Array): DocumentEntry => ({
  id,
  title: `Tài liệu ${id}`,
  kind: 'to-trinh',
  agendaItemId: '1',
  file: `${id}.pdf`,
  bytes: 10,
  pages: 1,
  sha256: 'a'.repeat(64),
  confidential: key === undefined,
  revision: 1,
  ...(key ? { key: toB64url(key) } : { readers: ['d02'] }),
  noncePrefix: toB64url(randomBytes(7)),
  chunkSize: 1024,
  chunks: [{ hash: 'b'.repeat(64), size: 26 }],
});

async function fixture() {
  const publisher = await generatePublisherKeys();
  const meetingKey = randomBytes(32);
  const secretKey = randomBytes(32);
  const manifest: PackManifest = {
    format: 1,
    meetingId: 'm1',
    revision: 1,
    publishedAt: '2026-12-01T00:00:00Z',
    meeting: { title: 'Kỳ họp thứ Tám', body: 'HĐND', startsAt: '2026-12-05T07:30:00+07:00', place: 'Hội trường', totalDelegates: 3, quorum: { numerator: 2, denominator: 3 } },
    agenda: [{ id: '1', title: 'Khai mạc', documentIds: ['pub', 'sec'], items: [] }],
    delegates: [{ id: 'd02', name: 'Nguyễn Văn A', position: 'Đại biểu', unit: 'Xã A', group: 'Tổ 1', role: 'delegate' }],
    documents: [entry('pub', randomBytes(32))],
    sealedDocuments: [await sealDocumentEntry('m1', entry('sec'), secretKey)],
  };
  return { publisher, meetingKey, secretKey, manifest, envelope: await sealManifest(manifest, meetingKey, publisher) };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
}

describe('signed manifest', () => {
  it('opens with the meeting key and the pinned publisher key', async () => {
    const f = await fixture();
    expect(await openManifest(f.envelope, f.meetingKey, f.publisher.publicKey)).toEqual(f.manifest);
  });

  it('refuses a bad signature, another publisher, a wrong key, a future format and garbage', async () => {
    const f = await fixture();
    const sig = fromB64url(f.envelope.signature)!;
    sig[0]! ^= 1;
    expect(await codeOf(verifyEnvelope({ ...f.envelope, signature: toB64url(sig) }, f.publisher.publicKey))).toBe('PACK_BAD_SIGNATURE');
    // A manifest re-signed by another key is refused by the pin, even though its signature is valid.
    const other = await generatePublisherKeys();
    const forged = await sealManifest(f.manifest, f.meetingKey, other);
    expect(await codeOf(openManifest(forged, f.meetingKey, f.publisher.publicKey))).toBe('PACK_WRONG_PUBLISHER');
    // A server swapping the envelope's key for its own does not help either: the pin is in the invitation.
    expect(await codeOf(openManifest({ ...f.envelope, publisherKey: other.publicKey }, f.meetingKey, f.publisher.publicKey))).toBe('PACK_WRONG_PUBLISHER');
    expect(await codeOf(openManifest(f.envelope, randomBytes(32), f.publisher.publicKey))).toBe('PACK_WRONG_KEY');
    expect(await codeOf(openManifest({ ...f.envelope, format: 3 }, f.meetingKey, f.publisher.publicKey))).toBe('PACK_UNSUPPORTED_VERSION');
    expect(await codeOf(openManifest({ hello: 'world' }, f.meetingKey, f.publisher.publicKey))).toBe('PACK_FORMAT');
    // The revision number is signed: changing it breaks the signature.
    expect(await codeOf(openManifest({ ...f.envelope, revision: 2 }, f.meetingKey, f.publisher.publicKey))).toBe('PACK_BAD_SIGNATURE');
  });
});

describe('key bundles and confidential documents', () => {
  it('gives a reader the confidential document and a non-reader only the ordinary one', async () => {
    const f = await fixture();
    const ctx = { meetingId: 'm1', delegateId: 'd02', revision: 1 };
    const reader = await deriveCredentials({ secret: newSecret(), meetingId: 'm1', delegateId: 'd02' });
    const wrapped = await wrapKeyBundle({ meetingKey: toB64url(f.meetingKey), documentKeys: { sec: toB64url(f.secretKey) } }, reader.wrapKey, ctx);
    const bundle = await unwrapKeyBundle(wrapped, reader.wrapKey, ctx);
    const docs = await readableDocuments(f.manifest, bundle);
    expect(docs.map((d) => d.id).sort()).toEqual(['pub', 'sec']);
    expect(documentKey(docs.find((d) => d.id === 'sec')!, bundle)).toEqual(f.secretKey);

    const plain = { meetingKey: toB64url(f.meetingKey), documentKeys: {} };
    expect((await readableDocuments(f.manifest, plain)).map((d) => d.id)).toEqual(['pub']);
    expect(() => documentKey({ id: 'sec' }, plain)).toThrowError(CouncilError);
  });

  it('pads bundles to one size with spaces inside the ciphertext, and still opens unpadded ones', async () => {
    const creds = await deriveCredentials({ secret: newSecret(), meetingId: 'm1', delegateId: 'd02' });
    const ctx = { meetingId: 'm1', delegateId: 'd02', revision: 1 };
    const withKey = { meetingKey: toB64url(randomBytes(32)), documentKeys: { 'mat-0123456789abcdef': toB64url(randomBytes(32)) } };
    const without = { meetingKey: withKey.meetingKey, documentKeys: {} };
    const size = paddedBundleSize([withKey, without]);
    expect(size % KEY_BUNDLE_BLOCK).toBe(0);
    const a = await wrapKeyBundle(withKey, creds.wrapKey, ctx, size);
    const b = await wrapKeyBundle(without, creds.wrapKey, ctx, size);
    expect(a.ciphertext.length).toBe(b.ciphertext.length);
    expect(fromB64url(a.ciphertext)?.length).toBe(size + 16);
    expect(await unwrapKeyBundle(a, creds.wrapKey, ctx)).toEqual(withKey);
    expect(await unwrapKeyBundle(b, creds.wrapKey, ctx)).toEqual(without);
    await expect(wrapKeyBundle(withKey, creds.wrapKey, ctx, 16)).rejects.toThrowError(CouncilError);

    // A bundle from before padding: plain JSON, no trailing spaces.
    const nonce = randomBytes(12);
    const aad = new TextEncoder().encode('council/keys/v1\0m1\0d02\x001');
    const legacy = await aesGcmEncrypt(creds.wrapKey, nonce, aad, new TextEncoder().encode(JSON.stringify(withKey)));
    expect(await unwrapKeyBundle({ nonce: toB64url(nonce), ciphertext: toB64url(legacy) }, creds.wrapKey, ctx)).toEqual(withKey);
  });

  it('binds a bundle to its delegate, meeting and revision', async () => {
    const creds = await deriveCredentials({ secret: newSecret(), meetingId: 'm1', delegateId: 'd02' });
    const ctx = { meetingId: 'm1', delegateId: 'd02', revision: 1 };
    const wrapped = await wrapKeyBundle({ meetingKey: toB64url(randomBytes(32)), documentKeys: {} }, creds.wrapKey, ctx);
    expect(await codeOf(unwrapKeyBundle(wrapped, creds.wrapKey, { ...ctx, delegateId: 'd03' }))).toBe('PACK_WRONG_KEY');
    expect(await codeOf(unwrapKeyBundle(wrapped, creds.wrapKey, { ...ctx, revision: 2 }))).toBe('PACK_WRONG_KEY');
    const stranger = await deriveCredentials({ secret: newSecret(), meetingId: 'm1', delegateId: 'd02' });
    expect(await codeOf(unwrapKeyBundle(wrapped, stranger.wrapKey, ctx))).toBe('PACK_WRONG_KEY');
  });
});
