// The shell: top bar, the screen for the route, the insecure-origin explanation when WebCrypto is missing.
import { lazy, Suspense } from 'react';
import { assertNever } from '../../common/result.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { InsecureOrigin } from '../components/InsecureOrigin.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { DownloadScreen } from '../screens/DownloadScreen.tsx';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { InviteScreen } from '../screens/InviteScreen.tsx';
import { MeetingScreen } from '../screens/MeetingScreen.tsx';
import { ChairConsole } from '../screens/live/ChairConsole.tsx';
import { HallScreen } from '../screens/live/HallScreen.tsx';
import { SecretaryDesk } from '../screens/live/SecretaryDesk.tsx';
import { UrgentNotices } from '../screens/live/UrgentNotices.tsx';
import { BallotOverlay } from '../screens/live/voting/BallotOverlay.tsx';
import { useSelector, useServices } from './AppContext.tsx';
import { isConsolePath, type Route } from './routes.ts';

/**
 * The viewer (pdf.js and the reader) is a chunk of its own, fetched when a document is first opened, so the
 * invitation screen does not wait for it; the service worker's offline copy holds it like every other file.
 */
const ViewerScreen = lazy(async () => ({ default: (await import('../screens/ViewerScreen.tsx')).ViewerScreen }));
/** The secretariat's console (served by `council console` under CONSOLE_PATH): a chunk of its own too. */
const ConsoleApp = lazy(async () => ({ default: (await import('../screens/console/ConsoleApp.tsx')).ConsoleApp }));

function Screen({ route }: { readonly route: Route }) {
  switch (route.name) {
    case 'home':
    case 'join':
      return <HomeScreen />;
    case 'invite':
      return <InviteScreen />;
    case 'meeting':
      return <MeetingScreen meetingId={route.meetingId} tab={route.tab} />;
    case 'download':
      return <DownloadScreen meetingId={route.meetingId} />;
    case 'doc':
      return (
        <Suspense fallback={<Loading />}>
          <ViewerScreen key={`${route.meetingId}/${route.documentId}`} meetingId={route.meetingId} documentId={route.documentId} />
        </Suspense>
      );
    case 'live':
      return <ChairRoute meetingId={route.meetingId} />;
    case 'hall':
      return <HallScreen meetingId={route.meetingId} />;
    default:
      return assertNever(route);
  }
}

const NOT_CHAIR = { code: 'NOT_CHAIR', message: 'the chair console is for the chair' } as const;

/**
 * `#/live`: the chair's console; for the secretary, the attendance board at the door (the one command the
 * server takes from a secretary); anyone else is told so, with the way back.
 */
function ChairRoute({ meetingId }: { readonly meetingId: string }) {
  const role = useSelector((s) => (s.meeting?.meetingId === meetingId && s.meeting.view.status === 'ok' ? s.meeting.view.value.role : undefined));
  if (role === 'secretary') return <SecretaryDesk meetingId={meetingId} />;
  if (role !== undefined && role !== 'chair') {
    return (
      <main className="page narrow" id="main">
        <ErrorBox error={NOT_CHAIR} place="live" />
      </main>
    );
  }
  return <ChairConsole meetingId={meetingId} />;
}

/** A poll comes to the front on every screen of a meeting: the home, the viewer and the chair's console. */
function Ballot() {
  const route = useSelector((s) => s.route);
  if (route.name !== 'meeting' && route.name !== 'doc' && route.name !== 'live') return null;
  return <BallotOverlay meetingId={route.meetingId} startMinimized={route.name === 'live'} />;
}

export function App() {
  const { platform } = useServices();
  const lang = useSelector((s) => s.lang);
  const route = useSelector((s) => s.route);
  const notice = useSelector((s) => s.notice);
  const env = platform.environment();
  if (isConsolePath(location.pathname)) {
    return (
      <I18nProvider lang={lang}>
        <Suspense fallback={<Loading />}>
          <ConsoleApp />
        </Suspense>
      </I18nProvider>
    );
  }
  return (
    <I18nProvider lang={lang}>
      <div className={`shell route-${route.name}`}>
        <TopBar />
        {notice && <ErrorBox error={notice} />}
        {env.cryptoAvailable ? <Screen route={route} /> : <InsecureOrigin origin={env.origin} />}
        <Ballot />
        <UrgentNotices />
      </div>
    </I18nProvider>
  );
}
