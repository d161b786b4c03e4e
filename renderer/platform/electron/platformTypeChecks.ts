// Compile-time only: the bridge's data types (common/api/ipc.ts) and renderer/platform/Platform.ts must stay
// the same shapes. If one side changes, this file stops type-checking.
import type * as Ipc from '../../../common/api/ipc.ts';
import type * as P from '../Platform.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type PlatformTypesMatch = [
  Assert<Same<Ipc.InvitationPreview, P.InvitationPreview>>,
  Assert<Same<Ipc.MeetingSummary, P.MeetingSummary>>,
  Assert<Same<Ipc.MeetingView, P.MeetingView>>,
  Assert<Same<Ipc.DownloadProgress, P.DownloadProgress>>,
  Assert<Same<Ipc.UpdateInfo, P.UpdateInfo>>,
  Assert<Same<Ipc.Settings, P.Settings>>,
  Assert<Same<Ipc.LiveCredentials, P.LiveCredentials>>,
  Assert<Same<Ipc.MeetingState, P.MeetingState>>,
];
