// "Biểu quyết mới": the chair's form. Prefilled from the current agenda item (or from the poll a re-vote
// repeats); kind, rule, countdown, secret ballot, paper ballots and the Ban kiểm phiếu. The form checks itself
// (noValidate, the messages in Vietnamese) and shows every problem beside its field.
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { Delegate } from '../../../../common/meeting/types.ts';
import { isVotingRole } from '../../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../../common/result.ts';
import { foldVietnamese } from '../../../../common/text/fold.ts';
import { POLL_KINDS, type PollKind } from '../../../../common/voting/choices.ts';
import { MAX_COUNTERS } from '../../../../common/voting/commands.ts';
import {
  COUNTDOWN_PRESETS,
  countersNeeded,
  formProblems,
  isSecretForm,
  newPollId,
  RULE_CHOICES,
  toCreatePoll,
  toggleCounter,
  withKind,
  type FormProblem,
  type PollForm as Form,
  type RuleChoice,
} from '../../../live/chairVoting/pollForm.ts';
import { useChairT, type ChairT } from '../../../live/chairVoting/useChairT.ts';
import type { Command } from '../../../live/useLiveSession.ts';
import type { SendOutcome } from '../../../live/outbox.ts';

/** Counter candidates shown at once in the picker; the search narrows 2,000 names to these. */
const COUNTER_PICKS_SHOWN = 40;

export type Send = (command: Command) => Promise<SendOutcome>;

function countdownLabel(ct: ChairT, sec: number): string {
  if (sec === 0) return ct('cv.form.countdownNone');
  return sec < 60 ? ct('cv.form.seconds', { n: sec }) : ct('cv.form.minutes', { n: sec / 60 });
}

function Problem({ problems, which, form, ct }: { readonly problems: readonly FormProblem[]; readonly which: readonly FormProblem[]; readonly form: Form; readonly ct: ChairT }) {
  const mine = problems.filter((p) => which.includes(p));
  if (mine.length === 0) return null;
  const need = countersNeeded(form) ?? { min: 1, max: MAX_COUNTERS };
  return (
    <p className="error-text field-problem" data-testid="poll-form-problem">
      {mine.map((p) => ct(`cv.problem.${p}`, need)).join(' ')}
    </p>
  );
}

function CounterPicker({ form, delegates, onChange }: { readonly form: Form; readonly delegates: readonly Delegate[]; readonly onChange: (counters: string[]) => void }) {
  const { ct } = useChairT();
  const [q, setQ] = useState('');
  const need = countersNeeded(form);
  const voting = useMemo(() => delegates.filter((d) => isVotingRole(d.role)), [delegates]);
  const shown = useMemo(() => {
    const f = foldVietnamese(q.trim()).toLowerCase();
    const hits = f === '' ? voting : voting.filter((d) => foldVietnamese(`${d.name} ${d.group}`).toLowerCase().includes(f));
    const picked = voting.filter((d) => form.counters.includes(d.id) && !hits.includes(d));
    return [...picked, ...hits].slice(0, COUNTER_PICKS_SHOWN + picked.length);
  }, [voting, q, form.counters]);
  if (!need) return null;
  const nameOf = (id: string) => voting.find((d) => d.id === id)?.name ?? id;
  return (
    <fieldset className="poll-counters" data-testid="poll-counters">
      <legend>{ct('cv.form.counters', { min: need.min, max: need.max })}</legend>
      <p className="muted small">{ct('cv.form.countersHint')}</p>
      <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={ct('cv.form.counterSearch')} aria-label={ct('cv.form.counterSearch')} />
      <ul className="poll-counter-list">
        {shown.map((d) => (
          <li key={d.id}>
            <label>
              <input type="checkbox" checked={form.counters.includes(d.id)} onChange={() => onChange(toggleCounter(form.counters, d.id))} data-testid="counter-pick" data-delegate-id={d.id} />
              {d.name} <span className="muted">{d.group}</span>
            </label>
          </li>
        ))}
      </ul>
      {form.counters.length > 0 && <p className="small">{ct('cv.form.counterOrder', { names: form.counters.map((id, i) => `${i + 1}. ${nameOf(id)}`).join(', ') })}</p>}
    </fieldset>
  );
}

