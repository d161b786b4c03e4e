// "Biểu quyết" in the chair's console: create a poll from the current agenda item (or a prepared one), open it
// (the frozen N, who may vote, the quorum), follow "x / N đã biểu quyết" and, for open polls, who has not voted,
// close, announce (names on the hall screen or not), re-vote, cancel with a reason; and every poll of the
// meeting with its result in the legal wording. The server checks every step again; this screen offers them
// and says why one is not possible now.
import './chair.css';
import { useId, useState, type FormEvent } from 'react';
import { MAX_REASON_CHARS } from '../../../../common/live/commands.ts';
import type { Delegate } from '../../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../../common/result.ts';
import { ruleText } from '../../../../common/i18n/voting.ts';
import { thresholdOfPoll } from '../../../../common/voting/choices.ts';
import { baseN, required } from '../../../../common/voting/rules.ts';
import { createPollFromPrepared, isPreparedCreated, meetingVotingOf, preparedPollsFor, type PreparedPoll } from '../../../../common/voting/prepared.ts';
import { isSecret, type Poll, type PollProgress, type PollResult } from '../../../../common/voting/state.ts';
import { formatClock } from '../../../../common/live/countdown.ts';
import type { LiveSnapshot } from '../../../live/liveClient.ts';
import type { LiveSession } from '../../../live/useLiveSession.ts';
import { useNow } from '../../../live/useNow.ts';
import { findItem, nameOf, quorumOf } from '../../../live/viewModel.ts';
import type { MeetingView } from '../../../platform/Platform.ts';
import { recordsText } from '../../../../common/i18n/records.ts';
import { canExportResults, downloadResultsCsv, downloadResultsPdf } from '../../../live/records/exportResults.ts';
import { formForRevote, formFromItem, type PollForm as Form } from '../../../live/chairVoting/pollForm.ts';
import { actionsFor, activePoll, badgeOf, missingKeys, notVotedOf, pastPolls, progressOf, wordingOf, type ActionState, type BlockReason, type ChairContext, type PollAction } from '../../../live/chairVoting/pollView.ts';
import { useChairT, type ChairT } from '../../../live/chairVoting/useChairT.ts';
import { useNewestProgress } from '../../../live/chairVoting/useNewestProgress.ts';
import { PollForm, type Send } from './PollForm.tsx';
import { VoterList } from './VoterList.tsx';

interface Ctx {
  readonly view: MeetingView;
  readonly snapshot: LiveSnapshot;
  readonly send: Send;
  readonly chair: ChairContext;
  readonly progress: Readonly<Record<string, PollProgress>>;
}

const names = (delegates: readonly Delegate[], ids: readonly string[]): string => ids.map((id) => nameOf(delegates, id)).join(', ');

/** The refusal in words, with what to do; NO_QUORUM and COUNTER_KEYS_MISSING say exactly whom and how many. */
function refusalText(ct: ChairT, errorText: (e: ErrorValue) => string, error: ErrorValue, poll: Poll, ctx: Ctx): string {
  const q = quorumOf(ctx.snapshot.state);
  switch (error.code) {
    case 'NO_QUORUM':
      return ct('cv.refused.NO_QUORUM', { required: error.details?.[1] ?? String(q.required) });
    case 'COUNTER_KEYS_MISSING':
      return ct('cv.refused.COUNTER_KEYS_MISSING', { names: names(ctx.view.delegates, missingKeys(poll)) || '—' });
    case 'POLL_ALREADY_OPEN':
      return ct('cv.refused.POLL_ALREADY_OPEN');
    default:
      return ct('cv.refused', { error: errorText(error) });
  }
}

function whyText(ct: ChairT, reason: BlockReason, poll: Poll, ctx: Ctx): string {
  const q = quorumOf(ctx.snapshot.state);
  return ct(`cv.why.${reason}`, { present: q.present, total: q.total, required: q.required, names: names(ctx.view.delegates, missingKeys(poll)) });
}

