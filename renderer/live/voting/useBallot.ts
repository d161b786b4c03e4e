// useBallot(meetingId): the delegate's ballot for the open poll, over the live session. The draft lives in
// ballotStore (never in the snapshot), the cast goes to the server with a command id chosen once and kept, so a
// retry after a lost answer, a reconnect or a reload is the same command (never a second vote); a cast made
// offline waits and is sent after reconnecting ONLY if the poll is still open (renderer/live/outbox.ts).
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ConfidenceLevel, OpenChoice } from '../../../common/voting/choices.ts';
import type { Poll, VotingState } from '../../../common/voting/state.ts';
import { useServices } from '../../app/AppContext.tsx';
import { postCommand, type LiveSnapshot } from '../liveClient.ts';
import { sendBallot, type BallotCommandInput, type BallotOutcome } from '../outbox.ts';
import { useLiveSession } from '../useLiveSession.ts';
import { newCommandId } from '../viewModel.ts';
import {
  backToChoosing,
  ballotView,
  choiceOf,
  keepNewest,
  newMemory,
  pickOpen,
  setLevel,
  toConfirm,
  toggleCandidate,
  type BallotMemory,
  type BallotView,
  type Cast,
} from './ballotModel.ts';
import { ballotStoreOf, type BallotStore } from './ballotStore.ts';
import { secretBallotsOf, type SecretBallots, type SecretReceipt } from './secretBallots.ts';

/** Casts in flight on this page, by command id: one POST at a time per cast. */
const IN_FLIGHT = new Set<string>();

/** The newest progress per meeting seen by this page (a lower version never replaces a higher one). */
const NEWEST = new Map<string, VotingState['progress']>();

/** The voting state with each poll's progress at the highest version this page has seen. */
export function newestVoting(meetingId: string, voting: VotingState): VotingState {
  const kept = keepNewest(NEWEST.get(meetingId) ?? {}, voting.progress);
  NEWEST.set(meetingId, kept);
  return kept === voting.progress ? voting : { ...voting, progress: kept };
}

export interface BallotActions {
  pick(choice: OpenChoice): void;
  toggle(candidateId: string): void;
  level(personId: string, level: ConfidenceLevel): void;
  next(): void;
  back(): void;
  confirm(): void;
  retry(): void;
  minimize(minimized: boolean): void;
  dismiss(): void;
  revote(): void;
}

export interface Ballot {
  readonly view: BallotView;
  /** A secret poll's receipt as this device holds it (tracker, in the box, in the result). */
  readonly receipt?: SecretReceipt;
  readonly snapshot: LiveSnapshot | undefined;
  readonly voting: VotingState | undefined;
  readonly actions: BallotActions;
}

const NONE: BallotView = { kind: 'none' };

function castOf(outcome: BallotOutcome): Pick<Cast, 'state'> & Partial<Pick<Extract<Cast, { state: 'failed' }>, 'error'>> & { value?: unknown } {
  switch (outcome.status) {
    case 'sent':
      return outcome.value === undefined ? { state: 'sent' } : { state: 'sent', value: outcome.value };
    case 'waiting':
      return { state: 'waiting' };
    case 'dropped':
      return { state: 'dropped', error: outcome.error };
    case 'failed':
      return { state: 'failed', error: outcome.error };
  }
}

