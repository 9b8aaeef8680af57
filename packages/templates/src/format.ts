import type { ActionReplyKey, TicketStatus } from '@omega/core';
import type { Locale } from './locale.ts';

/**
 * Formats an amount in euros the way customers read it: French "89,90 €" (or "90 €" for a
 * whole amount, "1 299,50 €" with thousands), English "€89.90" ("€1,299.50"). The euro sign is
 * GSM-7 (it takes two septets).
 *
 * @example formatEuros(89.9, 'fr') // '89,90 €'
 * @example formatEuros(90, 'en') // '€90'
 */
export function formatEuros(amount: number, locale: Locale): string {
  const cents = Math.round(amount * 100);
  const whole = Math.trunc(cents / 100);
  const rest = cents % 100;
  // Thousands grouped with a plain space in French (a non-breaking one is not GSM-7), a comma in English.
  const grouped = String(whole).replace(/\B(?=(\d{3})+$)/g, locale === 'fr' ? ' ' : ',');
  const digits =
    rest === 0
      ? grouped
      : `${grouped}${locale === 'fr' ? ',' : '.'}${String(rest).padStart(2, '0')}`;
  return locale === 'fr' ? `${digits} €` : `€${digits}`;
}

const FR_WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** The wall-clock parts of `date` in `timeZone`. */
function wallClock(date: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  // The weekday of a calendar date does not depend on the zone once the date is known.
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { month, day, hour: get('hour'), minute: get('minute'), weekday };
}

/**
 * Formats an appointment's date and time in `timeZone`, GSM-7 safe and short: French
 * "mardi 12/03 à 14h30" (or "à 9h" on the hour), English "Tue 12 Mar at 2:30 pm".
 *
 * @example formatAppointment(new Date('2025-03-11T13:30:00Z'), 'fr', 'Europe/Paris') // 'mardi 11/03 à 14h30'
 */
export function formatAppointment(date: Date, locale: Locale, timeZone: string): string {
  const { month, day, hour, minute, weekday } = wallClock(date, timeZone);
  const mm = String(minute).padStart(2, '0');
  if (locale === 'fr') {
    const dd = String(day).padStart(2, '0');
    const mo = String(month).padStart(2, '0');
    return `${FR_WEEKDAYS[weekday]} ${dd}/${mo} à ${hour}h${minute === 0 ? '' : mm}`;
  }
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const time = minute === 0 ? `${h12}` : `${h12}:${mm}`;
  return `${EN_WEEKDAYS[weekday]} ${day} ${EN_MONTHS[month - 1]} at ${time} ${hour < 12 ? 'am' : 'pm'}`;
}

const STATUS_LABELS: Record<Locale, Record<TicketStatus, string>> = {
  fr: {
    received: 'dossier enregistré',
    diagnosing: 'diagnostic en cours',
    waiting_for_parts: 'en attente de pièce',
    in_repair: 'réparation en cours',
    quote_pending: 'devis à valider',
    completed: 'réparation terminée, à récupérer en boutique',
    picked_up: 'appareil récupéré',
    cancelled: 'réparation annulée',
  },
  en: {
    received: 'ticket registered',
    diagnosing: 'diagnosis in progress',
    waiting_for_parts: 'waiting for a part',
    in_repair: 'repair in progress',
    quote_pending: 'quote awaiting your approval',
    completed: 'repair finished, ready for pickup',
    picked_up: 'picked up',
    cancelled: 'repair cancelled',
  },
};

/**
 * A ticket status in words for customers (GSM-7 safe in both languages).
 *
 * @example statusLabel('waiting_for_parts', 'fr') // 'en attente de pièce'
 */
export function statusLabel(status: TicketStatus, locale: Locale): string {
  return STATUS_LABELS[locale][status];
}

/** "1 jour" / "3 jours", "1 day" / "3 days". */
export function formatDays(days: number, locale: Locale): string {
  if (locale === 'fr') return `${days} jour${days === 1 ? '' : 's'}`;
  return `${days} day${days === 1 ? '' : 's'}`;
}

const ACTION_REPLIES: Readonly<Record<Locale, Record<ActionReplyKey, string>>> = {
  fr: {
    quote_accept: 'votre accord pour le devis est bien enregistré. Nous lançons la réparation.',
    quote_decline:
      'votre refus du devis est bien enregistré. Un conseiller vous contacte pour la suite.',
    coming_today: "c'est noté, nous vous attendons aujourd'hui.",
    coming_tomorrow: "c'est noté, nous vous attendons demain.",
    call_me: "c'est noté, un conseiller vous rappelle dès que possible.",
    confirm_appointment: 'votre rendez-vous est bien confirmé.',
    another_slot: "c'est noté, un conseiller vous propose un autre créneau.",
    refused_other_customer:
      'nous ne pouvons pas traiter cette réponse depuis ce numéro. Un conseiller va la lire.',
    refused_ticket_closed:
      'cette réparation est déjà retirée ou annulée. Pour toute question, écrivez-nous ici.',
    refused_quote_already_decided:
      'ce devis a déjà reçu votre réponse. Pour la changer, appelez-nous.',
    refused_wrong_status:
      "cette réponse ne correspond plus à l'étape de la réparation. Un conseiller va la lire.",
    refused_no_appointment: "aucun rendez-vous à venir n'est prévu. Un conseiller va vous lire.",
  },
  en: {
    quote_accept: 'your approval of the quote is recorded. We are starting the repair.',
    quote_decline:
      'your refusal of the quote is recorded. Someone will contact you about what next.',
    coming_today: "noted, we'll expect you today.",
    coming_tomorrow: "noted, we'll expect you tomorrow.",
    call_me: 'noted, someone from our team will call you back as soon as possible.',
    confirm_appointment: 'your appointment is confirmed.',
    another_slot: 'noted, someone from our team will offer you another time slot.',
    refused_other_customer: 'we cannot act on this answer from this number. Our team will read it.',
    refused_ticket_closed:
      'this repair is already picked up or cancelled. For any question, write to us here.',
    refused_quote_already_decided:
      'this quote already has your answer. To change it, please call us.',
    refused_wrong_status:
      'this answer no longer matches the stage of your repair. Our team will read it.',
    refused_no_appointment: 'there is no upcoming appointment. Our team will read it.',
  },
};

/**
 * The sentence confirming a customer action, or saying why it was refused (lower-case start:
 * the templates put it after the brand or a greeting).
 *
 * @example actionReplyText('coming_tomorrow', 'fr') // "c'est noté, nous vous attendons demain."
 */
export function actionReplyText(key: ActionReplyKey, locale: Locale): string {
  return ACTION_REPLIES[locale][key];
}
