// The app's state and its pure reducer: everything the screens show, nothing they compute from the world.
import type { ErrorValue, Result } from '../../common/result.ts';
import { assertNever } from '../../common/result.ts';
import type { DownloadProgress, InvitationPreview, Lang, MeetingSummary, MeetingView, UpdateInfo } from '../platform/Platform.ts';
import type { Route } from './routes.ts';

export type Loadable<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'error'; readonly error: ErrorValue };

export interface AppState {
  readonly route: Route;
  readonly lang: Lang;
  readonly online: boolean;
  readonly meetings: Loadable<readonly MeetingSummary[]>;
  /** The invitation being previewed: held in memory only, never in the URL after joining. */
  readonly invite?: { readonly link: string; readonly preview: Loadable<InvitationPreview> };
  readonly meeting?: { readonly meetingId: string; readonly view: Loadable<MeetingView> };
  readonly downloads: Readonly<Record<string, DownloadProgress>>;
  readonly updates: Readonly<Record<string, UpdateInfo>>;
  /** The revision whose banner the delegate closed, per meeting. */
  readonly dismissed: Readonly<Record<string, number>>;
  readonly notice?: ErrorValue;
}

export type Action =
  | { readonly type: 'route'; readonly route: Route }
  | { readonly type: 'lang'; readonly lang: Lang }
  | { readonly type: 'online'; readonly online: boolean }
  | { readonly type: 'meetings/loading' }
  | { readonly type: 'meetings/loaded'; readonly result: Result<readonly MeetingSummary[]> }
  | { readonly type: 'invite/start'; readonly link: string }
  | { readonly type: 'invite/loaded'; readonly link: string; readonly result: Result<InvitationPreview> }
  | { readonly type: 'invite/clear' }
  | { readonly type: 'meeting/loading'; readonly meetingId: string }
  | { readonly type: 'meeting/loaded'; readonly meetingId: string; readonly result: Result<MeetingView> }
  | { readonly type: 'download/progress'; readonly progress: DownloadProgress }
  | { readonly type: 'update/checked'; readonly meetingId: string; readonly update: UpdateInfo | null }
  | { readonly type: 'update/dismiss'; readonly meetingId: string }
  | { readonly type: 'notice'; readonly error?: ErrorValue };

export const initialState = (route: Route, lang: Lang = 'vi', online = true): AppState => ({
  route,
  lang,
  online,
  meetings: { status: 'idle' },
  downloads: {},
  updates: {},
  dismissed: {},
});

export function loaded<T>(result: Result<T>): Loadable<T> {
  return result.ok ? { status: 'ok', value: result.value } : { status: 'error', error: result.error };
}

function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'route':
      return { ...state, route: action.route };
    case 'lang':
      return { ...state, lang: action.lang };
    case 'online':
      return { ...state, online: action.online };
    case 'meetings/loading':
      return state.meetings.status === 'ok' ? state : { ...state, meetings: { status: 'loading' } };
    case 'meetings/loaded':
      return { ...state, meetings: loaded(action.result) };
    case 'invite/start':
      return { ...state, invite: { link: action.link, preview: { status: 'loading' } } };
    case 'invite/loaded':
      return state.invite?.link === action.link ? { ...state, invite: { link: action.link, preview: loaded(action.result) } } : state;
    case 'invite/clear': {
      const { invite: _gone, ...rest } = state;
      return rest;
    }
    case 'meeting/loading':
      return state.meeting?.meetingId === action.meetingId ? state : { ...state, meeting: { meetingId: action.meetingId, view: { status: 'loading' } } };
    case 'meeting/loaded':
      return { ...state, meeting: { meetingId: action.meetingId, view: loaded(action.result) } };
    case 'download/progress':
      return { ...state, downloads: { ...state.downloads, [action.progress.meetingId]: action.progress } };
    case 'update/checked':
      return { ...state, updates: action.update ? { ...state.updates, [action.meetingId]: action.update } : withoutKey(state.updates, action.meetingId) };
    case 'update/dismiss': {
      const update = state.updates[action.meetingId];
      return update ? { ...state, dismissed: { ...state.dismissed, [action.meetingId]: update.toRevision } } : state;
    }
    case 'notice': {
      const { notice: _gone, ...rest } = state;
      return action.error ? { ...rest, notice: action.error } : rest;
    }
    default:
      return assertNever(action);
  }
}

/** The update banner shows for a newer revision the delegate has not dismissed. */
export function visibleUpdate(state: AppState, meetingId: string): UpdateInfo | undefined {
  const update = state.updates[meetingId];
  if (!update || state.dismissed[meetingId] === update.toRevision) return undefined;
  return update;
}

/** The current meeting's view, when loaded. */
export function currentView(state: AppState): MeetingView | undefined {
  return state.meeting?.view.status === 'ok' ? state.meeting.view.value : undefined;
}