function useSender(meetingId: string, store: BallotStore | undefined, voting: VotingState | undefined, online: boolean, secret: SecretBallots | undefined) {
  const { platform } = useServices();
  const isOpen = useCallback((pollId: string) => voting?.polls.some((p) => p.id === pollId && p.status === 'open') === true, [voting]);
  return useCallback(
    async (pollId: string) => {
      const memory = store?.get(pollId);
      const cast = memory?.cast;
      if (!store || !cast || IN_FLIGHT.has(cast.command.id)) return;
      if (memory.secret) {
        const poll = voting?.polls.find((p) => p.id === pollId);
        if (!isOpen(pollId) || !poll || !secret) {
          if (online || !isOpen(pollId)) store.update(pollId, (m) => m?.cast && { ...m, cast: { ...m.cast, ...castOf(sendBallotClosed()) } as Cast });
          return;
        }
        IN_FLIGHT.add(cast.command.id);
        await secret.cast(poll, cast.choice, store, online).finally(() => IN_FLIGHT.delete(cast.command.id));
        return;
      }
      if (!online) {
        // The device knows the poll closed (the last state it saw): the cast will never be sent.
        if (!isOpen(pollId)) store.update(pollId, (m) => m?.cast && { ...m, cast: { ...m.cast, ...castOf(sendBallotClosed()) } as Cast });
        return;
      }
      IN_FLIGHT.add(cast.command.id);
      try {
        const creds = await platform.liveCredentials(meetingId);
        const send = (c: BallotCommandInput) =>
          creds.ok ? postCommand((u, i) => globalThis.fetch(u, i), creds.value, meetingId, c).then((r) => r.result) : Promise.resolve({ ok: false as const, error: creds.error });
        const outcome = await sendBallot(cast.command, send, isOpen);
        store.update(pollId, (m) => (m?.cast?.command.id === cast.command.id ? { ...m, revoting: false, cast: { ...m.cast, ...castOf(outcome) } as Cast } : m));
      } finally {
        IN_FLIGHT.delete(cast.command.id);
      }
    },
    [platform, meetingId, store, online, isOpen, voting, secret],
  );
}

function sendBallotClosed(): BallotOutcome {
  return { status: 'dropped', error: { code: 'POLL_CLOSED', message: 'the poll closed before the ballot was sent; it was not recorded' } };
}

