import { consentWording } from '@omega/templates';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/api-context.tsx';
import {
  type Channel,
  type CustomerKind,
  useClearPhoneStatus,
  useConsentChange,
  useCustomer,
  useErase,
} from '../api/hooks.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { ErrorState, QueryView } from '../components/states.tsx';
import { ChannelName, StatusBadge, Timeline } from '../components/status.tsx';
import { TicketPanel } from '../components/ticket-panel.tsx';
import { formatDateTime, formatEur } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

type Detail = NonNullable<ReturnType<typeof useCustomer>['data']>;

function ConsentDialog({
  kind,
  id,
  channel,
  grant,
  onClose,
}: {
  kind: CustomerKind;
  id: string;
  channel: Channel;
  grant: boolean;
  onClose(): void;
}) {
  const { t, locale } = useI18n();
  const mutation = useConsentChange(kind, id);
  const [source, setSource] = useState<'counter' | 'staff'>('counter');
  // The same words (and version) as the landing page and the registration form.
  const wording = consentWording(channel, { locale, granted: grant });
  return (
    <form
      className="dialog"
      aria-labelledby="consent-title"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate(
          {
            changes: [{ channel, granted: grant }],
            source,
            wordingVersion: wording.version,
          },
          { onSuccess: (data) => (data.result.suppressionKept ? undefined : onClose()) },
        );
      }}
    >
      <h3 id="consent-title">
        {t('customers.consent.title', { channel: t(`channel.${channel}`) })}
      </h3>
      <p className="muted">{t('customers.consent.readOut')}</p>
      <blockquote>{wording.text}</blockquote>
      <fieldset>
        <legend>{t('customers.consent.source')}</legend>
        <label>
          <input
            type="radio"
            name="source"
            value="counter"
            checked={source === 'counter'}
            onChange={() => setSource('counter')}
          />{' '}
          {t('customers.consent.source.counter')}
        </label>
        <label>
          <input
            type="radio"
            name="source"
            value="staff"
            checked={source === 'staff'}
            onChange={() => setSource('staff')}
          />{' '}
          {t('customers.consent.source.staff')}
        </label>
      </fieldset>
      {mutation.error && <ErrorState error={mutation.error} />}
      {mutation.data?.result.suppressionKept && <p role="alert">{t('customers.consent.kept')}</p>}
      <div className="actions">
        <button type="submit" disabled={mutation.isPending}>
          {grant ? t('customers.consent.grant') : t('customers.consent.withdraw')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('customers.consent.cancel')}
        </button>
      </div>
    </form>
  );
}

