import type { Locale } from '@omega/templates';
import type { ConsentApiError } from './api-client.ts';

/** The component's own words (the consent texts themselves come from `@omega/templates`). */
export interface ConsentUiMessages {
  legend: string;
  intro: string;
  /** Before a wording version: "Texte" → "Texte optin-sms-fr-2026-01". */
  version: string;
  /** Before the withdrawal sentence shown when a box that was on is unticked. */
  yourChoice: string;
  loading: string;
  loadFailed: string;
  retry: string;
  save: string;
  saving: string;
  saved: string;
  nothingToSave: string;
  /** After a saved SMS/WhatsApp grant that an earlier STOP at the carrier still blocks. */
  stillStopped: string;
  errors: {
    session: string;
    rateLimited: (seconds: number | undefined) => string;
    offline: string;
    other: string;
  };
}

/** French (default) and English. */
export const MESSAGES: Readonly<Record<Locale, ConsentUiMessages>> = {
  fr: {
    legend: 'Être informé(e) du suivi de mes réparations',
    intro:
      'Cochez les moyens par lesquels vous acceptez d’être contacté(e). Vous pouvez changer d’avis à tout moment, gratuitement.',
    version: 'Texte',
    yourChoice: 'Votre choix :',
    loading: 'Chargement de vos préférences…',
    loadFailed: 'Impossible de charger vos préférences.',
    retry: 'Réessayer',
    save: 'Enregistrer mes choix',
    saving: 'Enregistrement…',
    saved: 'Vos choix sont enregistrés.',
    nothingToSave: 'Aucun changement à enregistrer.',
    stillStopped:
      'Attention : votre numéro a demandé l’arrêt des messages (STOP). Pour les recevoir à nouveau, répondez START à l’un de nos messages.',
    errors: {
      session: 'Votre session a expiré. Reconnectez-vous puis réessayez.',
      rateLimited: (s) =>
        s === undefined
          ? 'Trop de tentatives. Réessayez dans un instant.'
          : `Trop de tentatives. Réessayez dans ${s} seconde${s > 1 ? 's' : ''}.`,
      offline: 'Connexion impossible. Vérifiez votre connexion internet puis réessayez.',
      other: 'L’enregistrement n’a pas abouti. Réessayez plus tard.',
    },
  },
  en: {
    legend: 'Updates about my repairs',
    intro:
      'Tick the ways you agree to be contacted. You can change your mind at any time, free of charge.',
    version: 'Text',
    yourChoice: 'Your choice:',
    loading: 'Loading your preferences…',
    loadFailed: 'Your preferences could not be loaded.',
    retry: 'Try again',
    save: 'Save my choices',
    saving: 'Saving…',
    saved: 'Your choices are saved.',
    nothingToSave: 'Nothing to save.',
    stillStopped:
      'Note: your number asked us to stop messages (STOP). To receive them again, reply START to one of our messages.',
    errors: {
      session: 'Your session has expired. Sign in again, then try again.',
      rateLimited: (s) =>
        s === undefined
          ? 'Too many attempts. Try again in a moment.'
          : `Too many attempts. Try again in ${s} second${s > 1 ? 's' : ''}.`,
      offline: 'Cannot connect. Check your internet connection, then try again.',
      other: 'Saving did not work. Please try again later.',
    },
  },
};

/** The sentence a customer sees for a failed call. */
export function errorMessage(error: ConsentApiError, locale: Locale): string {
  const m = MESSAGES[locale].errors;
  switch (error.code) {
    case 'not_signed_in':
    case 'missing_token':
    case 'invalid_token':
      return m.session;
    case 'rate_limited':
      return m.rateLimited(error.retryAfterSeconds);
    case 'network_error':
    case 'timeout':
      return m.offline;
    default:
      return m.other;
  }
}
