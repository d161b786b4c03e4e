// Đăng ký phát biểu: the delegate's requests with their place in the queue, the form, withdraw. A request made
// offline waits in the outbox (shown as not sent yet) and can be taken back before it leaves. "Rút đăng ký"
// waits five seconds with "Hoàn tác" before it is sent.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MAX_ADDRESSEE_CHARS } from '../../../common/live/commands.ts';
import { SPEECH_TYPES, type SpeechType } from '../../../common/live/state.ts';
import type { Delegate } from '../../../common/meeting/types.ts';
import type { ErrorValue } from '../../../common/result.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { LiveSnapshot } from '../../live/liveClient.ts';
import { SpeechTag } from '../../live/LiveParts.tsx';
import type { LiveSession } from '../../live/useLiveSession.ts';
import type { Undo } from '../../live/useUndo.ts';
import { hasRequested, myRequests } from '../../live/viewModel.ts';

interface Props {
  readonly snapshot: LiveSnapshot;
  readonly live: LiveSession;
  readonly delegates: readonly Delegate[];
  readonly onError: (e: ErrorValue | undefined) => void;
}

function RequestForm({ snapshot, live, onError, onDone }: Omit<Props, 'delegates'> & { readonly onDone: () => void }) {
  const { t } = useT();
  const [type, setType] = useState<SpeechType>('phat-bieu');
  const [addressee, setAddressee] = useState('');
  const already = hasRequested(snapshot.state.queue, snapshot.me.delegateId, type);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const to = addressee.trim();
    const outcome = await live.send(type === 'chat-van' ? { type: 'requestToSpeak', speechType: type, addressee: to } : { type: 'requestToSpeak', speechType: type });
    onError(outcome.status === 'failed' ? outcome.error : undefined);
    if (outcome.status !== 'failed') onDone();
  };
  return (
    <form className="request-form" onSubmit={(e) => void submit(e)} data-testid="request-form" noValidate>
      <fieldset>
        <legend>{t('live.request.type')}</legend>
        {SPEECH_TYPES.map((s) => (
          <label key={s} className="request-type">
            <input type="radio" name="speech-type" value={s} checked={type === s} onChange={() => setType(s)} />
            {t(`live.speech.${s}`)}
          </label>
        ))}
      </fieldset>
      {type === 'chat-van' && (
        <label className="request-addressee">
          {t('live.request.addressee')}
          <input value={addressee} required maxLength={MAX_ADDRESSEE_CHARS} placeholder={t('live.request.addresseeHint')} onChange={(e) => setAddressee(e.target.value)} />
        </label>
      )}
      {already && <p className="muted">{t('live.request.already')}</p>}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={already || (type === 'chat-van' && addressee.trim() === '')}>
          {t('live.request.submit')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>
          {t('live.request.cancel')}
        </button>
      </div>
    </form>
  );
}

/** `startOpen` shows the form at once (asked from the compact bar); `onFormClosed` follows its sending or cancelling. */
/** `sendNow` bypasses `live.send`'s sending of what waits in `undo` first (it is what waits). */
export function SpeakRequests({ snapshot, live, sendNow, undo, onError, startOpen = false, onFormClosed }: Props & { readonly sendNow: LiveSession['send']; readonly undo: Undo; readonly startOpen?: boolean; readonly onFormClosed?: () => void }) {
  const { t } = useT();
  const [open, setOpen] = useState(startOpen);
  const latest = useRef(snapshot);
  useEffect(() => {
    latest.current = snapshot;
  });
  const mine = myRequests(snapshot.state.queue, snapshot.me.delegateId).filter(({ request }) => !undo.queue.has(`withdraw:${request.id}`));
  const pending = snapshot.pending.flatMap((c) => (c.type === 'requestToSpeak' && !undo.queue.has(`cancel:${c.id}`) ? [c] : []));
  const speaking = snapshot.state.floor?.delegateId === snapshot.me.delegateId;
  const label = (type: SpeechType) => t('live.undo.withdraw', { type: t(`live.speech.${type}`) });
  const withdraw = (requestId: string, type: SpeechType) =>
    undo.queue.schedule(`withdraw:${requestId}`, label(type), async () => {
      const outcome = await sendNow({ type: 'withdrawRequest', requestId });
      onError(outcome.status === 'failed' ? outcome.error : undefined);
    });
  // Not sent yet: dropped from the outbox; if it left meanwhile, the request it became is withdrawn.
  const cancel = (commandId: string, type: SpeechType) =>
    undo.queue.schedule(`cancel:${commandId}`, label(type), async () => {
      if (live.cancelPending(commandId)) return;
      const now = latest.current;
      const sent = myRequests(now.state.queue, now.me.delegateId).find((p) => p.request.type === type);
      if (sent) await sendNow({ type: 'withdrawRequest', requestId: sent.request.id });
    });
  return (
    <div className="speak-requests">
      {speaking && <p className="ok-text" data-testid="you-speak">{t('live.request.youSpeak')}</p>}
      <ul className="my-requests">
        {mine.map(({ request, place }) => (
          <li key={request.id} data-testid="my-request" data-place={place}>
            <span>{t('live.request.place', { place, type: t(`live.speech.${request.type}`) })}</span>
            <button type="button" className="btn btn-quiet" onClick={() => withdraw(request.id, request.type)} data-testid="withdraw-request">
              {t('live.request.withdraw')}
            </button>
          </li>
        ))}
        {pending.map((c) => (
          <li key={c.id} className="pending" data-testid="pending-request">
            <SpeechTag type={c.speechType} addressee={c.addressee} />
            <span>{t('live.request.pending', { type: t(`live.speech.${c.speechType}`) })}</span>
            <button type="button" className="btn btn-quiet" onClick={() => cancel(c.id, c.speechType)}>
              {t('live.request.withdraw')}
            </button>
          </li>
        ))}
      </ul>
      {open ? (
        <RequestForm
          snapshot={snapshot}
          live={live}
          onError={onError}
          onDone={() => {
            setOpen(false);
            onFormClosed?.();
          }}
        />
      ) : (
        <button type="button" className="btn btn-primary" onClick={() => setOpen(true)} data-testid="ask-to-speak">
          {t('live.request.open')}
        </button>
      )}
    </div>
  );
}
