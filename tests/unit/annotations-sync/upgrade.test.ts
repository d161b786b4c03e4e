// Who may enter the annotation rooms (collab-server/live/upgrade.ts + features/annotations.ts), decided from the
// upgrade request alone: members by role, the admin token read-only on the state and inbox rooms only.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import '../../../collab-server/live/features/index.ts';
import { ADMIN_READER_ID, checkUpgrade } from '../../../collab-server/live/upgrade.ts';
import { inboxRoom, NOTES_CONF_FEATURE } from '../../../common/annotations/rooms.ts';
import { featureRoom, groupRoom, meetingStateRoom, privateRoom, sharedRoom, SYNC_PATH } from '../../../common/live/rooms.ts';
import type { Role } from '../../../common/meeting/types.ts';
import type { AuthResult } from '../../../collab-server/core/types.ts';

const MID = 'mUpgrade0001';
const ADMIN = 'the-admin-token-0123456789';
const ROLES: Readonly<Record<string, Role>> = { d1: 'delegate', ch: 'chair', tk: 'secretary', hall: 'observer' };

const authenticate = (token: string): AuthResult => {
  const role = ROLES[token];
  return role ? { ok: true, member: { meetingId: MID, delegateId: token, role } } : { ok: false, reason: 'unknown' };
};
const request = (room: string, token: string): IncomingMessage => ({ url: `${SYNC_PATH}/${room}?token=${encodeURIComponent(token)}`, headers: {} }) as IncomingMessage;
const access = (room: string, token: string): string => {
  const r = checkUpgrade(request(room, token), authenticate, () => 'to-1', (t) => t === ADMIN);
  return r.ok ? r.value.access : r.error.code;
};

const conf = featureRoom(NOTES_CONF_FEATURE, MID, { tag: 'AbCdEfGhIjKlMnOpQrStUv' });

describe('annotation rooms at the upgrade', () => {
  it('lets every member but the hall screen write a confidential notes room and the inboxes', () => {
    for (const room of [conf, inboxRoom(MID, 'opinions'), inboxRoom(MID, 'receipts')]) {
      expect([access(room, 'd1'), access(room, 'ch'), access(room, 'tk'), access(room, 'hall')]).toEqual(['write', 'write', 'write', 'FORBIDDEN']);
    }
  });

  it('gives the admin token read-only access to the state room and the inboxes, and nothing else', () => {
    expect(access(meetingStateRoom(MID), ADMIN)).toBe('read');
    expect(access(inboxRoom(MID, 'opinions'), ADMIN)).toBe('read');
    expect(access(inboxRoom(MID, 'receipts'), ADMIN)).toBe('read');
    for (const room of [conf, sharedRoom(MID, 'notes'), groupRoom(MID, 'to-1', 'notes'), privateRoom(MID, 'd1', 'notes')]) expect(access(room, ADMIN)).toBe('FORBIDDEN');
    const grant = checkUpgrade(request(inboxRoom(MID, 'opinions'), ADMIN), authenticate, () => '', (t) => t === ADMIN);
    expect(grant.ok && grant.value.member.delegateId).toBe(ADMIN_READER_ID);
  });

  it('treats the admin token as unknown when the session does not pass isAdmin', () => {
    expect(checkUpgrade(request(inboxRoom(MID, 'opinions'), ADMIN), authenticate, () => '').ok).toBe(false);
    expect(access(inboxRoom(MID, 'opinions'), 'wrong-token')).toBe('UNAUTHORIZED');
  });
});
