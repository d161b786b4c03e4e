// Ban kiểm phiếu: on the meeting home of a delegate named as a counter of a poll. Secret electronic polls: the
// counter key is made and registered by itself while the poll is a draft, and "Kiểm phiếu" runs this counter's
// stage when it is their turn. Paper polls: a keyboard-first entry form (number, code, Enter), the entry log
// (printable), "Hoàn tất nhập" with phiếu phát ra, and the ballots on which two entries disagree.
import './chair.css';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Delegate } from '../../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../../common/result.ts';
import { MAX_PAPER_BALLOTS } from '../../../../common/voting/commands.ts';
import { labelsOf } from '../../../../common/voting/choices.ts';
import { isSecret, type Poll, type VotingState } from '../../../../common/voting/state.ts';
import { useServices, useSelector } from '../../../app/AppContext.tsx';
import { currentView } from '../../../app/state.ts';
import { counterSecretOf } from '../../../live/chairVoting/counterSecretClient.ts';
import { myCounterPolls, turnOf, type CounterSecret } from '../../../live/chairVoting/counterSecret.ts';
import {
  addToLog,
  disagreeingNumbers,
  entryText,
  logTotals,
  markLog,
  nextBallotNo,
  parseBallotNo,
  parseEntry,
  type LogLine,
} from '../../../live/chairVoting/paperEntry.ts';
import { loadPaperLog, savePaperLog } from '../../../live/chairVoting/paperLogStore.ts';
import { useChairT } from '../../../live/chairVoting/useChairT.ts';
import type { LiveSnapshot } from '../../../live/liveClient.ts';
import { useLiveSession, type LiveSession } from '../../../live/useLiveSession.ts';

type KeyState = { readonly kind: 'idle' | 'making' | 'ready' | 'elsewhere' } | { readonly kind: 'failed'; readonly error: ErrorValue };

/** Registers the counter key as soon as this device sees a draft naming this member (once per poll and page). */
function useCounterSecret(): CounterSecret {
  const { platform } = useServices();
  return useMemo(() => counterSecretOf(platform), [platform]);
}

function useCounterKey(meetingId: string, poll: Poll, me: string): { readonly state: KeyState; readonly retry: () => void } {
  const [answer, setAnswer] = useState<{ readonly key: string; readonly state: KeyState }>();
  const [attempt, setAttempt] = useState(0);
  const registered = poll.counterKeys[me];
  const secret = useCounterSecret();
  // Asked while the poll is a draft; afterwards only to tell this device's key from another device's.
  const wanted = poll.status === 'draft' || registered !== undefined;
  const key = `${meetingId}/${poll.id}/${registered ?? ''}/${attempt}`;
  // The poll is a new object on every doc update; the effect reads the latest one and reruns only on `key`.
  const latest = useRef(poll);
  useEffect(() => {
    latest.current = poll;
  });
  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    void secret.ensureKey(meetingId, latest.current).then((r) => {
      if (!alive) return;
      if (!r.ok) return setAnswer({ key, state: { kind: 'failed', error: r.error } });
      setAnswer({ key, state: { kind: registered !== undefined && registered !== r.value.publicKey ? 'elsewhere' : 'ready' } });
    });
    return () => {
      alive = false;
    };
    // The key is asked for again only when the poll, its registered key or the attempt changes (`key`).
  }, [key, wanted, secret, meetingId, registered]);
  const state: KeyState = !wanted ? { kind: 'idle' } : answer?.key === key ? answer.state : { kind: 'making' };
  return { state, retry: () => setAttempt((a) => a + 1) };
}