function RuleFields({ form, set }: { readonly form: Form; readonly set: (patch: Partial<Form>) => void }) {
  const { ct } = useChairT();
  const id = useId();
  if (form.kind === 'confidence') return <p className="muted small">{ct('cv.rule.confidenceFixed')}</p>;
  const f = form.fraction;
  return (
    <fieldset className="poll-rule">
      <legend>{ct('cv.form.rule')}</legend>
      {RULE_CHOICES.map((r) => (
        <label key={r} className="radio-line">
          <input type="radio" name={`${id}-rule`} checked={form.rule === r} onChange={() => set({ rule: r as RuleChoice })} data-testid={`rule-${r}`} />
          {ct(`cv.rule.${r}`)}
        </label>
      ))}
      {form.rule === 'fraction' && (
        <div className="poll-fraction">
          <label>
            {ct('cv.form.numerator')}
            <input inputMode="numeric" value={f.numerator} onChange={(e) => set({ fraction: { ...f, numerator: e.target.value } })} size={4} />
          </label>
          <span aria-hidden="true">/</span>
          <label>
            {ct('cv.form.denominator')}
            <input inputMode="numeric" value={f.denominator} onChange={(e) => set({ fraction: { ...f, denominator: e.target.value } })} size={4} />
          </label>
          <label>
            <input type="checkbox" checked={f.strict} onChange={(e) => set({ fraction: { ...f, strict: e.target.checked } })} />
            {ct('cv.form.strict')}
          </label>
          <label>
            {ct('cv.form.of')}
            <select value={f.of} onChange={(e) => set({ fraction: { ...f, of: e.target.value === 'collected' ? 'collected' : 'total' } })}>
              <option value="total">{ct('cv.form.of.total')}</option>
              <option value="collected">{ct('cv.form.of.collected')}</option>
            </select>
          </label>
        </div>
      )}
    </fieldset>
  );
}

