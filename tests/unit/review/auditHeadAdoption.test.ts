// Review finding on renderer/live/lastKnown.ts higherHead/checkAuditHead (liveClient.audit): the device keeps
// the published audit head with the higher seq WITHOUT checking its signature. A head that no audit key signed
// (written into the state room by anyone who can write live_room_updates, or by a proxy) replaces the signed one
// the device kept, and the real log cut short behind it raises no warning.
import crypto from 'node:crypto';
import { expect, it } from 'vitest';
import { checkpointSignedBytes, verifyCheckpoint, type AuditCheckpoint } from '../../../common/live/audit.ts';
import { checkAuditHead, higherHead } from '../../../renderer/live/lastKnown.ts';

const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
const pub = publicKey.export({ format: 'jwk' }).x as string;
const signed = (c: Omit<AuditCheckpoint, 'signature'>): AuditCheckpoint => ({ ...c, signature: crypto.sign(null, checkpointSignedBytes(c), privateKey).toString('base64url') });

it('a device does not adopt an unsigned head over the signed one it kept', async () => {
  const kept = signed({ meetingId: 'm1', seq: 100, hash: 'a'.repeat(64), at: 1 });
  const forged: AuditCheckpoint = { meetingId: 'm1', seq: 101, hash: 'b'.repeat(64), at: 2, signature: 'not-a-signature' };
  expect(await verifyCheckpoint(kept, pub)).toBe(true);
  expect(await verifyCheckpoint(forged, pub)).toBe(false);
  // The forged head is taken as the new one...
  const adopted = higherHead(kept, forged);
  // ...so a real, signed head at seq 50 (the log cut from 100 to 50) is compared against 101, not against 100.
  const cut = signed({ meetingId: 'm1', seq: 50, hash: 'c'.repeat(64), at: 3 });
  expect({ adopted: adopted?.seq, warning: checkAuditHead(kept, forged)?.kind }).toEqual({ adopted: 100, warning: undefined });
  expect(checkAuditHead(adopted, cut)?.kind).toBe('lower');
});
