/**
 * Customer actions: what a customer can do from a message (a WhatsApp quick-reply button, a
 * keyword inside the WhatsApp window, a form on the landing page behind every short link) and
 * what each does to the ticket. One table ({@link CUSTOMER_ACTIONS}) says, for each action,
 * which notification kinds offer it, in which ticket states it applies, what it changes on the
 * ticket, who is told, and the confirmation the customer gets; {@link decideCustomerAction}
 * applies it to a ticket's state (pure) — apply, or refuse with a reason.
 */

import { normalizeInbound } from './keywords.ts';
import type { NotificationKind, TicketStatus } from './types.ts';
import { addCalendarDays, zonedDayKey } from './zoned-time.ts';

/** Something a customer can ask from a message. */
export type CustomerAction =
  | 'quote_accept'
  | 'quote_decline'
  | 'coming_today'
  | 'coming_tomorrow'
  | 'call_me'
  | 'confirm_appointment'
  | 'another_slot';

/** Every customer action, in the order forms show them. */
export const CUSTOMER_ACTIONS: readonly CustomerAction[] = [
  'quote_accept',
  'quote_decline',
  'coming_today',
  'coming_tomorrow',
  'confirm_appointment',
  'another_slot',
  'call_me',
];

/** Where an action came from. */
export type ActionChannel = 'whatsapp' | 'sms' | 'web';

/** Who hears of an accepted action besides the customer. */
export type ActionAudience =
  /** The conversation is marked for staff ("À traiter"). */
  | 'staff_inbox'
  /** The shop gets an email (a quote decision: the shop's proof and its cue to start). */
  | 'shop_email';

/** What an action changes on the ticket document (documented fields, docs/data-model.md). */
export type ActionEffect =
  | 'quote_decision'
  | 'pickup_planned'
  | 'callback_requested'
  | 'appointment_confirmed'
  | 'appointment_change_requested';

/** One row of the action table. */
export interface CustomerActionDefinition {
  action: CustomerAction;
  /** The notification kinds whose message offers the action (WhatsApp buttons, keywords, the page). */
  offeredBy: readonly NotificationKind[];
  /** The ticket statuses it applies in; any other is refused (`wrong_status`). */
  statuses: readonly TicketStatus[];
  /** What it changes on the ticket. */
  effect: ActionEffect;
  /** Who is told. */
  notify: readonly ActionAudience[];
  /**
   * Free-text answers that mean this action inside the WhatsApp window, when the latest message
   * offered it (normalised like keywords: lower case, no accents). Never Twilio's own opt-in
   * words (`YES`, `START`): Twilio would act on them.
   */
  keywords: readonly string[];
  /** Whether the action sits first in the staff worklist ("À traiter": callbacks first). */
  staffPriority: number;
}

const QUOTE_KINDS: readonly NotificationKind[] = [
  'status_quote_pending',
  'quote_reminder_1',
  'quote_reminder_2',
];
const PICKUP_KINDS: readonly NotificationKind[] = [
  'status_completed',
  'pickup_reminder_1',
  'pickup_reminder_2',
  'pickup_reminder_final',
];
const OPEN_STATUSES: readonly TicketStatus[] = [
  'received',
  'diagnosing',
  'waiting_for_parts',
  'in_repair',
  'quote_pending',
  'completed',
];

