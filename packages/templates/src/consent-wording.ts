import type { Channel } from '@omega/core';
import type { Locale } from './locale.ts';

/** A channel a customer can agree to, or refuse, be contacted on: every channel. */
export type ConsentChannel = Channel;

/**
 * The date part of every consent wording version. Change it whenever a text below changes:
 * the consent log records which words a customer agreed to (CNIL: informed consent must be
 * provable), so an edited text must never keep an old version.
 */
export const CONSENT_WORDING_DATE = '2026-01';

const GRANT: Record<Locale, Record<ConsentChannel, string>> = {
  fr: {
    sms: "J'accepte de recevoir par SMS des informations sur le suivi de mes réparations chez O'MEGA Services. Je peux retirer mon accord à tout moment, gratuitement, via le lien présent dans chaque SMS ou au comptoir.",
    whatsapp:
      "J'accepte de recevoir sur WhatsApp des informations sur le suivi de mes réparations chez O'MEGA Services et de pouvoir y répondre. Je peux retirer mon accord à tout moment en répondant STOP ou au comptoir.",
    email:
      "J'accepte de recevoir par e-mail les informations sur le suivi de mes réparations. Je peux me désinscrire à tout moment via le lien présent dans chaque e-mail.",
    push: "J'accepte de recevoir des notifications sur l'application O'MEGA pour le suivi de mes réparations. Je peux les désactiver à tout moment dans l'application.",
  },
  en: {
    sms: "I agree to receive SMS updates about my repairs at O'MEGA Services. I can withdraw at any time, free of charge, through the link in every SMS or at the counter.",
    whatsapp:
      "I agree to receive WhatsApp updates about my repairs at O'MEGA Services and to reply there. I can withdraw at any time by replying STOP or at the counter.",
    email:
      'I agree to receive email updates about my repairs. I can unsubscribe at any time through the link in every email.',
    push: "I agree to receive notifications in the O'MEGA app about my repairs. I can turn them off at any time in the app.",
  },
};

const WITHDRAW: Record<Locale, Record<ConsentChannel, string>> = {
  fr: {
    sms: 'Je ne souhaite plus recevoir de SMS sur le suivi de mes réparations.',
    whatsapp: 'Je ne souhaite plus recevoir de messages WhatsApp sur le suivi de mes réparations.',
    email: "Je ne souhaite plus recevoir d'e-mails sur le suivi de mes réparations.",
    push: 'Je ne souhaite plus recevoir de notifications sur le suivi de mes réparations.',
  },
  en: {
    sms: 'I no longer wish to receive SMS updates about my repairs.',
    whatsapp: 'I no longer wish to receive WhatsApp updates about my repairs.',
    email: 'I no longer wish to receive email updates about my repairs.',
    push: 'I no longer wish to receive notifications about my repairs.',
  },
};

const LABEL: Record<Locale, Record<ConsentChannel, string>> = {
  fr: { email: 'E-mail', sms: 'SMS', whatsapp: 'WhatsApp', push: "Notifications de l'application" },
  en: { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', push: 'App notifications' },
};

/** The words shown or read to a customer for one consent decision, and their version. */
export interface ConsentWording {
  /** The channel's name as customers see it (`SMS`, `E-mail`…). */
  label: string;
  /** The first-person sentence the customer agrees to (or withdraws with). */
  text: string;
  /**
   * Recorded with the decision: `optin-sms-fr-2026-01`, `optout-sms-fr-2026-01`. Changes
   * whenever the text does ({@link CONSENT_WORDING_DATE}).
   */
  version: string;
}

/**
 * The CNIL wording of a consent decision for one channel: the same words at the counter (staff
 * read them out), on the customer's preferences page and in the registration form, so the
 * consent log's `wordingVersion` always points at one text.
 *
 * @example consentWording('sms', { locale: 'fr', granted: true }).version // 'optin-sms-fr-2026-01'
 */
export function consentWording(
  channel: ConsentChannel,
  options: { locale: Locale; granted: boolean },
): ConsentWording {
  const { locale, granted } = options;
  return {
    label: LABEL[locale][channel],
    text: (granted ? GRANT : WITHDRAW)[locale][channel],
    version: `${granted ? 'optin' : 'optout'}-${channel}-${locale}-${CONSENT_WORDING_DATE}`,
  };
}

/** What a wording version names: the channel, the language and the decision. */
export interface ConsentWordingKey {
  channel: ConsentChannel;
  locale: Locale;
  granted: boolean;
}

const BY_VERSION: ReadonlyMap<string, ConsentWordingKey> = new Map(
  (Object.keys(GRANT) as Locale[]).flatMap((locale) =>
    (Object.keys(GRANT[locale]) as ConsentChannel[]).flatMap((channel) =>
      [true, false].map(
        (granted) =>
          [
            consentWording(channel, { locale, granted }).version,
            { channel, locale, granted },
          ] as const,
      ),
    ),
  ),
);

/**
 * The channel, language and decision a wording version names, or `null` for a version this
 * build does not show (to check what a client says it showed).
 *
 * @example consentWordingOf('optout-sms-fr-2026-01') // { channel: 'sms', locale: 'fr', granted: false }
 */
export function consentWordingOf(version: string): ConsentWordingKey | null {
  return BY_VERSION.get(version) ?? null;
}

/** Every wording version this build knows (to validate what a client says it showed). */
export function knownConsentWordingVersions(): ReadonlySet<string> {
  return new Set(BY_VERSION.keys());
}
