import { type DeferReason, NO_BASIS_MESSAGES, type SkipReason } from '@omega/core';

// Core words the lawful-basis reasons (`NO_BASIS_MESSAGES`); the other skip reasons are
// worded here until core exports a table for every `SkipReason`.
const OTHER_REASONS: Readonly<Record<Exclude<SkipReason, keyof typeof NO_BASIS_MESSAGES>, string>> =
  {
    channel_disabled: 'Canal désactivé dans les réglages.',
    no_email: "Pas d'adresse e-mail.",
    no_phone: 'Pas de numéro de téléphone.',
    invalid_phone: 'Numéro de téléphone invalide.',
    not_sms_capable: 'Ce numéro ne reçoit pas de SMS (ligne fixe ou non mobile).',
    no_push_token: "Pas d'appareil enregistré pour les notifications push.",
    not_in_rollout: 'Client hors du déploiement progressif de ce canal.',
    frequency_cap: 'Trop de messages envoyés à ce client récemment.',
    superseded: 'Le ticket a changé de statut avant l’envoi : message obsolète.',
    not_in_policy: "La cascade n'utilise pas ce canal pour ce client.",
    covered_by_other_channel: 'Un autre canal de messagerie est déjà utilisé pour ce message.',
    phone_marked_invalid: 'Twilio a signalé ce numéro comme invalide, fixe ou inconnu.',
    invalid_data:
      'Une fiche (client, compte ou ticket) est illisible (un champ a un format inattendu) : rien n’a été envoyé. Corrigez la fiche, puis renvoyez.',
    whatsapp_sender_unavailable:
      'Le numéro WhatsApp de la boutique est hors ligne ou signalé par Meta : le message part par SMS quand le client peut le recevoir.',
    quote_decided: 'Le client a déjà accepté ou refusé le devis : la relance n’a plus lieu d’être.',
  };

/** The plain-language (French) reason a channel was skipped, for the dashboard. */
export function skipReasonText(reason: SkipReason): string {
  if (reason in NO_BASIS_MESSAGES)
    return NO_BASIS_MESSAGES[reason as keyof typeof NO_BASIS_MESSAGES];
  return OTHER_REASONS[reason as keyof typeof OTHER_REASONS];
}

/**
 * What a deferral tells staff beyond its time (the history's `reasonText`): a pickup reminder
 * that waits because the customer said when they will come. The send window's deferrals say
 * nothing more than their time.
 */
export function deferReasonField(reason: DeferReason): { reasonText?: string } {
  if (reason !== 'pickup_planned') return {};
  return {
    reasonText:
      'Le client a annoncé son passage en boutique : ce rappel de retrait attend le lendemain du jour annoncé.',
  };
}
