// Browser entry: the web Platform, the store, the controller, the service worker for the offline shell.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { AppContext } from './app/AppContext.tsx';
import { createController } from './app/controller.ts';
import { parseRoute } from './app/routes.ts';
import { initialState } from './app/state.ts';
import { createStore } from './app/store.ts';
import { createElectronPlatform, isElectron } from './platform/electron/createElectronPlatform.ts';
import type { Platform } from './platform/Platform.ts';
import { WebPlatform } from './platform/web/WebPlatform.ts';
import { afterFirstScreen } from './sw/afterFirstScreen.ts';
import { prewarmPdfWorker } from './viewer/pdfDocument.ts';

function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/** One bundle for both: the IPC adapter inside Electron, fetch + IndexedDB in a plain browser. */
const platform: Platform = isElectron() ? createElectronPlatform() : new WebPlatform();
const store = createStore(initialState(parseRoute(location.hash)));
const controller = createController(platform, store);
controller.start();
// After the first screen is on show: the offline copy, then the PDF worker (booted while the delegate looks at
// the agenda, so the first document opens fast).
afterFirstScreen(store, () => {
  registerServiceWorker();
  void prewarmPdfWorker().catch(() => undefined);
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppContext.Provider value={{ store, controller, platform }}>
        <App />
      </AppContext.Provider>
    </StrictMode>,
  );
}
