// The publisher uploads each member's group slug (groupId), and none for a member without a group, so packs
// without groups publish exactly as before.
import { expect, it } from 'vitest';
import { generatePublisherKeys, randomBytes } from '../../../common/pack/crypto.ts';
import { toB64url } from '../../../common/pack/encoding.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import { buildMembers } from '../../../main/services/publish/buildPack.ts';

const delegate = (id: string, group: string): Delegate => ({ id, name: id, position: '', unit: '', group, role: id === 'd01' ? 'chair' : 'delegate' });

it('adds the slug of the delegate group to each member upload', async () => {
  const id = { meetingId: 'kh8', revision: 1, server: 'http://127.0.0.1:1', publisher: await generatePublisherKeys(), meetingKey: toB64url(randomBytes(32)) };
  const delegates = [delegate('d01', 'Tổ 1'), delegate('d02', 'Tổ đại biểu số 2'), delegate('d03', '')];
  const secrets = new Map(delegates.map((d) => [d.id, toB64url(randomBytes(32))]));
  const members = await buildMembers(id, delegates, secrets, []);
  expect(members.map((m) => m.upload.groupId)).toEqual(['to-1', 'to-dai-bieu-so-2', undefined]);
  expect('groupId' in (members[2]?.upload ?? {})).toBe(false);
});
