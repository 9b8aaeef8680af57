import { DERIVED_MAPS_URL_PREFIX } from '@omega/core';
import type { Locale } from './locale.ts';

/**
 * What a WhatsApp quick-reply button asks the shop to do; `rate_1`…`rate_5` answer the
 * satisfaction survey with that score.
 */
export type QuickReplyAction =
  | 'coming_today'
  | 'coming_tomorrow'
  | 'call_me'
  | 'quote_accept'
  | 'quote_decline'
  | 'confirm_appointment'
  | 'another_slot'
  | 'rate_1'
  | 'rate_2'
  | 'rate_3'
  | 'rate_4'
  | 'rate_5';

/** Every quick-reply action. */
export const QUICK_REPLY_ACTIONS: readonly QuickReplyAction[] = [
  'coming_today',
  'coming_tomorrow',
  'call_me',
  'quote_accept',
  'quote_decline',
  'confirm_appointment',
  'another_slot',
  'rate_1',
  'rate_2',
  'rate_3',
  'rate_4',
  'rate_5',
];

/**
 * The score a survey button gives (`rate_4` → 4), `null` for the other actions.
 *
 * @example scoreOfAction('rate_4') // 4
 */
export function scoreOfAction(action: QuickReplyAction): 1 | 2 | 3 | 4 | 5 | null {
  const match = /^rate_([1-5])$/.exec(action);
  return match ? (Number(match[1]) as 1 | 2 | 3 | 4 | 5) : null;
}

/** Button titles (WhatsApp allows at most 20 characters). */
export const QUICK_REPLY_TITLES: Readonly<Record<Locale, Record<QuickReplyAction, string>>> = {
  fr: {
    coming_today: "Je passe aujourd'hui",
    coming_tomorrow: 'Je passe demain',
    call_me: 'Appelez-moi',
    quote_accept: "J'accepte le devis",
    quote_decline: 'Je refuse le devis',
    confirm_appointment: 'Je confirme le RDV',
    another_slot: 'Autre créneau',
    rate_1: '1 - Très déçu',
    rate_2: '2 - Déçu',
    rate_3: '3 - Correct',
    rate_4: '4 - Satisfait',
    rate_5: '5 - Très satisfait',
  },
  en: {
    coming_today: "I'll come today",
    coming_tomorrow: "I'll come tomorrow",
    call_me: 'Call me',
    quote_accept: 'I accept the quote',
    quote_decline: 'I decline the quote',
    confirm_appointment: 'I confirm',
    another_slot: 'Another time slot',
    rate_1: '1 - Very unhappy',
    rate_2: '2 - Unhappy',
    rate_3: '3 - OK',
    rate_4: '4 - Happy',
    rate_5: '5 - Very happy',
  },
};

/** The title of the WhatsApp templates' URL button opening the shop on the map (≤ 25 characters). */
export const MAPS_BUTTON_TITLES: Readonly<Record<Locale, string>> = {
  fr: "Voir l'itinéraire",
  en: 'Get directions',
};

/**
 * The URL of the maps button before its placeholder: Google Maps' documented search URL, whose
 * `query` (the coordinates) is the one part a WhatsApp template may vary (a URL button's
 * variable can only end its URL, after a fixed domain).
 */
export const MAPS_BUTTON_URL_PREFIX = DERIVED_MAPS_URL_PREFIX;

const PAYLOAD_PATTERN = /^ticket:([A-Za-z0-9_-]{1,64}):([a-z0-9_]+)$/;

/**
 * The payload a quick-reply button sends back (Twilio's `ButtonPayload`): `ticket:<id>:<action>`.
 *
 * @example buttonPayload('k3Jd9', 'coming_today') // 'ticket:k3Jd9:coming_today'
 */
export function buttonPayload(ticketId: string, action: QuickReplyAction): string {
  return `ticket:${ticketId}:${action}`;
}

/**
 * Reads a button payload back into the ticket id and the action; `null` for anything that
 * is not one of ours (an old payload, free text).
 *
 * @example parseButtonPayload('ticket:k3Jd9:call_me') // { ticketId: 'k3Jd9', action: 'call_me' }
 */
export function parseButtonPayload(
  payload: string,
): { ticketId: string; action: QuickReplyAction } | null {
  const match = PAYLOAD_PATTERN.exec(payload.trim());
  if (!match) return null;
  const action = match[2] as QuickReplyAction;
  if (!QUICK_REPLY_ACTIONS.includes(action)) return null;
  return { ticketId: match[1] as string, action };
}
