// "Biểu quyết": when the chair opens a poll, the delegate's ballot comes to the front of whatever they are
// looking at (the meeting home, a document in the viewer), on a phone as on a laptop: the question, the agenda
// item and its documents, the countdown, large buttons, a confirmation step, then "Bạn đã biểu quyết". The
// half-made choice is the device's own (renderer/live/voting/ballotStore.ts): live updates never wipe it.
import './ballot.css';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { openChoiceLabel, confidenceLevelLabel, CONFIDENCE_LEVELS, OPEN_CHOICES, type OpenChoice } from '../../../../common/i18n/voting.ts';
import { labelsOf } from '../../../../common/voting/choices.ts';
import type { Poll, VotingState } from '../../../../common/voting/state.ts';
import { useSelector } from '../../../app/AppContext.tsx';
import { currentView } from '../../../app/state.ts';
import { useT } from '../../../i18n/I18nProvider.tsx';
import { useBallotT, type BallotKey } from '../../../i18n/voting.ts';
import { useNow } from '../../../live/useNow.ts';
import { findItem } from '../../../live/viewModel.ts';
import { choiceOf, documentsFor, pollClock, settingsOf, type BallotView, type Draft } from '../../../live/voting/ballotModel.ts';
import { choiceLines } from '../../../live/voting/choiceText.ts';
import type { SecretReceipt } from '../../../live/voting/secretBallots.ts';
import { useBallot, type BallotActions } from '../../../live/voting/useBallot.ts';

type Shown = Extract<BallotView, { kind: 'ballot' }>;

const KIND_KEY = (poll: Poll): BallotKey =>
  poll.definition.kind === 'election' ? 'ballot.kind.election' : poll.definition.kind === 'confidence' ? 'ballot.kind.confidence' : poll.definition.secret ? 'ballot.kind.openSecret' : 'ballot.kind.open';

function Clock({ poll, offsetMs, testId }: { readonly poll: Poll; readonly offsetMs: number; readonly testId: string }) {
  const { bt } = useBallotT();
  const ticking = poll.status === 'open' && poll.frozen?.closesAt !== undefined;
  const now = useNow(ticking, offsetMs);
  const clock = pollClock(poll, now);
  if (!clock) return poll.status === 'open' ? <span className="ballot-clock ballot-clock-none">{bt('ballot.noCountdown')}</span> : null;
  return (
    <span className={`ballot-clock${clock.warning ? ' ballot-clock-warning' : ''}`} role="timer" data-testid={testId} data-remaining={clock.remainingSec}>
      {bt('ballot.timeLeft', { clock: clock.text })}
    </span>
  );
}

/** The agenda item the poll belongs to and its documents (a link minimises the card, to read). */
function Concerns({ poll, meetingId, onOpen }: { readonly poll: Poll; readonly meetingId: string; readonly onOpen: () => void }) {
  const { bt } = useBallotT();
  const view = useSelector(currentView);
  const item = view ? findItem(view.agenda, poll.definition.itemId) : undefined;
  if (!view || !item) return null;
  const docs = documentsFor(view.agenda, item.id).flatMap((id) => view.documents.filter((d) => d.id === id));
  return (
    <div className="ballot-concerns">
      <p className="ballot-item" data-testid="ballot-item" data-item-id={item.id}>
        {bt('ballot.item', { title: `${item.id}. ${item.title}` })}
      </p>
      {docs.length > 0 && (
        <p className="ballot-docs">
          <span className="ballot-docs-label">{bt('ballot.document')}:</span>
          {docs.map((d) => (
            <a key={d.id} href={`#/m/${meetingId}/doc/${d.id}`} onClick={onOpen} data-testid="ballot-document">
              {d.title}
            </a>
          ))}
        </p>
      )}
    </div>
  );
}