function Channels({ detail, kind, id }: { detail: Detail; kind: CustomerKind; id: string }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState<{ channel: Channel; grant: boolean } | null>(null);
  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">{t('customers.channels')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('customers.col.channel')}</th>
            <th scope="col">{t('customers.channel.state')}</th>
            <th scope="col">{t('customers.channel.basis')}</th>
            <th scope="col">{t('customers.channel.reach')}</th>
            <th scope="col">
              <span className="sr-only">{t('customers.change')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {detail.channels.map((c) => (
            <tr key={c.channel}>
              <th scope="row">
                <ChannelName channel={c.channel} />
              </th>
              <td>
                {c.granted ? t('customers.granted') : t('customers.refused')}{' '}
                {c.explicit ? (
                  <span className="muted small">{formatDateTime(c.since, locale)}</span>
                ) : (
                  <span className="muted small">{t('customers.default')}</span>
                )}
              </td>
              <td>
                {c.basis === 'consent'
                  ? t('customers.basis.consent')
                  : c.basis === 'service'
                    ? t('customers.basis.service')
                    : t('customers.basis.none')}
              </td>
              <td>
                {c.reachable ? t('customers.reachable') : <span className="muted">{c.reason}</span>}
                {c.providerOptOut && (
                  <p className="badge tone-bad" id={`stop-${c.channel}`}>
                    {t('customers.channel.providerOptOut', {
                      channel: t(`channel.${c.channel as Channel}`),
                    })}
                  </p>
                )}
              </td>
              <td>
                <label className="switch">
                  <input
                    type="checkbox"
                    checked={c.granted}
                    // Twilio refuses this channel until the customer sends START: no grant here.
                    disabled={c.providerOptOut && !c.granted}
                    aria-describedby={c.providerOptOut ? `stop-${c.channel}` : undefined}
                    onChange={(e) =>
                      setEditing({ channel: c.channel as Channel, grant: e.target.checked })
                    }
                    aria-label={`${t('customers.change')} : ${t(`channel.${c.channel as Channel}`)}`}
                  />
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <ConsentDialog
          kind={kind}
          id={id}
          channel={editing.channel}
          grant={editing.grant}
          onClose={() => setEditing(null)}
        />
      )}
      <p className="muted small">
        {detail.whatsappWindow.open
          ? t('customers.window.open', {
              time: formatDateTime(detail.whatsappWindow.closesAt, locale),
            })
          : t('customers.window.closed')}
      </p>
    </section>
  );
}

function Privacy({ kind, id }: { kind: CustomerKind; id: string }) {
  const { t } = useI18n();
  const api = useApi();
  const auth = useAuth();
  const erase = useErase(kind, id);
  const [confirm, setConfirm] = useState('');
  async function download() {
    const res = await api.api.staff.customers[':kind'][':id'].export.$get({ param: { kind, id } });
    const blob = new Blob([await res.text()], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `omega-export-${id}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  }
  return (
    <section className="privacy">
      <button type="button" className="secondary" onClick={() => void download()}>
        {t('customers.export')}
      </button>
      {auth.session?.admin && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (confirm === 'EFFACER') erase.mutate();
          }}
        >
          <label>
            {t('customers.erase.confirm')}{' '}
            <input value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </label>
          <button
            type="submit"
            className="danger"
            disabled={confirm !== 'EFFACER' || erase.isPending}
          >
            {t('customers.erase')}
          </button>
          {erase.isSuccess && <p role="status">{t('customers.erase.done')}</p>}
          {erase.error && <ErrorState error={erase.error} />}
        </form>
      )}
    </section>
  );
}

/** A customer: channels with consent capture, consent log, phones, tickets with actions, recent messages. */
export function CustomerDetailPage() {
  const { kind = 'client', id = '' } = useParams();
  const k: CustomerKind = kind === 'profile' ? 'profile' : 'client';
  const { t, locale, tMaybe } = useI18n();
  const query = useCustomer(k, id);
  const clear = useClearPhoneStatus(k, id);
  return (
    <section>
      <p>
        <Link to="/customers">{t('customers.back')}</Link>
      </p>
      <QueryView query={query}>
        {(d) => (
          <>
            <div className="page-head">
              <h1>{d.summary.name}</h1>
              <span className="badge tone-muted">
                {d.summary.registered ? t('customers.registered') : t('customers.walkIn')}
              </span>
            </div>
            <p className="muted">
              {[d.summary.phone, d.summary.email].filter(Boolean).join(' · ')}
            </p>
            <Channels detail={d} kind={k} id={id} />

            <section aria-labelledby="phones-title">
              <h2 id="phones-title">{t('customers.phones')}</h2>
              <ul>
                {d.phones.map((p) => (
                  <li key={`${p.source}-${p.raw}`}>
                    <strong>{p.e164 ?? p.raw}</strong> <span className="muted">({p.source})</span>{' '}
                    {!p.valid && (
                      <span className="badge tone-bad">
                        {t('customers.phone.invalid', { error: p.error ?? '' })}
                      </span>
                    )}
                    {p.mark && (
                      <>
                        <span className="badge tone-bad">
                          {t('customers.phone.mark', {
                            status: p.mark.status,
                            code: p.mark.code ?? '—',
                          })}
                        </span>{' '}
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => clear.mutate(p.e164 as string)}
                        >
                          {t('customers.phone.clear')}
                        </button>
                      </>
                    )}
                    {p.suppression && (
                      <span className="badge tone-bad">
                        {t('customers.phone.suppressed', { scope: p.suppression.scope })}
                      </span>
                    )}
                    {p.suppression && p.suppression.providerHeld.length > 0 && (
                      <>
                        {' '}
                        <span className="badge tone-bad">
                          {t('customers.phone.providerHeld', {
                            channels: p.suppression.providerHeld
                              .map((ch) => t(`channel.${ch}`))
                              .join(', '),
                          })}
                        </span>
                      </>
                    )}
                    {p.valid && !p.mark && !p.suppression && (
                      <span className="badge tone-ok">{t('customers.phone.ok')}</span>
                    )}
                  </li>
                ))}
              </ul>
            </section>

            <section aria-labelledby="consent-history-title">
              <h2 id="consent-history-title">{t('customers.history')}</h2>
              {d.consentHistory.length === 0 ? (
                <p className="muted">{t('customers.history.empty')}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('customers.col.date')}</th>
                      <th scope="col">{t('customers.col.channel')}</th>
                      <th scope="col">{t('customers.col.decision')}</th>
                      <th scope="col">{t('customers.col.source')}</th>
                      <th scope="col">{t('customers.col.actor')}</th>
                      <th scope="col">{t('customers.col.wording')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.consentHistory.map((r) => (
                      <tr key={r.id}>
                        <td>{formatDateTime(r.at, locale)}</td>
                        <td>
                          <ChannelName channel={r.channel} />
                          {r.scope === 'all' ? ' (+ SMS, WhatsApp)' : ''}
                        </td>
                        <td>{r.granted ? t('customers.granted') : t('customers.refused')}</td>
                        <td>{r.source}</td>
                        <td>{r.actor}</td>
                        <td>
                          <code>{r.wordingVersion}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section aria-labelledby="tickets-title">
              <h2 id="tickets-title">{t('customers.tickets')}</h2>
              {d.tickets.length === 0 ? (
                <p className="muted">{t('customers.tickets.empty')}</p>
              ) : (
                d.tickets.map((ticket) => <TicketPanel key={ticket.id} ticket={ticket} />)
              )}
            </section>

            <section aria-labelledby="notifications-title">
              <h2 id="notifications-title">{t('customers.notifications')}</h2>
              {d.history.length === 0 ? (
                <p className="muted">{t('state.empty')}</p>
              ) : (
                <ul className="messages">
                  {d.history.map((n) => (
                    <li key={n.id}>
                      <StatusBadge status={n.status} /> <ChannelName channel={n.channel} /> ·{' '}
                      {tMaybe(`kind.${n.kind}`, n.kind)} · {formatDateTime(n.createdAt, locale)} ·{' '}
                      {formatEur(n.costEur, locale)}
                      {n.reasonText && (
                        <p className="why">{t('messages.why', { reason: n.reasonText })}</p>
                      )}
                      <Timeline entries={n.timeline} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <Privacy kind={k} id={id} />
          </>
        )}
      </QueryView>
    </section>
  );
}
