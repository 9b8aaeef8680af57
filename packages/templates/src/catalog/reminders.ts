import type { TemplateDefinition } from '../definition.ts';
import {
  bonjour,
  bonjourLine,
  hello,
  helloLine,
  NAME_AND_DEVICE_SHRINK,
  NAME_SHRINK,
  SMS_BRAND,
  SMS_BRAND_EN,
} from './common.ts';

/** The appointment moved to another date or time. */
export const appointmentChanged: TemplateDefinition<'appointment_changed'> = {
  kind: 'appointment_changed',
  whatsappVariables: ['appointmentAt', 'link'],
  buttons: ['confirm_appointment', 'another_slot', 'call_me'],
  shrink: NAME_SHRINK,
  locales: {
    fr: {
      emoji: '📅',
      title: () => 'Rendez-vous modifié',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}votre rendez-vous est déplacé au ${v.appointmentAt}. Infos ou autre créneau : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Votre rendez-vous est déplacé au ${v.appointmentAt}.`,
        'Si ce créneau ne vous convient pas, choisissez-en un autre en ligne ou demandez-nous de vous rappeler.',
      ],
      push: (v) => `Votre rendez-vous est déplacé au ${v.appointmentAt}.`,
      linkLabel: 'Voir ou changer mon rendez-vous',
      whatsappBody:
        "Bonjour, votre rendez-vous chez O'MEGA Services est déplacé au {{1}}. Si ce créneau ne vous convient pas, changez-le ici : {{2}} ou demandez-nous de vous rappeler.",
    },
    en: {
      emoji: '📅',
      title: () => 'Appointment changed',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}your appointment has moved to ${v.appointmentAt}. Details or another slot: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `Your appointment has moved to ${v.appointmentAt}.`,
        'If this slot does not suit you, pick another one online or ask us to call you.',
      ],
      push: (v) => `Your appointment has moved to ${v.appointmentAt}.`,
      linkLabel: 'View or change my appointment',
      whatsappBody:
        "Hello, your appointment at O'MEGA Services has moved to {{1}}. If this slot does not suit you, change it here: {{2}} or ask us to call you.",
    },
  },
};

/** First pickup reminder. */
export const pickupReminder1: TemplateDefinition<'pickup_reminder_1'> = {
  kind: 'pickup_reminder_1',
  whatsappVariables: ['device', 'shopHours', 'link'],
  buttons: ['coming_today', 'coming_tomorrow', 'call_me'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '⏰',
      title: () => 'Votre appareil vous attend',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}rappel : votre ${v.device} vous attend en boutique (${v.shopHours}). Infos : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Petit rappel : la réparation est terminée et votre ${v.device} vous attend en boutique.`,
        `Nous sommes ouverts ${v.shopHours}.`,
      ],
      push: (v) => `Votre ${v.device} vous attend en boutique (${v.shopHours}).`,
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        'Bonjour, petit rappel : votre {{1}} vous attend en boutique. Nos horaires : {{2}}. Suivi de votre dossier : {{3}} Dites-nous quand vous passez.',
    },
    en: {
      emoji: '⏰',
      title: () => 'Your device is waiting for you',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}reminder: your ${v.device} is ready at the shop (${v.shopHours}). Details: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `A quick reminder: the repair is finished and your ${v.device} is waiting for you at the shop.`,
        `We are open ${v.shopHours}.`,
      ],
      push: (v) => `Your ${v.device} is ready for pickup at the shop (${v.shopHours}).`,
      linkLabel: 'View my repair',
      whatsappBody:
        'Hello, a quick reminder: your {{1}} is ready for pickup at the shop. Opening hours: {{2}}. Track your repair: {{3}} Let us know when you are coming.',
    },
  },
};

