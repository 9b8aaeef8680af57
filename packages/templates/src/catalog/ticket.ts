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

/** Walk-in without a profile: welcome, with the link to tracking and the pre-filled registration. */
export const walkInWelcome: TemplateDefinition<'walk_in_welcome'> = {
  kind: 'walk_in_welcome',
  whatsappVariables: ['device', 'trackingCode', 'link'],
  buttons: [],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '👋',
      title: () => "Bienvenue chez O'MEGA Services",
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}votre ${v.device} est bien chez nous (dossier ${v.trackingCode}). Suivi, compte, préférences : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Nous avons bien pris en charge votre ${v.device} (dossier ${v.trackingCode}).`,
        "Suivez l'avancement de la réparation en ligne. Vous pouvez aussi y créer votre compte client en un clic, vos informations sont déjà remplies, et choisir comment nous vous prévenons.",
      ],
      push: (v) => `Votre ${v.device} est bien chez nous (dossier ${v.trackingCode}).`,
      linkLabel: 'Suivre ma réparation et créer mon compte',
      whatsappBody:
        "Bonjour, votre {{1}} est bien chez nous (dossier {{2}}). Suivez la réparation, créez votre compte et choisissez vos préférences de notification ici : {{3}} Merci de votre confiance, l'équipe O'MEGA Services.",
    },
    en: {
      emoji: '👋',
      title: () => "Welcome to O'MEGA Services",
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}your ${v.device} is with us (ticket ${v.trackingCode}). Tracking, account and preferences: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `We have taken in your ${v.device} (ticket ${v.trackingCode}).`,
        'Follow the repair online. You can also create your customer account there in one click (your details are already filled in) and choose how we keep you informed.',
      ],
      push: (v) => `Your ${v.device} is with us (ticket ${v.trackingCode}).`,
      linkLabel: 'Track my repair and create my account',
      whatsappBody:
        "Hello, your {{1}} is with us (ticket {{2}}). Track the repair, create your account and choose your notification preferences here: {{3}} Thank you for your trust, the O'MEGA Services team.",
    },
  },
};

/** Registered customer: the ticket is open. */
export const ticketReceived: TemplateDefinition<'ticket_received'> = {
  kind: 'ticket_received',
  whatsappVariables: ['device', 'trackingCode', 'link'],
  buttons: [],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '📥',
      title: (v) => `Dossier ${v.trackingCode} enregistré`,
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}votre ${v.device} est bien chez nous (dossier ${v.trackingCode}). Suivi : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Nous avons bien enregistré votre ${v.device} sous le dossier ${v.trackingCode}.`,
        'Nous vous préviendrons à chaque étape de la réparation.',
      ],
      push: (v) => `Votre ${v.device} est bien chez nous (dossier ${v.trackingCode}).`,
      linkLabel: 'Suivre ma réparation',
      whatsappBody:
        'Bonjour, votre {{1}} est bien chez nous (dossier {{2}}). Nous vous préviendrons à chaque étape. Suivi de votre dossier : {{3}} Merci de votre confiance.',
    },
    en: {
      emoji: '📥',
      title: (v) => `Ticket ${v.trackingCode} registered`,
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}your ${v.device} is with us (ticket ${v.trackingCode}). Tracking: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `We have registered your ${v.device} under ticket ${v.trackingCode}.`,
        'We will let you know at every step of the repair.',
      ],
      push: (v) => `Your ${v.device} is with us (ticket ${v.trackingCode}).`,
      linkLabel: 'Track my repair',
      whatsappBody:
        'Hello, your {{1}} is with us (ticket {{2}}). We will let you know at every step. Track your repair: {{3}} Thank you for your trust.',
    },
  },
};
