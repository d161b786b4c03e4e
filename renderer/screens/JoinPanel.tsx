// Join: paste the invitation link, or drop / pick the QR code picture.
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

  const submit = (e: FormEvent) => {
    e.preventDefault();
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
      <form className="join-form" onSubmit={submit}>
        <label htmlFor="invite-link">{t('join.linkLabel')}</label>
        <div className="join-row">
          <input id="invite-link" type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder={t('join.linkPlaceholder')} value={link} onChange={(e) => setLink(e.target.value)} />
          <button type="submit" className="btn btn-primary">
            {t('join.submit')}
          </button>
        </div>
      </form>
      <label className="drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <input type="file" accept="image/*" className="sr-only" data-testid="qr-input" onChange={(e) => void readQr(e.target.files?.[0])} />
        <span className="drop-icon" aria-hidden="true">▦</span>
        <span>{qr === 'reading' ? t('join.qrReading') : t('join.qrDrop')}</span>
      </label>
      {qr === 'not-found' && (
        <p className="error-text" role="alert">
          {t('join.qrNotFound')}
        </p>
      )}
    </section>
  );
}
