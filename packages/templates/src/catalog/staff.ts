import type { TemplateDefinition } from '../definition.ts';
import { SMS_BRAND, SMS_BRAND_EN } from './common.ts';

/**
 * An urgent message typed by staff. The SMS carries the brand, the staff text (transliterated
 * to GSM-7 and cut at a word boundary with "..." when it does not fit one segment) and, when
 * given, the ticket's short link.
 */
export const staffUrgent: TemplateDefinition<'staff_urgent'> = {
  kind: 'staff_urgent',
  whatsappVariables: ['staffMessage'],
  buttons: [],
  shrink: [['staffMessage', 10]],
  locales: {
    fr: {
      emoji: '❗',
      title: () => 'Message important',
      sms: (v) => `${SMS_BRAND}${v.staffMessage}${v.link ? ` ${v.link}` : ''}`,
      paragraphs: (v) => [v.staffMessage],
      push: (v) => v.staffMessage,
      linkLabel: 'Voir mon dossier',
      whatsappBody:
        "Message important de l'atelier concernant votre réparation : {{1}} Répondez à ce message pour nous joindre.",
    },
    en: {
      emoji: '❗',
      title: () => 'Important message',
      sms: (v) => `${SMS_BRAND_EN}${v.staffMessage}${v.link ? ` ${v.link}` : ''}`,
      paragraphs: (v) => [v.staffMessage],
      push: (v) => v.staffMessage,
      linkLabel: 'View my repair',
      whatsappBody:
        'Important message from the workshop about your repair: {{1}} Reply to this message to reach us.',
    },
  },
};
