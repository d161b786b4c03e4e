// Screens of the voting benchmark: real y-websocket clients on the meeting state room whose sockets count what
// the server sent them (frames, bytes, Yjs updates), and a watcher that notes when a screen first saw the poll
// open, the final count and the announced result. Used by the hall screen (bench process) and screensChild.ts.
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { VOTING_KEYS, votingMap, type Poll, type PollProgress } from '../../common/voting/state.ts';

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes on one machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface Received {
  frames: number;
  bytes: number;
  /** Sync messages carrying a Yjs update (sync step 2 or update). */
  updates: number;
  updateBytes: number;
  /** Sockets opened (the first, then each reconnect after the server cut a slow or silent screen). */
  sockets: number;
}

const zero = (): Received => ({ frames: 0, bytes: 0, updates: 0, updateBytes: 0, sockets: 0 });

/** y-protocols message type 0 = sync; its sub-type 1 = step 2 and 2 = update both carry a Yjs update. */
function isUpdateFrame(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0 && (b[1] === 1 || b[1] === 2);
}

function counting(target: () => Received): new (url: string, protocols?: string | string[]) => WebSocket {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      target().sockets++;
      this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : Array.isArray(data) ? Buffer.concat(data) : data;
        const received = target();
        received.frames++;
        received.bytes += bytes.byteLength;
        if (isUpdateFrame(bytes)) {
          received.updates++;
          received.updateBytes += bytes.byteLength;
        }
      });
    }
  };
}

export interface Screen {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  received: Received;
}

export function openScreen(syncUrl: string, room: string, token: string): Screen {
  const doc = new Y.Doc();
  let received = zero();
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    params: { token },
    // The socket reads the counters through a getter, so resetCounts can swap them (a reconnect keeps counting).
    WebSocketPolyfill: counting(() => received) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    provider,
    get received() {
      return received;
    },
    set received(r: Received) {
      received = r;
    },
  };
}

export function resetCounts(s: Screen): void {
  s.received = zero();
}

export function synced(s: Screen): Promise<void> {
  return s.provider.synced ? Promise.resolve() : new Promise((resolve) => s.provider.once('sync', () => resolve()));
}

export async function openScreens(syncUrl: string, room: string, tokens: readonly string[], wave: number, onWave?: (synced: number) => void): Promise<Screen[]> {
  const all: Screen[] = [];
  for (let i = 0; i < tokens.length; i += wave) {
    const batch = tokens.slice(i, i + wave).map((t) => openScreen(syncUrl, room, t));
    all.push(...batch);
    await Promise.all(batch.map(synced));
    onWave?.(all.length);
  }
  return all;
}

export function closeScreens(screens: readonly Screen[]): void {
  for (const s of screens) {
    s.provider.destroy();
    s.doc.destroy();
  }
}

function entry<T>(doc: Y.Doc, key: string, pollId: string): T | undefined {
  const m = votingMap(doc).get(key);
  return m instanceof Y.Map ? (m.get(pollId) as T | undefined) : undefined;
}

export interface Seen {
  /** Wall-clock times (wallNow) at which the screen first saw each stage; NaN if never. */
  openAt: number;
  castAt: number;
  announcedAt: number;
  /** Progress messages whose count was lower than one seen before (VOTING.md: must be 0). */
  lowerAfterHigher: number;
  /** Distinct progress versions the screen saw. */
  progressVersions: number;
}

/** Watches one screen for the poll's stages; `onChange` runs after each stage is first seen. */
export function watch(s: Screen, pollId: string, voters: number, onChange: (seen: Seen) => void): Seen {
  const seen: Seen = { openAt: NaN, castAt: NaN, announcedAt: NaN, lowerAfterHigher: 0, progressVersions: 0 };
  let best = -1;
  let lastVersion = -1;
  const check = (): void => {
    const now = wallNow();
    let changed = false;
    const poll = entry<Poll>(s.doc, VOTING_KEYS.polls, pollId);
    if (Number.isNaN(seen.openAt) && poll?.status === 'open') {
      seen.openAt = now;
      changed = true;
    }
    const progress = entry<PollProgress>(s.doc, VOTING_KEYS.progress, pollId);
    if (progress && progress.version !== lastVersion) {
      lastVersion = progress.version;
      seen.progressVersions++;
      if (progress.cast < best) seen.lowerAfterHigher++;
      best = Math.max(best, progress.cast);
      if (Number.isNaN(seen.castAt) && progress.cast >= voters) {
        seen.castAt = now;
        changed = true;
      }
    }
    if (Number.isNaN(seen.announcedAt) && poll?.status === 'announced' && entry(s.doc, VOTING_KEYS.results, pollId) !== undefined) {
      seen.announcedAt = now;
      changed = true;
    }
    if (changed) onChange(seen);
  };
  s.doc.on('update', check);
  check();
  return seen;
}