function OpenChoices({ poll, voting, draft, actions }: { readonly poll: Poll; readonly voting: VotingState; readonly draft: Draft; readonly actions: BallotActions }) {
  const { lang } = useT();
  const { bt } = useBallotT();
  if (poll.definition.kind !== 'open') return null;
  const set = labelsOf(poll.definition, settingsOf(poll, voting));
  const chosen = draft.kind === 'open' ? draft.choice : undefined;
  return (
    <div className="ballot-body">
      <p className="ballot-hint">{bt('ballot.chooseOne')}</p>
      <div className="ballot-choices" role="group" aria-label={poll.definition.question}>
        {OPEN_CHOICES.map((c, i) => (
          <button
            key={c}
            type="button"
            className={`ballot-choice ballot-choice-${c}`}
            onClick={() => actions.pick(c)}
            aria-pressed={chosen === c}
            aria-keyshortcuts={String(i + 1)}
            data-testid="ballot-choice"
            data-choice={c}
          >
            <span className="ballot-key" aria-hidden="true">
              {i + 1}
            </span>
            {openChoiceLabel(lang, set, c)}
          </button>
        ))}
      </div>
      <p className="ballot-hint ballot-shortcuts">{bt('ballot.shortcuts')}</p>
    </div>
  );
}

function ElectionChoices({ poll, draft, actions }: { readonly poll: Poll; readonly draft: Draft; readonly actions: BallotActions }) {
  const { bt } = useBallotT();
  const def = poll.definition;
  if (def.kind !== 'election') return null;
  const marked = draft.kind === 'election' ? draft.marked : [];
  const full = marked.length >= def.seats;
  return (
    <div className="ballot-body">
      <p className="ballot-hint">{bt('ballot.electionHint', { seats: def.seats })}</p>
      <ul className="ballot-list">
        {def.candidates.map((c) => {
          const on = marked.includes(c.id);
          return (
            <li key={c.id}>
              <label className={`ballot-row${on ? ' ballot-row-on' : ''}${full && !on ? ' ballot-row-off' : ''}`} data-testid="ballot-candidate" data-candidate-id={c.id}>
                <input type="checkbox" checked={on} disabled={full && !on} onChange={() => actions.toggle(c.id)} />
                <span className="ballot-row-name">
                  {c.name}
                  {c.position && <span className="ballot-row-detail">{c.position}</span>}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      <p className="ballot-count" data-testid="ballot-marked" data-marked={marked.length} aria-live="polite">
        {bt(full ? 'ballot.markedFull' : 'ballot.marked', { marked: marked.length, seats: def.seats })}
      </p>
      <button type="button" className="btn btn-primary btn-large ballot-next" onClick={actions.next} data-testid="ballot-next">
        {bt('ballot.next')}
      </button>
    </div>
  );
}

function ConfidenceChoices({ poll, draft, actions }: { readonly poll: Poll; readonly draft: Draft; readonly actions: BallotActions }) {
  const { lang } = useT();
  const { bt } = useBallotT();
  const def = poll.definition;
  if (def.kind !== 'confidence') return null;
  const levels = draft.kind === 'confidence' ? draft.levels : {};
  const done = def.persons.filter((p) => levels[p.id] !== undefined).length;
  return (
    <div className="ballot-body">
      <p className="ballot-hint" aria-live="polite">
        {bt('ballot.confidenceHint', { done, total: def.persons.length })}
      </p>
      <div className="ballot-persons">
        {def.persons.map((p) => (
          <fieldset key={p.id} className="ballot-person" data-testid="ballot-person" data-person-id={p.id}>
            <legend>
              {p.name}
              {p.position && <span className="ballot-row-detail">{p.position}</span>}
            </legend>
            <div className="ballot-levels" role="radiogroup" aria-label={bt('ballot.level', { name: p.name })}>
              {CONFIDENCE_LEVELS.map((l) => (
                <label key={l} className={`ballot-level${levels[p.id] === l ? ' ballot-level-on' : ''}`} data-testid="ballot-level" data-level={l}>
                  <input type="radio" name={`level-${poll.id}-${p.id}`} checked={levels[p.id] === l} onChange={() => actions.level(p.id, l)} />
                  {confidenceLevelLabel(lang, l)}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
      </div>
      <button type="button" className="btn btn-primary btn-large ballot-next" onClick={actions.next} disabled={done < def.persons.length} data-testid="ballot-next">
        {bt('ballot.next')}
      </button>
    </div>
  );
}

function Summary({ shown, voting }: { readonly shown: Shown; readonly voting: VotingState }) {
  const { lang } = useT();
  const choice = shown.memory?.cast?.choice ?? choiceOf(shown.poll.definition, shown.draft);
  if (choice === undefined) return null;
  const lines = choiceLines(lang, shown.poll.definition, settingsOf(shown.poll, voting), choice);
  return (
    <ul className="ballot-summary" data-testid="ballot-summary">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

function Confirm({ shown, voting, actions }: { readonly shown: Shown; readonly voting: VotingState; readonly actions: BallotActions }) {
  const { bt } = useBallotT();
  return (
    <div className="ballot-body ballot-confirm-step" data-testid="ballot-confirm-step">
      <p className="ballot-step-title">{bt('ballot.confirmTitle')}</p>
      <p className="ballot-hint">{bt('ballot.yourChoice')}</p>
      <Summary shown={shown} voting={voting} />
      <p className="ballot-hint">{bt(shown.mayChange ? 'ballot.mayChange' : 'ballot.noChange')}</p>
      <div className="ballot-actions">
        <button type="button" className="btn btn-large ballot-back" onClick={actions.back} data-testid="ballot-back">
          ← {bt('ballot.back')}
        </button>
        <button type="button" className="btn btn-primary btn-large ballot-confirm" onClick={actions.confirm} data-testid="ballot-confirm" data-autofocus>
          {bt('ballot.confirm')}
        </button>
      </div>
    </div>
  );
}

function Receipt({ receipt: r }: { readonly receipt: SecretReceipt | undefined }) {
  const { bt } = useBallotT();
  if (!r) return null;
  return (
    <div className="ballot-receipt" data-testid="ballot-receipt">
      <p className="ballot-tracker">
        {bt('ballot.receiptLabel')} <span className="ballot-tracker-code">{r.tracker}</span>
      </p>
      <p className="ballot-hint">{bt('ballot.receiptHint')}</p>
      {r.inBox === true && <p className="ballot-ok" data-testid="ballot-in-box">{bt('ballot.receiptInBox')}</p>}
      {r.inBox === false && <p className="ballot-warn" data-testid="ballot-not-in-box">{bt('ballot.receiptNotInBox')}</p>}
      {r.inResult === true && <p className="ballot-ok" data-testid="ballot-in-result">{bt('ballot.receiptInResult')}</p>}
    </div>
  );
}

function Voted({ shown, voting, receipt, actions }: { readonly shown: Shown; readonly voting: VotingState; readonly receipt: SecretReceipt | undefined; readonly actions: BallotActions }) {
  const { bt } = useBallotT();
  const open = shown.poll.status === 'open';
  return (
    <div className="ballot-body ballot-done">
      <p className="ballot-voted" data-testid="ballot-voted" role="status">
        <span className="ballot-tick" aria-hidden="true">
          ✓
        </span>
        {bt('ballot.voted')}
      </p>
      {!shown.poll.definition.secret && shown.memory?.cast && <Summary shown={shown} voting={voting} />}
      <ServerLine shown={shown} always />
      {shown.poll.definition.secret && <Receipt receipt={receipt} />}
      <div className="ballot-actions">
        {shown.mayChange && (
          <button type="button" className="btn btn-large" onClick={actions.revote} data-testid="ballot-revote">
            {bt('ballot.revote')}
          </button>
        )}
        <button type="button" className="btn btn-primary btn-large" onClick={() => (open ? actions.minimize(true) : actions.dismiss())} data-testid="ballot-dismiss" data-autofocus>
          {bt('ballot.dismiss')}
        </button>
      </div>
    </div>
  );
}

/** The server's side after a reconnect (or always, once voted): has it got my ballot? */
function ServerLine({ shown, always = false }: { readonly shown: Shown; readonly always?: boolean }) {
  const { bt } = useBallotT();
  if (!shown.online) return null;
  if (shown.server === 'yes')
    return (
      <p className="ballot-ok" data-testid="ballot-server" data-has="yes">
        {bt('ballot.serverHas')}
      </p>
    );
  if (always) return null;
  return (
    <p className="ballot-note" data-testid="ballot-server" data-has={shown.server}>
      {bt(shown.server === 'no' ? 'ballot.serverHasNot' : 'ballot.serverChecking')}
    </p>
  );
}

function Ended({ shown, voting, actions }: { readonly shown: Shown; readonly voting: VotingState; readonly actions: BallotActions }) {
  const { bt } = useBallotT();
  const kept = shown.memory?.cast?.choice ?? choiceOf(shown.poll.definition, shown.draft);
  return (
    <div className="ballot-body ballot-ended">
      <p className="ballot-closed" data-testid="ballot-closed" role="status">
        {bt('ballot.closed')}
      </p>
      {shown.phase === 'dropped' && (
        <p className="ballot-warn" data-testid="ballot-dropped">
          {bt('ballot.dropped')}
        </p>
      )}
      {kept === undefined || (Array.isArray(kept) && kept.length === 0 && shown.memory?.cast === undefined) ? (
        <p className="ballot-hint">{bt('ballot.closedNothing')}</p>
      ) : (
        <div className="ballot-kept" data-testid="ballot-kept">
          <p className="ballot-hint">{bt('ballot.closedKept')}</p>
          <Summary shown={shown} voting={voting} />
        </div>
      )}
      <div className="ballot-actions">
        <button type="button" className="btn btn-primary btn-large" onClick={actions.dismiss} data-testid="ballot-dismiss" data-autofocus>
          {bt('ballot.dismiss')}
        </button>
      </div>
    </div>
  );
}

function Body({ shown, voting, receipt, actions }: { readonly shown: Shown; readonly voting: VotingState; readonly receipt: SecretReceipt | undefined; readonly actions: BallotActions }) {
  const i18n = useT();
  const { bt } = useBallotT();
  switch (shown.phase) {
    case 'choosing':
      if (shown.poll.definition.kind === 'election') return <ElectionChoices poll={shown.poll} draft={shown.draft} actions={actions} />;
      if (shown.poll.definition.kind === 'confidence') return <ConfidenceChoices poll={shown.poll} draft={shown.draft} actions={actions} />;
      return <OpenChoices poll={shown.poll} voting={voting} draft={shown.draft} actions={actions} />;
    case 'confirming':
      return <Confirm shown={shown} voting={voting} actions={actions} />;
    case 'sending':
    case 'waiting':
      return (
        <div className="ballot-body">
          <Summary shown={shown} voting={voting} />
          {shown.phase === 'sending' ? (
            <p className="ballot-note" role="status" data-testid="ballot-sending">
              {bt('ballot.sending')}
            </p>
          ) : (
            <p className="ballot-warn" role="status" data-testid="ballot-waiting">
              {bt('ballot.waiting')}
            </p>
          )}
        </div>
      );
    case 'voted':
      return <Voted shown={shown} voting={voting} receipt={receipt} actions={actions} />;
    case 'closed':
    case 'dropped':
      return <Ended shown={shown} voting={voting} actions={actions} />;
    case 'failed': {
      const cast = shown.memory?.cast;
      const error = cast?.state === 'failed' ? cast.error : undefined;
      return (
        <div className="ballot-body">
          <Summary shown={shown} voting={voting} />
          <p className="ballot-warn" role="alert" data-testid="ballot-failed" data-code={error?.code ?? ''}>
            {bt('ballot.refused', { error: error ? i18n.error(error) : '' })}
          </p>
          <div className="ballot-actions">
            <button type="button" className="btn btn-large" onClick={actions.back} data-testid="ballot-back">
              ← {bt('ballot.back')}
            </button>
          </div>
        </div>
      );
    }
  }
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled])';

/** Tab stays inside the card (it is modal): from the last control to the first and back. */
function trapTab(e: KeyboardEvent, root: HTMLElement | null): void {
  if (e.key !== 'Tab' || !root) return;
  const all = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = all[0];
  const last = all[all.length - 1];
  const active = document.activeElement;
  const outside = !(active instanceof HTMLElement) || !root.contains(active);
  if (outside || (e.shiftKey && (active === first || active === root)) || (!e.shiftKey && active === last)) {
    e.preventDefault();
    (e.shiftKey ? last : first)?.focus();
  }
}

/** 1/2/3 pick an open poll's choice; Escape goes back from the confirmation. Typing in a field is left alone. */
function useKeys(shown: Shown | undefined, actions: BallotActions, ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!shown || shown.minimized) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('.urgent-notice')) return;
      trapTab(e, ref.current);
      if (e.ctrlKey || e.metaKey || e.altKey || target?.closest('input, textarea, select, [contenteditable="true"], .urgent-notice')) return;
      if (shown.phase === 'confirming' && e.key === 'Escape') {
        e.preventDefault();
        actions.back();
        return;
      }
      const choice: OpenChoice | undefined = OPEN_CHOICES[Number(e.key) - 1];
      if (shown.phase === 'choosing' && shown.poll.definition.kind === 'open' && choice !== undefined && /^[123]$/.test(e.key)) {
        e.preventDefault();
        actions.pick(choice);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shown, actions, ref]);
}

/** Focus moves into the card when it comes up and at each step (the confirm button, the first choice). */
function useStepFocus(ref: RefObject<HTMLElement | null>, key: string | undefined): void {
  useEffect(() => {
    if (key === undefined) return;
    const root = ref.current;
    // No choice is focused for the delegate: Enter alone must never pick one; the card itself takes the focus.
    const target = root?.querySelector<HTMLElement>('[data-autofocus]:not([disabled])') ?? root;
    target?.focus();
  }, [ref, key]);
}

interface CardProps {
  readonly shown: Shown;
  readonly voting: VotingState;
  readonly meetingId: string;
  readonly offsetMs: number;
  readonly receipt: SecretReceipt | undefined;
  readonly actions: BallotActions;
}

function Card({ shown, voting, meetingId, offsetMs, receipt, actions }: CardProps) {
  const { bt } = useBallotT();
  const ref = useRef<HTMLElement>(null);
  const wasOffline = useWasOffline(shown);
  useKeys(shown, actions, ref);
  useStepFocus(ref, `${shown.poll.id}/${shown.phase}`);
  const def = shown.poll.definition;
  const choosing = shown.phase === 'choosing' || shown.phase === 'confirming';
  return (
    <div className="ballot-backdrop" data-testid="ballot-overlay">
      <section
        ref={ref}
        className={`ballot ballot-${def.kind}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="ballot-question"
        tabIndex={-1}
        data-testid="ballot"
        data-poll-id={shown.poll.id}
        data-phase={shown.phase}
        data-server={shown.server}
        data-online={String(shown.online)}
      >
        <header className="ballot-head">
          <span className="ballot-kind">{bt(KIND_KEY(shown.poll))}</span>
          <Clock poll={shown.poll} offsetMs={offsetMs} testId="ballot-countdown" />
          {shown.poll.status === 'open' && (
            <button type="button" className="btn btn-quiet ballot-minimize" onClick={() => actions.minimize(true)} data-testid="ballot-minimize">
              {bt('ballot.minimize')}
            </button>
          )}
        </header>
        <h2 className="ballot-question" id="ballot-question" data-testid="ballot-question">
          {def.question}
        </h2>
        <Concerns poll={shown.poll} meetingId={meetingId} onOpen={() => actions.minimize(true)} />
        {!shown.online && shown.poll.status === 'open' && (
          <p className="ballot-warn" role="status" data-testid="ballot-offline">
            {bt('ballot.offline')}
          </p>
        )}
        {choosing && wasOffline && <ServerLine shown={shown} />}
        {def.secret && choosing && <p className="ballot-hint ballot-secret-note">{bt('ballot.secretNote')}</p>}
        <Body shown={shown} voting={voting} receipt={receipt} actions={actions} />
      </section>
    </div>
  );
}

/** The connection dropped while this card was up: after it returns, the card says what the server has. */
function useWasOffline(shown: Shown): boolean {
  const [was, setWas] = useState(false);
  // Adjusted while rendering (React's "storing information from previous renders"), not in an effect.
  if (!shown.online && !was) setWas(true);
  return was || !shown.online;
}

function Chip({ shown, offsetMs, receipt, actions }: { readonly shown: Shown; readonly offsetMs: number; readonly receipt: SecretReceipt | undefined; readonly actions: BallotActions }) {
  const { bt } = useBallotT();
  const voted = shown.phase === 'voted';
  return (
    <div className={`ballot-chip${voted ? ' ballot-chip-voted' : ''}`} data-testid="ballot-chip" data-phase={shown.phase} role="status">
      <span className="ballot-chip-text">{bt(voted ? 'ballot.chipVoted' : 'ballot.chipOpen')}</span>
      {!voted && <Clock poll={shown.poll} offsetMs={offsetMs} testId="ballot-chip-countdown" />}
      {voted && receipt && (
        <span className="ballot-chip-receipt" data-testid="ballot-chip-receipt">
          {bt('ballot.receipt', { tracker: receipt.tracker })}
          {receipt.inBox === true && ` · ${bt('ballot.receiptInBox')}`}
          {receipt.inResult === true && ` · ${bt('ballot.receiptInResult')}`}
        </span>
      )}
      {voted ? (
        <button type="button" className="btn ballot-chip-btn" onClick={actions.dismiss} data-testid="ballot-chip-dismiss">
          {bt('ballot.dismiss')}
        </button>
      ) : (
        <button type="button" className="btn btn-primary ballot-chip-btn" onClick={() => actions.minimize(false)} data-testid="ballot-reopen">
          {bt('ballot.reopen')}
        </button>
      )}
    </div>
  );
}

/** Dismissed "not on the list" notices, per poll, for the page's lifetime. */
const NOT_ELIGIBLE_SEEN = new Set<string>();

function NotEligible({ poll }: { readonly poll: Poll }) {
  const { bt } = useBallotT();
  const [, setTick] = useState(0);
  if (NOT_ELIGIBLE_SEEN.has(poll.id)) return null;
  return (
    <div className="ballot-toast" role="status" data-testid="ballot-not-eligible" data-poll-id={poll.id}>
      <p className="ballot-toast-text">
        <strong>{bt('ballot.notEligible')}</strong>
        <span className="ballot-hint">{bt('ballot.notEligibleWhy')}</span>
      </p>
      <button
        type="button"
        className="btn"
        onClick={() => {
          NOT_ELIGIBLE_SEEN.add(poll.id);
          setTick((n) => n + 1);
        }}
        data-testid="ballot-not-eligible-dismiss"
      >
        {bt('ballot.dismiss')}
      </button>
    </div>
  );
}

/** Polls whose ballot was folded to the chip on the chair's console (once: reopened, it stays open). */
const AUTO_FOLDED = new Set<string>();

/**
 * Mounted on every screen of a meeting (home, viewer, the chair's console); shows nothing unless a poll concerns
 * this member. `startMinimized`: the chair's console, where the chair runs the poll — their own ballot waits as
 * the chip ("Mở phiếu biểu quyết") until they open it.
 */
export function BallotOverlay({ meetingId, startMinimized = false }: { readonly meetingId: string; readonly startMinimized?: boolean }) {
  const { view, snapshot, voting, receipt, actions } = useBallot(meetingId);
  const pollId = view.kind === 'ballot' ? view.poll.id : undefined;
  // Once per poll on the chair's console: folded to the chip; the chair opens it when they vote.
  const fold = startMinimized && pollId !== undefined && !AUTO_FOLDED.has(pollId);
  useEffect(() => {
    if (!fold || pollId === undefined) return;
    AUTO_FOLDED.add(pollId);
    actions.minimize(true);
  }, [fold, pollId, actions]);
  if (!snapshot || !voting || view.kind === 'none') return null;
  if (view.kind === 'not-eligible') return <NotEligible poll={view.poll} />;
  if (view.minimized || fold) return <Chip shown={view} offsetMs={snapshot.clockOffsetMs} receipt={receipt} actions={actions} />;
  return <Card shown={view} voting={voting} meetingId={meetingId} offsetMs={snapshot.clockOffsetMs} receipt={receipt} actions={actions} />;
}
