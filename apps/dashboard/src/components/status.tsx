import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

const TONE: Record<string, 'ok' | 'bad' | 'wait' | 'muted'> = {
  delivered: 'ok',
  read: 'ok',
  sent: 'ok',
  failed: 'bad',
  undelivered: 'bad',
  error: 'bad',
  skipped: 'muted',
  canceled: 'muted',
};

/** A message status as a coloured badge with words (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  const { tMaybe } = useI18n();
  return (
    <span className={`badge tone-${TONE[status] ?? 'wait'}`}>
      {tMaybe(`status.${status}`, status)}
    </span>
  );
}

/** A channel's name. */
export function ChannelName({ channel }: { channel: string }) {
  const { tMaybe } = useI18n();
  return <>{tMaybe(`channel.${channel}`, channel)}</>;
}

/** A status timeline as an ordered list. */
export function Timeline({
  entries,
}: {
  entries: Array<{ status: string; at: string | null; source: string; detail: string | null }>;
}) {
  const { t, locale } = useI18n();
  return (
    <ol className="timeline" aria-label={t('messages.timeline')}>
      {entries.map((e, i) => (
        <li key={i}>
          <StatusBadge status={e.status} />{' '}
          <time dateTime={e.at ?? undefined}>{formatDateTime(e.at, locale)}</time>
          {e.detail ? <span className="muted"> · {e.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}