function StatusBadges({ poll }: { readonly poll: Poll }) {
  const { ct } = useChairT();
  return (
    <span className="poll-badges">
      <span className={`badge poll-status poll-status-${poll.status}`} data-testid="poll-status" data-status={poll.status}>
        {ct(`cv.status.${poll.status}`)}
      </span>
      {poll.mode === 'paper' ? <span className="badge">{ct('cv.paper')}</span> : <span className="badge">{ct(isSecret(poll) ? 'cv.secret' : 'cv.byName')}</span>}
    </span>
  );
}

export function VerdictBadge({ verdict }: { readonly verdict: 'passed' | 'failed' | undefined }) {
  const { ct } = useChairT();
  if (!verdict) return null;
  return (
    <span className={`badge verdict verdict-${verdict}`} data-testid="poll-verdict" data-verdict={verdict}>
      {ct(verdict === 'passed' ? 'cv.passed' : 'cv.failed')}
    </span>
  );
}

function ResultBlock({ result }: { readonly result: PollResult }) {
  const { ct, i18n } = useChairT();
  const w = wordingOf(result.tally, i18n.lang);
  return (
    <div className="poll-result" data-testid="poll-result">
      <VerdictBadge verdict={badgeOf(result)} />
      {w.lines.map((line, i) => (
        <p key={i} className="poll-wording" data-testid="poll-wording">
          {line}
        </p>
      ))}
      {w.rule && <p className="muted small">{w.rule}</p>}
      {result.box && <p className="muted small">{ct('cv.box', { count: result.box.count })}</p>}
    </div>
  );
}

/** "Điều kiện: quá nửa tổng số đại biểu (ít nhất 16/30)": the least count is known in advance when the base is N. */
function RuleLine({ poll, inOffice }: { readonly poll: Poll; readonly inOffice: number }) {
  const { ct, i18n } = useChairT();
  const t = thresholdOfPoll(poll.definition);
  if (!t) return <p className="muted small">{ct('cv.rule.confidenceFixed')}</p>;
  const n = poll.frozen?.base ?? baseN(inOffice, poll.definition.base);
  const least = t.of === 'total' && n !== undefined ? required(n, t) : null;
  const rule = ruleText(i18n.lang, t);
  return <p className="muted small">{ct('cv.ruleLine', { rule: least === null || n === undefined ? rule : `${rule} (${ct('cv.ruleLeast', { least, base: n })})` })}</p>;
}

/** Who is on the ballot of an election or a confidence vote. */
function People({ poll }: { readonly poll: Poll }) {
  const { ct } = useChairT();
  const def = poll.definition;
  if (def.kind === 'open') return null;
  const list = (def.kind === 'election' ? def.candidates : def.persons).map((p) => p.name).join(', ');
  return <p className="small" data-testid="poll-people-line">{def.kind === 'election' ? ct('cv.candidatesLine', { seats: def.seats, names: list }) : ct('cv.personsLine', { names: list })}</p>;
}

