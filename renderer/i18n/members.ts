// How a member is named on screen: by the role's own word (Chủ tọa, Thư ký, Màn hình hội trường), the group
// only when there is one, and never an empty part between separators. Pure, so it is unit-tested.
import type { Delegate, Role } from '../../common/meeting/types.ts';
import { isVotingRole } from '../../common/meeting/types.ts';
import { foldVietnamese as fold } from '../../common/text/fold.ts';
import type { MessageKey } from './vi.ts';

type T = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

const LINE: Readonly<Record<Role, MessageKey>> = {
  delegate: 'member.line.delegate',
  chair: 'member.line.chair',
  secretary: 'member.line.secretary',
  observer: 'member.line.observer',
};

/** Parts joined by `separator`, the empty ones left out (no dangling "," or "·"). */
export function joinParts(parts: readonly (string | undefined)[], separator: string): string {
  return parts.map((p) => p?.trim() ?? '').filter((p) => p !== '').join(separator);
}

/** "Đại biểu Sùng A Páo, Tổ 1", "Chủ tọa Lò Văn Thắng, Tổ 1", "Thư ký Nguyễn Thị Lan", "Màn hình hội trường". */
export function memberLine(t: T, role: Role, name: string, group = ''): string {
  const roleWord = t(`role.${role}`);
  // The hall screen is usually named after itself: "Màn hình hội trường", not "Màn hình hội trường Màn hình hội trường".
  const named = role === 'observer' && fold(name).includes(fold(roleWord)) ? roleWord : t(LINE[role], { name });
  return joinParts([named, group], ', ');
}

/** Chair and delegates: the members totalDelegates counts (not the secretary, not the hall screen). */
export function votingMembers(delegates: readonly Delegate[]): number {
  return delegates.filter((d) => isVotingRole(d.role)).length;
}

/** "30 đại biểu · 1 thư ký · 1 màn hình hội trường": the composition of the list, empty groups left out. */
export function compositionLine(t: T, delegates: readonly Delegate[]): string {
  const count = (role: Role) => delegates.filter((d) => d.role === role).length;
  const secretaries = count('secretary');
  const screens = count('observer');
  return joinParts(
    [
      t('delegates.count', { count: votingMembers(delegates) }),
      secretaries > 0 ? t('delegates.countSecretaries', { count: secretaries }) : '',
      screens > 0 ? t('delegates.countScreens', { count: screens }) : '',
    ],
    ' · ',
  );
}
