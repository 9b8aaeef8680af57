import type { LongFormChannel, TemplateDefinition } from '../definition.ts';
import { SMS_BRAND, SMS_BRAND_EN } from './common.ts';

/** " Suivi : <link>" when a link is given, else nothing (keeps the link last in the SMS). */
function trailingLink(label: string, link: string | undefined): string {
  return link ? ` ${label} ${link}` : '';
}

/** Auto-reply to AIDE/HELP/INFO: the keywords and the shop's phone. */
export const replyHelp: TemplateDefinition<'reply_help'> = {
  kind: 'reply_help',
  whatsappVariables: ['shopPhone'],
  buttons: [],
  shrink: [],
  locales: {
    fr: {
      emoji: '💬',
      title: () => 'Aide',
      sms: (v) =>
        `${SMS_BRAND}mots-clés : STATUT, HORAIRES, ADRESSE, STOP (désinscription). Tél. ${v.shopPhone}${trailingLink('Suivi :', v.link)}`,
      paragraphs: (v) => [
        'Voici les mots-clés que vous pouvez nous envoyer : STATUT (où en est ma réparation), HORAIRES, ADRESSE, STOP (ne plus recevoir nos messages).',
        `Pour toute autre question, écrivez-nous ici ou appelez le ${v.shopPhone}.`,
      ],
      push: (v) => `Mots-clés : STATUT, HORAIRES, ADRESSE, STOP. Tél. ${v.shopPhone}`,
      linkLabel: 'Suivre ma réparation',
      whatsappBody:
        "Voici les mots-clés disponibles : STATUT, HORAIRES, ADRESSE, STOP. Pour toute autre question, écrivez-nous ici ou appelez le {{1}} aux heures d'ouverture.",
    },
    en: {
      emoji: '💬',
      title: () => 'Help',
      sms: (v) =>
        `${SMS_BRAND_EN}keywords: STATUS, HOURS, ADDRESS, STOP (unsubscribe). Phone ${v.shopPhone}${trailingLink('Tracking:', v.link)}`,
      paragraphs: (v) => [
        'Here are the keywords you can send us: STATUS (where is my repair), HOURS, ADDRESS, STOP (no more messages).',
        `For any other question, write to us here or call ${v.shopPhone}.`,
      ],
      push: (v) => `Keywords: STATUS, HOURS, ADDRESS, STOP. Phone ${v.shopPhone}`,
      linkLabel: 'Track my repair',
      whatsappBody:
        'Here are the keywords you can use: STATUS, HOURS, ADDRESS, STOP. For any other question, write to us here or call {{1}} during opening hours.',
    },
  },
};

/** Auto-reply to STATUT/SUIVI: the ticket's current status. */
export const replyStatus: TemplateDefinition<'reply_status'> = {
  kind: 'reply_status',
  whatsappVariables: ['device', 'status'],
  buttons: [],
  shrink: [
    ['device', 20],
    ['device', 6],
  ],
  locales: {
    fr: {
      emoji: '📍',
      title: (v) => `Votre ${v.device}`,
      sms: (v) => `${SMS_BRAND}votre ${v.device} : ${v.status}.${trailingLink('Suivi :', v.link)}`,
      paragraphs: (v) => [`Où en est votre ${v.device} ? ${capitalize(v.status)}.`],
      push: (v) => `Votre ${v.device} : ${v.status}.`,
      linkLabel: 'Suivre ma réparation',
      whatsappBody: 'Votre {{1}} est au statut suivant : {{2}}. Merci de votre confiance.',
    },
    en: {
      emoji: '📍',
      title: (v) => `Your ${v.device}`,
      sms: (v) =>
        `${SMS_BRAND_EN}your ${v.device}: ${v.status}.${trailingLink('Tracking:', v.link)}`,
      paragraphs: (v) => [`Where is your ${v.device}? ${capitalize(v.status)}.`],
      push: (v) => `Your ${v.device}: ${v.status}.`,
      linkLabel: 'Track my repair',
      whatsappBody: 'The status of your {{1}} is: {{2}}. Thank you for your trust.',
    },
  },
};

/** Auto-reply to HORAIRES/HOURS. */
export const replyHours: TemplateDefinition<'reply_hours'> = {
  kind: 'reply_hours',
  whatsappVariables: ['shopHours'],
  buttons: [],
  shrink: [],
  locales: {
    fr: {
      emoji: '🕘',
      title: () => 'Nos horaires',
      sms: (v) =>
        `${SMS_BRAND}nous sommes ouverts ${v.shopHours}.${v.shopPhone ? ` Tél. ${v.shopPhone}` : ''}`,
      paragraphs: (v) => [
        `Nous sommes ouverts ${v.shopHours}.`,
        ...(v.shopPhone ? [`Vous pouvez aussi nous appeler au ${v.shopPhone}.`] : []),
      ],
      push: (v) => `Nous sommes ouverts ${v.shopHours}.`,
      linkLabel: 'Voir mon dossier',
      whatsappBody: "Nos horaires d'ouverture : {{1}}. À bientôt chez O'MEGA Services.",
    },
    en: {
      emoji: '🕘',
      title: () => 'Opening hours',
      sms: (v) =>
        `${SMS_BRAND_EN}we are open ${v.shopHours}.${v.shopPhone ? ` Phone ${v.shopPhone}` : ''}`,
      paragraphs: (v) => [
        `We are open ${v.shopHours}.`,
        ...(v.shopPhone ? [`You can also call us on ${v.shopPhone}.`] : []),
      ],
      push: (v) => `We are open ${v.shopHours}.`,
      linkLabel: 'View my repair',
      whatsappBody: "Our opening hours: {{1}}. See you soon at O'MEGA Services.",
    },
  },
};

