// The note keys' fields in the pack format (common/pack/manifest.ts): optional in the signed manifest and in the
// key bundle, so packs from before annotations open unchanged; what a reader that predates them sees; and
// noteKeysFrom refusing a pack without them.
import { describe, expect, it } from 'vitest';
import { noteKeysFrom } from '../../../common/annotations/keys.ts';
import { generatePublisherKeys, randomBytes } from '../../../common/pack/crypto.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import type { KeyBundle, PackManifest } from '../../../common/pack/format.ts';
import { deriveCredentials, newSecret } from '../../../common/pack/invite.ts';
import { openManifest, paddedBundleSize, sealManifest, unwrapKeyBundle, wrapKeyBundle } from '../../../common/pack/manifest.ts';
import { CouncilError } from '../../../common/result.ts';

const b64 = (n: number): string => toB64url(randomBytes(n));

const base: PackManifest = {
  format: 2,
  meetingId: 'm1',
  revision: 1,
  publishedAt: '2026-12-01T00:00:00Z',
  meeting: { title: 'Kỳ họp', body: 'HĐND', startsAt: '2026-12-05T07:30:00+07:00', place: 'Hội trường', totalDelegates: 2, quorum: { numerator: 2, denominator: 3 } },
  agenda: [],
  delegates: [{ id: 'd1', name: 'A', position: '', unit: '', group: 'Tổ 1', role: 'delegate' }],
  documents: [],
  sealedDocuments: [],
};

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
}

async function asyncCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof CouncilError ? e.code : `not a CouncilError: ${String(e)}`;
  }
}

describe('note keys in the pack format', () => {
  it('opens a manifest with and without `notes`, and refuses a malformed one', async () => {
    const publisher = await generatePublisherKeys();
    const mk = randomBytes(32);
    const notes = { signers: { d1: b64(32) }, opinionKey: b64(65) };
    const opened = await openManifest(await sealManifest({ ...base, notes }, mk, publisher), mk, publisher.publicKey);
    expect(opened.notes).toEqual(notes);
    expect((await openManifest(await sealManifest(base, mk, publisher), mk, publisher.publicKey)).notes).toBeUndefined();
    const bad = { ...base, notes: { signers: { 'not an id!': b64(32) }, opinionKey: b64(65) } };
    expect(await asyncCodeOf(openManifest(await sealManifest(bad, mk, publisher), mk, publisher.publicKey))).toBe('PACK_FORMAT');
  });

  it('round-trips a bundle with note keys, pads it like the others, and opens one from before them', async () => {
    const creds = await deriveCredentials({ secret: newSecret(), meetingId: 'm1', delegateId: 'd1' });
    const ctx = { meetingId: 'm1', delegateId: 'd1', revision: 1 };
    const withNotes: KeyBundle = {
      meetingKey: b64(32),
      documentKeys: {},
      notes: { privateKey: b64(32), signingKey: b64(48), group: { groupId: 'to-1', key: b64(32) }, confidential: { sec: b64(32) }, previous: { sec: [b64(32)] }, opinionPrivateKey: b64(138) },
    };
    const plain: KeyBundle = { meetingKey: b64(32), documentKeys: {} };
    const size = paddedBundleSize([withNotes, plain]);
    const a = await wrapKeyBundle(withNotes, creds.wrapKey, ctx, size);
    const b = await wrapKeyBundle(plain, creds.wrapKey, ctx, size);
    expect(a.ciphertext.length).toBe(b.ciphertext.length);
    expect(await unwrapKeyBundle(a, creds.wrapKey, ctx)).toEqual(withNotes);
    expect(await unwrapKeyBundle(b, creds.wrapKey, ctx)).toEqual(plain);
  });

  it('noteKeysFrom: NOTE_KEYS_MISSING without notes in the bundle, the manifest, or a signer for the member', () => {
    const bundle: KeyBundle = { meetingKey: b64(32), documentKeys: {}, notes: { privateKey: b64(32), signingKey: b64(48), confidential: {} } };
    const manifest = { meetingId: 'm1', notes: { signers: { d1: b64(32) }, opinionKey: b64(65) } };
    expect(noteKeysFrom(manifest, bundle, 'd1')).toMatchObject({ meetingId: 'm1', delegateId: 'd1', confidential: {}, meetingKey: bundle.meetingKey });
    expect(noteKeysFrom(manifest, bundle, 'd1').group).toBeUndefined();
    expect(codeOf(() => noteKeysFrom({ meetingId: 'm1' }, bundle, 'd1'))).toBe('NOTE_KEYS_MISSING');
    expect(codeOf(() => noteKeysFrom(manifest, { meetingKey: b64(32), documentKeys: {} }, 'd1'))).toBe('NOTE_KEYS_MISSING');
    expect(codeOf(() => noteKeysFrom(manifest, bundle, 'd2'))).toBe('NOTE_KEYS_MISSING');
  });
});