function PeopleFields({ form, set, delegates }: { readonly form: Form; readonly set: (patch: Partial<Form>) => void; readonly delegates: readonly Delegate[] }) {
  const { ct } = useChairT();
  if (form.kind === 'open') return null;
  const add = (id: string) => {
    const d = delegates.find((x) => x.id === id);
    if (!d) return;
    const line = d.position ? `${d.name}, ${d.position}` : d.name;
    set({ people: form.people.trim() === '' ? line : `${form.people.replace(/\s+$/, '')}\n${line}` });
  };
  return (
    <div className="poll-people">
      <label className="field">
        {ct(form.kind === 'election' ? 'cv.form.candidates' : 'cv.form.persons')}
        <textarea rows={4} value={form.people} onChange={(e) => set({ people: e.target.value })} data-testid="poll-people" />
      </label>
      <label className="field">
        {ct('cv.form.addDelegate')}
        <select value="" onChange={(e) => add(e.target.value)} data-testid="poll-add-delegate">
          <option value="">{ct('cv.form.addDelegateNone')}</option>
          {delegates
            .filter((d) => isVotingRole(d.role))
            .map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
        </select>
      </label>
      {form.kind === 'election' && (
        <label className="field field-short">
          {ct('cv.form.seats')}
          <input inputMode="numeric" value={form.seats} onChange={(e) => set({ seats: e.target.value })} size={4} data-testid="poll-seats" />
        </label>
      )}
    </div>
  );
}

export interface PollFormProps {
  readonly initial: Form;
  readonly delegates: readonly Delegate[];
  readonly totalDelegates: number;
  readonly revoteQuestion?: string;
  readonly send: Send;
  readonly onDone: (pollId: string | undefined) => void;
}

export function PollForm({ initial, delegates, totalDelegates, revoteQuestion, send, onDone }: PollFormProps) {
  const { ct, i18n } = useChairT();
  const id = useId();
  const [form, setForm] = useState<Form>(initial);
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ErrorValue>();
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const problems = tried ? formProblems(form) : [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const pollId = newPollId();
    const built = toCreatePoll(form, pollId);
    if (!built.ok || sending) return;
    setSending(true);
    const outcome = await send(built.command);
    setSending(false);
    if (outcome.status === 'failed') return setError(outcome.error);
    onDone(pollId);
  };
  return (
    <form className="poll-form" noValidate onSubmit={(e) => void submit(e)} data-testid="poll-form" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{ct(form.revoteOf ? 'cv.form.revoteTitle' : 'cv.form.title')}</h3>
      {revoteQuestion && <p className="muted small">{ct('cv.form.revoteOf', { question: revoteQuestion })}</p>}
      <label className="field">
        {ct('cv.form.question')}
        <textarea rows={2} value={form.question} onChange={(e) => set({ question: e.target.value })} data-testid="poll-question" autoFocus />
      </label>
      <Problem problems={problems} which={['question']} form={form} ct={ct} />
      <fieldset className="poll-kind">
        <legend>{ct('cv.form.kind')}</legend>
        {POLL_KINDS.map((k) => (
          <label key={k} className="radio-line">
            <input type="radio" name={`${id}-kind`} checked={form.kind === k} onChange={() => setForm((f) => withKind(f, k as PollKind))} data-testid={`kind-${k}`} />
            {ct(`cv.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <PeopleFields form={form} set={set} delegates={delegates} />
      <Problem problems={problems} which={['people', 'peopleTooMany', 'seats']} form={form} ct={ct} />
      <RuleFields form={form} set={set} />
      <Problem problems={problems} which={['fraction']} form={form} ct={ct} />
      <div className="poll-row">
        <label className="field">
          {ct('cv.form.countdown')}
          <select value={form.countdownSec} onChange={(e) => set({ countdownSec: Number(e.target.value) })} data-testid="poll-countdown">
            {COUNTDOWN_PRESETS.map((s) => (
              <option key={s} value={s}>
                {countdownLabel(ct, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-short">
          {ct('cv.form.base')}
          <input inputMode="numeric" value={form.base} onChange={(e) => set({ base: e.target.value })} placeholder={String(totalDelegates)} size={6} />
          <span className="muted small">{ct('cv.form.baseHint', { total: totalDelegates })}</span>
        </label>
      </div>
      <Problem problems={problems} which={['base', 'countdown']} form={form} ct={ct} />
      {form.kind === 'open' && (
        <label className="check-line">
          <input type="checkbox" checked={form.secret} onChange={(e) => set({ secret: e.target.checked })} data-testid="poll-secret" />
          {ct('cv.form.secret')}
          <span className="muted small"> — {ct('cv.form.secretHint')}</span>
        </label>
      )}
      <fieldset className="poll-mode">
        <legend>{ct('cv.form.mode')}</legend>
        {(['electronic', 'paper'] as const).map((m) => (
          <label key={m} className="radio-line">
            <input type="radio" name={`${id}-mode`} checked={form.mode === m} onChange={() => set({ mode: m })} data-testid={`mode-${m}`} />
            {ct(`cv.mode.${m}`)}
          </label>
        ))}
      </fieldset>
      <CounterPicker form={form} delegates={delegates} onChange={(counters) => set({ counters })} />
      <Problem problems={problems} which={['countersFew', 'countersMany']} form={form} ct={ct} />
      {isSecretForm(form) && form.mode === 'electronic' && <p className="muted small">{ct('cv.form.secretNote')}</p>}
      {error && (
        <p className="error-text" role="alert" data-testid="poll-form-error">
          {ct('cv.refused', { error: i18n.error(error) })}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={sending} data-testid="poll-create">
          {ct(sending ? 'cv.form.sending' : 'cv.form.submit')}
        </button>
        <button type="button" className="btn" onClick={() => onDone(undefined)}>
          {ct('cv.form.cancel')}
        </button>
      </div>
    </form>
  );
}
