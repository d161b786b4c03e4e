// Where the ballot memories live: one store per meeting and member for the page's lifetime (so the overlay
// unmounting on the way from the meeting home to a document, a re-render or a reconnect never loses a draft),
// written to localStorage for open (by-name) polls so a reload while offline keeps the choice and a waiting
// cast. A secret poll's draft and choice stay in memory only: nothing on the disk says how the delegate voted.
import { BallotChoiceSchema } from '../../../common/voting/commands.ts';
import type { BallotMemory } from './ballotModel.ts';

/** Polls remembered per meeting and member at most (the newest are kept). */
export const MAX_BALLOT_MEMORIES = 20;

export interface BallotStorage {
  load(): unknown;
  save(memories: readonly BallotMemory[]): void;
}

export function localBallotStorage(key: string): BallotStorage | undefined {
  const storage = globalThis.localStorage as Storage | undefined;
  if (!storage) return undefined;
  return {
    load: () => {
      try {
        return JSON.parse(storage.getItem(key) ?? '[]') as unknown;
      } catch {
        return [];
      }
    },
    save: (memories) => {
      try {
        if (memories.length === 0) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify(memories));
      } catch {
        // a full or disabled storage: the memories stay in this page
      }
    },
  };
}

/** A saved memory is taken back only if it still looks like one (an older app version, a hand-edited value). */
function revive(item: unknown): BallotMemory | undefined {
  const m = item as Partial<BallotMemory> | null;
  if (!m || typeof m.pollId !== 'string' || m.secret !== false || typeof m.touchedAt !== 'number') return undefined;
  if (m.step !== 'choosing' && m.step !== 'confirming') return undefined;
  const kind = (m.draft as { kind?: unknown } | undefined)?.kind;
  if (kind !== 'open' && kind !== 'election' && kind !== 'confidence') return undefined;
  if (m.cast && !BallotChoiceSchema.safeParse(m.cast.choice).success) return undefined;
  // A cast that was on its way when the page went away waits again (same command id: never a second vote).
  return m.cast?.state === 'sending' ? ({ ...m, cast: { ...m.cast, state: 'waiting' } } as BallotMemory) : (m as BallotMemory);
}

export class BallotStore {
  private memories: Readonly<Record<string, BallotMemory>> = {};
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage?: BallotStorage) {
    const saved = storage?.load();
    const list = (Array.isArray(saved) ? saved : []).map(revive).filter((m): m is BallotMemory => m !== undefined);
    this.memories = Object.fromEntries(list.slice(-MAX_BALLOT_MEMORIES).map((m) => [m.pollId, m]));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Readonly<Record<string, BallotMemory>> => this.memories;

  get(pollId: string): BallotMemory | undefined {
    return this.memories[pollId];
  }

  /** Replaces one poll's memory (the same object back changes nothing). */
  update(pollId: string, change: (m: BallotMemory | undefined) => BallotMemory | undefined): void {
    const before = this.memories[pollId];
    const after = change(before);
    if (after === before) return;
    const { [pollId]: _old, ...rest } = this.memories;
    const all = after ? [...Object.values(rest), after] : Object.values(rest);
    const kept = all.sort((a, b) => a.touchedAt - b.touchedAt).slice(-MAX_BALLOT_MEMORIES);
    this.memories = Object.fromEntries(kept.map((m) => [m.pollId, m]));
    this.storage?.save(kept.filter((m) => !m.secret));
    for (const l of this.listeners) l();
  }
}

const STORES = new Map<string, BallotStore>();

/** The store of a meeting and member, made on first use. */
export function ballotStoreOf(meetingId: string, delegateId: string): BallotStore {
  const key = `council.ballots.${meetingId}.${delegateId}`;
  let store = STORES.get(key);
  if (!store) {
    store = new BallotStore(localBallotStorage(key));
    STORES.set(key, store);
  }
  return store;
}
