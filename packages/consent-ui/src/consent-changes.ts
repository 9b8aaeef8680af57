import { type ConsentChannel, consentWording, type Locale } from '@omega/templates';
import {
  CONSENT_CHANNELS,
  type ConsentValues,
  DEFAULT_CONSENT_VALUES,
  type RecordedConsent,
} from './channels.ts';

/** One consent decision to append to the customer's log. */
export interface ConsentChange {
  channel: ConsentChannel;
  /** `true` = consent given, `false` = withdrawn. */
  granted: boolean;
  /** The version of the words this decision stands for (`optin-sms-fr-2026-01`…). */
  wordingVersion: string;
}

/**
 * The decisions to record when the boxes went from `initial` to `current`, in display order.
 *
 * - A channel whose state is in `initial` (a profile page) is recorded only if it changed.
 * - A channel with nothing recorded yet (a registration: `initial` is `{}`) is recorded when
 *   its box is ticked (a grant, so the log proves it) or when the box of a channel that is on
 *   by default (email, push) is unticked (a withdrawal of the default). An unticked SMS or
 *   WhatsApp box records nothing: there is no consent to withdraw.
 * - Channels absent from `current` (not shown) are never recorded.
 *
 * A grant carries the opt-in wording's version, a withdrawal the opt-out wording's
 * (`consentWording` of `@omega/templates`), in `locale`.
 */
export function consentChanges(
  initial: RecordedConsent,
  current: Partial<ConsentValues>,
  locale: Locale,
): ConsentChange[] {
  const out: ConsentChange[] = [];
  for (const channel of CONSENT_CHANNELS) {
    const granted = current[channel];
    if (granted === undefined) continue;
    const before = initial[channel];
    const changed =
      before === undefined ? granted || DEFAULT_CONSENT_VALUES[channel] : before !== granted;
    if (!changed) continue;
    out.push({
      channel,
      granted,
      wordingVersion: consentWording(channel, { locale, granted }).version,
    });
  }
  return out;
}
