import { type ConsentChannel, consentWording, type Locale } from '@omega/templates';
import { type ReactNode, useId, useState } from 'react';
import {
  CONSENT_CHANNELS,
  type ConsentValues,
  initialConsent,
  type RecordedConsent,
  visibleValues,
} from './channels.ts';
import { type ConsentChange, consentChanges } from './consent-changes.ts';
import { MESSAGES } from './messages.ts';

/** Props of {@link NotificationOptIn}. */
export interface NotificationOptInProps {
  /** Language of the texts and of the recorded wording versions. Default `fr`. */
  locale?: Locale;
  /**
   * The channels to show (a shop without the app hides `push`), always shown in the order
   * email, SMS, WhatsApp, push. Default: all four.
   */
  channels?: readonly ConsentChannel[];
  /**
   * What the customer's consent log already holds: `{}` (the default) at registration, the
   * current state (from `loadPreferences`) on a profile page. The baseline of the changes.
   */
  recorded?: RecordedConsent;
  /** Controlled state of the boxes (missing channels: as {@link initialConsent} of `recorded`). */
  value?: Partial<ConsentValues>;
  /**
   * Uncontrolled starting state, over the seed defaults and `recorded`. SMS and WhatsApp are
   * only ticked here when `recorded` already holds the customer's grant.
   */
  defaultValue?: Partial<ConsentValues>;
  /** Every toggle: the new state of every box, and the decisions to record against `recorded`. */
  onChange?: (value: ConsentValues, changes: ConsentChange[]) => void;
  /** Disables every box (while the host form submits). */
  disabled?: boolean;
  /** Replaces the legend. */
  legend?: ReactNode;
  /** Replaces the sentence under the legend; `null` hides it. */
  intro?: ReactNode | null;
  /** Prefix of the boxes' `name` (`notifications.sms`…), so a host form's `FormData` sees them. */
  name?: string;
  /** Added to the root's `omega-consent` class. */
  className?: string;
}

const NO_RECORD: RecordedConsent = {};

/**
 * The notification opt-in boxes for a registration form or a profile page: a fieldset with one
 * native checkbox per channel, its label, and the full CNIL wording (`consentWording` of
 * `@omega/templates`) tied to the box with `aria-describedby`. SMS and WhatsApp start unticked
 * unless the customer already agreed; email and push start ticked (the seed's defaults).
 * Unticking a channel that is on shows the withdrawal sentence that will be recorded.
 *
 * It renders no form and no button: the host form submits, then records
 * `onChange`'s changes (see `useNotificationOptIn` and `createConsentRecorder`).
 */
export function NotificationOptIn({
  locale = 'fr',
  channels = CONSENT_CHANNELS,
  recorded = NO_RECORD,
  value,
  defaultValue,
  onChange,
  disabled = false,
  legend,
  intro,
  name = 'notifications',
  className,
}: NotificationOptInProps) {
  const baseId = useId();
  const [inner, setInner] = useState(() => initialConsent(recorded, defaultValue));
  const current: ConsentValues =
    value === undefined ? inner : { ...initialConsent(recorded), ...value };
  const shown = CONSENT_CHANNELS.filter((c) => channels.includes(c));
  const m = MESSAGES[locale];
  const introId = `${baseId}-intro`;

  function toggle(channel: ConsentChannel, checked: boolean) {
    const next = { ...current, [channel]: checked };
    if (value === undefined) setInner(next);
    if (!onChange) return;
    onChange(next, consentChanges(recorded, visibleValues(next, shown), locale));
  }

  return (
    <fieldset
      className={className ? `omega-consent ${className}` : 'omega-consent'}
      lang={locale}
      disabled={disabled}
      aria-describedby={intro === null ? undefined : introId}
    >
      <legend className="omega-consent__legend">{legend ?? m.legend}</legend>
      {intro === null ? null : (
        <p id={introId} className="omega-consent__intro">
          {intro ?? m.intro}
        </p>
      )}
      {shown.map((channel) => {
        const checked = current[channel];
        const grant = consentWording(channel, { locale, granted: true });
        const [change] = consentChanges(recorded, { [channel]: checked }, locale);
        const withdrawal =
          change && !change.granted ? consentWording(channel, { locale, granted: false }) : null;
        const inputId = `${baseId}-${channel}`;
        const textId = `${inputId}-text`;
        const withdrawalId = `${inputId}-withdrawal`;
        return (
          <div key={channel} className="omega-consent__option" data-channel={channel}>
            <input
              type="checkbox"
              className="omega-consent__checkbox"
              id={inputId}
              name={`${name}.${channel}`}
              checked={checked}
              onChange={(e) => toggle(channel, e.currentTarget.checked)}
              aria-describedby={withdrawal ? `${textId} ${withdrawalId}` : textId}
            />
            <label className="omega-consent__label" htmlFor={inputId}>
              {grant.label}
            </label>
            <p id={textId} className="omega-consent__text">
              {grant.text}
            </p>
            {withdrawal ? (
              <p id={withdrawalId} className="omega-consent__withdrawal">
                {m.yourChoice} {withdrawal.text}
              </p>
            ) : null}
            <p className="omega-consent__version">
              {m.version} {withdrawal ? withdrawal.version : grant.version}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