function KeyLine({ state, retry }: { readonly state: KeyState; readonly retry: () => void }) {
  const { ct, i18n } = useChairT();
  switch (state.kind) {
    case 'idle':
      return null;
    case 'making':
      return <p className="muted">{ct('cd.key.making')}</p>;
    case 'ready':
      return (
        <p className="ok-text" data-testid="counter-key" data-state="ready">
          {ct('cd.key.ready')}
        </p>
      );
    case 'elsewhere':
      return (
        <p className="warn-text" data-testid="counter-key" data-state="elsewhere">
          {ct('cd.key.elsewhere')}
        </p>
      );
    case 'failed':
      return (
        <p className="error-text" data-testid="counter-key" data-state="failed">
          {ct('cd.key.failed', { error: i18n.error(state.error) })}{' '}
          <button type="button" className="btn" onClick={retry}>
            {ct('cd.key.retry')}
          </button>
        </p>
      );
  }
}

type StageState = { readonly kind: 'unknown' } | { readonly kind: 'known'; readonly done: number } | { readonly kind: 'running' } | { readonly kind: 'failed'; readonly error: ErrorValue };

/** While a counter waits for their turn, the device asks how many stages are in this often (one small GET). */
export const STAGE_POLL_MS = 4000;

function SecretStage({ meetingId, poll, me, stagesHint }: { readonly meetingId: string; readonly poll: Poll; readonly me: string; readonly stagesHint: number | undefined }) {
  const { ct, i18n } = useChairT();
  const [state, setState] = useState<StageState>({ kind: 'unknown' });
  const [asked, setAsked] = useState(0);
  const secret = useCounterSecret();
  const waiting = state.kind === 'known' && turnOf(poll, me, state.done).kind === 'wait';
  const latest = useRef(poll);
  useEffect(() => {
    latest.current = poll;
  });
  const status = poll.status;
  useEffect(() => {
    if (status !== 'tallying') return;
    let alive = true;
    void secret
      .stagesDone(meetingId, latest.current)
      .then((r) => alive && setState(r.ok ? { kind: 'known', done: r.value.done } : { kind: 'failed', error: r.error }));
    return () => {
      alive = false;
    };
    // Asked again when the status changes, after this counter's run, and when the doc says a stage came in.
  }, [meetingId, poll.id, status, asked, secret, stagesHint]);
  useEffect(() => {
    if (!waiting || poll.status !== 'tallying') return;
    const timer = setInterval(() => setAsked((a) => a + 1), STAGE_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, poll.status]);
  if (poll.status === 'open') return <p className="muted">{ct('cd.wait.open')}</p>;
  if (poll.status === 'counted') return <p className="ok-text">{ct('cd.counted')}</p>;
  if (poll.status !== 'tallying') return null;
  const run = async () => {
    setState({ kind: 'running' });
    const r = await secret.runStage(meetingId, poll);
    if (!r.ok) return setState({ kind: 'failed', error: r.error });
    setAsked((a) => a + 1);
  };
  if (state.kind === 'running') return <p role="status">{ct('cd.running')}</p>;
  if (state.kind === 'failed') {
    return (
      <p className="error-text" role="alert" data-testid="counter-stage-error">
        {ct('cv.refused', { error: i18n.error(state.error) })}{' '}
        <button type="button" className="btn" onClick={() => setAsked((a) => a + 1)}>
          {ct('cd.key.retry')}
        </button>
      </p>
    );
  }
  if (state.kind === 'unknown') return null;
  const turn = turnOf(poll, me, state.done);
  const count = poll.counters.length;
  if (turn.kind === 'done') return <p className="ok-text" data-testid="counter-stage" data-state="done">{ct('cd.done', { stage: turn.stage, count })}</p>;
  if (turn.kind === 'wait') return <p className="muted" data-testid="counter-stage" data-state="wait">{ct('cd.wait.turn', { place: turn.place })}</p>;
  return (
    <div data-testid="counter-stage" data-state="mine">
      <p>{ct('cd.turn', { stage: turn.stage, count })}</p>
      <button type="button" className="btn btn-primary btn-large" onClick={() => void run()} data-testid="counter-run">
        {ct('cd.run')}
      </button>
    </div>
  );
}

function useLog(meetingId: string, pollId: string, me: string): readonly [readonly LogLine[], (f: (log: readonly LogLine[]) => LogLine[]) => void] {
  const [log, setLogState] = useState<readonly LogLine[]>(() => loadPaperLog(meetingId, pollId, me));
  const setLog = (f: (log: readonly LogLine[]) => LogLine[]) =>
    setLogState((prev) => {
      const next = f(prev);
      savePaperLog(meetingId, pollId, me, next);
      return next;
    });
  return [log, setLog];
}

function printLog(): void {
  document.body.classList.add('printing-paper-log');
  const done = () => {
    document.body.classList.remove('printing-paper-log');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

function PaperLog({ poll, log, voting, meName }: { readonly poll: Poll; readonly log: readonly LogLine[]; readonly voting: VotingState; readonly meName: string }) {
  const { ct, i18n } = useChairT();
  const labels = poll.definition.kind === 'open' ? labelsOf(poll.definition, voting.settings) : 'tan-thanh';
  const words = { invalid: ct('cd.paper.invalid'), none: ct('cd.paper.none') };
  return (
    <div className="paper-print" data-testid="paper-log">
      <p className="paper-print-title">{ct('cd.paper.printTitle', { question: poll.definition.question, name: meName })}</p>
      <h4>
        {ct('cd.paper.log')}{' '}
        <button type="button" className="btn btn-quiet no-print" onClick={printLog} data-testid="paper-print">
          {ct('cd.paper.print')}
        </button>
      </h4>
      {log.length === 0 ? (
        <p className="muted">{ct('cd.paper.logEmpty')}</p>
      ) : (
        <div className="paper-log-scroll">
          <table className="paper-log">
            <thead>
              <tr>
                <th>{ct('cd.paper.col.no')}</th>
                <th>{ct('cd.paper.col.code')}</th>
                <th>{ct('cd.paper.col.choice')}</th>
                <th>{ct('cd.paper.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {[...log].reverse().map((l) => (
                <tr key={l.ballotNo} data-testid="paper-log-row" data-ballot={l.ballotNo} data-state={l.state}>
                  <td>{l.ballotNo}</td>
                  <td>{l.code}</td>
                  <td>{entryText(i18n.lang, poll.definition, labels, l.choice, words)}</td>
                  <td>
                    {ct(`cd.paper.state.${l.state}`)}
                    {l.replaced ? ` (${ct('cd.paper.replaced')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function helpText(ct: ReturnType<typeof useChairT>['ct'], poll: Poll, voting: VotingState, lang: 'vi' | 'en'): string {
  const def = poll.definition;
  if (def.kind === 'election') return ct('cd.paper.help.election');
  if (def.kind === 'confidence') return ct('cd.paper.help.confidence');
  const labels = labelsOf(def, voting.settings);
  const w = (c: 'yes' | 'no' | 'abstain') => entryText(lang, def, labels, c, { invalid: '', none: '' });
  return ct('cd.paper.help.open', { yes: w('yes'), no: w('no'), abstain: w('abstain') });
}

function PaperDesk({ meetingId, poll, snapshot, live, meName }: { readonly meetingId: string; readonly poll: Poll; readonly snapshot: LiveSnapshot; readonly live: LiveSession; readonly meName: string }) {
  const { ct, i18n } = useChairT();
  const me = snapshot.me.delegateId;
  const [log, setLog] = useLog(meetingId, poll.id, me);
  const [no, setNo] = useState(() => String(nextBallotNo(log)));
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string>();
  const [issued, setIssued] = useState('');
  const [finish, setFinish] = useState<{ readonly kind: 'idle' | 'sending' | 'finished' } | { readonly kind: 'failed'; readonly error: ErrorValue }>({ kind: 'idle' });
  const codeRef = useRef<HTMLInputElement>(null);
  if (poll.status === 'draft' || poll.status === 'open') return <p className="muted">{ct('cd.paper.wait')}</p>;
  if (poll.status === 'counted') return <p className="ok-text">{ct('cd.counted')}</p>;
  if (poll.status !== 'tallying') return null;
  const def = poll.definition;
  const enter = (e: FormEvent) => {
    e.preventDefault();
    const ballotNo = parseBallotNo(no);
    if (ballotNo === undefined) return setProblem(ct('cd.paper.problem.ballotNo'));
    const parsed = parseEntry(def, code);
    if (!parsed.ok) return setProblem(ct(`cd.paper.problem.${parsed.problem}`, { count: def.kind === 'confidence' ? def.persons.length : 0 }));
    setProblem(undefined);
    setLog((l) => addToLog(l, { ballotNo, code: code.trim(), choice: parsed.choice, state: 'sending' }));
    setNo(String(Math.min(MAX_PAPER_BALLOTS, Math.max(ballotNo, nextBallotNo(log) - 1) + 1)));
    setCode('');
    if (finish.kind === 'finished') setFinish({ kind: 'idle' });
    codeRef.current?.focus();
    void live.send({ type: 'enterPaperBallot', pollId: poll.id, ballotNo, choice: parsed.choice }).then((o) => setLog((l) => markLog(l, ballotNo, o.status === 'sent' ? 'saved' : 'failed')));
  };
  const finishEntry = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(issued.trim());
    if (!/^\d+$/.test(issued.trim()) || n > MAX_PAPER_BALLOTS) return setProblem(ct('cd.paper.problem.ballotNo'));
    setFinish({ kind: 'sending' });
    const o = await live.send({ type: 'finishPaperEntry', pollId: poll.id, issued: n });
    setFinish(o.status === 'failed' ? { kind: 'failed', error: o.error } : { kind: 'finished' });
  };
  const totals = logTotals(log);
  const docDisagree = (snapshot.voting.progress[poll.id] as { readonly disagreements?: readonly number[] } | undefined)?.disagreements ?? [];
  const fromError = finish.kind === 'failed' && finish.error.code === 'ENTRIES_DISAGREE' ? disagreeingNumbers(finish.error.details) : [];
  const disagree = [...new Set([...docDisagree, ...fromError])].sort((a, b) => a - b);
  return (
    <div className="paper-desk" data-testid="paper-desk">
      <h3>{ct('cd.paper.title')}</h3>
      <p className="muted small">{helpText(ct, poll, snapshot.voting, i18n.lang)}</p>
      {def.kind !== 'open' && (
        <ol className="small">
          {(def.kind === 'election' ? def.candidates : def.persons).map((p) => (
            <li key={p.id}>{p.position ? `${p.name}, ${p.position}` : p.name}</li>
          ))}
        </ol>
      )}
      <form className="paper-entry" noValidate onSubmit={enter} data-testid="paper-entry">
        <label>
          {ct('cd.paper.ballotNo')}
          <input
            className="paper-no"
            inputMode="numeric"
            value={no}
            onChange={(e) => setNo(e.target.value)}
            onKeyDown={(e) => {
              // Number, Enter, code, Enter: Enter in the number goes on to the code.
              if (e.key !== 'Enter') return;
              e.preventDefault();
              codeRef.current?.focus();
            }}
            data-testid="paper-no"
          />
        </label>
        <label>
          {ct('cd.paper.code')}
          <input ref={codeRef} className="paper-code" value={code} onChange={(e) => setCode(e.target.value)} autoFocus autoComplete="off" data-testid="paper-code" />
        </label>
        <button type="submit" className="btn btn-primary">
          {ct('cd.paper.enter')}
        </button>
      </form>
      {problem && (
        <p className="error-text" role="alert" data-testid="paper-problem">
          {problem}
        </p>
      )}
      <p className="small" data-testid="paper-totals" data-entered={totals.entered} data-saved={totals.saved}>
        {ct('cd.paper.totals', totals)}
      </p>
      {disagree.length > 0 && (
        <div className="paper-disagree" role="alert" data-testid="paper-disagree">
          {ct('cd.paper.disagree')}
          <ul>
            {disagree.map((n) => (
              <li key={n} data-testid="paper-disagree-no">
                {n}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="paper-entry" noValidate onSubmit={(e) => void finishEntry(e)}>
        <label>
          {ct('cd.paper.issued')}
          <input className="paper-no" inputMode="numeric" value={issued} onChange={(e) => setIssued(e.target.value)} data-testid="paper-issued" />
        </label>
        <button type="submit" className="btn" disabled={finish.kind === 'sending' || totals.saved < totals.entered}
          aria-describedby={totals.saved < totals.entered ? 'paper-unsaved' : undefined} data-testid="paper-finish">
          {ct('cd.paper.finish')}
        </button>
      </form>
      {log.some((l) => l.state === 'failed') && (
        <p id="paper-unsaved" className="warn-text small" data-testid="paper-unsaved">
          {ct('cd.paper.unsaved', { numbers: log.filter((l) => l.state === 'failed').map((l) => l.ballotNo).join(', ') })}
        </p>
      )}
      {finish.kind === 'finished' && (
        <p className="ok-text" role="status" data-testid="paper-finished">
          {ct('cd.paper.finished')}
        </p>
      )}
      {finish.kind === 'failed' && finish.error.code !== 'ENTRIES_DISAGREE' && (
        <p className="error-text" role="alert">
          {ct('cv.refused', { error: i18n.error(finish.error) })}
        </p>
      )}
      <PaperLog poll={poll} log={log} voting={snapshot.voting} meName={meName} />
    </div>
  );
}

function CounterPoll({ meetingId, poll, snapshot, live, delegates }: { readonly meetingId: string; readonly poll: Poll; readonly snapshot: LiveSnapshot; readonly live: LiveSession; readonly delegates: readonly Delegate[] }) {
  const { ct } = useChairT();
  const me = snapshot.me.delegateId;
  const key = useCounterKey(meetingId, poll, me);
  const place = poll.counters.indexOf(me) + 1;
  const meName = delegates.find((d) => d.id === me)?.name ?? me;
  const secretElectronic = poll.mode === 'electronic' && isSecret(poll);
  return (
    <div className="counter-poll" data-testid="counter-poll" data-poll-id={poll.id} data-status={poll.status}>
      <p>
        <strong>{ct('cd.youAre', { place, count: poll.counters.length, question: poll.definition.question })}</strong>
      </p>
      {secretElectronic && <KeyLine state={key.state} retry={key.retry} />}
      {secretElectronic && <SecretStage meetingId={meetingId} poll={poll} me={me} stagesHint={(snapshot.voting.progress[poll.id] as { readonly stages?: number } | undefined)?.stages} />}
      {poll.mode === 'paper' && <PaperDesk meetingId={meetingId} poll={poll} snapshot={snapshot} live={live} meName={meName} />}
    </div>
  );
}

/** Nothing at all for a member who counts no poll now. */
export function CounterDesk({ meetingId }: { readonly meetingId: string }) {
  const { ct } = useChairT();
  const live = useLiveSession(meetingId);
  const view = useSelector(currentView);
  const snapshot = live.snapshot;
  if (!snapshot || !snapshot.synced) return null;
  const polls = myCounterPolls(snapshot.voting, snapshot.me.delegateId);
  if (polls.length === 0) return null;
  return (
    <section className="counter-desk" aria-labelledby="counter-desk-h" data-testid="counter-desk">
      <h2 id="counter-desk-h">{ct('cd.title')}</h2>
      {polls.map((p) => (
        <CounterPoll key={p.id} meetingId={meetingId} poll={p} snapshot={snapshot} live={live} delegates={view?.delegates ?? []} />
      ))}
    </section>
  );
}