export function useBallot(meetingId: string): Ballot {
  const live = useLiveSession(meetingId);
  const snapshot = live.snapshot;
  const me = snapshot?.me.delegateId;
  const store = useMemo(() => (me === undefined ? undefined : ballotStoreOf(meetingId, me)), [meetingId, me]);
  const memories = useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.getSnapshot ?? noMemories);
  const voting = useMemo(() => (snapshot ? newestVoting(meetingId, snapshot.voting) : undefined), [meetingId, snapshot]);
  const online = snapshot?.status === 'online' && snapshot.synced;
  const { platform } = useServices();
  const secret = useMemo(() => (me === undefined ? undefined : secretBallotsOf(meetingId, me, (id) => platform.liveCredentials(id))), [meetingId, me, platform]);
  const receipts = useSyncExternalStore(secret?.subscribe ?? noSubscribe, secret?.getSnapshot ?? noReceipts);
  const view = useMemo(
    () =>
      snapshot && voting && me !== undefined && snapshot.synced
        ? ballotView({ voting, me, role: snapshot.me.role, online, memories, hasReceipt: (id) => receipts.get(id)?.acknowledged === true })
        : snapshot && voting && me !== undefined && snapshot.knownAt !== undefined
          ? ballotView({ voting, me, role: snapshot.me.role, online: false, memories, hasReceipt: (id) => receipts.get(id)?.acknowledged === true })
          : NONE,
    [snapshot, voting, me, online, memories, receipts],
  );
  const poll: Poll | undefined = view.kind === 'ballot' ? view.poll : undefined;
  const send = useSender(meetingId, store, voting, online, secret);

  // Secret polls: what this device kept of its ballot (after a reload); after the close, check it is counted.
  const secretPoll = poll?.definition.secret ? poll : undefined;
  useEffect(() => {
    if (!secret || !secretPoll) return;
    secret.load(secretPoll.id);
    if (online && (secretPoll.status === 'tallying' || secretPoll.status === 'counted' || secretPoll.status === 'announced')) {
      void secret.check(secretPoll, voting?.progress[secretPoll.id]?.cast, voting?.results[secretPoll.id]?.box);
    }
  }, [secret, secretPoll, online, voting, receipts]);

  // The card was on screen: remember the poll, so a close while choosing says so instead of vanishing.
  const shownId = poll?.status === 'open' ? poll.id : undefined;
  useEffect(() => {
    if (!store || !poll || shownId === undefined) return;
    store.update(shownId, (m) => m ?? newMemory(poll, Date.now()));
  }, [store, poll, shownId]);

  // Back online (synced): a cast that waited is sent now if its poll is still open, else dropped with a message.
  const waitingIds = Object.values(memories)
    .filter((m) => m.cast?.state === 'waiting')
    .map((m) => m.pollId)
    .join(',');
  useEffect(() => {
    if (waitingIds === '') return;
    for (const id of waitingIds.split(',')) void send(id);
  }, [waitingIds, send, online]);

  const actions = useMemo<BallotActions>(() => {
    const change = (f: (m: BallotMemory) => BallotMemory) => {
      if (!store || !poll) return;
      store.update(poll.id, (m) => f(m ?? newMemory(poll, Date.now())));
    };
    const now = () => Date.now();
    return {
      pick: (choice) => change((m) => (m.cast && m.cast.state !== 'failed' && !m.revoting ? m : pickOpen(m, choice, now()))),
      toggle: (id) => change((m) => (poll?.definition.kind === 'election' && !m.cast ? toggleCandidate(m, poll.definition.seats, id, now()) : m)),
      level: (id, l) => change((m) => (m.cast ? m : setLevel(m, id, l, now()))),
      next: () => change((m) => (poll ? toConfirm(m, poll.definition, now()) : m)),
      back: () => change((m) => (m.cast && m.cast.state !== 'failed' ? m : { ...backToChoosing(m, now()), ...(m.cast?.state === 'failed' ? { cast: undefined } : {}) } as BallotMemory)),
      confirm: () => {
        if (!store || !poll) return;
        const m = store.get(poll.id) ?? newMemory(poll, now());
        const choice = choiceOf(poll.definition, m.draft);
        if (choice === undefined || (m.cast && m.cast.state !== 'failed' && !m.revoting)) return;
        if (poll.definition.secret) {
          if (!secret) return;
          const placeholder: BallotCommandInput = { id: `secret-${newCommandId()}`, type: 'castSealedBallot', pollId: poll.id, sealed: 'sealed-on-device' };
          store.update(poll.id, () => ({ ...m, cast: { command: placeholder, choice, at: now(), state: online ? 'sending' : 'waiting' }, touchedAt: now() }));
          if (online) void send(poll.id);
          return;
        }
        const command: BallotCommandInput = { id: newCommandId(), type: 'castBallot', pollId: poll.id, choice };
        store.update(poll.id, () => ({ ...m, cast: { command, choice, at: now(), state: online ? 'sending' : 'waiting' }, touchedAt: now() }));
        if (online) void send(poll.id);
      },
      retry: () => {
        if (!store || !poll) return;
        store.update(poll.id, (m) => (m?.cast?.state === 'failed' ? { ...m, cast: { ...m.cast, command: { ...m.cast.command, id: newCommandId() }, state: 'waiting' } as Cast } : m));
      },
      minimize: (minimized) => change((m) => ({ ...m, minimized, touchedAt: now() })),
      dismiss: () => change((m) => ({ ...m, dismissed: true })),
      revote: () => change((m) => ({ ...m, revoting: true, step: 'choosing', touchedAt: now() })),
    };
  }, [store, poll, online, send, secret]);

  const receipt = poll ? receipts.get(poll.id) : undefined;
  return { view, snapshot, voting, actions, ...(receipt ? { receipt } : {}) };
}

const noSubscribe = () => () => undefined;
const EMPTY: Readonly<Record<string, BallotMemory>> = {};
const noMemories = () => EMPTY;
const NO_RECEIPTS: ReadonlyMap<string, SecretReceipt> = new Map();
const noReceipts = () => NO_RECEIPTS;
