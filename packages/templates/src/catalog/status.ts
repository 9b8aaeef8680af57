import type { TemplateDefinition } from '../definition.ts';
import {
  bonjour,
  bonjourLine,
  hello,
  helloLine,
  NAME_AND_DEVICE_SHRINK,
  SMS_BRAND,
  SMS_BRAND_EN,
} from './common.ts';

/** Status change: diagnosis started. */
export const statusDiagnosing: TemplateDefinition<'status_diagnosing'> = {
  kind: 'status_diagnosing',
  whatsappVariables: ['device', 'link'],
  buttons: [],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '🔍',
      title: () => 'Diagnostic en cours',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}le diagnostic de votre ${v.device} est en cours. Nous revenons vers vous sous peu. Suivi : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Notre technicien a commencé le diagnostic de votre ${v.device}.`,
        'Nous revenons vers vous très vite avec le résultat.',
      ],
      push: (v) => `Le diagnostic de votre ${v.device} est en cours.`,
      linkLabel: 'Suivre ma réparation',
      whatsappBody:
        'Bonjour, le diagnostic de votre {{1}} a commencé. Nous revenons vers vous très vite. Suivi de votre dossier : {{2}} Merci de votre confiance.',
    },
    en: {
      emoji: '🔍',
      title: () => 'Diagnosis in progress',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}we are diagnosing your ${v.device} and will get back to you shortly. Tracking: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `Our technician has started diagnosing your ${v.device}.`,
        'We will get back to you shortly with the result.',
      ],
      push: (v) => `We are diagnosing your ${v.device}.`,
      linkLabel: 'Track my repair',
      whatsappBody:
        'Hello, we have started diagnosing your {{1}} and will get back to you shortly. Track your repair: {{2}} Thank you for your trust.',
    },
  },
};

/** Status change: waiting for a part. */
export const statusWaitingForParts: TemplateDefinition<'status_waiting_for_parts'> = {
  kind: 'status_waiting_for_parts',
  whatsappVariables: ['device', 'link'],
  buttons: [],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '📦',
      title: () => 'En attente de pièce',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}une pièce est en commande pour votre ${v.device}. Nous vous prévenons dès réception. Suivi : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `La réparation de votre ${v.device} nécessite une pièce, que nous avons commandée.`,
        'Nous vous prévenons dès sa réception.',
      ],
      push: (v) => `Une pièce est en commande pour votre ${v.device}.`,
      linkLabel: 'Suivre ma réparation',
      whatsappBody:
        'Bonjour, une pièce est en commande pour votre {{1}}. Nous vous prévenons dès sa réception. Suivi de votre dossier : {{2}} Merci de votre patience.',
    },
    en: {
      emoji: '📦',
      title: () => 'Waiting for a part',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}a part is on order for your ${v.device}. We will tell you when it arrives. Tracking: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `The repair of your ${v.device} needs a part, which we have ordered.`,
        'We will tell you as soon as it arrives.',
      ],
      push: (v) => `A part is on order for your ${v.device}.`,
      linkLabel: 'Track my repair',
      whatsappBody:
        'Hello, a part is on order for your {{1}}. We will tell you as soon as it arrives. Track your repair: {{2}} Thank you for your patience.',
    },
  },
};

/** Status change: repair in progress. */
export const statusInRepair: TemplateDefinition<'status_in_repair'> = {
  kind: 'status_in_repair',
  whatsappVariables: ['device', 'link'],
  buttons: [],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '🔧',
      title: () => 'Réparation en cours',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}la réparation de votre ${v.device} est en cours. Suivi : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `La réparation de votre ${v.device} est en cours.`,
        "Nous vous prévenons dès qu'elle est terminée.",
      ],
      push: (v) => `La réparation de votre ${v.device} est en cours.`,
      linkLabel: 'Suivre ma réparation',
      whatsappBody:
        "Bonjour, la réparation de votre {{1}} est en cours. Nous vous prévenons dès qu'elle est terminée. Suivi de votre dossier : {{2}} Merci de votre confiance.",
    },
    en: {
      emoji: '🔧',
      title: () => 'Repair in progress',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}the repair of your ${v.device} is in progress. Tracking: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `The repair of your ${v.device} is in progress.`,
        'We will let you know as soon as it is finished.',
      ],
      push: (v) => `The repair of your ${v.device} is in progress.`,
      linkLabel: 'Track my repair',
      whatsappBody:
        'Hello, the repair of your {{1}} is in progress. We will let you know as soon as it is finished. Track your repair: {{2}} Thank you for your trust.',
    },
  },
};

/** Status change: a quote waits for the customer's approval. */
export const statusQuotePending: TemplateDefinition<'status_quote_pending'> = {
  kind: 'status_quote_pending',
  whatsappVariables: ['device', 'amountEur', 'link'],
  buttons: ['quote_accept', 'quote_decline', 'call_me'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '📝',
      title: () => 'Devis à valider',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}le devis pour votre ${v.device} est de ${v.amountEur}. Détails et accord : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Le devis pour la réparation de votre ${v.device} s'élève à ${v.amountEur}.`,
        "Nous attendons votre accord pour commencer. Vous pouvez le consulter et l'accepter en ligne, ou nous demander de vous rappeler.",
      ],
      push: (v) => `Devis de ${v.amountEur} pour votre ${v.device} : votre accord est attendu.`,
      linkLabel: 'Voir et accepter le devis',
      whatsappBody:
        "Bonjour, le devis pour la réparation de votre {{1}} s'élève à {{2}}. Nous attendons votre accord pour commencer. Détails du devis : {{3}} Répondez avec l'un des boutons ci-dessous.",
    },
    en: {
      emoji: '📝',
      title: () => 'Quote to approve',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}the quote for your ${v.device} is ${v.amountEur}. Details and approval: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `The quote for repairing your ${v.device} is ${v.amountEur}.`,
        'We need your approval to start. You can read and accept it online, or ask us to call you.',
      ],
      push: (v) => `Quote of ${v.amountEur} for your ${v.device}: we need your approval.`,
      linkLabel: 'View and accept the quote',
      whatsappBody:
        'Hello, the quote for repairing your {{1}} is {{2}}. We need your approval to start. Quote details: {{3}} Reply with one of the buttons below.',
    },
  },
};

