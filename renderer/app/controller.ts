// Connects the Platform, the store and the address bar: every effect of the app lives here, so screens
// only read state and call these verbs.
import type { ErrorValue } from '../../common/result.ts';
import type { Lang, Platform } from '../platform/Platform.ts';
import { formatRoute, isInvitationHash, isStrayLink, parseRoute, sameRoute, type Route } from './routes.ts';
import { currentView } from './state.ts';
import type { Store } from './store.ts';
import { forgetLiveData } from '../live/lastKnown.ts';

/** A newer revision is looked for at most this often while the app is open and online. */
export const UPDATE_CHECK_INTERVAL_MS = 60_000;

export interface Controller {
  start(): () => void;
  navigate(route: Route, options?: { readonly replace?: boolean }): void;
  previewInvite(link: string): Promise<void>;
  cancelInvite(): void;
  /** Leaves an error screen for `route`; from an invitation, the link is dropped from memory and history. */
  leave(route: Route): void;
  joinAndDownload(): Promise<void>;
  openJoined(meetingId: string): void;
  download(meetingId: string): Promise<void>;
  pause(meetingId: string): void;
  applyUpdate(meetingId: string): void;
  dismissUpdate(meetingId: string): void;
  setLanguage(lang: Lang): Promise<void>;
  forget(meetingId: string): Promise<void>;
  openDocument(meetingId: string, documentId: string): Promise<Uint8Array>;
  rememberPage(meetingId: string, documentId: string, page: number): void;
  lastPage(meetingId: string, documentId: string): Promise<number | undefined>;
  showError(error: ErrorValue): void;
}

export function createController(platform: Platform, store: Store): Controller {
  let lastUpdateCheck = 0;
  const { dispatch, getState } = store;

  const loadMeetings = async () => {
    dispatch({ type: 'meetings/loading' });
    dispatch({ type: 'meetings/loaded', result: await platform.listMeetings() });
  };

  const loadMeeting = async (meetingId: string) => {
    dispatch({ type: 'meeting/loading', meetingId });
    dispatch({ type: 'meeting/loaded', meetingId, result: await platform.getMeeting(meetingId) });
  };

  const checkUpdate = async (meetingId: string) => {
    lastUpdateCheck = Date.now();
    const result = await platform.checkForUpdate(meetingId);
    if (result.ok) dispatch({ type: 'update/checked', meetingId, update: result.value });
    else if (result.error.code === 'REVOKED') await loadMeeting(meetingId);
  };

  const routeEffects = (route: Route) => {
    if (route.name === 'home') void loadMeetings();
    if (route.name === 'meeting' || route.name === 'download' || route.name === 'doc' || route.name === 'live' || route.name === 'hall') {
      if (getState().meeting?.meetingId !== route.meetingId || getState().meeting?.view.status === 'error') {
        void loadMeeting(route.meetingId).then(() => {
          if (getState().online && currentView(getState())) return checkUpdate(route.meetingId);
        });
      }
    }
  };

  const setRoute = (route: Route) => {
    if (sameRoute(route, getState().route)) return;
    dispatch({ type: 'route', route });
    routeEffects(route);
  };

  const navigate: Controller['navigate'] = (route, options) => {
    const hash = formatRoute(route);
    if (options?.replace) history.replaceState(null, '', `/${hash}`);
    else if (location.hash !== hash) history.pushState(null, '', `/${hash}`);
    setRoute(route);
  };

  const previewInvite = async (link: string) => {
    dispatch({ type: 'invite/start', link });
    if (getState().route.name !== 'invite') navigate({ name: 'invite' });
    dispatch({ type: 'invite/loaded', link, result: await platform.previewInvitation(link) });
  };

  const download = async (meetingId: string) => {
    const result = await platform.startDownload(meetingId, (progress) => dispatch({ type: 'download/progress', progress }));
    if (!result.ok) return;
    await loadMeeting(meetingId);
    if (result.value.state === 'ready') {
      dispatch({ type: 'update/checked', meetingId, update: null });
      const route = getState().route;
      if (route.name === 'download' && route.meetingId === meetingId) navigate({ name: 'meeting', meetingId, tab: 'agenda' }, { replace: true });
    }
  };

  const onConnectivity = (online: boolean) => {
    dispatch({ type: 'online', online });
    const id = getState().meeting?.meetingId;
    if (online && id && currentView(getState()) && Date.now() - lastUpdateCheck > UPDATE_CHECK_INTERVAL_MS) void checkUpdate(id);
  };

  const start = () => {
    const onHash = () => {
      if (isInvitationHash(location.hash)) void previewInvite(location.href);
      else setRoute(parseRoute(location.hash));
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onHash);
    const unsubscribe = platform.onConnectivity(onConnectivity);
    void platform.getSettings().then((s) => dispatch({ type: 'lang', lang: s.language }));
    // A link that was meant as an invitation and is not one goes through the same checks, to say what is wrong.
    if (isInvitationHash(location.hash) || isStrayLink(location.pathname, location.hash)) void previewInvite(location.href);
    else routeEffects(getState().route);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('popstate', onHash);
      unsubscribe();
    };
  };

  return {
    start,
    navigate,
    previewInvite,
    cancelInvite() {
      dispatch({ type: 'invite/clear' });
      navigate({ name: 'home' }, { replace: true });
    },
    leave(route) {
      const fromInvite = getState().route.name === 'invite';
      if (fromInvite) dispatch({ type: 'invite/clear' });
      navigate(route, { replace: fromInvite });
    },
    async joinAndDownload() {
      const invite = getState().invite;
      if (!invite) return;
      const joined = await platform.joinMeeting(invite.link);
      if (!joined.ok) {
        dispatch({ type: 'invite/loaded', link: invite.link, result: joined });
        return;
      }
      const meetingId = joined.value.meetingId;
      dispatch({ type: 'invite/clear' });
      // The secret is stored now: take the invitation fragment out of the address bar and the history.
      navigate({ name: 'download', meetingId }, { replace: true });
      await download(meetingId);
    },
    openJoined(meetingId) {
      dispatch({ type: 'invite/clear' });
      navigate({ name: 'meeting', meetingId, tab: 'agenda' }, { replace: true });
    },
    download,
    pause: (meetingId) => platform.pauseDownload(meetingId),
    applyUpdate(meetingId) {
      navigate({ name: 'download', meetingId });
      void download(meetingId);
    },
    dismissUpdate: (meetingId) => dispatch({ type: 'update/dismiss', meetingId }),
    async setLanguage(lang) {
      dispatch({ type: 'lang', lang });
      document.documentElement.lang = lang;
      await platform.saveSettings({ language: lang });
    },
    async forget(meetingId) {
      const result = await platform.forgetMeeting(meetingId);
      if (result.ok) forgetLiveData(meetingId);
      if (!result.ok) dispatch({ type: 'notice', error: result.error });
      await loadMeetings();
    },
    async openDocument(meetingId, documentId) {
      const result = await platform.openDocument(meetingId, documentId);
      if (!result.ok) throw Object.assign(new Error(result.error.message), { value: result.error });
      return result.value;
    },
    rememberPage(meetingId, documentId, page) {
      void platform.saveSettings({ lastDocument: { meetingId, documentId, page } });
    },
    async lastPage(meetingId, documentId) {
      const last = (await platform.getSettings()).lastDocument;
      return last?.meetingId === meetingId && last.documentId === documentId ? last.page : undefined;
    },
    showError: (error) => dispatch({ type: 'notice', error }),
  };
}
