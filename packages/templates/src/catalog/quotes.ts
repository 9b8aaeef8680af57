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

/** First chaser of a quote still undecided (24 h after it was sent, by default). */
export const quoteReminder1: TemplateDefinition<'quote_reminder_1'> = {
  kind: 'quote_reminder_1',
  whatsappVariables: ['device', 'amountEur', 'link'],
  buttons: ['quote_accept', 'quote_decline', 'call_me'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '📝',
      title: () => 'Votre devis attend votre réponse',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}votre devis de ${v.amountEur} pour votre ${v.device} attend votre accord. Accepter ou refuser : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Le devis de ${v.amountEur} pour la réparation de votre ${v.device} attend toujours votre réponse.`,
        'Vous pouvez l’accepter ou le refuser en ligne, ou nous demander de vous rappeler.',
      ],
      push: (v) => `Votre devis de ${v.amountEur} pour votre ${v.device} attend votre réponse.`,
      linkLabel: 'Voir et répondre au devis',
      whatsappBody:
        'Bonjour, le devis pour la réparation de votre {{1}} s’élève à {{2}} et attend toujours votre réponse. Détails du devis : {{3}} Répondez avec l’un des boutons ci-dessous.',
    },
    en: {
      emoji: '📝',
      title: () => 'Your quote is waiting for your answer',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}your quote of ${v.amountEur} for your ${v.device} needs your answer. Accept or decline: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `The quote of ${v.amountEur} for repairing your ${v.device} is still waiting for your answer.`,
        'You can accept or decline it online, or ask us to call you.',
      ],
      push: (v) => `Your quote of ${v.amountEur} for your ${v.device} needs your answer.`,
      linkLabel: 'View and answer the quote',
      whatsappBody:
        'Hello, the quote for repairing your {{1}} comes to {{2}} and is still waiting for your answer. Quote details: {{3}} Reply with one of the buttons below.',
    },
  },
};

/** Second and last chaser of a quote still undecided (72 h after it was sent, by default). */
export const quoteReminder2: TemplateDefinition<'quote_reminder_2'> = {
  kind: 'quote_reminder_2',
  whatsappVariables: ['device', 'amountEur', 'link'],
  buttons: ['quote_accept', 'quote_decline', 'call_me'],
  shrink: NAME_AND_DEVICE_SHRINK,
  locales: {
    fr: {
      emoji: '⏳',
      title: () => 'Dernier rappel : votre devis',
      sms: (v) =>
        `${SMS_BRAND}${bonjour(v.firstName)}sans réponse, la réparation de votre ${v.device} est en attente (devis ${v.amountEur}). Accord : ${v.link}`,
      paragraphs: (v) => [
        bonjourLine(v.firstName),
        `Sans votre réponse, la réparation de votre ${v.device} reste en attente (devis de ${v.amountEur}).`,
        'Dites-nous si vous acceptez ou refusez le devis, en ligne ou en nous demandant de vous rappeler.',
      ],
      push: (v) =>
        `Sans votre réponse, la réparation de votre ${v.device} reste en attente (devis de ${v.amountEur}).`,
      linkLabel: 'Voir et répondre au devis',
      whatsappBody:
        'Bonjour, sans votre réponse, la réparation de votre {{1}} reste en attente (devis de {{2}}). Détails du devis : {{3}} Dites-nous si vous acceptez ou refusez avec les boutons ci-dessous.',
    },
    en: {
      emoji: '⏳',
      title: () => 'Last reminder: your quote',
      sms: (v) =>
        `${SMS_BRAND_EN}${hello(v.firstName)}without your answer, the repair of your ${v.device} (quote ${v.amountEur}) stays on hold. Answer: ${v.link}`,
      paragraphs: (v) => [
        helloLine(v.firstName),
        `Without your answer, the repair of your ${v.device} stays on hold (quote of ${v.amountEur}).`,
        'Let us know whether you accept or decline the quote, online or by asking us to call you.',
      ],
      push: (v) =>
        `Without your answer, the repair of your ${v.device} stays on hold (quote of ${v.amountEur}).`,
      linkLabel: 'View and answer the quote',
      whatsappBody:
        'Hello, without your answer, the repair of your {{1}} stays on hold (quote of {{2}}). Quote details: {{3}} Let us know whether you accept or decline with the buttons below.',
    },
  },
};
