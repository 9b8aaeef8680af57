import { useState } from 'react';
import { useStaffAction, useTicketTimeline } from '../api/hooks.ts';
import { formatDateTime, formatEur } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';
import { CounterConsent } from './counter-consent.tsx';
import { ErrorState, Loading } from './states.tsx';
import { ChannelName, StatusBadge } from './status.tsx';
import { TicketActions, type TicketDecisionFields } from './ticket-actions.tsx';
import { TicketPhotos } from './ticket-photos.tsx';

/**
 * One ticket: its notification timeline, consent given at the counter, the payment reminder and
 * the urgent message.
 */
export function TicketPanel({
  ticket,
}: {
  ticket: TicketDecisionFields & {
    id: string;
    device: string;
    status: string;
    trackingCode: string;
    amountDueEur: number | null;
  };
}) {
  const { t, locale, tMaybe } = useI18n();
  const [open, setOpen] = useState(false);
  const [consentOpen, setConsentOpen] = useState(false);
  const [urgent, setUrgent] = useState('');
  const timeline = useTicketTimeline(open ? ticket.id : null);
  const actions = useStaffAction(ticket.id);
  const last = actions.urgent.data ?? actions.payment.data;
  return (
    <article className="ticket" aria-labelledby={`ticket-${ticket.id}`}>
      <h3 id={`ticket-${ticket.id}`}>
        {ticket.device} · <code>{ticket.trackingCode}</code> ·{' '}
        {tMaybe(`ticketStatus.${ticket.status}`, ticket.status)}
        {ticket.amountDueEur !== null && <> · {formatEur(ticket.amountDueEur, locale)}</>}
      </h3>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {t('customers.ticket.timeline')}
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={consentOpen}
          aria-controls={`counter-consent-${ticket.id}`}
          onClick={() => setConsentOpen(!consentOpen)}
        >
          {t('customers.ticket.consent.open')}
        </button>
        {ticket.amountDueEur !== null && (
          <button
            type="button"
            disabled={actions.payment.isPending}
            onClick={() => actions.payment.send(undefined)}
          >
            {t('customers.ticket.payment')}
          </button>
        )}
      </div>
      <div id={`counter-consent-${ticket.id}`} hidden={!consentOpen}>
        {consentOpen && <CounterConsent ticketId={ticket.id} />}
      </div>
      <TicketActions ticket={ticket} />
      <TicketPhotos ticketId={ticket.id} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          actions.urgent.send({ message: urgent }, { onSuccess: () => setUrgent('') });
        }}
      >
        <label htmlFor={`urgent-${ticket.id}`}>{t('customers.ticket.urgent.label')}</label>
        <textarea
          id={`urgent-${ticket.id}`}
          maxLength={1000}
          rows={2}
          value={urgent}
          onChange={(e) => setUrgent(e.target.value)}
        />
        <button type="submit" disabled={!urgent.trim() || actions.urgent.isPending}>
          {t('customers.ticket.urgent.send')}
        </button>
      </form>
      {(actions.urgent.error || actions.payment.error) && (
        <ErrorState error={actions.urgent.error ?? actions.payment.error} />
      )}
      {last && (
        <p role="status">
          {last.sent
            ? t('customers.ticket.sent', {
                channels: last.channels
                  .filter((c) => c.action !== 'skip')
                  .map((c) => t(`channel.${c.channel as 'sms'}`))
                  .join(', '),
              })
            : t('customers.ticket.notSent')}
        </p>
      )}
      {open &&
        (timeline.isPending ? (
          <Loading />
        ) : timeline.error ? (
          <ErrorState error={timeline.error} />
        ) : (
          <ol className="timeline">
            {timeline.data?.notifications.map((n) => (
              <li key={n.id}>
                <StatusBadge status={n.status} /> <ChannelName channel={n.channel} /> ·{' '}
                {tMaybe(`kind.${n.kind}`, n.kind)} · {formatDateTime(n.createdAt, locale)}
                {n.reasonText && (
                  <span className="why"> — {t('messages.why', { reason: n.reasonText })}</span>
                )}
                <span className="muted small">
                  {' '}
                  ({n.timeline.map((e) => tMaybe(`status.${e.status}`, e.status)).join(' → ')})
                </span>
              </li>
            ))}
          </ol>
        ))}
    </article>
  );
}