/** The action table. */
export const CUSTOMER_ACTION_TABLE: Readonly<Record<CustomerAction, CustomerActionDefinition>> = {
  quote_accept: {
    action: 'quote_accept',
    offeredBy: QUOTE_KINDS,
    statuses: ['quote_pending'],
    effect: 'quote_decision',
    notify: ['shop_email'],
    keywords: [
      'oui',
      'j accepte',
      'jaccepte',
      'accepte',
      'j accepte le devis',
      'jaccepte le devis',
      'accepte le devis',
      'ok pour le devis',
      'devis accepte',
    ],
    staffPriority: 2,
  },
  quote_decline: {
    action: 'quote_decline',
    offeredBy: QUOTE_KINDS,
    statuses: ['quote_pending'],
    effect: 'quote_decision',
    notify: ['shop_email', 'staff_inbox'],
    keywords: [
      'non',
      'je refuse',
      'refuse',
      'je refuse le devis',
      'refuse le devis',
      'devis refuse',
    ],
    staffPriority: 1,
  },
  coming_today: {
    action: 'coming_today',
    offeredBy: PICKUP_KINDS,
    statuses: ['completed'],
    effect: 'pickup_planned',
    notify: [],
    keywords: [
      'aujourdhui',
      'je passe aujourdhui',
      'je viens aujourdhui',
      'today',
      'ce soir',
      'cet apres midi',
      'je passe ce soir',
    ],
    staffPriority: 4,
  },
  coming_tomorrow: {
    action: 'coming_tomorrow',
    offeredBy: PICKUP_KINDS,
    statuses: ['completed'],
    effect: 'pickup_planned',
    notify: [],
    keywords: ['demain', 'je passe demain', 'je viens demain', 'tomorrow'],
    staffPriority: 4,
  },
  confirm_appointment: {
    action: 'confirm_appointment',
    offeredBy: ['appointment_changed'],
    statuses: OPEN_STATUSES,
    effect: 'appointment_confirmed',
    notify: [],
    keywords: [
      'je confirme',
      'confirme',
      'confirmer',
      'c est bon',
      'cest bon',
      'ok',
      'd accord',
      'daccord',
    ],
    staffPriority: 4,
  },
  another_slot: {
    action: 'another_slot',
    offeredBy: ['appointment_changed'],
    statuses: OPEN_STATUSES,
    effect: 'appointment_change_requested',
    notify: ['staff_inbox'],
    keywords: ['autre creneau', 'un autre creneau', 'autre horaire', 'autre date'],
    staffPriority: 1,
  },
  call_me: {
    action: 'call_me',
    offeredBy: [...QUOTE_KINDS, ...PICKUP_KINDS, 'appointment_changed', 'payment_reminder'],
    statuses: [...OPEN_STATUSES, 'picked_up'],
    effect: 'callback_requested',
    notify: ['staff_inbox'],
    keywords: [
      'appelez moi',
      'appellez moi',
      'rappelez moi',
      'rappellez moi',
      'rappel',
      'call me',
      'pouvez vous m appeler',
      'pouvez vous me rappeler',
    ],
    staffPriority: 0,
  },
};

/** Whether a value names a customer action. */
export function isCustomerAction(value: unknown): value is CustomerAction {
  return typeof value === 'string' && (CUSTOMER_ACTIONS as readonly string[]).includes(value);
}

/** The actions a message of `kind` offers, in the table's order. */
export function actionsOfferedBy(kind: NotificationKind): CustomerAction[] {
  return CUSTOMER_ACTIONS.filter((a) => CUSTOMER_ACTION_TABLE[a].offeredBy.includes(kind));
}

/**
 * The action a free-text message means, given the actions the latest message offered (pure):
 * the whole message, normalised and without polite words, is one of an offered action's
 * keywords. `null` when none matches or when two offered actions would (never a guess).
 *
 * @example actionForText('Oui merci', ['quote_accept', 'quote_decline', 'call_me']) // 'quote_accept'
 * @example actionForText('DEMAIN', ['coming_today', 'coming_tomorrow']) // 'coming_tomorrow'
 * @example actionForText('oui mais pas avant lundi', ['quote_accept']) // null
 */
export function actionForText(
  body: string,
  offered: readonly CustomerAction[],
): CustomerAction | null {
  const phrase = stripPolite(normalizeInbound(body));
  if (phrase === '') return null;
  const matches = offered.filter((a) => CUSTOMER_ACTION_TABLE[a].keywords.includes(phrase));
  return matches.length === 1 ? (matches[0] as CustomerAction) : null;
}

const POLITE = new Set([
  'merci',
  'svp',
  'stp',
  'bonjour',
  'bonsoir',
  'salut',
  'please',
  'thanks',
  'hello',
  'hi',
  'beaucoup',
]);