/** Second pickup reminder, with how long the device has waited. */
export const pickupReminder2: TemplateDefinition<'pickup_reminder_2'> = {
  kind: 'pickup_reminder_2',
  whatsappVariables: ['device', 'daysWaiting', 'shopHours', 'link'],
  buttons: ['coming_today', 'coming_tomorrow', 'call_me'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '⏰',
      title: () => 'Rappel : votre appareil vous attend',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}votre ${v.device} vous attend depuis ${v.daysWaiting}. Ouvert ${v.shopHours}. ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Votre ${v.device} vous attend en boutique depuis ${v.daysWaiting}.`,
        `Merci de passer le récupérer : nous sommes ouverts ${v.shopHours}.`,
      ],
      push: (v) => `Votre ${v.device} vous attend en boutique depuis ${v.daysWaiting}.`,
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        'Bonjour, votre {{1}} vous attend en boutique depuis {{2}}. Nos horaires : {{3}}. Suivi de votre dossier : {{4}} Dites-nous quand vous passez.',
    },
    en: {
      emoji: '⏰',
      title: () => 'Reminder: your device is waiting for you',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}your ${v.device} has been ready for ${v.daysWaiting}. Open ${v.shopHours}. ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `Your ${v.device} has been waiting for you at the shop for ${v.daysWaiting}.`,
        `Please come and collect it: we are open ${v.shopHours}.`,
      ],
      push: (v) => `Your ${v.device} has been waiting for you at the shop for ${v.daysWaiting}.`,
      linkLabel: 'View my repair',
      whatsappBody:
        'Hello, your {{1}} has been waiting for you at the shop for {{2}}. Opening hours: {{3}}. Track your repair: {{4}} Let us know when you are coming.',
    },
  },
};

/** Last pickup reminder, stating the shop's storage policy. */
export const pickupReminderFinal: TemplateDefinition<'pickup_reminder_final'> = {
  kind: 'pickup_reminder_final',
  whatsappVariables: ['device', 'storageDays', 'link'],
  buttons: ['coming_today', 'coming_tomorrow', 'call_me'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '⚠️',
      title: () => 'Dernier rappel',
      sms: (v) =>
        `${SMS_BRAND}${v.firstName ? `${v.firstName}, dernier rappel` : 'Dernier rappel'} : sans retrait de votre ${v.device} sous ${v.storageDays}, l'appareil sera réputé abandonné. ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Dernier rappel : votre ${v.device} vous attend toujours en boutique.`,
        `Conformément à nos conditions de dépôt, un appareil non récupéré sous ${v.storageDays} est considéré comme abandonné.`,
        'Passez le récupérer ou contactez-nous.',
      ],
      push: (v) =>
        `Dernier rappel : sans retrait sous ${v.storageDays}, votre appareil sera considéré comme abandonné.`,
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        'Bonjour, dernier rappel : votre {{1}} vous attend toujours en boutique. Conformément à nos conditions de dépôt, sans retrait sous {{2}}, votre appareil sera considéré comme abandonné. Détails : {{3}} Contactez-nous en cas de besoin.',
    },
    en: {
      emoji: '⚠️',
      title: () => 'Final reminder',
      sms: (v) =>
        `${SMS_BRAND_EN}${v.firstName ? `${v.firstName}, final reminder` : 'Final reminder'}: if your ${v.device} is not collected within ${v.storageDays}, it will be deemed abandoned. ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `Final reminder: your ${v.device} is still waiting for you at the shop.`,
        `Under our storage terms, a device not collected within ${v.storageDays} is deemed abandoned.`,
        'Please collect it or contact us.',
      ],
      push: (v) =>
        `Final reminder: if not collected within ${v.storageDays}, your device will be deemed abandoned.`,
      linkLabel: 'View my repair',
      whatsappBody:
        'Hello, final reminder: your {{1}} is still waiting for you at the shop. Under our storage terms, if it is not collected within {{2}}, it will be deemed abandoned. Details: {{3}} Contact us if you need anything.',
    },
  },
};

/** A balance is still due. */
export const paymentReminder: TemplateDefinition<'payment_reminder'> = {
  kind: 'payment_reminder',
  whatsappVariables: ['amountEur', 'device', 'link'],
  buttons: ['call_me'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '💶',
      title: () => 'Solde à régler',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}il reste ${v.amountEur} à régler pour votre ${v.device}. Détails : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Il reste ${v.amountEur} à régler pour la réparation de votre ${v.device}.`,
        'Vous pouvez régler en boutique. Le détail est disponible en ligne.',
      ],
      push: (v) => `Il reste ${v.amountEur} à régler pour votre ${v.device}.`,
      linkLabel: 'Voir le détail',
      whatsappBody:
        'Bonjour, il reste {{1}} à régler pour la réparation de votre {{2}}. Détails : {{3}} Pour toute question, demandez-nous de vous rappeler.',
    },
    en: {
      emoji: '💶',
      title: () => 'Balance due',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}${v.amountEur} is still due for your ${v.device}. Details: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `${v.amountEur} is still due for the repair of your ${v.device}.`,
        'You can pay at the shop. The details are available online.',
      ],
      push: (v) => `${v.amountEur} is still due for your ${v.device}.`,
      linkLabel: 'View the details',
      whatsappBody:
        'Hello, a balance of {{1}} is still due for the repair of your {{2}}. Details: {{3}} For any question, ask us to call you.',
    },
  },
};
