import { useId, useState } from 'react';
import { useTicketActions } from '../api/action-hooks.ts';
import { formatDateTime, formatEur } from '../format.ts';
import { type Locale, useI18n } from '../i18n/index.tsx';
import { ErrorState, Loading } from './states.tsx';

/** The ticket's decision fields as the staff API gives them (absent on older payloads). */
export interface TicketDecisionFields {
  id: string;
  quoteDecision?: 'accepted' | 'declined' | null;
  quoteDecidedAt?: string | null;
  quoteDecisionAmountEur?: number | null;
  quoteDecisionActionId?: string | null;
  pickupPlannedFor?: string | null;
  callbackRequestedAt?: string | null;
  appointmentConfirmedAt?: string | null;
  appointmentChangeRequestedAt?: string | null;
  lastCustomerActionAt?: string | null;
}

type LogItem = NonNullable<ReturnType<typeof useTicketActions>['data']>['items'][number];

/** Whether the customer has acted on the ticket (then the summary needs the log). */
function hasDecision(t: TicketDecisionFields): boolean {
  return Boolean(
    t.quoteDecision ||
      t.pickupPlannedFor ||
      t.callbackRequestedAt ||
      t.appointmentConfirmedAt ||
      t.appointmentChangeRequestedAt ||
      t.lastCustomerActionAt,
  );
}

/** `YYYY-MM-DD` (a Paris calendar day) as "mardi 3 mars 2026". */
function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'full',
    timeZone: 'UTC',
  }).format(new Date(`${day}T12:00:00Z`));
}

/**
 * What the customer answered on a ticket (issue 16): the quote decision ("Devis accepté le …
 * via WhatsApp, 249,00 €"; a declined quote highlighted, staff decide what next), the planned
 * pickup, a callback request and whether it is handled, the appointment answers, and the action
 * log with its proof (channel, message SID or link, time, the wording shown).
 */
export function TicketActions({ ticket }: { ticket: TicketDecisionFields }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [logOpen, setLogOpen] = useState(false);
  const decided = hasDecision(ticket);
  const log = useTicketActions(decided || logOpen ? ticket.id : null);
  const items = log.data?.items ?? [];
  const channel = (item: LogItem | undefined) =>
    item ? t(`ticketActions.channel.${item.channel}`) : '—';
  const byId = (actionId: string | null | undefined) => items.find((i) => i.id === actionId);
  const lastCallback = items.find((i) => i.action === 'call_me' && i.outcome === 'applied');
  return (
    <section className="ticket-actions" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="sr-only">
        {t('ticketActions.title')}
      </h4>
      {decided &&
        (log.isPending ? (
          <Loading />
        ) : log.error ? (
          <ErrorState error={log.error} onRetry={() => void log.refetch()} />
        ) : (
          <ul className="decisions">
            {ticket.quoteDecision === 'accepted' && (
              <li>
                <span className="badge tone-ok">{t('action.quote_accept')}</span>{' '}
                <span>
                  {t('ticketActions.accepted', {
                    date: formatDateTime(ticket.quoteDecidedAt, locale),
                    channel: channel(byId(ticket.quoteDecisionActionId)),
                    amount: formatEur(ticket.quoteDecisionAmountEur, locale),
                  })}
                </span>
              </li>
            )}
            {ticket.quoteDecision === 'declined' && (
              <li className="decision-declined">
                <strong>
                  {t('ticketActions.declined', {
                    date: formatDateTime(ticket.quoteDecidedAt, locale),
                    channel: channel(byId(ticket.quoteDecisionActionId)),
                    amount: formatEur(ticket.quoteDecisionAmountEur, locale),
                  })}
                </strong>
                <br />
                {t('ticketActions.declinedHint')}
              </li>
            )}
            {ticket.pickupPlannedFor && (
              <li>
                {t('ticketActions.pickup', { day: formatDay(ticket.pickupPlannedFor, locale) })}
              </li>
            )}
            {ticket.callbackRequestedAt &&
              (lastCallback?.handledAt ? (
                <li>
                  {t('ticketActions.callbackDone', {
                    date: formatDateTime(ticket.callbackRequestedAt, locale),
                    handled: formatDateTime(lastCallback.handledAt, locale),
                  })}
                </li>
              ) : (
                <li className="decision-open">
                  <strong>
                    {t('ticketActions.callbackOpen', {
                      date: formatDateTime(ticket.callbackRequestedAt, locale),
                    })}
                  </strong>
                </li>
              ))}
            {ticket.appointmentConfirmedAt && (
              <li>
                {t('ticketActions.appointmentConfirmed', {
                  date: formatDateTime(ticket.appointmentConfirmedAt, locale),
                })}
              </li>
            )}
            {ticket.appointmentChangeRequestedAt && (
              <li>
                {t('ticketActions.appointmentChange', {
                  date: formatDateTime(ticket.appointmentChangeRequestedAt, locale),
                })}
              </li>
            )}
          </ul>
        ))}
      <button
        type="button"
        className="secondary"
        aria-expanded={logOpen}
        aria-controls={`${id}-log`}
        onClick={() => setLogOpen(!logOpen)}
      >
        {log.data ? t('ticketActions.log', { n: items.length }) : t('ticketActions.logLabel')}
      </button>
      <div id={`${id}-log`} hidden={!logOpen}>
        {logOpen &&
          (log.isPending ? (
            <Loading />
          ) : log.error ? (
            decided ? null : (
              <ErrorState error={log.error} onRetry={() => void log.refetch()} />
            )
          ) : (
            <ol className="timeline action-log" aria-label={t('ticketActions.logLabel')}>
              {items.map((item) => (
                <ActionLogEntry key={item.id} item={item} />
              ))}
            </ol>
          ))}
      </div>
    </section>
  );
}

function ActionLogEntry({ item }: { item: LogItem }) {
  const { t, locale, tMaybe } = useI18n();
  return (
    <li>
      <strong>{tMaybe(`action.${item.action}`, item.action)}</strong> ·{' '}
      {t(`ticketActions.channel.${item.channel}`)} ·{' '}
      <time dateTime={item.at ?? undefined}>{formatDateTime(item.at, locale)}</time> ·{' '}
      {item.outcome === 'applied' ? (
        t('ticketActions.applied')
      ) : (
        <span className="why">
          {t('ticketActions.refused', { reason: item.reasonText ?? item.reason ?? '?' })}
        </span>
      )}{' '}
      ·{' '}
      <code>
        {item.messageSid
          ? t('ticketActions.sid', { sid: item.messageSid })
          : t('ticketActions.link', { link: item.linkId ?? '—' })}
      </code>{' '}
      {item.staffTodo && <span className="badge tone-wait">{t('ticketActions.open')}</span>}
      {item.handledAt && (
        <span className="badge tone-muted">
          {t('ticketActions.handled', { date: formatDateTime(item.handledAt, locale) })}
        </span>
      )}
      {item.shown.text && (
        <span className="muted small shown">
          {' '}
          {t('ticketActions.shown', { text: item.shown.text })}
          {item.shown.amountEur !== null && <> ({formatEur(item.shown.amountEur, locale)})</>}
        </span>
      )}
    </li>
  );
}