function stripPolite(normalised: string): string {
  const words = normalised.split(' ').filter((w) => w !== '' && !POLITE.has(w));
  // "sil vous plait" / "s'il vous plaît" around the answer
  return words
    .join(' ')
    .replace(/\b(sil vous plait|sil te plait|thank you)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The ticket as the decision reads it. */
export interface ActionTicketState {
  status: TicketStatus;
  clientId: string;
  customerId: string | null;
  /** The decision already taken on the current quote. */
  quoteDecision: 'accepted' | 'declined' | null;
  /** The amount of the quote (the ticket's `amountDueEur`), shown to the customer. */
  amountEur: number | null;
  appointmentAt: Date | null;
}

/** Who acts: the owner of the number that tapped, or of the link that was opened. */
export interface ActionActor {
  clientId: string | null;
  customerId: string | null;
}

/** Why an action is refused. */
export type ActionRefusal =
  /** The ticket belongs to another customer than the one acting. */
  | 'other_customer'
  /** The ticket is picked up or cancelled. */
  | 'ticket_closed'
  /** The quote was already accepted or declined. */
  | 'quote_already_decided'
  /** The ticket is not in a state where the action means anything (no quote pending, not ready). */
  | 'wrong_status'
  /** No appointment to confirm or move (none, or already past). */
  | 'no_appointment';

/** Every refusal reason. */
export const ACTION_REFUSALS: readonly ActionRefusal[] = [
  'other_customer',
  'ticket_closed',
  'quote_already_decided',
  'wrong_status',
  'no_appointment',
];

/** What an accepted action writes on the ticket (Firestore field names, docs/data-model.md). */
export interface ActionTicketChanges {
  quoteDecision?: 'accepted' | 'declined';
  /** `YYYY-MM-DD` on the shop's calendar. */
  pickupPlannedFor?: string;
  callbackRequested?: true;
  appointmentConfirmed?: true;
  appointmentChangeRequested?: true;
}

/** The result of {@link decideCustomerAction}. */
export type ActionDecision =
  | {
      apply: true;
      action: CustomerAction;
      changes: ActionTicketChanges;
      notify: readonly ActionAudience[];
      /** The staff worklist's order (0 first). */
      staffPriority: number;
    }
  | { apply: false; action: CustomerAction; reason: ActionRefusal };

/** Plain-language refusal reasons for staff screens (French). */
export const ACTION_REFUSAL_TEXT: Readonly<Record<ActionRefusal, string>> = {
  other_customer: "Le bouton ou le lien désigne la réparation d'un autre client : refusé.",
  ticket_closed: 'La réparation est déjà retirée ou annulée.',
  quote_already_decided: 'Le devis a déjà reçu une réponse.',
  wrong_status: "La réparation n'est pas à l'étape où cette réponse a un sens.",
  no_appointment: "Aucun rendez-vous à venir n'est prévu.",
};

/**
 * Applies a customer action to a ticket's state (pure): the ticket must be the actor's, open
 * (or picked up, for a callback), in one of the action's statuses; a quote is decided once; an
 * appointment must be ahead. Otherwise the refusal says why.
 */
export function decideCustomerAction(input: {
  action: CustomerAction;
  ticket: ActionTicketState;
  actor: ActionActor;
  now: Date;
  timeZone: string;
}): ActionDecision {
  const { action, ticket, actor } = input;
  const def = CUSTOMER_ACTION_TABLE[action];
  const refuse = (reason: ActionRefusal): ActionDecision => ({ apply: false, action, reason });
  const owns =
    (actor.clientId !== null && actor.clientId === ticket.clientId) ||
    (actor.customerId !== null &&
      ticket.customerId !== null &&
      actor.customerId === ticket.customerId);
  if (!owns) return refuse('other_customer');
  if (!def.statuses.includes(ticket.status)) {
    if (ticket.status === 'picked_up' || ticket.status === 'cancelled')
      return refuse('ticket_closed');
    return refuse('wrong_status');
  }
  const changes: ActionTicketChanges = {};
  switch (def.effect) {
    case 'quote_decision':
      if (ticket.quoteDecision !== null) return refuse('quote_already_decided');
      changes.quoteDecision = action === 'quote_accept' ? 'accepted' : 'declined';
      break;
    case 'pickup_planned': {
      const today = zonedDayKey(input.now, input.timeZone);
      changes.pickupPlannedFor = action === 'coming_today' ? today : addCalendarDays(today, 1);
      break;
    }
    case 'callback_requested':
      changes.callbackRequested = true;
      break;
    case 'appointment_confirmed':
    case 'appointment_change_requested':
      if (!ticket.appointmentAt || ticket.appointmentAt.getTime() <= input.now.getTime())
        return refuse('no_appointment');
      if (def.effect === 'appointment_confirmed') changes.appointmentConfirmed = true;
      else changes.appointmentChangeRequested = true;
      break;
  }
  return { apply: true, action, changes, notify: def.notify, staffPriority: def.staffPriority };
}

/**
 * The actions the landing page offers for a ticket right now (pure): those whose statuses
 * include the ticket's, minus a quote already decided and appointment actions without an
 * appointment ahead. The page never shows a button that would be refused.
 */
export function actionsAvailable(
  ticket: Omit<ActionTicketState, 'clientId' | 'customerId'>,
  now: Date,
): CustomerAction[] {
  return CUSTOMER_ACTIONS.filter((action) => {
    const decision = decideCustomerAction({
      action,
      ticket: { ...ticket, clientId: 'self', customerId: null },
      actor: { clientId: 'self', customerId: null },
      now,
      timeZone: 'UTC',
    });
    return decision.apply;
  });
}

/**
 * What the confirmation answer to an action says: the action applied, or why it was refused.
 * The templates (`reply_action`) turn each key into the customer's sentence.
 */
export type ActionReplyKey = CustomerAction | `refused_${ActionRefusal}`;

/** Every confirmation key. */
export const ACTION_REPLY_KEYS: readonly ActionReplyKey[] = [
  ...CUSTOMER_ACTIONS,
  ...ACTION_REFUSALS.map((r) => `refused_${r}` as const),
];

/** The confirmation key of a decision. */
export function actionReplyKey(decision: ActionDecision): ActionReplyKey {
  return decision.apply ? decision.action : `refused_${decision.reason}`;
}
