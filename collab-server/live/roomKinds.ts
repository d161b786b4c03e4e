// Who may enter which room, and who may write in it. Built-in kinds are decided here; a feature (annotations,
// voting) adds its own kind with registerRoomKind (common/live/rooms.ts: the name grammar) and
// registerRoomPolicy (here: the access rule), without touching upgrade.ts.
//
//   state    every member reads; nobody writes (the server applies commands)
//   private  its delegate only, read and write
//   shared   every member; observers (the hall screen) read only
//   group    the group's members read and write; the chair and the secretariat read (they follow and compile
//            every tổ's discussion but do not write in it); observers and other delegates may not enter
import type { RoomRef } from '../../common/live/rooms.ts';
import type { Member } from '../core/types.ts';

/** What the live session knows about a member: who they are and, for group rooms, their group slug. */
export interface RoomMember extends Member {
  /** '' when the member has no group (or the pack was published before groups were uploaded). */
  readonly groupId: string;
}

export type RoomAccess = 'none' | 'read' | 'write';

export interface RoomPolicy {
  /** Called only with refs of this kind and with a member of the ref's meeting. */
  access(member: RoomMember, ref: RoomRef): RoomAccess;
}

const policies = new Map<string, RoomPolicy>();

/** The access rule of a feature's room kind (the feature's name, as in registerRoomKind). */
export function registerRoomPolicy(feature: string, policy: RoomPolicy): void {
  if (policies.has(feature) && policies.get(feature) !== policy) throw new Error(`room policy ${feature} is already registered`);
  policies.set(feature, policy);
}

const readerUnlessObserver = (member: RoomMember): RoomAccess => (member.role === 'observer' ? 'read' : 'write');

function groupAccess(member: RoomMember, groupId: string): RoomAccess {
  if (member.role === 'observer') return 'none';
  if (member.groupId !== '' && member.groupId === groupId) return 'write';
  return member.role === 'chair' || member.role === 'secretary' ? 'read' : 'none';
}

export function roomAccess(member: RoomMember, ref: RoomRef): RoomAccess {
  if (member.meetingId !== ref.meetingId) return 'none';
  switch (ref.kind) {
    case 'state':
      return 'read';
    case 'private':
      return ref.delegateId === member.delegateId ? 'write' : 'none';
    case 'shared':
      return readerUnlessObserver(member);
    case 'group':
      return groupAccess(member, ref.groupId);
    case 'feature':
      return policies.get(ref.feature)?.access(member, ref) ?? 'none';
  }
}
