import type { NotificationKind } from '@omega/core';
import type { Locale } from './locale.ts';
import { TEMPLATE_VARIABLES, type TemplateVariables, type VariableTypes } from './variables.ts';

const SAMPLES: Readonly<Record<Locale, VariableTypes>> = {
  fr: {
    firstName: 'Marie',
    device: 'iPhone 13',
    trackingCode: 'OM-2411-0042',
    ticketId: 'k3Jd9QpL2xVb7RtY0aZe',
    link: 'https://omega.fr/t/Ab3xK9pQ',
    shopHours: 'du lundi au samedi, 9h30-19h',
    shopAddress: '12 rue de la Paix, 75002 Paris',
    shopPhone: '01 23 45 67 89',
    amountEur: 89.9,
    appointmentAt: new Date('2025-03-11T13:30:00Z'),
    daysWaiting: 7,
    storageDays: 90,
    staffMessage: 'Votre pièce est arrivée plus tôt que prévu, passez quand vous voulez.',
    status: 'in_repair',
    reviewUrl: 'https://g.page/r/CQomega-services/review',
    actionReply: 'quote_accept',
    mapsUrl: 'https://maps.app.goo.gl/omegaParis11',
    shopCoordinates: '48.8651,2.3692',
  },
  en: {
    firstName: 'Emma',
    device: 'iPhone 13',
    trackingCode: 'OM-2411-0042',
    ticketId: 'k3Jd9QpL2xVb7RtY0aZe',
    link: 'https://omega.fr/t/Ab3xK9pQ',
    shopHours: 'Monday to Saturday, 9:30am-7pm',
    shopAddress: '12 rue de la Paix, 75002 Paris',
    shopPhone: '+33 1 23 45 67 89',
    amountEur: 89.9,
    appointmentAt: new Date('2025-03-11T13:30:00Z'),
    daysWaiting: 7,
    storageDays: 90,
    staffMessage: 'Your part arrived earlier than expected, come by whenever you like.',
    status: 'in_repair',
    reviewUrl: 'https://g.page/r/CQomega-services/review',
    actionReply: 'quote_accept',
    mapsUrl: 'https://maps.app.goo.gl/omegaParis11',
    shopCoordinates: '48.8651,2.3692',
  },
};

/**
 * Realistic sample variables for template `kind` (required and optional ones): the
 * dashboard's preview starts from them and WhatsApp content templates use them as the
 * sample values Meta requires.
 *
 * @example sampleVariables('status_completed').device // 'iPhone 13'
 */
export function sampleVariables<K extends NotificationKind>(
  kind: K,
  locale: Locale = 'fr',
): TemplateVariables<K> {
  const spec = TEMPLATE_VARIABLES[kind];
  const sample: Record<string, unknown> = {};
  for (const name of [...spec.required, ...spec.optional]) sample[name] = SAMPLES[locale][name];
  return sample as TemplateVariables<K>;
}
