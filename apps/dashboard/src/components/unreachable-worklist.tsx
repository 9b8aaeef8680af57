import type { Channel, CounterAction, UnreachableReason } from '@omega/core';
import { Link } from 'react-router';
import { useUnreachable } from '../api/hooks.ts';
import { formatDateTime, formatPercent } from '../format.ts';
import { type Translate, useI18n } from '../i18n/index.tsx';
import { ErrorState, Loading } from './states.tsx';

const channelList = (t: Translate, channels: readonly Channel[]) =>
  channels.map((c) => t(`channel.${c}`)).join(', ');

function reasonText(t: Translate, r: UnreachableReason): string {
  const channels = channelList(t, r.channels);
  if (r.code === 'phone_marked')
    return t('worklist.reason.phone_marked', {
      status: r.markStatus ? t(`worklist.mark.${r.markStatus}`) : '?',
    });
  return t(`worklist.reason.${r.code}`, { channels });
}

/**
 * "Who can't we reach?": the customers the shop cannot notify (no channel while a ticket is
 * open, a bad or flagged number, a withdrawn channel), why in plain words, and what to do at the
 * counter, each linking to the customer page where it is done. The count is the coverage's:
 * customers no channel reaches, out of all of them.
 */
export function UnreachableWorklist() {
  const { t, locale } = useI18n();
  const query = useUnreachable();
  const pages = query.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const coverage = pages[0]?.coverage ?? null;
  const last = pages.at(-1);
  return (
    <section aria-labelledby="worklist-title" className="worklist">
      <h2 id="worklist-title">{t('worklist.title')}</h2>
      <p className="muted small">{t('worklist.help')}</p>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          {coverage && (
            <p aria-live="polite">
              <strong>
                {coverage.unreachable === 1
                  ? t('worklist.count.one')
                  : t('worklist.count', { n: coverage.unreachable })}
              </strong>{' '}
              <span className="muted">
                {t('worklist.coverage', {
                  total: coverage.customersTotal,
                  percent: formatPercent(
                    coverage.customersTotal > 0
                      ? coverage.reachableAny / coverage.customersTotal
                      : null,
                    locale,
                  ),
                })}
              </span>
            </p>
          )}
          {items.length === 0 && !last?.nextCursor ? (
            <p className="state empty">{t('worklist.empty')}</p>
          ) : (
            <ol className="results" aria-label={t('worklist.title')}>
              {items.map((item) => {
                const c = item.customer;
                const actions = [...new Set(item.reasons.map((r) => r.action))] as CounterAction[];
                return (
                  <li key={`${c.kind}:${c.id}`}>
                    <Link to={`/customers/${c.kind}/${encodeURIComponent(c.id)}`}>
                      <strong>{c.name}</strong>
                    </Link>{' '}
                    <span className="badge tone-muted">
                      {c.registered ? t('customers.registered') : t('customers.walkIn')}
                    </span>
                    <span className="muted"> {[c.phone, c.email].filter(Boolean).join(' · ')}</span>
                    <br />
                    <span className="small">
                      {item.ticket
                        ? t('worklist.ticket', {
                            status: t(`ticketStatus.${item.ticket.status}` as never),
                            date: formatDateTime(item.ticket.createdAt, locale),
                            device: item.ticket.device,
                          })
                        : t('worklist.noTicket')}
                      {item.openTickets > 1 &&
                        ` · ${t('worklist.tickets', { n: item.openTickets })}`}
                      {' · '}
                      {item.reachable.length > 0
                        ? t('worklist.reachable', { channels: channelList(t, item.reachable) })
                        : t('worklist.reachable.none')}
                    </span>
                    <ul>
                      {item.reasons.map((r) => (
                        <li key={r.code}>{reasonText(t, r)}</li>
                      ))}
                    </ul>
                    <p className="small">
                      <strong>{t('worklist.todo')} :</strong>{' '}
                      {actions.map((a) => t(`worklist.action.${a}`)).join(' ')}
                    </p>
                  </li>
                );
              })}
            </ol>
          )}
          {last?.nextCursor && (
            <button
              type="button"
              onClick={() => void query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
            >
              {last.items.length === 0 ? t('worklist.continue') : t('worklist.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
