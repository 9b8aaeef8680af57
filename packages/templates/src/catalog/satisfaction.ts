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

/**
 * The one question after pickup: a score from 1 to 5. On WhatsApp outside the 24 h window, the
 * approved template's five quick-reply buttons (`ticket:<id>:rate_<n>`); inside it, free text
 * asking for the digit; on SMS, email and push, the landing page's form behind the link.
 * Nothing promotional: no review request here (the thanks offers the review link to every
 * respondent, whatever the score).
 */
export const satisfactionSurvey: TemplateDefinition<'satisfaction_survey'> = {
  kind: 'satisfaction_survey',
  whatsappVariables: ['device', 'link'],
  buttons: ['rate_1', 'rate_2', 'rate_3', 'rate_4', 'rate_5'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '⭐',
      title: () => 'Votre avis en 10 secondes',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}la réparation de votre ${v.device} vous convient ? Notez-nous de 1 à 5 : ${v.link}`,
      paragraphs: (v, channel) => [
        bonjourLine(v.firstName),
        `Vous avez récupéré votre ${v.device} : comment s'est passée la réparation ?`,
        channel === 'whatsapp'
          ? 'Répondez simplement par un chiffre de 1 (très déçu) à 5 (très satisfait), ou notez-nous sur la page de votre dossier.'
          : 'Notez-nous de 1 (très déçu) à 5 (très satisfait) sur la page de votre dossier : une seule question.',
      ],
      push: (v) => `La réparation de votre ${v.device} vous convient ? Notez-nous de 1 à 5.`,
      linkLabel: 'Donner ma note',
      whatsappBody:
        "Bonjour, vous avez récupéré votre {{1}} chez O'MEGA Services. Comment s'est passée la réparation ? Touchez une note de 1 à 5 ci-dessous, ou notez-nous ici : {{2}} Merci !",
    },
    en: {
      emoji: '⭐',
      title: () => 'Your opinion in 10 seconds',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}happy with the repair of your ${v.device}? Rate us from 1 to 5: ${v.link}`,
      paragraphs: (v, channel) => [
        helloLine(v.firstName),
        `You picked up your ${v.device}: how did the repair go?`,
        channel === 'whatsapp'
          ? 'Just reply with a number from 1 (very unhappy) to 5 (very happy), or rate us on your repair page.'
          : 'Rate us from 1 (very unhappy) to 5 (very happy) on your repair page: one question only.',
      ],
      push: (v) => `Happy with the repair of your ${v.device}? Rate us from 1 to 5.`,
      linkLabel: 'Rate my repair',
      whatsappBody:
        "Hello, you picked up your {{1}} at O'MEGA Services. How did the repair go? Tap a score from 1 to 5 below, or rate us here: {{2}} Thank you!",
    },
  },
};

/**
 * The answer to a score, the same for every score: thanks, and the shop's review link when it
 * set one (Google forbids asking only satisfied customers for reviews, so a 1 gets it too).
 */
export const replySatisfaction: TemplateDefinition<'reply_satisfaction'> = {
  kind: 'reply_satisfaction',
  whatsappVariables: [],
  buttons: [],
  shrink: [],
  locales: {
    fr: {
      emoji: '🙏',
      title: () => 'Merci pour votre note',
      sms: (v) =>
        v.reviewUrl
          ? `${SMS_BRAND}merci pour votre note ! Un avis ? ${v.reviewUrl}`
          : `${SMS_BRAND}merci pour votre note ! Elle nous aide à nous améliorer.`,
      paragraphs: (v) => [
        'Merci pour votre note, elle nous aide à nous améliorer.',
        ...(v.reviewUrl
          ? [`Si vous le souhaitez, vous pouvez aussi laisser un avis public : ${v.reviewUrl}`]
          : []),
      ],
      push: () => 'Merci pour votre note, elle nous aide à nous améliorer.',
      linkLabel: 'Suivre ma réparation',
      whatsappBody:
        "Merci pour votre note, elle aide toute l'équipe d'O'MEGA Services à s'améliorer.",
    },
    en: {
      emoji: '🙏',
      title: () => 'Thank you for your rating',
      sms: (v) =>
        v.reviewUrl
          ? `${SMS_BRAND_EN}thank you for your rating! A review? ${v.reviewUrl}`
          : `${SMS_BRAND_EN}thank you for your rating! It helps us improve.`,
      paragraphs: (v) => [
        'Thank you for your rating, it helps us improve.',
        ...(v.reviewUrl ? [`If you like, you can also leave a public review: ${v.reviewUrl}`] : []),
      ],
      push: () => 'Thank you for your rating, it helps us improve.',
      linkLabel: 'Track my repair',
      whatsappBody: "Thank you for your rating, it helps the whole O'MEGA Services team improve.",
    },
  },
};
