// "Hoàn tác": an action that cannot be taken back on the server ("Rút đăng ký", removing a request, "Kết thúc
// phát biểu") waits UNDO_MS with a snackbar before it is sent; "Hoàn tác" drops it. Leaving the screen, or any
// other action, sends what waits first (so "Kết thúc phát biểu" then "Mời đại biểu tiếp theo" never ends the
// next speaker). Framework-free; timers are injected for tests.

export const UNDO_MS = 5000;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const GLOBAL_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface UndoItem {
  readonly key: string;
  readonly label: string;
}

interface Entry extends UndoItem {
  readonly run: () => Promise<unknown> | void;
  readonly handle: unknown;
}

export class UndoQueue {
  private readonly items = new Map<string, Entry>();
  private snapshot: readonly UndoItem[] = [];

  constructor(
    private readonly onChange: () => void = () => undefined,
    private readonly timers: Timers = GLOBAL_TIMERS,
    private readonly delayMs: number = UNDO_MS,
  ) {}

  /** Waits `delayMs`, then runs; a key already waiting is left as it is (a double tap sends once). */
  schedule(key: string, label: string, run: () => Promise<unknown> | void): void {
    if (this.items.has(key)) return;
    const handle = this.timers.set(() => void this.commit(key), this.delayMs);
    this.items.set(key, { key, label, run, handle });
    this.changed();
  }

  /** Drops a waiting action; false when it already ran (or never waited). */
  undo(key: string): boolean {
    const entry = this.items.get(key);
    if (!entry) return false;
    this.timers.clear(entry.handle);
    this.items.delete(key);
    this.changed();
    return true;
  }

  /** Runs a waiting action now. */
  async commit(key: string): Promise<void> {
    const entry = this.items.get(key);
    if (!entry) return;
    this.timers.clear(entry.handle);
    this.items.delete(key);
    this.changed();
    await entry.run();
  }

  /** Runs everything that waits, in the order it was scheduled. */
  async commitAll(): Promise<void> {
    for (const key of [...this.items.keys()]) await this.commit(key);
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  list = (): readonly UndoItem[] => this.snapshot;

  private changed(): void {
    this.snapshot = [...this.items.values()].map(({ key, label }) => ({ key, label }));
    this.onChange();
  }
}
