// The hall screen's poll, read from the back of the hall: the question; while open a progress bar
// "x / N đã biểu quyết" (never counts per choice) and the countdown; after the announcement the result in the
// National Assembly's wording with a big Thông qua / Không thông qua (elected names, confidence levels), the base
// beside every percentage, and names per choice only when the chair chose to show them.
import './ballot.css';
import { confidenceLevelLabel, CONFIDENCE_LEVELS, openChoiceLabel, OPEN_CHOICES, verdictText } from '../../../../common/i18n/voting.ts';
import { resultWordingParts } from '../../../../common/voting/tally.ts';
import type { ConfidenceResult, ElectionResult, OpenResult } from '../../../../common/voting/tally.ts';
import type { Poll, PollResult, VotingState } from '../../../../common/voting/state.ts';
import type { Lang } from '../../../../common/i18n/errors.ts';
import { useT } from '../../../i18n/I18nProvider.tsx';
import { useBallotT } from '../../../i18n/voting.ts';
import type { LiveSnapshot } from '../../../live/liveClient.ts';
import { useNow } from '../../../live/useNow.ts';
import { pollClock } from '../../../live/voting/ballotModel.ts';
import { hallPollOf, hallProgress, namesShown } from '../../../live/voting/hallModel.ts';
import { newestVoting } from '../../../live/voting/useBallot.ts';
import type { MeetingView } from '../../../platform/Platform.ts';

function Progress({ poll, voting, offsetMs }: { readonly poll: Poll; readonly voting: VotingState; readonly offsetMs: number }) {
  const { bt } = useBallotT();
  const p = hallProgress(poll, voting.progress[poll.id]);
  const open = poll.status === 'open';
  const now = useNow(open && poll.frozen?.closesAt !== undefined, offsetMs);
  const clock = pollClock(poll, now);
  return (
    <div className="hall-poll-live">
      <div className="hall-poll-progress" data-testid="hall-poll-progress" data-cast={p.cast} data-base={p.base}>
        <p className="hall-poll-count">{bt('hall.poll.progress', { cast: p.cast, base: p.base })}</p>
        <div className="hall-poll-bar" role="progressbar" aria-label={bt('hall.poll.progressLabel')} aria-valuemin={0} aria-valuemax={p.base} aria-valuenow={p.cast}>
          <span style={{ width: `${Math.round(p.fraction * 1000) / 10}%` }} />
        </div>
      </div>
      {clock && (
        <div className={`hall-poll-clock${clock.warning ? ' hall-poll-clock-warning' : ''}`} data-testid="hall-poll-countdown">
          <span className="hall-poll-clock-note">{bt('hall.poll.timeLeft')}</span>
          <span className="hall-poll-clock-time" role="timer">
            {clock.text}
          </span>
        </div>
      )}
    </div>
  );
}

function OpenTiles({ r, lang }: { readonly r: OpenResult; readonly lang: Lang }) {
  return (
    <div className="hall-poll-tiles">
      {OPEN_CHOICES.map((c) => (
        <div key={c} className={`hall-poll-tile hall-poll-tile-${c}`} data-testid="hall-poll-tile" data-choice={c} data-count={r.counts[c].count}>
          <span className="hall-poll-tile-label">{openChoiceLabel(lang, r.labels, c)}</span>
          <span className="hall-poll-tile-count">{r.counts[c].count}</span>
          <span className="hall-poll-tile-share">{r.counts[c].display[lang]}</span>
        </div>
      ))}
    </div>
  );
}

function ElectionLines({ r, lang }: { readonly r: ElectionResult; readonly lang: Lang }) {
  return (
    <ol className="hall-poll-candidates">
      {r.lines.map((l) => (
        <li key={l.candidate.id} className={`hall-poll-candidate hall-poll-${l.outcome}`} data-testid="hall-poll-candidate" data-outcome={l.outcome}>
          <span className="hall-poll-candidate-name">{l.candidate.name}</span>
          <span className="hall-poll-candidate-votes">
            {l.votes.count} · {l.votes.display[lang]}
          </span>
          <span className="hall-poll-candidate-verdict">{verdictText(lang, l.outcome)}</span>
        </li>
      ))}
    </ol>
  );
}

function ConfidenceLines({ results, lang }: { readonly results: readonly ConfidenceResult[]; readonly lang: Lang }) {
  return (
    <ol className="hall-poll-candidates">
      {results.map((r) => (
        <li key={r.person.id} className={`hall-poll-candidate hall-poll-${r.outcome}`} data-testid="hall-poll-person" data-outcome={r.outcome}>
          <span className="hall-poll-candidate-name">{r.person.name}</span>
          <span className="hall-poll-levels">
            {CONFIDENCE_LEVELS.map((l) => (
              <span key={l}>
                {confidenceLevelLabel(lang, l)}: {r.levels[l].count} · {r.levels[l].display[lang]}
              </span>
            ))}
          </span>
          <span className="hall-poll-candidate-verdict">{verdictText(lang, r.outcome)}</span>
        </li>
      ))}
    </ol>
  );
}