/**
 * The SMS of the ADRESSE answer: the address and the maps link last. The hours only go when
 * there is no link: address, hours and link at their longest do not fit one segment (HORAIRES
 * answers the hours).
 */
function addressSms(
  brand: string,
  words: [string, string, string],
  v: { shopAddress: string; shopHours: string; mapsUrl?: string },
): string {
  const [address, hours, map] = words;
  return v.mapsUrl
    ? `${brand}${address} ${v.shopAddress}. ${map} ${v.mapsUrl}`
    : `${brand}${address} ${v.shopAddress}. ${hours} ${v.shopHours}.`;
}

/** Auto-reply to ADRESSE/ADDRESS: the address and hours, the maps link; on WhatsApp the maps button. */
export const replyAddress: TemplateDefinition<'reply_address'> = {
  kind: 'reply_address',
  whatsappVariables: ['shopAddress', 'shopHours'],
  buttons: [],
  mapsButton: true,
  shrink: [],
  locales: {
    fr: {
      emoji: '📍',
      title: () => 'Notre adresse',
      sms: (v) => addressSms(SMS_BRAND, ['adresse :', 'Horaires :', 'Plan :'], v),
      paragraphs: (v) => [
        `Notre adresse : ${v.shopAddress}.`,
        `Nous sommes ouverts ${v.shopHours}.`,
        ...(v.mapsUrl ? [`Itinéraire : ${v.mapsUrl}`] : []),
      ],
      push: (v) => `Nous sommes au ${v.shopAddress}, ouverts ${v.shopHours}.`,
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        "Notre adresse : {{1}}. Horaires d'ouverture : {{2}}. À bientôt chez O'MEGA Services.",
    },
    en: {
      emoji: '📍',
      title: () => 'Our address',
      sms: (v) => addressSms(SMS_BRAND_EN, ['address:', 'Opening hours:', 'Map:'], v),
      paragraphs: (v) => [
        `Our address: ${v.shopAddress}.`,
        `We are open ${v.shopHours}.`,
        ...(v.mapsUrl ? [`Directions: ${v.mapsUrl}`] : []),
      ],
      push: (v) => `We are at ${v.shopAddress}, open ${v.shopHours}.`,
      linkLabel: 'View my repair',
      whatsappBody: "Our address: {{1}}. Opening hours: {{2}}. See you soon at O'MEGA Services.",
    },
  },
};

const FR_CHANNEL_NOUN: Record<LongFormChannel, string> = {
  whatsapp: 'messages WhatsApp',
  email: 'e-mails de suivi',
};
const EN_CHANNEL_NOUN: Record<LongFormChannel, string> = {
  whatsapp: 'WhatsApp messages',
  email: 'tracking e-mails',
};

/** Confirms an opt-out (STOP, ARRET…). Says how to come back. */
export const replyOptOut: TemplateDefinition<'reply_opt_out'> = {
  kind: 'reply_opt_out',
  whatsappVariables: [],
  buttons: [],
  shrink: [],
  locales: {
    fr: {
      emoji: '🔕',
      title: () => 'Désinscription confirmée',
      sms: (v) =>
        `${SMS_BRAND}c'est noté, vous ne recevrez plus nos SMS. Envoyez START pour les réactiver.${trailingLink('Préférences :', v.link)}`,
      paragraphs: (_v, channel) => [
        `C'est noté : vous ne recevrez plus nos ${FR_CHANNEL_NOUN[channel]}.`,
        'Pour les réactiver, envoyez START à tout moment.',
      ],
      push: () => "C'est noté : vous ne recevrez plus ces notifications.",
      linkLabel: 'Mes préférences',
      whatsappBody:
        "C'est noté, vous ne recevrez plus nos messages sur WhatsApp. Pour les réactiver, envoyez START à tout moment.",
    },
    en: {
      emoji: '🔕',
      title: () => 'Unsubscribed',
      sms: (v) =>
        `${SMS_BRAND_EN}done, you will no longer receive our text messages. Send START to turn them back on.${trailingLink('Preferences:', v.link)}`,
      paragraphs: (_v, channel) => [
        `Done: you will no longer receive our ${EN_CHANNEL_NOUN[channel]}.`,
        'To turn them back on, send START at any time.',
      ],
      push: () => 'Done: you will no longer receive these notifications.',
      linkLabel: 'My preferences',
      whatsappBody:
        'Done, you will no longer receive our messages on WhatsApp. To turn them back on, send START at any time.',
    },
  },
};

