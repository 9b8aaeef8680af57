import { MESSAGING_CHANNELS, type MessagingChannel } from '@omega/core';
import { consentWording } from '@omega/templates';
import { useState } from 'react';
import { useCounterConsent } from '../api/hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { ErrorState } from './states.tsx';

/** The channels a customer can agree to at the counter for a ticket: the phone channels. */
const COUNTER_CHANNELS = MESSAGING_CHANNELS;
type CounterChannel = MessagingChannel;

/**
 * Consent given at the counter for a ticket's customer: each channel shows the CNIL wording
 * staff read out (`@omega/templates`' `consentWording`), unticked until the customer agrees;
 * saving records one consent per ticked channel, each with its wording's version, in one request.
 */
export function CounterConsent({ ticketId }: { ticketId: string }) {
  const { t, locale } = useI18n();
  const [ticked, setTicked] = useState<ReadonlySet<CounterChannel>>(new Set());
  // The channels of the last successful save (the form unticks them).
  const [recorded, setRecorded] = useState<CounterChannel[]>([]);
  const mutation = useCounterConsent(ticketId);
  const id = (part: string) => `counter-consent-${ticketId}-${part}`;
  const wording = (channel: CounterChannel) => consentWording(channel, { locale, granted: true });
  const names = (channels: readonly CounterChannel[]) =>
    channels.map((c) => t(`channel.${c}`)).join(', ');

  const toggle = (channel: CounterChannel, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(channel);
    else next.delete(channel);
    setTicked(next);
  };

  return (
    <form
      className="counter-consent"
      aria-labelledby={id('title')}
      aria-busy={mutation.isPending}
      onSubmit={(e) => {
        e.preventDefault();
        const channels = COUNTER_CHANNELS.filter((c) => ticked.has(c));
        if (channels.length === 0 || mutation.isPending) return;
        mutation.mutate(
          channels.map((channel) => ({ channel, wordingVersion: wording(channel).version })),
          {
            onSuccess: () => {
              setRecorded(channels);
              setTicked(new Set());
            },
          },
        );
      }}
    >
      <fieldset>
        <legend id={id('title')}>{t('customers.ticket.consent.title')}</legend>
        <p className="muted small">{t('customers.ticket.consent.help')}</p>
        {COUNTER_CHANNELS.map((channel) => {
          const words = wording(channel);
          return (
            <div key={channel} className="consent-choice">
              <label htmlFor={id(channel)} className="inline">
                <input
                  type="checkbox"
                  id={id(channel)}
                  checked={ticked.has(channel)}
                  aria-describedby={id(`${channel}-wording`)}
                  onChange={(e) => toggle(channel, e.target.checked)}
                />{' '}
                {t('customers.ticket.consent.agrees', { channel: t(`channel.${channel}`) })}
              </label>
              <blockquote id={id(`${channel}-wording`)} lang={locale}>
                {words.text} <span className="muted small">({words.version})</span>
              </blockquote>
            </div>
          );
        })}
        {/* aria-disabled, not disabled: the button keeps the keyboard focus once all is saved. */}
        <button type="submit" aria-disabled={ticked.size === 0 || mutation.isPending}>
          {mutation.isPending
            ? t('customers.ticket.consent.saving')
            : t('customers.ticket.consent.save')}
        </button>
      </fieldset>
      {mutation.isError && <ErrorState error={mutation.error} />}
      {mutation.isSuccess && recorded.length > 0 && (
        <p role="status">{t('customers.ticket.consent.saved', { channels: names(recorded) })}</p>
      )}
    </form>
  );
}