function Names({ poll, result, view, lang }: { readonly poll: Poll; readonly result: PollResult; readonly view: MeetingView; readonly lang: Lang }) {
  const { bt } = useBallotT();
  const lines = namesShown(poll, result, view.delegates);
  if (!lines || result.tally.kind !== 'open') return null;
  const labels = result.tally.result.labels;
  return (
    <section className="hall-poll-names" data-testid="hall-poll-names">
      <h3>{bt('hall.poll.names')}</h3>
      {lines.map((l) => (
        <p key={l.choice} data-choice={l.choice}>
          <strong>{openChoiceLabel(lang, labels, l.choice)}:</strong> {l.names.length > 0 ? l.names.join(', ') : bt('hall.poll.nobody')}
        </p>
      ))}
    </section>
  );
}

function Result({ poll, result, view }: { readonly poll: Poll; readonly result: PollResult; readonly view: MeetingView }) {
  const { lang } = useT();
  const { bt } = useBallotT();
  const tally = result.tally;
  const parts = tally.kind === 'confidence' ? undefined : resultWordingParts(tally.result, lang);
  const lines = tally.kind === 'confidence' ? tally.results.map((r) => resultWordingParts(r, lang).lines).flat() : (parts?.lines ?? []);
  const passed = tally.kind === 'open' ? tally.result.passed : undefined;
  const elected = tally.kind === 'election' ? tally.result.lines.filter((l) => l.outcome === 'elected').map((l) => l.candidate.name) : [];
  return (
    <div className="hall-poll-result" data-testid="hall-poll-result">
      <div className={`hall-poll-headline hall-poll-headline-${tally.kind}`}>
        {tally.kind === 'open' && (
          <p className={`hall-poll-verdict hall-poll-verdict-${passed ? 'passed' : 'failed'}`} data-testid="hall-poll-verdict" data-verdict={passed ? 'passed' : 'failed'}>
            {verdictText(lang, passed ? 'passed' : 'failed')}
          </p>
        )}
        {tally.kind === 'election' && (
          <p className="hall-poll-verdict hall-poll-verdict-passed" data-testid="hall-poll-verdict" data-verdict="elected">
            {elected.length > 0 ? `${bt('hall.poll.elected')}: ${elected.join(', ')}` : bt('hall.poll.noneElected')}
          </p>
        )}
        {tally.kind === 'open' && <OpenTiles r={tally.result} lang={lang} />}
        {tally.kind === 'election' && <ElectionLines r={tally.result} lang={lang} />}
        {tally.kind === 'confidence' && <ConfidenceLines results={tally.results} lang={lang} />}
      </div>
      <div className="hall-poll-wording" data-testid="hall-poll-wording">
        {lines.map((l) => (
          <p key={l}>{l}</p>
        ))}
        {parts?.rule && <p className="hall-poll-rule" data-testid="hall-poll-rule">{parts.rule}</p>}
      </div>
      <Names poll={poll} result={result} view={view} lang={lang} />
    </div>
  );
}

function StatusLine({ poll }: { readonly poll: Poll }) {
  const { bt } = useBallotT();
  const key = poll.status === 'tallying' ? 'hall.poll.tallying' : poll.status === 'counted' ? 'hall.poll.counted' : 'hall.poll.closed';
  return (
    <p className="hall-poll-status" data-testid="hall-poll-status">
      {bt(key)}
    </p>
  );
}

/** Renders nothing when no poll is on: the hall shows the floor and the speakers then. */
export function HallPoll({ meetingId, view, snapshot }: { readonly meetingId: string; readonly view: MeetingView; readonly snapshot: LiveSnapshot }) {
  const { bt } = useBallotT();
  const voting = newestVoting(meetingId, snapshot.voting);
  const poll = hallPollOf(voting, snapshot.state);
  if (!poll) return null;
  const result = poll.status === 'announced' ? voting.results[poll.id] : undefined;
  return (
    <section className={`hall-poll hall-poll-${poll.status}`} data-testid="hall-poll" data-poll-id={poll.id} data-status={poll.status}>
      <h2>{bt('hall.poll.title')}</h2>
      <p className="hall-poll-question" data-testid="hall-poll-question">
        {poll.definition.question}
      </p>
      {result ? (
        <Result poll={poll} result={result} view={view} />
      ) : (
        <>
          {poll.status !== 'open' && <StatusLine poll={poll} />}
          <Progress poll={poll} voting={voting} offsetMs={snapshot.clockOffsetMs} />
        </>
      )}
    </section>
  );
}