/** Confirms an opt-in (START). */
export const replyOptIn: TemplateDefinition<'reply_opt_in'> = {
  kind: 'reply_opt_in',
  whatsappVariables: [],
  buttons: [],
  shrink: [],
  locales: {
    fr: {
      emoji: '🔔',
      title: () => 'Notifications réactivées',
      sms: () =>
        `${SMS_BRAND}c'est noté, vous recevrez à nouveau nos SMS sur vos réparations. Envoyez STOP pour ne plus les recevoir.`,
      paragraphs: (_v, channel) => [
        `C'est noté : vous recevrez à nouveau nos ${FR_CHANNEL_NOUN[channel]} sur vos réparations.`,
        'Envoyez STOP à tout moment pour ne plus les recevoir.',
      ],
      push: () => 'Vous recevrez à nouveau nos notifications sur vos réparations.',
      linkLabel: 'Mes préférences',
      whatsappBody:
        "C'est noté, vous recevrez à nouveau nos messages sur vos réparations. Envoyez STOP à tout moment pour ne plus les recevoir.",
    },
    en: {
      emoji: '🔔',
      title: () => 'Notifications back on',
      sms: () =>
        `${SMS_BRAND_EN}done, you will receive our text messages about your repairs again. Send STOP to stop them.`,
      paragraphs: (_v, channel) => [
        `Done: you will receive our ${EN_CHANNEL_NOUN[channel]} about your repairs again.`,
        'Send STOP at any time to stop them.',
      ],
      push: () => 'You will receive our notifications about your repairs again.',
      linkLabel: 'My preferences',
      whatsappBody:
        'Done, you will receive our messages about your repairs again. Send STOP at any time to stop them.',
    },
  },
};

/** Acknowledges a message that no keyword matched: staff will answer. */
export const replyEscalationAck: TemplateDefinition<'reply_escalation_ack'> = {
  kind: 'reply_escalation_ack',
  whatsappVariables: [],
  buttons: [],
  shrink: [],
  locales: {
    fr: {
      emoji: '🙋',
      title: () => 'Message reçu',
      sms: (v) =>
        `${SMS_BRAND}merci pour votre message. Un conseiller vous répond dès que possible${v.shopHours ? ` (horaires : ${v.shopHours})` : ''}.`,
      paragraphs: (v) => [
        'Merci pour votre message.',
        `Un conseiller vous répond dès que possible${v.shopHours ? `, pendant nos horaires d'ouverture (${v.shopHours})` : ''}.`,
      ],
      push: () => 'Merci pour votre message, un conseiller vous répond dès que possible.',
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        "Merci pour votre message. Un conseiller de l'équipe O'MEGA Services vous répond dès que possible.",
    },
    en: {
      emoji: '🙋',
      title: () => 'Message received',
      sms: (v) =>
        `${SMS_BRAND_EN}thank you for your message. Someone from our team will answer as soon as possible${v.shopHours ? ` (opening hours: ${v.shopHours})` : ''}.`,
      paragraphs: (v) => [
        'Thank you for your message.',
        `Someone from our team will answer as soon as possible${v.shopHours ? `, during opening hours (${v.shopHours})` : ''}.`,
      ],
      push: () =>
        'Thank you for your message, someone from our team will answer as soon as possible.',
      linkLabel: 'View my repair',
      whatsappBody:
        "Thank you for your message. Someone from the O'MEGA Services team will answer as soon as possible.",
    },
  },
};

/**
 * The answer to a customer action (a quick-reply button, its keyword): the action is recorded,
 * or why it was refused (`actionReply`, core's `ActionReplyKey`). Sent inside the window the
 * customer's tap just opened.
 */
export const replyAction: TemplateDefinition<'reply_action'> = {
  kind: 'reply_action',
  whatsappVariables: ['actionReply'],
  buttons: [],
  shrink: [],
  locales: {
    fr: {
      emoji: '👍',
      title: () => 'Réponse enregistrée',
      sms: (v) => `${SMS_BRAND}${v.actionReply}${trailingLink('Suivi :', v.link)}`,
      paragraphs: (v) => [`Bonjour, ${v.actionReply}`],
      push: (v) => capitalize(v.actionReply),
      linkLabel: 'Voir mon dossier',
      whatsappBody: "Bonjour, {{1}} L'équipe O'MEGA Services vous remercie.",
    },
    en: {
      emoji: '👍',
      title: () => 'Answer recorded',
      sms: (v) => `${SMS_BRAND_EN}${v.actionReply}${trailingLink('Tracking:', v.link)}`,
      paragraphs: (v) => [`Hello, ${v.actionReply}`],
      push: (v) => capitalize(v.actionReply),
      linkLabel: 'View my repair',
      whatsappBody: "Hello, {{1}} Thank you from the O'MEGA Services team.",
    },
  },
};

/** "réparation en cours" → "Réparation en cours". */
function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
