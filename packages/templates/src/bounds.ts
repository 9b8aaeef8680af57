import {
  ACTION_REPLY_KEYS,
  type ActionReplyKey,
  TICKET_STATUSES,
  type TicketStatus,
} from '@omega/core';
import { actionReplyText } from './format.ts';
import { SHORT_LINK_MAX_LENGTH } from './links.ts';
import type { VariableTypes } from './variables.ts';

/**
 * Every variable at the longest value the checks accept (names and devices far past what the
 * SMS budget keeps, the longest short link): the worst case that every SMS — the catalogue's
 * and any staff variant — must still fit in one GSM-7 segment with. `status` is the one
 * variable whose longest value depends on the language: check every status
 * ({@link BOUND_STATUSES}).
 */
/** The action confirmation with the longest sentence in any language. */
const LONGEST_ACTION_REPLY: ActionReplyKey = [...ACTION_REPLY_KEYS].sort(
  (a, b) =>
    Math.max(actionReplyText(b, 'fr').length, actionReplyText(b, 'en').length) -
    Math.max(actionReplyText(a, 'fr').length, actionReplyText(a, 'en').length),
)[0] as ActionReplyKey;

export const BOUND_VARIABLES: Readonly<Omit<VariableTypes, 'status'>> = {
  firstName: 'Marie-Hélène Alexandrine de la Tour',
  device: 'Samsung Galaxy Z Fold6 5G 512 Go Édition Spéciale « Titanium »',
  trackingCode: 'OM-2411-00420000',
  ticketId: 'k'.repeat(64),
  link: `https://${'a'.repeat(SHORT_LINK_MAX_LENGTH - 'https://.fr/t/'.length - 12)}.fr/t/${'Z'.repeat(12)}`,
  shopHours: 'h'.repeat(30),
  shopAddress: 'a'.repeat(50),
  shopPhone: 'p'.repeat(20),
  amountEur: 99_999.99,
  appointmentAt: new Date('2025-12-31T22:59:00Z'),
  daysWaiting: 999,
  storageDays: 999,
  staffMessage: 'Nous avons trouvé un second défaut. '.repeat(20).trim(),
  reviewUrl: `https://g.page/r/${'R'.repeat(100 - 'https://g.page/r/'.length)}`,
  actionReply: LONGEST_ACTION_REPLY,
  mapsUrl: `https://maps.app.goo.gl/${'M'.repeat(70 - 'https://maps.app.goo.gl/'.length)}`,
  shopCoordinates: '-89.123456,-179.123456',
};

/** The statuses a bound check runs through (every ticket status). */
export const BOUND_STATUSES: readonly TicketStatus[] = TICKET_STATUSES;