/** Status change: repair finished, ready for pickup. */
export const statusCompleted: TemplateDefinition<'status_completed'> = {
  kind: 'status_completed',
  whatsappVariables: ['device', 'link'],
  buttons: ['coming_today', 'coming_tomorrow', 'call_me'],
  mapsButton: true,
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '✅',
      title: () => 'Réparation terminée',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}la réparation de votre ${v.device} est terminée. Retrait possible en boutique. Suivi : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Bonne nouvelle : la réparation de votre ${v.device} est terminée, votre appareil est prêt !`,
        "Vous pouvez venir le récupérer en boutique aux heures d'ouverture.",
      ],
      push: (v) => `La réparation de votre ${v.device} est terminée : votre appareil est prêt.`,
      linkLabel: 'Suivre ma réparation',
      whatsappBody:
        'Bonne nouvelle, la réparation de votre {{1}} est terminée et votre appareil est prêt à être récupéré en boutique. Suivi de votre dossier : {{2}} Dites-nous quand vous passez.',
    },
    en: {
      emoji: '✅',
      title: () => 'Repair finished',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}the repair of your ${v.device} is finished, ready for pickup at the shop. Tracking: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `Good news: the repair of your ${v.device} is finished and your device is ready!`,
        'You can pick it up at the shop during opening hours.',
      ],
      push: (v) => `The repair of your ${v.device} is finished: your device is ready.`,
      linkLabel: 'Track my repair',
      whatsappBody:
        'Good news, the repair of your {{1}} is finished and your device is ready for pickup at the shop. Track your repair: {{2}} Let us know when you are coming.',
    },
  },
};

/** Status change: the customer picked the device up. */
export const statusPickedUp: TemplateDefinition<'status_picked_up'> = {
  kind: 'status_picked_up',
  whatsappVariables: ['device', 'link'],
  buttons: [],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '🙏',
      title: () => 'Appareil récupéré',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}retrait de votre ${v.device} confirmé. Merci de votre confiance ! Infos : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Nous confirmons le retrait de votre ${v.device}. Merci de votre confiance !`,
        'Le suivi de votre dossier reste consultable en ligne.',
      ],
      push: (v) => `Retrait de votre ${v.device} confirmé. Merci de votre confiance !`,
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        'Bonjour, nous confirmons le retrait de votre {{1}}. Le suivi de votre dossier reste consultable ici : {{2}} Merci de votre confiance.',
    },
    en: {
      emoji: '🙏',
      title: () => 'Device picked up',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}pickup of your ${v.device} confirmed. Thank you for your trust! Details: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `We confirm that you picked up your ${v.device}. Thank you for your trust!`,
        'Your repair record stays available online.',
      ],
      push: (v) => `Pickup of your ${v.device} confirmed. Thank you for your trust!`,
      linkLabel: 'View my repair',
      whatsappBody:
        'Hello, we confirm that you picked up your {{1}}. Your repair record stays available here: {{2}} Thank you for your trust.',
    },
  },
};

/** Status change: repair cancelled; the device waits at the shop. */
export const statusCancelled: TemplateDefinition<'status_cancelled'> = {
  kind: 'status_cancelled',
  whatsappVariables: ['device', 'link'],
  buttons: [],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: 'ℹ️',
      title: () => 'Réparation annulée',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}la réparation de votre ${v.device} est annulée. Appareil à récupérer en boutique. Infos : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `La réparation de votre ${v.device} est annulée.`,
        "Votre appareil vous attend en boutique : vous pouvez venir le récupérer aux heures d'ouverture.",
      ],
      push: (v) =>
        `La réparation de votre ${v.device} est annulée. Votre appareil est à récupérer en boutique.`,
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        "Bonjour, la réparation de votre {{1}} est annulée. Votre appareil est à récupérer en boutique aux heures d'ouverture. Détails : {{2}} Pour toute question, répondez à ce message.",
    },
    en: {
      emoji: 'ℹ️',
      title: () => 'Repair cancelled',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}the repair of your ${v.device} is cancelled. Please collect your device at the shop. Details: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `The repair of your ${v.device} is cancelled.`,
        'Your device is waiting for you at the shop: you can collect it during opening hours.',
      ],
      push: (v) =>
        `The repair of your ${v.device} is cancelled. Please collect your device at the shop.`,
      linkLabel: 'View my repair',
      whatsappBody:
        'Hello, the repair of your {{1}} is cancelled. Please collect your device at the shop during opening hours. Details: {{2}} For any question, just reply to this message.',
    },
  },
};
