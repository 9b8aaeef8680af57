import { useState } from 'react';
import {
  type PhotoLabel,
  useDeletePhoto,
  useTicketPhotos,
  useUpdatePhoto,
  useUploadPhoto,
} from '../api/photo-hooks.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { ErrorState, Loading } from './states.tsx';

const LABELS: readonly PhotoLabel[] = ['before', 'after', 'diagnosis'];
const ACCEPT = 'image/jpeg,image/png,image/webp';
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * A ticket's photos (before/after, damage found at diagnosis): upload with a label, see, relabel,
 * delete, and choose the one that goes out with the ticket's next WhatsApp message (SMS customers
 * see it on their landing page). The server checks and resizes; a file over 10 MB or of another
 * type is refused here first, with the same reason.
 */
export function TicketPhotos({ ticketId }: { ticketId: string }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [label, setLabel] = useState<PhotoLabel>('diagnosis');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const photos = useTicketPhotos(open ? ticketId : null);
  const upload = useUploadPhoto(ticketId);
  const update = useUpdatePhoto(ticketId);
  const remove = useDeletePhoto(ticketId);
  const id = `photos-${ticketId}`;
  const choose = (f: File | null) => {
    setFile(f);
    setProblem(
      !f
        ? null
        : f.size > MAX_BYTES
          ? t('photos.tooLarge')
          : !ACCEPT.split(',').includes(f.type)
            ? t('photos.unsupported')
            : null,
    );
  };
  return (
    <section className="ticket-photos" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>
        <button
          type="button"
          className="secondary"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          {t('photos.title')}
        </button>
      </h4>
      <div id={id} hidden={!open}>
        {open && (
          <>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (!file || problem) return;
                upload.send(
                  { file, label },
                  {
                    onSuccess: () => {
                      setFile(null);
                      (e.target as HTMLFormElement).reset();
                    },
                  },
                );
              }}
            >
              <label htmlFor={`${id}-file`}>{t('photos.file')}</label>
              <input
                id={`${id}-file`}
                type="file"
                accept={ACCEPT}
                aria-describedby={`${id}-hint`}
                onChange={(e) => choose(e.target.files?.[0] ?? null)}
              />
              <p id={`${id}-hint`} className="muted small">
                {t('photos.hint')}
              </p>
              <label htmlFor={`${id}-label`}>{t('photos.label')}</label>
              <select
                id={`${id}-label`}
                value={label}
                onChange={(e) => setLabel(e.target.value as PhotoLabel)}
              >
                {LABELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`photos.labels.${l}`)}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={!file || !!problem || upload.isPending}>
                {upload.isPending ? t('state.saving') : t('photos.upload')}
              </button>
            </form>
            {problem && <p role="alert">{problem}</p>}
            {upload.error && <ErrorState error={upload.error} />}
            {update.error && <ErrorState error={update.error} />}
            {remove.error && <ErrorState error={remove.error} />}
            {photos.isPending ? (
              <Loading />
            ) : photos.error ? (
              <ErrorState error={photos.error} onRetry={() => void photos.refetch()} />
            ) : photos.data?.photos.length === 0 ? (
              <p className="muted">{t('photos.none')}</p>
            ) : (
              <ul className="photo-grid">
                {photos.data?.photos.map((p, index) => (
                  <li key={p.id} className="photo-item">
                    <figure className="photo-figure">
                      <a href={p.url} target="_blank" rel="noreferrer">
                        <img
                          src={p.url}
                          alt={t('photos.alt', {
                            label: t(`photos.labels.${p.label as PhotoLabel}`),
                          })}
                          width={160}
                          className="photo-img"
                          loading="lazy"
                        />
                      </a>
                      <figcaption className="small">
                        {t(`photos.labels.${p.label as PhotoLabel}`)} ·{' '}
                        {formatDateTime(p.createdAt, locale)}
                        {p.sentWith && (
                          <> · {t('photos.sent', { at: formatDateTime(p.sentWith.at, locale) })}</>
                        )}
                        {p.sendPending && <> · {t('photos.pending')}</>}
                      </figcaption>
                    </figure>
                    <label htmlFor={`${id}-${p.id}-label`} className="sr-only">
                      {t('photos.relabel', { n: index + 1 })}
                    </label>
                    <select
                      id={`${id}-${p.id}-label`}
                      value={p.label}
                      onChange={(e) =>
                        update.mutate({ photoId: p.id, label: e.target.value as PhotoLabel })
                      }
                    >
                      {LABELS.map((l) => (
                        <option key={l} value={l}>
                          {t(`photos.labels.${l}`)}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className={p.sendPending ? 'secondary' : undefined}
                      aria-pressed={p.sendPending}
                      disabled={update.isPending}
                      onClick={() => update.mutate({ photoId: p.id, send: !p.sendPending })}
                    >
                      {p.sendPending ? t('photos.unsend') : t('photos.send')}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(t('photos.confirmDelete'))) remove.mutate(p.id);
                      }}
                    >
                      {t('photos.delete')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}
