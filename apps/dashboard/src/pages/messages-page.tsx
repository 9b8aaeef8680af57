import { CHANNEL_DISPLAY_ORDER } from '@omega/core';
import { type FormEvent, useState } from 'react';
import { type Channel, type HistoryFilters, useHistory } from '../api/hooks.ts';
import { QueryView } from '../components/states.tsx';
import { ChannelName, StatusBadge, Timeline } from '../components/status.tsx';
import { formatDateTime, formatEur } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

const STATUSES = [
  'planned',
  'deferred',
  'held',
  'skipped',
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
  'undelivered',
  'error',
];

/** The notification history with filters (channel, status, dates, ticket) and "load more". */
export function MessagesPage() {
  const { t, locale, tMaybe } = useI18n();
  const [filters, setFilters] = useState<HistoryFilters>({});
  const query = useHistory(filters);
  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '') || undefined;
    setFilters({
      channel: v('channel') as Channel | undefined,
      status: v('status'),
      from: v('from'),
      to: v('to'),
      ticketId: v('ticketId'),
    });
  }
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">{t('messages.title')}</h1>
      <form className="filters" onSubmit={apply} aria-label={t('messages.filters')}>
        <label>
          {t('messages.channel')}
          <select name="channel" defaultValue="">
            <option value="">{t('messages.all')}</option>
            {CHANNEL_DISPLAY_ORDER.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('messages.status')}
          <select name="status" defaultValue="">
            <option value="">{t('messages.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tMaybe(`status.${s}`, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('messages.from')}
          <input type="date" name="from" />
        </label>
        <label>
          {t('messages.to')}
          <input type="date" name="to" />
        </label>
        <label>
          {t('messages.ticket')}
          <input name="ticketId" />
        </label>
        <button type="submit">{t('messages.apply')}</button>
      </form>
      <QueryView
        query={{ ...query, data: query.data ? items : undefined }}
        isEmpty={(d) => d.length === 0}
        empty={t('messages.empty')}
      >
        {(list) => (
          <>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('messages.col.date')}</th>
                  <th scope="col">{t('messages.col.kind')}</th>
                  <th scope="col">{t('messages.col.channel')}</th>
                  <th scope="col">{t('messages.col.to')}</th>
                  <th scope="col">{t('messages.col.status')}</th>
                  <th scope="col">{t('messages.col.cost')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((n) => (
                  <tr key={n.id}>
                    <td>{formatDateTime(n.createdAt, locale)}</td>
                    <td>
                      {tMaybe(`kind.${n.kind}`, n.kind)}
                      {n.ticketId && <span className="muted small"> · {n.ticketId}</span>}
                    </td>
                    <td>
                      <ChannelName channel={n.channel} />
                    </td>
                    <td>{n.to ?? '—'}</td>
                    <td>
                      <details>
                        <summary>
                          <StatusBadge status={n.status} />
                        </summary>
                        {n.reasonText && (
                          <p className="why">{t('messages.why', { reason: n.reasonText })}</p>
                        )}
                        {n.errorCode !== null && (
                          <p className="why">
                            {t('messages.error', {
                              code: String(n.errorCode),
                              message: n.errorMessage ?? '',
                            })}
                          </p>
                        )}
                        <Timeline entries={n.timeline} />
                      </details>
                    </td>
                    <td>{formatEur(n.costEur, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {query.hasNextPage && (
              <button
                type="button"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
              >
                {t('messages.more')}
              </button>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