function Counters({ poll, ctx }: { readonly poll: Poll; readonly ctx: Ctx }) {
  const { ct } = useChairT();
  if (poll.counters.length === 0) return null;
  const entered = ctx.progress[poll.id]?.entered;
  const electronicSecret = poll.mode === 'electronic' && isSecret(poll);
  return (
    <div className="poll-counters-state" data-testid="poll-counters-state">
      <strong>{ct('cv.counters')}: </strong>
      <ul className="inline-list">
        {poll.counters.map((id, i) => (
          <li key={id} data-testid="poll-counter" data-delegate-id={id} data-key={poll.counterKeys[id] ? 'ready' : 'missing'}>
            {i + 1}. {nameOf(ctx.view.delegates, id)}
            {electronicSecret && poll.status === 'draft' && (
              <span className={poll.counterKeys[id] ? 'ok-text' : 'warn-text'}> — {ct(poll.counterKeys[id] ? 'cv.keyReady' : 'cv.keyMissing')}</span>
            )}
            {poll.mode === 'paper' && entered && <span className="muted"> — {ct('cv.entered', { count: entered[id] ?? 0 })}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Frozen({ poll }: { readonly poll: Poll }) {
  const { ct } = useChairT();
  const f = poll.frozen;
  if (!f) return null;
  const required = Math.ceil((f.base * f.quorum.numerator) / f.quorum.denominator);
  const reached = f.present * f.quorum.denominator >= f.base * f.quorum.numerator;
  return (
    <p className="poll-frozen small" data-testid="poll-frozen" data-base={f.base} data-eligible={f.eligible.length}>
      {ct('cv.frozen', { base: f.base, present: f.present, eligible: f.eligible.length })} ·{' '}
      <span className={reached ? 'ok-text' : 'error-text'}>{ct(reached ? 'cv.quorumOk' : 'cv.quorumNo', { required, base: f.base })}</span>
    </p>
  );
}

function Countdown({ closesAt, offsetMs }: { readonly closesAt: number; readonly offsetMs: number }) {
  const { ct } = useChairT();
  const now = useNow(true, offsetMs);
  const left = Math.max(0, Math.ceil((closesAt - now) / 1000));
  const text = formatClock({ phase: 'running', remainingSec: left, overrunSec: 0, elapsedSec: 0 });
  return (
    <p className="poll-countdown" role="timer" data-testid="poll-countdown">
      {left > 0 ? ct('cv.closesIn', { time: text }) : ct('cv.closesNow')}
    </p>
  );
}

function Progress({ poll, ctx }: { readonly poll: Poll; readonly ctx: Ctx }) {
  const { ct } = useChairT();
  const p = progressOf(poll, ctx.progress[poll.id]);
  if (!p) return null;
  return (
    <div className="poll-progress">
      <p className="poll-progress-text" data-testid="poll-progress" data-cast={p.cast} data-version={p.version} aria-live="polite">
        <strong>{ct('cv.progress', { cast: p.cast, base: p.base })}</strong> <span className="muted">({ct('cv.progressEligible', { cast: p.cast, eligible: p.eligible })})</span>
      </p>
      <progress max={Math.max(1, p.eligible)} value={p.cast} aria-label={ct('cv.progress', { cast: p.cast, base: p.base })} />
    </div>
  );
}

/** Open by-name polls: who has not voted yet; secret polls: only the count, said so. */
function NotVoted({ poll, ctx }: { readonly poll: Poll; readonly ctx: Ctx }) {
  const { ct } = useChairT();
  if (!poll.frozen) return null;
  const notVoted = notVotedOf(poll, ctx.progress[poll.id]);
  if (notVoted) return <VoterList ids={notVoted} delegates={ctx.view.delegates} />;
  return isSecret(poll) ? <p className="muted small">{ct('cv.notVotedSecret')}</p> : null;
}

function CancelForm({ onCancel, onBack }: { readonly onCancel: (reason: string) => void; readonly onBack: () => void }) {
  const { ct } = useChairT();
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() !== '') onCancel(reason.trim());
  };
  return (
    <form className="poll-cancel" noValidate onSubmit={submit} data-testid="poll-cancel-form">
      <label className="field">
        {ct('cv.cancel.reason')}
        <input value={reason} maxLength={MAX_REASON_CHARS} onChange={(e) => setReason(e.target.value)} autoFocus data-testid="poll-cancel-reason" />
      </label>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={reason.trim() === ''}>
          {ct('cv.cancel.confirm')}
        </button>
        <button type="button" className="btn" onClick={onBack}>
          {ct('cv.cancel.back')}
        </button>
      </div>
    </form>
  );
}

const PRIMARY: ReadonlySet<PollAction> = new Set(['open', 'close', 'announce']);

function ActionButtons({ poll, ctx, actions, run }: { readonly poll: Poll; readonly ctx: Ctx; readonly actions: readonly ActionState[]; readonly run: (a: PollAction) => void }) {
  const { ct } = useChairT();
  const id = useId();
  return (
    <div className="poll-actions">
      <div className="actions">
        {actions.map((a) => (
          <button
            key={a.action}
            type="button"
            className={PRIMARY.has(a.action) ? 'btn btn-primary btn-large' : 'btn'}
            disabled={!a.enabled}
            aria-describedby={a.reason ? `${id}-${a.action}` : undefined}
            onClick={() => run(a.action)}
            data-testid={`poll-${a.action}`}
          >
            {ct(`cv.action.${a.action}`)}
          </button>
        ))}
      </div>
      {actions
        .filter((a) => a.reason !== undefined && a.reason !== 'notDraft' && a.reason !== 'finished')
        .map((a) => (
          <p key={a.action} id={`${id}-${a.action}`} className="why small" data-testid="poll-why" data-action={a.action}>
            {ct(`cv.action.${a.action}`)}: {a.reason ? whyText(ct, a.reason, poll, ctx) : ''}
          </p>
        ))}
    </div>
  );
}

function PollCard({ poll, ctx, onRevote }: { readonly poll: Poll; readonly ctx: Ctx; readonly onRevote: (p: Poll) => void }) {
  const { ct, i18n } = useChairT();
  const [error, setError] = useState<ErrorValue>();
  const [cancelling, setCancelling] = useState(false);
  const [showNames, setShowNames] = useState(false);
  const [busy, setBusy] = useState(false);
  const result = ctx.snapshot.voting.results[poll.id];
  const send = async (command: Parameters<Send>[0]) => {
    setBusy(true);
    const outcome = await ctx.send(command);
    setBusy(false);
    setError(outcome.status === 'failed' ? outcome.error : undefined);
    return outcome.status !== 'failed';
  };
  const run = (a: PollAction) => {
    if (a === 'open') void send({ type: 'openPoll', pollId: poll.id });
    else if (a === 'close') void send({ type: 'closePoll', pollId: poll.id });
    else if (a === 'announce') void send({ type: 'announcePoll', pollId: poll.id, showNames: showNames && !isSecret(poll) });
    else if (a === 'cancel') setCancelling(true);
    else onRevote(poll);
  };
  const actions = actionsFor(poll, ctx.chair).map((a) => (busy ? { ...a, enabled: false } : a));
  const byName = !isSecret(poll) && poll.mode === 'electronic';
  return (
    <article className="poll-card" data-testid="poll-card" data-poll-id={poll.id} data-status={poll.status}>
      <header className="poll-card-head">
        <h3 className="poll-question" data-testid="poll-question-text">
          {poll.definition.question}
        </h3>
        <StatusBadges poll={poll} />
      </header>
      {poll.revoteOf && <p className="muted small">{ct('cv.revoteOfShort')}</p>}
      <People poll={poll} />
      <RuleLine poll={poll} inOffice={ctx.snapshot.state.config.totalDelegates} />
      <Frozen poll={poll} />
      <Counters poll={poll} ctx={ctx} />
      {poll.status === 'open' && poll.frozen?.closesAt !== undefined && <Countdown closesAt={poll.frozen.closesAt} offsetMs={ctx.snapshot.clockOffsetMs} />}
      {poll.mode === 'electronic' && ['open', 'closed', 'tallying'].includes(poll.status) && <Progress poll={poll} ctx={ctx} />}
      {poll.status === 'tallying' && <p className="muted">{ct(poll.mode === 'paper' ? 'cv.paperWait' : 'cv.tallyWait')}</p>}
      {result && (poll.status === 'counted' || poll.status === 'announced') && <ResultBlock result={result} />}
      {poll.status === 'cancelled' && <p className="muted">{ct('cv.cancelled', { reason: poll.cancelReason ?? '' })}</p>}
      {poll.status === 'counted' && byName && (
        <label className="check-line">
          <input type="checkbox" checked={showNames} onChange={(e) => setShowNames(e.target.checked)} data-testid="poll-show-names" />
          {ct('cv.showNames')}
        </label>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="poll-error" data-code={error.code}>
          {refusalText(ct, i18n.error, error, poll, ctx)}
        </p>
      )}
      {cancelling ? (
        <CancelForm onBack={() => setCancelling(false)} onCancel={(reason) => void send({ type: 'cancelPoll', pollId: poll.id, reason }).then((ok) => ok && setCancelling(false))} />
      ) : (
        <ActionButtons poll={poll} ctx={ctx} actions={actions} run={run} />
      )}
      {poll.status === 'open' && <NotVoted poll={poll} ctx={ctx} />}
    </article>
  );
}

function PastPoll({ poll, ctx, onRevote }: { readonly poll: Poll; readonly ctx: Ctx; readonly onRevote: (p: Poll) => void }) {
  const { ct } = useChairT();
  const result = ctx.snapshot.voting.results[poll.id];
  const revote = actionsFor(poll, ctx.chair).find((a) => a.action === 'revote');
  const revotedBy = ctx.snapshot.voting.polls.some((p) => p.revoteOf === poll.id);
  return (
    <li className="past-poll" data-testid="past-poll" data-poll-id={poll.id} data-status={poll.status}>
      <div className="past-poll-head">
        <strong>{poll.definition.question}</strong>
        <StatusBadges poll={poll} />
        {poll.status === 'announced' && result && <VerdictBadge verdict={badgeOf(result)} />}
        {revotedBy && <span className="badge">{ct('cv.revotedBy')}</span>}
      </div>
      {result && (poll.status === 'announced' || poll.status === 'counted') && (
        <details>
          <summary>{ct('cv.result')}</summary>
          <ResultBlock result={result} />
        </details>
      )}
      {poll.status === 'cancelled' && <p className="muted small">{ct('cv.cancelled', { reason: poll.cancelReason ?? '' })}</p>}
      {poll.status === 'announced' && <Exports ctx={ctx} pollId={poll.id} />}
      {revote && (
        <button type="button" className="btn btn-quiet" disabled={!revote.enabled} title={revote.reason ? whyText(ct, revote.reason, poll, ctx) : undefined} onClick={() => onRevote(poll)} data-testid="past-revote">
          {ct('cv.action.revote')}
        </button>
      )}
    </li>
  );
}

function Prepared({ list, ctx, onCreated }: { readonly list: readonly PreparedPoll[]; readonly ctx: Ctx; readonly onCreated: () => void }) {
  const { ct, i18n } = useChairT();
  const [error, setError] = useState<ErrorValue>();
  if (list.length === 0) return null;
  const use = async (p: PreparedPoll) => {
    const outcome = await ctx.send(createPollFromPrepared(p));
    setError(outcome.status === 'failed' ? outcome.error : undefined);
    if (outcome.status !== 'failed') onCreated();
  };
  return (
    <div className="poll-prepared" data-testid="poll-prepared">
      <h3>{ct('cv.prepared')}</h3>
      <ul>
        {list.map((p) => (
          <li key={p.id}>
            {p.definition.question}{' '}
            <button type="button" className="btn" disabled={!ctx.chair.online} onClick={() => void use(p)} data-testid="use-prepared" data-prepared-id={p.id}>
              {ct('cv.usePrepared')}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error-text" role="alert">
          {ct('cv.refused', { error: i18n.error(error) })}
        </p>
      )}
    </div>
  );
}

/** "Tải biên bản (PDF)" and "Tải CSV": of one announced poll, or (no pollId) of the whole session (H5's export). */
function Exports({ ctx, pollId }: { readonly ctx: Ctx; readonly pollId?: string }) {
  const { ct, i18n } = useChairT();
  const [error, setError] = useState<ErrorValue>();
  const voting = ctx.snapshot.voting;
  if (!canExportResults(voting, pollId)) return null;
  const pdf = async () => {
    const r = await downloadResultsPdf(ctx.view, voting, pollId, i18n.lang);
    setError(r.ok ? undefined : r.error);
  };
  const csv = () => {
    const r = downloadResultsCsv(ctx.view, voting, pollId, i18n.lang);
    setError(r.ok ? undefined : r.error);
  };
  return (
    <span className="poll-exports" data-testid={pollId ? 'poll-exports' : 'session-exports'}>
      <button type="button" className="btn btn-quiet" onClick={() => void pdf()} data-testid="export-pdf">
        {recordsText(i18n.lang, 'downloadPdf')}
      </button>
      <button type="button" className="btn btn-quiet" onClick={csv} data-testid="export-csv">
        {recordsText(i18n.lang, 'downloadCsv')}
      </button>
      {error && (
        <span className="error-text" role="alert">
          {ct('cv.refused', { error: i18n.error(error) })}
        </span>
      )}
    </span>
  );
}

type Editing = { readonly form: Form; readonly revoteQuestion?: string } | undefined;

export function ChairVoting({ view, snapshot, live }: { readonly view: MeetingView; readonly snapshot: LiveSnapshot; readonly live: LiveSession }) {
  const { ct } = useChairT();
  const [editing, setEditing] = useState<Editing>();
  const progress = useNewestProgress(snapshot.voting.progress);
  const voting = snapshot.voting;
  const open = voting.polls.find((p) => p.status === 'open');
  const online = snapshot.status === 'online' && snapshot.synced;
  const chair: ChairContext = { online, quorumReached: quorumOf(snapshot.state).reached, openPollId: open?.id };
  const ctx: Ctx = { view, snapshot, send: live.send, chair, progress };
  const active = activePoll(voting);
  const past = pastPolls(voting, active);
  const item = findItem(view.agenda, snapshot.state.currentItemId);
  const prepared = preparedPollsFor(meetingVotingOf({ voting: (view as { readonly voting?: unknown }).voting }), snapshot.state.currentItemId).filter((p) => !isPreparedCreated(p, voting.polls));
  const revote = (p: Poll) => setEditing({ form: formForRevote(p), revoteQuestion: p.definition.question });
  return (
    <section className="console-panel console-voting" aria-labelledby="voting-h" data-testid="chair-voting">
      <div className="voting-head">
        <h2 id="voting-h">{ct('cv.title')}</h2>
        {!active && !editing && (
          <button type="button" className="btn btn-primary" disabled={!online || !item} onClick={() => setEditing({ form: formFromItem(item) })} data-testid="poll-new" aria-describedby={item ? undefined : 'poll-new-why'}>
            {ct('cv.createFromItem')}
          </button>
        )}
        <span className="voting-head-end">
          <Exports ctx={ctx} />
        </span>
      </div>
      {!active && !editing && !item && (
        <p id="poll-new-why" className="why small">
          {ct('cv.noItem')}
        </p>
      )}
      {!active && !editing && <Prepared list={prepared} ctx={ctx} onCreated={() => undefined} />}
      {editing && (
        <PollForm
          key={editing.form.revoteOf ?? 'new'}
          initial={editing.form}
          delegates={view.delegates}
          totalDelegates={snapshot.state.config.totalDelegates}
          {...(editing.revoteQuestion ? { revoteQuestion: editing.revoteQuestion } : {})}
          send={live.send}
          onDone={() => setEditing(undefined)}
        />
      )}
      {active && <PollCard key={active.id} poll={active} ctx={ctx} onRevote={revote} />}
      {past.length > 0 && (
        <details className="past-box" data-testid="past-box">
          <summary className="past-h">{ct('cv.pastCount', { count: past.length })}</summary>
          <ul className="past-polls" data-testid="past-polls">
            {past.map((p) => (
              <PastPoll key={p.id} poll={p} ctx={ctx} onRevote={revote} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
