// Autosave of the draft as the clerk works: edits are debounced, one save is in flight at a time and only the
// newest edit is sent after it (a queue of one), the version the server answered is carried into the next save,
// and every pending edit is kept in localStorage first so a closed tab or a crash loses nothing (restored on the
// next visit). A DRAFT_CONFLICT (someone else saved: another tab, another clerk) stops the queue and says so;
// nothing is overwritten silently.
import type { Draft, SaveDraftRequest } from '../../common/api/console.ts';
import type { ErrorValue, Result } from '../../common/result.ts';

/** Wait after the last keystroke before saving. */
export const AUTOSAVE_DELAY_MS = 800;

export type SaveBody = Omit<SaveDraftRequest, 'version'>;

export type SaveState =
  | { readonly kind: 'saved'; readonly at?: string }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'failed'; readonly error: ErrorValue };

export interface BackupStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AutosaveOptions {
  readonly draftId: string;
  readonly version: number;
  readonly save: (body: SaveDraftRequest) => Promise<Result<Draft>>;
  readonly onState: (s: SaveState) => void;
  readonly onSaved: (d: Draft) => void;
  readonly backup?: BackupStore;
  readonly delayMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (t: unknown) => void;
}

export interface Autosave {
  /** The newest state of the draft; saved after the delay. */
  edit(body: SaveBody): void;
  /** Saves now (before publishing, before leaving). Resolves when everything edited so far is saved. */
  flush(): Promise<boolean>;
  /** After a conflict: start again from the server's draft. */
  reset(version: number): void;
  readonly version: () => number;
}

export const backupKey = (draftId: string): string => `council.console.draft.${draftId}`;

interface Backup {
  readonly body: SaveBody;
  readonly version: number;
}

/** An unsaved edit left by a closed tab, if any (the body and the version it was made on). */
export function readBackup(store: BackupStore, draftId: string): Backup | undefined {
  try {
    const raw = store.getItem(backupKey(draftId));
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Backup;
    return typeof parsed.version === 'number' && typeof parsed.body === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function createAutosave(o: AutosaveOptions): Autosave {
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let version = o.version;
  let pending: SaveBody | undefined;
  let timer: unknown;
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  let lastOk = true;

  const keep = (body: SaveBody) => {
    try {
      o.backup?.setItem(backupKey(o.draftId), JSON.stringify({ body, version } satisfies Backup));
    } catch {
      // A full storage only loses the crash copy; the save itself goes on.
    }
  };

  const run = async (): Promise<void> => {
    while (pending && !stopped) {
      const body = pending;
      pending = undefined;
      o.onState({ kind: 'saving' });
      const r = await o.save({ ...body, version });
      if (r.ok) {
        version = r.value.version;
        lastOk = true;
        o.onSaved(r.value);
        if (!pending) o.backup?.removeItem(backupKey(o.draftId));
        else keep(pending);
      } else if (r.error.code === 'DRAFT_CONFLICT') {
        stopped = true;
        lastOk = false;
        pending = body;
        o.onState({ kind: 'conflict' });
        return;
      } else {
        lastOk = false;
        pending ??= body;
        o.onState({ kind: 'failed', error: r.error });
        return;
      }
    }
    if (!stopped) o.onState({ kind: 'saved', at: new Date().toISOString() });
  };

  const start = (): Promise<void> => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    inFlight ??= run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    edit(body) {
      pending = body;
      keep(body);
      if (stopped) return;
      o.onState({ kind: 'pending' });
      if (timer !== undefined) clearTimer(timer);
      timer = setTimer(() => {
        timer = undefined;
        if (!inFlight) void start();
      }, o.delayMs ?? AUTOSAVE_DELAY_MS);
    },
    async flush() {
      if (stopped) return false;
      while (pending || inFlight) {
        await (inFlight ?? start());
        if (stopped || !lastOk) return false;
      }
      return lastOk;
    },
    reset(v) {
      version = v;
      stopped = false;
      pending = undefined;
      o.backup?.removeItem(backupKey(o.draftId));
      o.onState({ kind: 'saved' });
    },
    version: () => version,
  };
}
