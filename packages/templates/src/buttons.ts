import type { Locale } from './locale.ts';

/** What a WhatsApp quick-reply button asks the shop to do. */
export type QuickReplyAction = 'coming_today' | 'call_me' | 'quote_accept';

/** Every quick-reply action. */
export const QUICK_REPLY_ACTIONS: readonly QuickReplyAction[] = [
  'coming_today',
  'call_me',
  'quote_accept',
];

/** Button titles (WhatsApp allows at most 20 characters). */
export const QUICK_REPLY_TITLES: Readonly<Record<Locale, Record<QuickReplyAction, string>>> = {
  fr: {
    coming_today: "Je passe aujourd'hui",
    call_me: 'Appelez-moi',
    quote_accept: "J'accepte le devis",
  },
  en: {
    coming_today: "I'll come today",
    call_me: 'Call me',
    quote_accept: 'I accept the quote',
  },
};

const PAYLOAD_PATTERN = /^ticket:([A-Za-z0-9_-]{1,64}):([a-z_]+)$/;

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
