// Góp ý on a confidential document go to the secretariat's confidential inbox key, whose private half is in no
// bundle: a secretary who does not read the document cannot open them, the console (inboxKeysOf) can. A pack
// without that key refuses such a góp ý rather than sealing it to the ordinary key every secretary holds.
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOpinionKeyPair } from '../../../common/annotations/keys.ts';
import { openFromMember, sealToSecretariat } from '../../../common/annotations/seal.ts';
import type { Opinion } from '../../../common/annotations/types.ts';
import { CouncilError } from '../../../common/result.ts';
import { inboxKeysOf, type PublisherState } from '../../../main/services/publish/state.ts';
import { makeMembers, newId, type Members } from './fixtures.ts';

const opinion = (authorId: string, documentId: string): Opinion => ({
  id: newId(),
  authorId,
  documentId,
  revision: 1,
  page: 1,
  quote: 'nội dung mật',
  text: 'Góp ý',
  sentAt: '2026-12-05T09:00:00.000Z',
});

let m: Members;
beforeAll(async () => {
  m = await makeMembers();
});

describe('góp ý on a confidential document', () => {
  it('is sealed to the confidential key: the non-reader secretary cannot open it, the ordinary one still can open others', async () => {
    expect(typeof m.a.opinionConfidentialPublicKey).toBe('string');
    const secret = await sealToSecretariat(m.a, 'opinion', opinion('a', 'mat'));
    expect((await openFromMember(m.s.opinionPrivateKey ?? '', m.s.signers, 'opinion', secret)).ok).toBe(false);
    const plain = opinion('a', 'bc');
    expect(await openFromMember(m.s.opinionPrivateKey ?? '', m.s.signers, 'opinion', await sealToSecretariat(m.a, 'opinion', plain))).toEqual({ ok: true, value: plain });
  });

  it('opens on the console with inboxKeysOf, which tries both keys', async () => {
    const opinionPair = await generateOpinionKeyPair();
    const confPair = await generateOpinionKeyPair();
    const keys = { ...m.a, opinionPublicKey: opinionPair.publicKey, opinionConfidentialPublicKey: confPair.publicKey };
    const o = opinion('a', 'mat');
    const blob = await sealToSecretariat(keys, 'opinion', o);
    const state = { notes: { members: {}, groups: {}, opinion: opinionPair, opinionConfidential: confPair } } as unknown as PublisherState;
    const inbox = inboxKeysOf(state);
    expect(inbox?.opinionPrivateKeys).toEqual([opinionPair.privateKey, confPair.privateKey]);
    expect((await openFromMember(opinionPair.privateKey, m.s.signers, 'opinion', blob)).ok).toBe(false);
    const results = await Promise.all((inbox?.opinionPrivateKeys ?? []).map((k) => openFromMember(k, m.s.signers, 'opinion', blob)));
    expect(results.find((r) => r.ok)).toEqual({ ok: true, value: o });
  });

  it('is refused (NOTE_KEYS_MISSING) when the pack has no confidential inbox key', async () => {
    const { opinionConfidentialPublicKey: _drop, ...older } = m.a;
    void _drop;
    const err = await sealToSecretariat(older, 'opinion', opinion('a', 'mat')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err instanceof CouncilError && err.code).toBe('NOTE_KEYS_MISSING');
    // Ordinary documents still go through.
    expect((await sealToSecretariat(older, 'opinion', opinion('a', 'bc'))).length).toBeGreaterThan(0);
  });
});
