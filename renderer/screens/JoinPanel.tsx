// Join: paste the invitation link, or drop / pick the QR code picture (on a phone: take or choose a photo).
// The form checks itself (noValidate): the browser's own messages would be in the browser's language.
import { useState, type DragEvent, type FormEvent } from 'react';
import { useController } from '../app/AppContext.tsx';
import { decodeQrImage } from '../app/qr.ts';
import { useT } from '../i18n/I18nProvider.tsx';

type QrStatus = 'idle' | 'reading' | 'not-found';

export function JoinPanel() {
  const { t } = useT();
  const controller = useController();
  const [link, setLink] = useState('');
  const [qr, setQr] = useState<QrStatus>('idle');
  const [empty, setEmpty] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(link.trim() === '');
    if (link.trim()) void controller.previewInvite(link.trim());
  };
  const readQr = async (file: File | undefined) => {
    if (!file) return;
    setQr('reading');
    const text = await decodeQrImage(file).catch(() => null);
    setQr(text ? 'idle' : 'not-found');
    if (text) void controller.previewInvite(text);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void readQr(e.dataTransfer.files[0]);
  };

  return (
    <section className="card join" aria-labelledby="join-title">
      <h1 id="join-title">{t('join.title')}</h1>
      <p className="muted">{t('join.intro')}</p>
      <form className="join-form" onSubmit={submit} noValidate>
        <label htmlFor="invite-link">{t('join.linkLabel')}</label>
        <div className="join-row">
          <input id="invite-link" type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder={t('join.linkPlaceholder')} value={link}
            aria-invalid={empty}
            aria-describedby={empty ? 'invite-link-error' : undefined}
            onChange={(e) => {
              setLink(e.target.value);
              setEmpty(false);
            }}
          />
          <button type="submit" className="btn btn-primary">
            {t('join.submit')}
          </button>
        </div>
        {empty && (
          <p className="error-text" id="invite-link-error" role="alert">
            {t('join.linkEmpty')}
          </p>
        )}
      </form>
      <label className="drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <input type="file" accept="image/*" className="sr-only" data-testid="qr-input" onChange={(e) => void readQr(e.target.files?.[0])} />
        <span className="drop-icon" aria-hidden="true">▦</span>
        {qr === 'reading' ? (
          <span>{t('join.qrReading')}</span>
        ) : (
          <>
            <span className="drop-text-mouse">{t('join.qrDrop')}</span>
            <span className="drop-text-touch">{t('join.qrPhoto')}</span>
          </>
        )}
      </label>
      {qr === 'not-found' && (
        <p className="error-text" role="alert">
          {t('join.qrNotFound')}
        </p>
      )}
    </section>
  );
}
