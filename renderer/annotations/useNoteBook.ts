// useNoteBook(meetingId): the meeting's note book for the viewer screens. One book per meeting is shared by every
// screen that uses it and kept for a short while after the last one unmounts (navigation remounts screens), so
// moving between documents neither reconnects nor re-opens every note.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ErrorValue, Result } from '../../common/result.ts';
import type { Platform, PlatformRecords } from '../platform/Platform.ts';
import { openNoteBook, type SyncedNoteBook } from './book.ts';
import type { BookSnapshot } from './bookTypes.ts';
import { EMPTY_SNAPSHOT, type AnnotationContextValue } from './ui/AnnotationContext.tsx';

/** A book nobody uses any more is closed after this long. */
export const BOOK_RELEASE_DELAY_MS = 10_000;

type Opened = { readonly ok: true; readonly book: SyncedNoteBook; readonly unsubscribe: () => void } | { readonly ok: false; readonly error: ErrorValue };

interface Entry {
  readonly opened: Promise<Opened>;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const books = new Map<string, Entry>();

/** Records kept in memory, for a platform without device records (nothing survives a reload there). */
export function memoryRecords(): PlatformRecords {
  const data = new Map<string, string>();
  const k = (m: string, kind: string, key: string): string => `${m}\0${kind}\0${key}`;
  return {
    get: (m, kind, key) => Promise.resolve({ ok: true, value: data.get(k(m, kind, key)) }),
    put: (m, kind, key, value) => {
      data.set(k(m, kind, key), value);
      return Promise.resolve({ ok: true, value: null });
    },
    list: (m, kind) => {
      const prefix = k(m, kind, '');
      return Promise.resolve({ ok: true, value: [...data].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => ({ key: key.slice(prefix.length), value })) });
    },
  };
}

const failed = (r: Result<unknown> & { ok: false }): Opened => ({ ok: false, error: r.error });

async function open(platform: Platform, meetingId: string): Promise<Opened> {
  const [keys, creds, meeting] = await Promise.all([platform.noteKeys(meetingId), platform.liveCredentials(meetingId), platform.getMeeting(meetingId)]);
  if (!keys.ok) return failed(keys);
  if (!creds.ok) return failed(creds);
  const names = meeting.ok ? Object.fromEntries(meeting.value.delegates.map((d) => [d.id, d.name])) : {};
  try {
    const book = await openNoteBook({ keys: keys.value, credentials: creds.value, names, records: platform.records ?? memoryRecords() });
    // Back online: rooms whose provider gave up reconnect at once.
    const unsubscribe = platform.onConnectivity((online) => online && book.connect());
    return { ok: true, book, unsubscribe };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { ok: false, error: { code: typeof code === 'string' ? (code as ErrorValue['code']) : 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
  }
}

function acquire(platform: Platform, meetingId: string): Entry {
  let entry = books.get(meetingId);
  if (!entry) {
    entry = { opened: open(platform, meetingId), users: 0 };
    books.set(meetingId, entry);
  }
  clearTimeout(entry.timer);
  entry.users++;
  return entry;
}

function release(meetingId: string, entry: Entry): void {
  entry.users--;
  if (entry.users > 0) return;
  entry.timer = setTimeout(() => {
    if (entry.users > 0 || books.get(meetingId) !== entry) return;
    books.delete(meetingId);
    void entry.opened.then((o) => {
      if (!o.ok) return;
      o.unsubscribe();
      o.book.close();
    });
  }, BOOK_RELEASE_DELAY_MS);
}

const noSubscribe = (): (() => void) => () => undefined;

/** The annotation context for one meeting: the book once open, its newest snapshot, or why there is none. */
export function useNoteBook(platform: Platform, meetingId: string): AnnotationContextValue {
  const [state, setState] = useState<{ meetingId: string; opened: Opened } | undefined>(undefined);
  useEffect(() => {
    const entry = acquire(platform, meetingId);
    let live = true;
    void entry.opened.then((opened) => live && setState({ meetingId, opened }));
    return () => {
      live = false;
      release(meetingId, entry);
    };
  }, [platform, meetingId]);
  const opened = state?.meetingId === meetingId ? state.opened : undefined;
  const book = opened?.ok ? opened.book : undefined;
  const subscribe = useCallback((l: () => void) => (book ? book.subscribe(l) : noSubscribe()), [book]);
  const getSnapshot = useCallback((): BookSnapshot => book?.snapshot() ?? EMPTY_SNAPSHOT, [book]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot);
  if (!opened) return { book: undefined, snapshot: EMPTY_SNAPSHOT };
  if (!opened.ok) return { book: undefined, snapshot: EMPTY_SNAPSHOT, unavailable: opened.error };
  return { book: opened.book, snapshot };
}
